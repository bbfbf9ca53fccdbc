import { mapTaskRows } from './map-task-rows';
import { readTaskTable } from './read-table';
import { context, id, readCsv, xlsx } from './spec-helpers';
import { MapResult } from './types';

const HEAD = 'STT,Nhóm,Nội dung nhiệm vụ,Đơn vị chủ trì,Đơn vị phối hợp,Thời hạn,Tiến độ,Văn bản trình,Văn bản ban hành';

async function mapCsv(lines: string[]): Promise<MapResult> {
  return mapTaskRows(await readCsv([HEAD, ...lines].join('\n') + '\n'), context());
}

describe('mapTaskRows: problems are collected, each with row, heading, text and a message naming it', () => {
  it('an unknown department', async () => {
    const { errors } = await mapCsv(['1,,Việc,Sở Du hành vũ trụ,,Năm 2024,,,']);
    expect(errors).toEqual([{ row: 2, column: 'Đơn vị chủ trì', text: 'Sở Du hành vũ trụ', message: 'unknown department "Sở Du hành vũ trụ"' }]);
  });

  it('an unknown department among known ones, in the coordinating column too', async () => {
    const { rows, errors } = await mapCsv(['1,,Việc,"Sở TTTT, Sở ABC và Sở TC",Sở XYZ,Năm 2024,,,']);
    expect(errors.map((error) => [error.column, error.message])).toEqual([
      ['Đơn vị chủ trì', 'unknown department "Sở ABC"'],
      ['Đơn vị phối hợp', 'unknown department "Sở XYZ"'],
    ]);
    expect(rows[0]).toMatchObject({ leadDepartmentId: id('STTTT'), coordinatingDepartmentIds: [id('STC')] });
  });

  it('an unreadable deadline', async () => {
    const { rows, errors } = await mapCsv(['1,,Việc,Sở TTTT,,Sắp tới,,,']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ row: 2, column: 'Thời hạn', text: 'Sắp tới' });
    expect(errors[0].message).toMatch(/^unreadable deadline "Sắp tới" \(expected e\.g\. 30\/6\/2024/);
    expect(rows[0].dueDate).toBeNull();
  });

  it('a duplicate code, naming both rows', async () => {
    const { errors } = await mapCsv(['1,,Việc một,Sở TTTT,,Năm 2024,,,', '2,,Việc hai,Sở TTTT,,Năm 2024,,,', '1,,Việc ba,Sở TC,,Năm 2024,,,']);
    expect(errors).toEqual([{ row: 4, column: 'STT', text: '1', message: 'duplicate code "1": rows 2 and 4 both have it' }]);
  });

  it('an unparseable document', async () => {
    const { errors } = await mapCsv(['1,,Việc,Sở TTTT,,Năm 2024,Hoàn thành,86/STTTT-TTBCXB ngày 10/01/2024,Kế hoạch đã ban hành']);
    expect(errors).toEqual([
      {
        row: 2,
        column: 'Văn bản ban hành',
        text: 'Kế hoạch đã ban hành',
        message: 'unreadable document "Kế hoạch đã ban hành": expected a number and a date, e.g. "86/STTTT-TTBCXB ngày 10/01/2024"',
      },
    ]);
  });

  it('an optional "Ngày giao" column: the day a task was assigned, empty for the plan\'s issue date; an unreadable one named', async () => {
    const head = 'STT,Nội dung nhiệm vụ,Đơn vị chủ trì,Thời hạn,Ngày giao nhiệm vụ';
    const table = await readCsv([head, '1,Việc một,Sở TTTT,Năm 2024,05/03/2024', '2,Việc hai,Sở TTTT,Năm 2024,', '3,Việc ba,Sở TTTT,Năm 2024,sau Tết'].join('\n') + '\n');
    expect(table.columns.assignedOn).toBe('Ngày giao nhiệm vụ');
    const { rows, errors } = mapTaskRows(table, context());
    expect(rows.map((r) => r.assignedOn)).toEqual(['2024-03-05', null, null]);
    expect(errors).toEqual([{ row: 4, column: 'Ngày giao nhiệm vụ', text: 'sau Tết', message: 'unreadable assignment date "sau Tết" (expected d/m/yyyy)' }]);
    // a table without it leaves every task to its plan's issue date
    expect((await mapCsv(['1,,Việc,Sở TTTT,,Năm 2024,,,'])).rows[0].assignedOn).toBeNull();
  });

  it('an empty lead and an empty content', async () => {
    const { errors } = await mapCsv(['1,,,,,Năm 2024,Đang thực hiện,,']);
    expect(errors.map((error) => [error.column, error.message])).toEqual([
      ['Nội dung nhiệm vụ', 'the task content is empty'],
      ['Đơn vị chủ trì', 'the lead department is empty'],
    ]);
  });

  it('a completed task with no dated document to give its completion date', async () => {
    const { errors } = await mapCsv(['1,,Việc,Sở TTTT,,Năm 2024,Hoàn thành,,']);
    expect(errors).toEqual([
      expect.objectContaining({ column: 'Tiến độ', text: 'Hoàn thành', message: expect.stringContaining('marked completed ("Hoàn thành") but no dated document') }),
    ]);
  });

  it('every problem of every row, not just the first', async () => {
    const { rows, errors } = await mapCsv([
      '1,,Việc một,Sở ABC,,Sắp tới,,,',
      '2,,Việc hai,Sở TTTT,,Năm 2024,,185/KH-UBND,',
      '2,,Việc ba,Sở TTTT,,Năm 2024,,,',
    ]);
    expect(rows).toHaveLength(3);
    expect(errors.map((error) => [error.row, error.column])).toEqual([
      [2, 'Đơn vị chủ trì'],
      [2, 'Thời hạn'],
      [3, 'Văn bản trình'],
      [4, 'STT'],
    ]);
  });
});

describe('mapTaskRows: the task rules of libs/tasks (task-rules.ts), as the API applies them', () => {
  it('"Thường xuyên" makes a standing duty of every open status, blocked included; a completed or cancelled row keeps its own', async () => {
    const { rows, errors } = await mapCsv([
      '1,,Việc một,Sở TTTT,,Thường xuyên,Vướng mắc,,',
      '2,,Việc hai,Sở TTTT,,Thường xuyên,Đang thực hiện,,',
      '3,,Việc ba,Sở TTTT,,Thường xuyên,Không thực hiện,,',
    ]);
    expect(errors).toEqual([]);
    expect(rows.map((row) => row.status)).toEqual(['recurring', 'recurring', 'cancelled']);
  });

  it('refuses a completion before the plan was issued (12/01/2024) in the API\'s words, unless its documents show the delivery then', async () => {
    const head = 'STT,Nội dung nhiệm vụ,Đơn vị chủ trì,Thời hạn,Tiến độ,Văn bản trình,Văn bản ban hành,Ngày hoàn thành';
    const table = await readCsv([
      head,
      '1,Việc một,Sở TTTT,Năm 2024,Hoàn thành,,185/KH-UBND ngày 20/01/2024,05/01/2024',
      '2,Việc hai,Sở TTTT,Năm 2024,Hoàn thành,86/STTTT-TTBCXB ngày 10/01/2024,185/KH-UBND ngày 12/01/2024,',
      '3,Việc ba,Sở TTTT,Năm 2024,Hoàn thành,,185/KH-UBND ngày 12/01/2024,01/07/2025',
    ].join('\n') + '\n');
    const { rows, errors } = mapTaskRows(table, context());
    expect(errors).toEqual([
      { row: 2, column: 'Ngày hoàn thành', text: '2024-01-05', message: 'completedOn 2024-01-05 is before the plan was issued (2024-01-12)' },
      { row: 4, column: 'Ngày hoàn thành', text: '2025-07-01', message: 'completedOn 2025-07-01 is after today (2025-06-30)' },
    ]);
    expect(rows[1]).toMatchObject({ status: 'completed', completedOn: '2024-01-10' });
  });
});

describe('mapTaskRows: rules', () => {
  it.each([
    ['Sở Thông tin và Truyền thông', 'STTTT'],
    ['Sở TT&TT', 'STTTT'],
    ['STTTT', 'STTTT'],
    ['so thong tin va truyen thong', 'STTTT'],
    ['Sở LĐTBXH', 'SLDTBXH'],
    ['Sở KH&ĐT', 'SKHDT'],
    ['Sở GD&ĐT', 'SGDDT'],
    ['Sở VH-TT&DL', 'SVHTTDL'],
    ['Sở Văn hóa, Thể thao và Du lịch', 'SVHTTDL'],
    ['UBND TP Phan Rang - Tháp Chàm', 'PRTC'],
    ['Ủy ban nhân dân huyện Ninh Hải', 'NINHHAI'],
    ['Công an tỉnh', 'CAT'],
  ])('lead "%s" is %s', async (lead, code) => {
    const { rows, errors } = await mapCsv([`1,,Việc,"${lead}",,Năm 2024,,,`]);
    expect(errors).toEqual([]);
    expect(rows[0].leadDepartmentId).toBe(id(code));
  });

  it('a group named among coordinating units expands to its members; the lead is not its own coordinator', async () => {
    const { rows } = await mapCsv(['1,,Việc,Sở TTTT,"UBND các huyện, thành phố; Sở TTTT; các cơ quan, đơn vị liên quan",Năm 2024,,,']);
    expect(rows[0].coordinatingDepartmentIds).toEqual(['PRTC', 'NINHHAI', 'NINHPHUOC', 'NINHSON', 'BACAI', 'THUANBAC', 'THUANNAM'].map(id));
  });

  it.each([
    ['Hoàn thành', 'completed', null],
    ['Đã hoàn thành: KH 185', 'completed', 'KH 185'],
    ['Đang thực hiện', 'in_progress', null],
    ['Đang dự thảo', 'in_progress', 'Đang dự thảo'],
    ['Đang triển khai', 'in_progress', 'Đang triển khai'],
    ['Thường xuyên', 'recurring', null],
    ['Chưa thực hiện', 'not_started', null],
    ['', 'not_started', null],
    ['Vướng mắc', 'blocked', null],
    ['Chờ hướng dẫn của Bộ', 'blocked', 'Chờ hướng dẫn của Bộ'],
    ['Không thực hiện', 'cancelled', null],
    ['Dừng', 'cancelled', null],
    ['Sở đã họp với các doanh nghiệp', 'in_progress', 'Sở đã họp với các doanh nghiệp'],
  ])('progress "%s" → %s', async (progress, status, note) => {
    const { rows } = await mapCsv([`1,,Việc,Sở TTTT,,Năm 2024,"${progress}",1/A ngày 1/2/2024,`]);
    expect(rows[0]).toMatchObject({ status, progressNote: note });
  });

  it('a "Thường xuyên" deadline makes a standing duty with no due date', async () => {
    const { rows, errors } = await mapCsv(['1,,Việc,Sở TTTT,,Thường xuyên,Đang thực hiện,,']);
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({ status: 'recurring', dueDate: null, deadlineText: 'Thường xuyên' });
  });

  it('documents separated by "- " bullets or new lines', async () => {
    const { rows, errors } = await mapCsv(['1,,Việc,Sở TTTT,,Năm 2024,Hoàn thành,"- 551/STTTT-CN ngày 07/3/2024 - 780/STTTT-CN ngày 01/4/2024","Kế hoạch số 185/KH-UBND ngày 12/01/2024 về việc tuyên truyền\n931/KH-UBND ngày 04/3/2024"']);
    expect(errors).toEqual([]);
    expect(rows[0].outputDocuments.map((document) => `${document.kind} ${document.number} ${document.issuedOn}`)).toEqual([
      'submitted 551/STTTT-CN 2024-03-07',
      'submitted 780/STTTT-CN 2024-04-01',
      'issued 185/KH-UBND 2024-01-12',
      'issued 931/KH-UBND 2024-03-04',
    ]);
    // delivered on the earliest submitted document, not the province's later issuance
    expect(rows[0].completedOn).toBe('2024-03-07');
  });

  it('completion date: earliest submitted document, else earliest issued one, else the cell given', async () => {
    const issuedOnly = await mapCsv(['1,,Việc,Sở TTTT,,Năm 2024,Hoàn thành,,"931/KH-UBND ngày 04/3/2024 ; 185/KH-UBND ngày 12/01/2024"']);
    expect(issuedOnly.rows[0].completedOn).toBe('2024-01-12');
    const both = await mapCsv(['1,,Việc,Sở TTTT,,Năm 2024,Hoàn thành,476/STTTT-TTBCXB ngày 28/02/2024,931/KH-UBND ngày 04/3/2024']);
    expect(both.rows[0].completedOn).toBe('2024-02-28');
    expect(both.rows[0].outputDocuments.map((d) => d.issuedOn)).toEqual(['2024-02-28', '2024-03-04']);
  });

  it('without a code column, row order gives the codes', async () => {
    const table = await readCsv('Nội dung nhiệm vụ,Đơn vị chủ trì\nViệc một,Sở TTTT\nViệc hai,Sở TC\n');
    const { rows } = mapTaskRows(table, context());
    expect(rows.map((row) => [row.code, row.sourceRef])).toEqual([
      ['1', null],
      ['2', null],
    ]);
  });

  it('a table copied from a report, with its sections as rows of their own, gets the same groups and codes', async () => {
    const buffer = await xlsx([
      ['TT', 'Tên nhiệm vụ, dự án', 'Đơn vị chủ trì', 'Thời gian thực hiện'],
      ['', 'Nhiệm vụ trọng tâm'],
      ['1', 'Phát triển nền tảng cho chuyển đổi số'],
      ['1.1', 'Xây dựng quy định', 'Sở TTTT', 'Quý II/2024'],
      ['A', 'Phát triển nền tảng cho chuyển đổi số'],
      ['I', 'Nhóm dự án chuyển đổi nhận thức'],
      ['1', 'Kế hoạch truyền thông', 'Sở TTTT', 'Quý I/2024'],
      ['II', 'Hoàn thiện thể chế chính sách'],
      ['1', 'Kiến trúc chính quyền điện tử', 'Sở TTTT', 'Quý II/2024'],
      ['V', 'Đảm bảo an toàn thông tin'],
      ['1', 'Nền tảng an toàn thông tin', 'Sở TTTT', 'Năm 2024'],
      ['B', 'Phát triển Chính quyền số'],
      ['1', 'Nâng cấp hệ thống quản lý văn bản', 'Sở TTTT', 'Năm 2024'],
    ]);
    const { rows, errors } = mapTaskRows(await readTaskTable({ buffer, originalName: 'phu-luc-4.xlsx' }), context());
    expect(errors).toEqual([]);
    expect(rows.map((row) => [row.row, row.code, row.group])).toEqual([
      [4, '1.1', 'Nhiệm vụ trọng tâm / 1. Phát triển nền tảng cho chuyển đổi số'],
      [7, 'A.I.1', 'Nhiệm vụ trọng tâm / A. Phát triển nền tảng cho chuyển đổi số / I. Nhóm dự án chuyển đổi nhận thức'],
      [9, 'A.II.1', 'Nhiệm vụ trọng tâm / A. Phát triển nền tảng cho chuyển đổi số / II. Hoàn thiện thể chế chính sách'],
      [11, 'A.V.1', 'Nhiệm vụ trọng tâm / A. Phát triển nền tảng cho chuyển đổi số / V. Đảm bảo an toàn thông tin'],
      [13, 'B.1', 'Nhiệm vụ trọng tâm / B. Phát triển Chính quyền số'],
    ]);
  });

  it('with a group column, a row without a lead is an error, not a section', async () => {
    const { rows, errors } = await mapCsv(['A,,Phát triển nền tảng,,,,,,']);
    expect(rows).toHaveLength(1);
    expect(errors.map((error) => error.message)).toEqual(['the lead department is empty']);
  });
});
