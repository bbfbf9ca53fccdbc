import ExcelJS from 'exceljs';
import { appendixCsv, appendixWorkbook, documentsText, progressCell } from './appendix-files';
import { AppendixTable } from './appendix';
import { AppendixRow, progressText } from './appendix';

const base: AppendixRow = {
  taskId: 't', group: null, code: '5', sourceRef: '158', title: 'Kế hoạch Chuyển đổi số năm 2024', deadlineText: 'Quý I/2024', dueDate: '2024-03-31',
  submissionLevel: 'UBND tỉnh', expectedOutput: 'Kế hoạch', lead: 'Sở Thông tin và Truyền thông', status: 'completed', progress: 'Hoàn thành',
  submitted: [], issued: [], collectiveParts: null,
};

describe('appendix cells', () => {
  it('writes one document as the seed does, several one per line after a dash', () => {
    expect(documentsText([])).toBe('');
    expect(documentsText([{ number: '86/STTTT-TTBCXB', issuedOn: '2024-01-10' }])).toBe('86/STTTT-TTBCXB ngày 10/01/2024');
    expect(documentsText([{ number: '551/STTTT-CN', issuedOn: '2024-03-07' }, { number: '780/STTTT-CN', issuedOn: '2024-04-01' }]))
      .toBe('- 551/STTTT-CN ngày 07/03/2024\n- 780/STTTT-CN ngày 01/04/2024');
  });

  it('writes the progress of the cut-off: Hoàn thành, the note under way, blank when not started', () => {
    expect(progressText('completed', 'Đã ban hành')).toBe('Hoàn thành');
    expect(progressText('in_progress', 'Đang dự thảo')).toBe('Đang dự thảo');
    expect(progressText('in_progress', null)).toBe('Đang thực hiện');
    expect(progressText('not_started', null)).toBeNull();
    expect(progressText('blocked', null)).toBe('Vướng mắc');
  });

  it('adds a collective task\'s "x/y đơn vị" under its progress', () => {
    expect(progressCell(base)).toBe('Hoàn thành');
    expect(progressCell({ ...base, status: 'in_progress', progress: 'Đang thực hiện', collectiveParts: { completed: 2, total: 3 } })).toBe('Đang thực hiện\n2/3 đơn vị hoàn thành');
    expect(progressCell({ ...base, status: 'not_started', progress: null, collectiveParts: { completed: 0, total: 3 } })).toBe('0/3 đơn vị hoàn thành');
  });
});

describe('appendix files', () => {
  const table: AppendixTable = {
    planId: 'p', planNumber: '1446/KH-BĐHCĐS', planKind: 'plan', planTitle: 'Kế hoạch chuyển đổi số năm 2024', planIssuedOn: '2024-04-04',
    issuer: 'Ban Điều hành Chuyển đổi số tỉnh Ninh Thuận', asOf: '2024-05-27', departmentId: null, departmentName: null, showLead: true,
    rows: [
      { ...base, group: 'Nhiệm vụ trọng tâm', code: '1.1', sourceRef: '1.1', lead: 'Sở TTTT', progress: 'Đang thực hiện', status: 'in_progress' },
      { ...base, group: 'Nhiệm vụ trọng tâm', code: '1.2', sourceRef: '1.2', lead: 'Sở TTTT' },
      { ...base, group: 'II. Hoàn thiện thể chế chính sách', code: 'II.1', sourceRef: '1', lead: 'Các Sở, ban, ngành; địa phương', progress: null, status: 'not_started', collectiveParts: { completed: 1, total: 4 } },
    ],
  };

  it('lays the rows out under section rows from `group`, merged across the table, with the lead column when leads differ', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await appendixWorkbook(table)) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.columnCount).toBe(10);
    expect(ws.getCell('G4').value).toBe('Đơn vị chủ trì');
    expect(ws.getCell('H4').value).toBe('Kết quả thực hiện');
    expect(ws.getCell('A6').value).toBe('Nhiệm vụ trọng tâm');
    expect(ws.getCell('J6').isMerged).toBe(true);
    expect([ws.getCell('A7').value, ws.getCell('B7').value, ws.getCell('A8').value, ws.getCell('B8').value]).toEqual([1, '1.1', 2, '1.2']);
    expect(ws.getCell('A9').value).toBe('II. Hoàn thiện thể chế chính sách');
    expect([ws.getCell('A10').value, ws.getCell('G10').value, ws.getCell('H10').value]).toEqual([3, 'Các Sở, ban, ngành; địa phương', '1/4 đơn vị hoàn thành']);
    expect(ws.getCell('A3').value).toBe('(Kết quả đến ngày 27/05/2024)');
  });

  it('writes the CSV flat: the section in a column, no section rows', () => {
    const lines = appendixCsv([table]).toString('utf8').replace(/^\uFEFF/, '').split('\r\n');
    expect(lines).toHaveLength(5); // header, three tasks, the final line end
    expect(lines[1]).toBe('1446/KH-BĐHCĐS,Nhiệm vụ trọng tâm,1,1.1,Kế hoạch Chuyển đổi số năm 2024,Quý I/2024,UBND tỉnh,Kế hoạch,Sở TTTT,Đang thực hiện,,,');
    expect(lines[3]).toContain(',1/4 đơn vị,');
  });
});
