import { parse } from 'csv-parse/sync';
import { mapTaskRows } from './map-task-rows';
import { readTaskTable } from './read-table';
import { context, fixture, id, toExportTask, withoutRowNumbers, xlsx } from './spec-helpers';
import { ImportedTaskRow, MapResult } from './types';
import { writeTaskTable } from './write-task-table';

const QD36 = 'ninh-thuan-qd-36-2024.csv';
const KH1446 = 'ninh-thuan-kh-1446-2024.csv';

// each plan's own issue date (demo-data/plans.csv): no completion of its table may be before it
const ISSUED_ON: Record<string, string> = { [QD36]: '2024-01-12', [KH1446]: '2024-04-04' };

async function importFile(buffer: Buffer, name: string, planIssuedOn = ISSUED_ON[name.replace('.xlsx', '.csv')]): Promise<MapResult> {
  return mapTaskRows(await readTaskTable({ buffer, originalName: name }), context({ planIssuedOn }));
}
const byCode = (result: MapResult, code: string): ImportedTaskRow => {
  const row = result.rows.find((candidate) => candidate.code === code);
  if (!row) throw new Error(`no row with code ${code}`);
  return row;
};

describe('the fixtures import with the demo catalogue', () => {
  let qd36: MapResult;
  let kh1446: MapResult;
  beforeAll(async () => {
    qd36 = await importFile(fixture(QD36), QD36);
    kh1446 = await importFile(fixture(KH1446), KH1446);
  });

  it('gives 11 and 44 rows without a single error', () => {
    expect(qd36.errors).toEqual([]);
    expect(qd36.rows).toHaveLength(11);
    expect(kh1446.errors).toEqual([]);
    expect(kh1446.rows).toHaveLength(44);
  });

  it('resolves every lead and reads every deadline but the one the source leaves empty', () => {
    for (const row of [...qd36.rows, ...kh1446.rows]) expect(row.leadDepartmentId ?? row.leadGroupId).not.toBeNull();
    const undated = [...qd36.rows, ...kh1446.rows].filter((row) => row.dueDate === null);
    expect(undated.map((row) => row.code)).toEqual(['A.IV.5']);
  });

  it('QĐ 36 task 2: code, source number, deadline, completion and both documents', () => {
    expect(byCode(qd36, '2')).toEqual({
      row: 3,
      assignedOn: null,
      code: '2',
      sourceRef: '155',
      group: null,
      title: 'Kế hoạch Tuyên truyền, quảng bá về tỉnh Ninh Thuận trên các ấn phẩm của cơ quan báo chí năm 2024',
      leadDepartmentId: id('STTTT'),
      leadGroupId: null,
      coordinatingDepartmentIds: [],
      deadlineText: 'Tháng 01/2024',
      dueDate: '2024-01-31',
      status: 'completed',
      progressNote: null,
      completedOn: '2024-01-10', // delivered: the department's submission, two days before the province issued
      expectedOutput: 'Kế hoạch',
      submissionLevel: 'UBND tỉnh',
      requiresOutputDocument: true,
      outputDocuments: [
        { number: '86/STTTT-TTBCXB', issuedOn: '2024-01-10', kind: 'submitted' },
        { number: '185/KH-UBND', issuedOn: '2024-01-12', kind: 'issued' },
      ],
      note: null,
    });
  });

  it('QĐ 36 task 5: two documents on each side; completed on the earliest submitted one', () => {
    const row = byCode(qd36, '5');
    expect(row.outputDocuments).toEqual([
      { number: '551/STTTT-CN', issuedOn: '2024-03-07', kind: 'submitted' },
      { number: '780/STTTT-CN', issuedOn: '2024-04-01', kind: 'submitted' },
      { number: '03-KH/BCĐCĐS', issuedOn: '2024-03-14', kind: 'issued' },
      { number: '1446/KH-BĐHCĐS', issuedOn: '2024-04-04', kind: 'issued' },
    ]);
    expect(row).toMatchObject({ sourceRef: '158', dueDate: '2024-03-31', status: 'completed', completedOn: '2024-03-07' });
  });

  it('QĐ 36: Vietnamese letters of document numbers are kept; drafts are in progress; empty is not started', () => {
    expect(byCode(qd36, '8').outputDocuments).toEqual([
      { number: '1158/KHPPH-STTTT-SGDĐT-TĐ', issuedOn: '2024-05-08', kind: 'submitted' },
    ]);
    expect(byCode(qd36, '6')).toMatchObject({ status: 'in_progress', progressNote: 'Đang dự thảo', completedOn: null });
    expect(byCode(qd36, '1')).toMatchObject({ status: 'not_started', dueDate: '2024-09-30', submissionLevel: 'HĐND tỉnh' });
    expect(qd36.rows.filter((row) => row.status === 'completed')).toHaveLength(5); // "hoàn thành 05/11 nhiệm vụ"
  });

  it('KH 1446: the repeated "1" under A/I and A/II gets distinct codes, keeping "1" as source number', () => {
    expect(byCode(kh1446, 'A.I.1')).toMatchObject({
      sourceRef: '1',
      group: 'A. Phát triển nền tảng cho chuyển đổi số / I. Nhóm dự án chuyển đổi nhận thức',
      title: 'Xây dựng và triển khai Kế hoạch truyền thông về chuyển đổi số tỉnh năm 2024.',
    });
    expect(byCode(kh1446, 'A.II.1')).toMatchObject({ sourceRef: '1', group: expect.stringContaining('II. Hoàn thiện thể chế'), status: 'in_progress', progressNote: 'Đang triển khai.' });
    expect(byCode(kh1446, '1.1')).toMatchObject({ sourceRef: '1.1', group: '1. Phát triển nền tảng cho chuyển đổi số' });
    expect(new Set(kh1446.rows.map((row) => row.code)).size).toBe(44);
  });

  it('KH 1446: the two sections the source numbers "VI" stay apart', () => {
    expect(byCode(kh1446, 'A.VI.1').group).toContain('Xây dựng nền tảng số');
    expect(byCode(kh1446, 'A.VI-2.1').group).toContain('Phát triển nguồn nhân lực');
  });

  it('KH 1446: the row with the empty deadline', () => {
    expect(byCode(kh1446, 'A.IV.5')).toMatchObject({
      deadlineText: null,
      dueDate: null,
      status: 'not_started',
      leadDepartmentId: id('STTTT'),
      coordinatingDepartmentIds: [id('SLDTBXH'), id('VNPT'), id('VIETTEL'), id('MOBIFONE')],
    });
  });

  it('KH 1446: "Các Sở, ban, ngành; địa phương" is a collective task of the group', () => {
    expect(byCode(kh1446, '1.3')).toMatchObject({ leadDepartmentId: null, leadGroupId: id('SBNDP'), coordinatingDepartmentIds: [] });
  });

  it('KH 1446: several units in the lead cell — the first leads, the others coordinate', () => {
    expect(byCode(kh1446, 'E.1')).toMatchObject({ leadDepartmentId: id('SNV'), coordinatingDepartmentIds: [id('STTTT')] }); // "Sở NV & STTTT"
    expect(byCode(kh1446, 'A.II.4')).toMatchObject({ leadDepartmentId: id('STC'), coordinatingDepartmentIds: [id('STTTT')] }); // "Sở TC và Sở TTTT"
    expect(byCode(kh1446, 'A.IV.4')).toMatchObject({
      leadDepartmentId: id('STTTT'),
      coordinatingDepartmentIds: [id('VNPT'), id('VIETTEL'), id('MOBIFONE')], // "và các DN viễn thông"
    });
  });

  it('KH 1446: yearly deadlines, free-text results as notes, nothing needing documents', () => {
    expect(byCode(kh1446, 'F.1')).toMatchObject({ deadlineText: 'Hàng năm', dueDate: '2024-12-31', status: 'not_started' });
    const result = byCode(kh1446, 'A.I.1');
    expect(result.status).toBe('in_progress');
    expect(result.progressNote).toBe('Sở đã ban hành Kế hoạch số 815/KH-STTTT ngày 04/4/2024 về truyền thông Chuyển đổi số năm 2024.');
    expect(kh1446.rows.every((row) => !row.requiresOutputDocument && row.outputDocuments.length === 0)).toBe(true);
  });

  it('an XLSX with the same table, under two title rows, reads the same as the CSV', async () => {
    for (const [name, result] of [[QD36, qd36], [KH1446, kh1446]] as const) {
      const records = parse(fixture(name), { bom: true }) as string[][];
      const buffer = await xlsx([['ỦY BAN NHÂN DÂN TỈNH NINH THUẬN'], ['Phụ lục'], ...records], (sheet) => sheet.mergeCells('A1:D1'));
      const fromXlsx = await importFile(buffer, name.replace('.csv', '.xlsx'));
      expect(fromXlsx.errors).toEqual([]);
      expect(fromXlsx.rows.map((row) => row.row)).toEqual(result.rows.map((row) => row.row + 2));
      expect(withoutRowNumbers(fromXlsx.rows)).toEqual(withoutRowNumbers(result.rows));
    }
  });

  it('export then import gives the same tasks', async () => {
    for (const [number, name, result] of [['36/QĐ-UBND', QD36, qd36], ['1446/KH-BĐHCĐS', KH1446, kh1446]] as const) {
      const exported = await writeTaskTable({ number, title: 'Kế hoạch' }, result.rows.map((row) => toExportTask(row, context())));
      const again = await importFile(exported, 'export.xlsx', ISSUED_ON[name]);
      expect(again.errors).toEqual([]);
      expect(withoutRowNumbers(again.rows)).toEqual(withoutRowNumbers(result.rows));
    }
  });
});
