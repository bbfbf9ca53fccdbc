import * as iconv from 'iconv-lite';
import { ImportFileError } from './import-file-error';
import { readTaskTable } from './read-table';
import { readCsv, xlsx } from './spec-helpers';

const read = (buffer: Buffer, originalName = 'plan.csv') => readTaskTable({ buffer, originalName });
const HEADINGS = ['STT', 'Nội dung nhiệm vụ', 'Đơn vị chủ trì', 'Thời hạn'];
const TASK = ['1', 'Kế hoạch Chuyển đổi số năm 2024', 'Sở TTTT', 'Quý I/2024'];

async function refusal(promise: Promise<unknown>): Promise<ImportFileError> {
  const error = await promise.then(
    () => null,
    (thrown) => thrown,
  );
  expect(error).toBeInstanceOf(ImportFileError);
  return error as ImportFileError;
}

describe('readTaskTable: headings', () => {
  it('recognises the headings of the fixtures and of the report appendices, any case, with or without diacritics', async () => {
    const table = await readCsv(
      [
        'TT,STT theo Quyết định 36/QĐ-UBND,nhom,TÊN NHIỆM VỤ, DỰ ÁN,Co quan chu tri,Cơ quan phối hợp,Thời gian hoàn thành theo Quyết định số 36/QĐ-UBND,Sản phẩm trình,"Cấp trình, ban hành",Tiến độ thực hiện,"Số, ngày văn bản trình UBND tỉnh","Số, ngày văn bản của UBND tỉnh ban hành",Ghi chú,Người nhập',
      ]
        .join('\n')
        .replace('TÊN NHIỆM VỤ, DỰ ÁN', '"TÊN NHIỆM VỤ, DỰ ÁN"') + '\n1,155,A. Nhóm,Việc,Sở TTTT,Sở TC,Quý I/2024,Kế hoạch,UBND tỉnh,Hoàn thành,1/A ngày 1/1/2024,2/B ngày 2/1/2024,ghi,x\n',
    );
    expect(table.columns).toEqual({
      code: 'TT',
      sourceRef: 'STT theo Quyết định 36/QĐ-UBND',
      group: 'nhom',
      title: 'TÊN NHIỆM VỤ, DỰ ÁN',
      lead: 'Co quan chu tri',
      coordinating: 'Cơ quan phối hợp',
      deadline: 'Thời gian hoàn thành theo Quyết định số 36/QĐ-UBND',
      expectedOutput: 'Sản phẩm trình',
      submissionLevel: 'Cấp trình, ban hành',
      progress: 'Tiến độ thực hiện',
      submittedDocuments: 'Số, ngày văn bản trình UBND tỉnh',
      issuedDocuments: 'Số, ngày văn bản của UBND tỉnh ban hành',
      note: 'Ghi chú',
    });
    expect(table.rows[0].cells).not.toHaveProperty('Người nhập'); // unknown columns are ignored
  });

  it.each([
    ['Tên nhiệm vụ, dự án', 'title'],
    ['Nội dung', 'title'],
    ['Đơn vị chủ trì', 'lead'],
    ['Thời gian thực hiện', 'deadline'],
    ['Kết quả thực hiện trong 6 tháng đầu năm 2024', 'progress'],
    ['Văn bản trình', 'submittedDocuments'],
    ['Văn bản ban hành', 'issuedDocuments'],
    ['STT theo QĐ 36', 'sourceRef'],
  ])('"%s" is the %s column', async (heading, column) => {
    const table = await readCsv(`STT,"${heading}",Nội dung nhiệm vụ,Đơn vị chủ trì\n1,x,y,Sở TTTT\n`);
    expect(table.columns).toMatchObject({ [column]: heading });
  });

  it('reads the columns in any order, strips a BOM, skips blank rows and repeated heading rows', async () => {
    const text = '\uFEFFĐơn vị chủ trì,Thời hạn,Nội dung nhiệm vụ,STT\nSở TTTT,Quý I/2024,Việc một,1\n,,,\nĐơn vị chủ trì,Thời hạn,Nội dung nhiệm vụ,STT\n\nSở TC,Năm 2024,Việc hai,2\n';
    const table = await readCsv(text);
    expect(table.columns.lead).toBe('Đơn vị chủ trì');
    expect(table.rows).toEqual([
      { row: 2, cells: { lead: 'Sở TTTT', deadline: 'Quý I/2024', title: 'Việc một', code: '1' } },
      { row: 6, cells: { lead: 'Sở TC', deadline: 'Năm 2024', title: 'Việc hai', code: '2' } },
    ]);
  });

  it('reads a CSV saved with ";" (Excel on a Vietnamese Windows) and keeps cells with new lines whole', async () => {
    const table = await readCsv('STT;Nội dung nhiệm vụ;Đơn vị chủ trì\n1;"Việc một;\ndòng hai";Sở TTTT, Sở TC\n');
    expect(table.rows).toEqual([{ row: 2, cells: { code: '1', title: 'Việc một;\ndòng hai', lead: 'Sở TTTT, Sở TC' } }]);
  });

  it('finds the heading row of an XLSX below title rows, and numbers rows as the spreadsheet does', async () => {
    const buffer = await xlsx([['KẾ HOẠCH 1446/KH-BĐHCĐS'], ['Kết quả thực hiện các nhiệm vụ'], [], HEADINGS, TASK], (sheet) =>
      sheet.mergeCells('A1:D1'),
    );
    const table = await read(buffer, 'plan.xlsx');
    expect(table.rows).toEqual([{ row: 5, cells: { code: '1', title: TASK[1], lead: 'Sở TTTT', deadline: 'Quý I/2024' } }]);
  });

  it('reads a heading split over two merged rows, as in the appendices of the reports', async () => {
    const top = ['STT', 'STT theo Quyết định 36/QĐ-UBND', 'Nội dung nhiệm vụ', 'Thời gian hoàn thành theo Quyết định số 36/QĐ-UBND', 'Cấp trình, ban hành', 'Sản phẩm trình', 'Kết quả thực hiện', '', '', 'Đơn vị chủ trì'];
    const below = ['', '', '', '', '', '', 'Tiến độ thực hiện', 'Số, ngày văn bản trình UBND tỉnh', 'Số, ngày văn bản của UBND tỉnh ban hành', ''];
    const task = ['2', '155', 'Kế hoạch Tuyên truyền', 'Tháng 01/2024', 'UBND tỉnh', 'Kế hoạch', 'Hoàn thành', '86/STTTT-TTBCXB ngày 10/01/2024', '185/KH-UBND ngày 12/01/2024', 'Sở TTTT'];
    // The source repeats both heading rows after a page break.
    const buffer = await xlsx([['PHỤ LỤC 2'], top, below, task, top, below], (sheet) => {
      sheet.mergeCells('A1:J1');
      for (const column of 'ABCDEFJ') sheet.mergeCells(`${column}2:${column}3`);
      sheet.mergeCells('G2:I2');
    });
    const table = await read(buffer, 'phu-luc-2.xlsx');
    expect(table.columns).toMatchObject({ progress: 'Tiến độ thực hiện', submittedDocuments: below[7], issuedDocuments: below[8], lead: 'Đơn vị chủ trì' });
    expect(table.rows).toEqual([
      {
        row: 4,
        cells: {
          code: '2', sourceRef: '155', title: 'Kế hoạch Tuyên truyền', deadline: 'Tháng 01/2024', submissionLevel: 'UBND tỉnh',
          expectedOutput: 'Kế hoạch', progress: 'Hoàn thành', submittedDocuments: task[7], issuedDocuments: task[8], lead: 'Sở TTTT',
        },
      },
    ]);
  });

  it('reads XLSX numbers, dates, rich text and hyperlinks as the text a user sees', async () => {
    const buffer = await xlsx([HEADINGS, [1.1, { richText: [{ text: 'Việc ' }, { text: 'một' }] }, { text: 'Sở TTTT', hyperlink: 'https://stttt.vn' }, new Date(Date.UTC(2024, 5, 30))]]);
    const table = await read(buffer, 'plan.xlsx');
    expect(table.rows[0].cells).toEqual({ code: '1.1', title: 'Việc một', lead: 'Sở TTTT', deadline: '30/6/2024' });
  });

  it('does not trust the file name: an XLSX called .csv is read as XLSX', async () => {
    const table = await read(await xlsx([HEADINGS, TASK]), 'plan.csv');
    expect(table.rows).toHaveLength(1);
  });
});

describe('readTaskTable refuses broken files with a message naming what is wrong', () => {
  it('an empty file', async () => {
    expect((await refusal(read(Buffer.alloc(0), 'empty.csv'))).message).toBe('"empty.csv" is empty');
    expect((await refusal(read(Buffer.from('\uFEFF \n', 'utf8')))).message).toContain('is empty');
  });

  it('a PDF, whatever its name', async () => {
    const error = await refusal(read(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'), 'tasks.xlsx'));
    expect(error.message).toBe('"tasks.xlsx" is a PDF document, not a CSV or XLSX table; save the table as .xlsx or as CSV UTF-8');
  });

  it('a PNG image and random binary', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect((await refusal(read(png))).message).toContain('is a PNG image, not a CSV or XLSX table');
    const random = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37 + 11) % 256));
    expect((await refusal(read(random))).message).toContain('is a binary file, not a CSV or XLSX table');
  });

  it('a ZIP that is not a workbook (a Word document)', async () => {
    const docx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('....word/document.xml....')]);
    expect((await refusal(read(docx, 'plan.docx'))).message).toContain('is a Word document (.docx)');
  });

  it('a CSV in Windows-1258, and one in another encoding', async () => {
    const vietnamese = iconv.encode('STT,Nội dung nhiệm vụ,Đơn vị chủ trì\n1,Kế hoạch,Sở Thông tin và Truyền thông\n', 'windows-1258');
    expect((await refusal(read(vietnamese, 'ansi.csv'))).message).toBe(
      '"ansi.csv" is not UTF-8: the file looks like Windows-1258; save it as CSV UTF-8',
    );
    const latin1 = iconv.encode('STT,Titre,Responsable\n1,Café,Société\n', 'latin1');
    expect((await refusal(read(latin1))).message).toBe('"plan.csv" is not UTF-8 text; save it as CSV UTF-8');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('STT,Nội dung', 'utf16le')]);
    expect((await refusal(read(utf16))).message).toContain('is UTF-16 text');
  });

  it('an XLSX with formulas, naming the cells', async () => {
    const buffer = await xlsx([HEADINGS, TASK, ['2', 'Việc hai', 'Sở TC']], (sheet) => {
      sheet.getCell('D3').value = { formula: 'D2', result: 'Quý I/2024' };
    });
    const error = await refusal(read(buffer, 'plan.xlsx'));
    expect(error.message).toBe(
      '"plan.xlsx", sheet "Sheet1": cells with formulas cannot be imported: D3 (=D2); replace them by their values (Copy, then Paste Special → Values)',
    );
  });

  it('an XLSX with merged cells in the table, naming the range (a merged title above is fine)', async () => {
    const buffer = await xlsx([['Tiêu đề'], HEADINGS, TASK, ['2', 'Việc hai', '', 'Năm 2024']], (sheet) => {
      sheet.mergeCells('A1:D1');
      sheet.mergeCells('C3:C4');
    });
    const error = await refusal(read(buffer, 'plan.xlsx'));
    expect(error.message).toBe(
      '"plan.xlsx", sheet "Sheet1": merged cells in the table cannot be imported: C3:C4; unmerge them and repeat the value in each row',
    );
  });

  it('a missing required column, naming all the missing ones at once', async () => {
    const noLead = await refusal(readCsv('STT,Nội dung nhiệm vụ,Thời hạn\n1,Việc,Năm 2024\n'));
    expect(noLead.message).toBe('"plan.csv" is missing the required column "Đơn vị chủ trì" (lead department)');
    const neither = await refusal(readCsv('STT,Thời hạn,Ghi chú\n1,Năm 2024,x\n'));
    expect(neither.message).toBe(
      '"plan.csv" is missing the required columns "Nội dung nhiệm vụ" (task content) and "Đơn vị chủ trì" (lead department)',
    );
  });

  it('a table with no heading row at all', async () => {
    const error = await refusal(readCsv('a,b,c\n1,2,3\n'));
    expect(error.message).toContain('has no heading row in its first 10 rows');
  });

  it('a CSV that cannot be parsed', async () => {
    const error = await refusal(readCsv('STT,Nội dung nhiệm vụ,Đơn vị chủ trì\n1,"Việc chưa đóng ngoặc,Sở TTTT\n'));
    expect(error.message).toContain('"plan.csv" is not a readable CSV');
  });

  it('is a 400-type domain error', async () => {
    expect((await refusal(read(Buffer.alloc(0)))).code).toBe('validation');
  });
});
