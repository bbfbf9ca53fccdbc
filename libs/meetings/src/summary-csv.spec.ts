import { parse } from 'csv-parse/sync';
import { countsOf } from '@app/rollups';
import { summaryCsv } from './summary-csv';
import { SummaryView } from './summary-content';
import { summaryFileNames } from './summary-labels';

const counts = (total: number, completed: number) => ({ ...countsOf({ total, completed, completedOnTime: completed, inProgress: total - completed, withinDeadline: total - completed }) });

const summary = {
  id: 's', meetingId: 'm', asOf: '2024-06-30', computedAt: '2024-07-01T01:00:00.000Z',
  meeting: { id: 'm', title: 'Hội nghị "sơ kết", 6 tháng', heldOn: '2024-07-05', asOf: '2024-06-30', nextMeetingOn: null, plans: [] },
  previousMeeting: null,
  rollup: {
    asOf: '2024-06-30',
    total: counts(3, 1),
    byPlan: [{ planId: 'p1', number: '30/KH-BCĐCĐS', ...counts(3, 1) }],
    byDepartment: [{ departmentId: 'd1', name: 'Sở Văn hóa, Thể thao và Du lịch', ...counts(3, 1) }],
  },
  overdue: [],
  completedSince: { since: null, tasks: [] },
  dueBeforeNextMeeting: { from: '2024-06-30', until: null, tasks: [] },
} as SummaryView;

describe('summaryCsv', () => {
  it('starts with a BOM, ends lines with CRLF and quotes names holding commas', () => {
    const bytes = summaryCsv(summary);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.split('\r\n')).toHaveLength(5); // header, plan, total, department, and the final line end
    expect(text).toContain('"Sở Văn hóa, Thể thao và Du lịch"');
    const rows: Record<string, string>[] = parse(bytes, { bom: true, columns: true });
    expect(rows.map((r) => [r['Bảng'], r['STT'], r['Tên'], r['Tổng số nhiệm vụ'], r['Tỷ lệ hoàn thành (%)']])).toEqual([
      ['Tổng hợp', '1', '30/KH-BCĐCĐS', '3', '33,33'],
      ['Tổng hợp', '', 'Tổng cộng', '3', '33,33'],
      ['Theo đơn vị', '1', 'Sở Văn hóa, Thể thao và Du lịch', '3', '33,33'],
    ]);
  });
});

describe('summaryFileNames', () => {
  it('gives an ASCII name and a Vietnamese one without characters a file system refuses', () => {
    expect(summaryFileNames(summary.meeting, 'xlsx')).toEqual({
      ascii: 'tong-hop-hoi-nghi-so-ket-6-thang-2024-06-30.xlsx',
      utf8: 'Tổng hợp - Hội nghị sơ kết , 6 tháng - đến 30-06-2024.xlsx',
    });
  });
});

describe('summaryCsv with hostile names', () => {
  it('neutralises a plan number and a department name that start like a formula, and keeps the counts as numbers', () => {
    const hostile = {
      ...summary,
      rollup: {
        ...summary.rollup,
        byPlan: [{ ...summary.rollup.byPlan[0], number: '=HYPERLINK("http://x","y")' }],
        byDepartment: [{ ...summary.rollup.byDepartment[0], name: '@SUM(1+1)*cmd|/C calc' }],
      },
    } as SummaryView;
    const text = summaryCsv(hostile).toString('utf8');
    expect(text).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    const rows: Record<string, string>[] = parse(Buffer.from(text), { bom: true, columns: true });
    expect(rows.map((r) => [r['Tên'], r['Tổng số nhiệm vụ']])).toEqual([
      [`'=HYPERLINK("http://x","y")`, '3'],
      ['Tổng cộng', '3'],
      ["'@SUM(1+1)*cmd|/C calc", '3'],
    ]);
  });
});
