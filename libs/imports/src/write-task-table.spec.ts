import { Workbook } from 'exceljs';
import { mapTaskRows } from './map-task-rows';
import { readTaskTable } from './read-table';
import { context, id } from './spec-helpers';
import { ExportTask } from './types';
import { writeTaskTable } from './write-task-table';

const task: ExportTask = {
  code: 'A.II.1',
  sourceRef: '1',
  group: 'A. Phát triển nền tảng / II. Hoàn thiện thể chế',
  title: 'Ban hành Chính sách tỷ lệ chi tối thiểu',
  lead: 'Sở Tài chính',
  coordinating: ['Sở Thông tin và Truyền thông', 'Sở Văn hóa, Thể thao và Du lịch'],
  deadlineText: null,
  dueDate: '2024-06-30',
  status: 'completed',
  progressNote: 'Đã trình UBND tỉnh',
  completedOn: '2024-06-20',
  expectedOutput: 'Quyết định',
  submissionLevel: 'UBND tỉnh',
  outputDocuments: [{ number: '12/TTr-STC', issuedOn: '2024-06-02', kind: 'submitted' }],
  note: 'Ghi chú',
};

describe('writeTaskTable', () => {
  it('writes a title row, then the headings the import reads', async () => {
    const workbook = new Workbook();
    await workbook.xlsx.load((await writeTaskTable({ number: '1446/KH-BĐHCĐS', title: 'Chuyển đổi số 2024' }, [task])) as never);
    const sheet = workbook.worksheets[0];
    expect(sheet.getCell('A1').value).toBe('1446/KH-BĐHCĐS — Chuyển đổi số 2024');
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual([
      'STT', 'STT theo văn bản giao', 'Nhóm', 'Nội dung nhiệm vụ', 'Đơn vị chủ trì', 'Đơn vị phối hợp', 'Thời hạn',
      'Sản phẩm', 'Cấp trình', 'Tiến độ', 'Ngày hoàn thành', 'Văn bản trình', 'Văn bản ban hành', 'Ghi chú',
    ]);
    expect(sheet.getCell('J3').value).toBe('Hoàn thành: Đã trình UBND tỉnh');
  });

  it('reads back a task whose completion date and note are not derivable from its documents', async () => {
    const buffer = await writeTaskTable({ number: '1', title: 't' }, [task]);
    const { rows, errors } = mapTaskRows(await readTaskTable({ buffer, originalName: 'export.xlsx' }), context());
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({
      code: 'A.II.1',
      sourceRef: '1',
      leadDepartmentId: id('STC'),
      coordinatingDepartmentIds: [id('STTTT'), id('SVHTTDL')],
      deadlineText: '30/06/2024',
      dueDate: '2024-06-30',
      status: 'completed',
      progressNote: 'Đã trình UBND tỉnh',
      completedOn: '2024-06-20',
      outputDocuments: task.outputDocuments,
      note: 'Ghi chú',
    });
  });
});
