import { parseDocuments } from './output-documents';
import { parseProgress, progressCell } from './progress-status';
import { TaskStatus } from './types';

describe('parseProgress', () => {
  it.each([
    ['Hoàn thành.', 'completed', null],
    ['Hoàn thành đúng hạn', 'completed', 'Hoàn thành đúng hạn'],
    ['Hoàn thành dự thảo, đang lấy ý kiến', 'in_progress', 'Hoàn thành dự thảo, đang lấy ý kiến'],
    ['hoan thanh', 'completed', null],
    ['Thực hiện thường xuyên', 'recurring', null],
    ['Đúng tiến độ', 'in_progress', 'Đúng tiến độ'], // "đúng" is not "dừng"
    ['Dừng thực hiện do thay đổi chủ trương', 'cancelled', 'Dừng thực hiện do thay đổi chủ trương'],
  ])('"%s" → %s', (text, status, note) => {
    expect(parseProgress(text)).toEqual({ status, progressNote: note });
  });

  it.each<[TaskStatus, string | null]>([
    ['completed', null],
    ['completed', 'Sở đã ban hành Kế hoạch 185'],
    ['in_progress', null],
    ['in_progress', 'Đang dự thảo'],
    ['not_started', null],
    ['not_started', 'Chờ bố trí kinh phí năm sau'],
    ['recurring', 'Báo cáo hằng quý'],
    ['blocked', 'Vướng mắc về kinh phí'],
    ['cancelled', null],
  ])('progressCell(%s, %j) reads back the same', (status, note) => {
    expect(parseProgress(progressCell(status, note))).toEqual({ status, progressNote: note });
  });
});

describe('parseDocuments', () => {
  it('reads number and date, keeping Vietnamese letters of the number', () => {
    expect(parseDocuments('Quyết định số 45/QĐ-STTTT ngày 04/5/2024', 'issued')).toEqual({
      documents: [{ number: '45/QĐ-STTTT', issuedOn: '2024-05-04', kind: 'issued' }],
      problems: [],
    });
    expect(parseDocuments('03-KH/BCĐCĐS, ngày 14-3-2024 ; 1446/KH-BĐHCĐS ngày 04.4.2024.', 'issued').documents.map((d) => d.number)).toEqual([
      '03-KH/BCĐCĐS',
      '1446/KH-BĐHCĐS',
    ]);
  });

  it('names each entry it cannot read, and impossible dates', () => {
    expect(parseDocuments('185/KH-UBND ; 86/STTTT ngày 31/02/2024', 'submitted').problems).toEqual([
      'unreadable document "185/KH-UBND": expected a number and a date, e.g. "86/STTTT-TTBCXB ngày 10/01/2024"',
      'document "86/STTTT ngày 31/02/2024" has an impossible date 31/02/2024',
    ]);
  });
});
