import { daysPhrase, DueTask, morningEmail, overdueDigestNotice, reminderNotice, shorten } from './reminder-texts';

const task = (code: string, daysLeft: number, dueDate: string, title = 'Xây dựng kế hoạch chuyển đổi số'): DueTask => ({
  taskId: `id-${code}`, code, title, planNumber: '30/KH-BCĐCĐS', departmentName: 'Sở Thông tin và Truyền thông', dueDate, rule: 'x', daysLeft,
});

describe('reminder texts', () => {
  it('says how far the deadline is', () => {
    expect([3, 1, 0, -1, -8].map(daysPhrase)).toEqual(['còn 3 ngày', 'còn 1 ngày', 'đến hạn hôm nay', 'quá hạn 1 ngày', 'quá hạn 8 ngày']);
  });

  it('names the task, its plan, its due date dd/mm/yyyy and the days left or overdue', () => {
    expect(reminderNotice(task('1.2', 3, '2024-06-18'))).toEqual({
      kind: 'deadline_near',
      title: 'Nhiệm vụ 1.2 còn 3 ngày đến hạn',
      body: 'Nhiệm vụ 1.2 "Xây dựng kế hoạch chuyển đổi số" (30/KH-BCĐCĐS) có hạn 18/06/2024, còn 3 ngày. Đề nghị đơn vị khẩn trương thực hiện và cập nhật kết quả.',
    });
    expect(reminderNotice(task('2', 0, '2024-06-15')).title).toBe('Nhiệm vụ 2 đến hạn hôm nay');
    const late = reminderNotice(task('5', -8, '2024-06-07'));
    expect(late).toMatchObject({ kind: 'deadline_passed', title: 'Nhiệm vụ 5 quá hạn 8 ngày' });
    expect(late.body).toContain('có hạn 07/06/2024, quá hạn 8 ngày. Đề nghị đơn vị báo cáo kết quả thực hiện hoặc đề nghị gia hạn.');
  });

  it('flattens long contents to one line and cuts them with an ellipsis', () => {
    expect(shorten('  a\n b  ')).toBe('a b');
    const long = shorten('x'.repeat(500));
    expect(long).toHaveLength(200);
    expect(long.endsWith('…')).toBe(true);
  });

  it('lists the overdue tasks in one digest for the secretariat', () => {
    const digest = overdueDigestNotice([task('5', -8, '2024-06-07'), task('6', -1, '2024-06-14')], '2024-06-15');
    expect(digest.kind).toBe('overdue_digest');
    expect(digest.title).toBe('2 nhiệm vụ quá hạn ngày 15/06/2024');
    expect(digest.body.split('\n')).toEqual([
      'Tính đến ngày 15/06/2024, các nhiệm vụ sau đã quá hạn:',
      '- Nhiệm vụ 5 "Xây dựng kế hoạch chuyển đổi số" (30/KH-BCĐCĐS), Sở Thông tin và Truyền thông chủ trì: hạn 07/06/2024, quá hạn 8 ngày.',
      '- Nhiệm vụ 6 "Xây dựng kế hoạch chuyển đổi số" (30/KH-BCĐCĐS), Sở Thông tin và Truyền thông chủ trì: hạn 14/06/2024, quá hạn 1 ngày.',
    ]);
    const many = overdueDigestNotice(Array.from({ length: 53 }, (_, i) => task(String(i), -1, '2024-06-14')), '2024-06-15');
    expect(many.body.split('\n')).toHaveLength(1 + 50 + 1);
    expect(many.body).toMatch(/… và 3 nhiệm vụ khác\.$/);
  });

  it('writes one e-mail grouped overdue then due soon, with unread notices, in text and HTML', () => {
    const mail = morningEmail({
      fullName: 'Nguyễn Văn An',
      asOf: '2024-06-15',
      tasks: [task('3', 3, '2024-06-18'), task('<b>', -15, '2024-05-31'), task('1', 0, '2024-06-15')],
      unread: [{ title: 'Báo cáo hoàn thành nhiệm vụ 2', day: '2024-06-14' }],
      unreadTotal: 12,
    });
    expect(mail.subject).toBe('[Ban Chỉ đạo] 3 nhiệm vụ cần chú ý ngày 15/06/2024');
    const lines = mail.text.split('\n');
    expect(lines.slice(0, 3)).toEqual(['Kính gửi Nguyễn Văn An,', '', 'Tính đến ngày 15/06/2024, có 3 nhiệm vụ cần chú ý:']);
    const at = (s: string) => lines.indexOf(s);
    expect(at('NHIỆM VỤ QUÁ HẠN (1)')).toBeGreaterThan(0);
    expect(at('NHIỆM VỤ SẮP ĐẾN HẠN (2)')).toBeGreaterThan(at('NHIỆM VỤ QUÁ HẠN (1)'));
    expect(at('THÔNG BÁO CHƯA ĐỌC (12)')).toBeGreaterThan(at('NHIỆM VỤ SẮP ĐẾN HẠN (2)'));
    expect(mail.text).toContain('- Nhiệm vụ 1 "Xây dựng kế hoạch chuyển đổi số" (30/KH-BCĐCĐS), Sở Thông tin và Truyền thông chủ trì: hạn 15/06/2024, đến hạn hôm nay\n- Nhiệm vụ 3');
    expect(mail.text).toContain('- Báo cáo hoàn thành nhiệm vụ 2 (14/06/2024)\n- … và 11 thông báo khác');
    expect(mail.html).toContain('<h3>Nhiệm vụ quá hạn (1)</h3><ul><li>Nhiệm vụ &lt;b&gt; ');
    expect(mail.html).not.toContain('<b>');
  });

  it('adds the tasks the department coordinates as a section of their own, for information', () => {
    const coordinated = [task('9', -1, '2024-06-14'), task('8', 3, '2024-06-18')];
    const only = morningEmail({ fullName: 'Nguyễn Văn A', asOf: '2024-06-15', tasks: [], unread: [], unreadTotal: 0, coordinated });
    expect(only.subject).toBe('[Ban Chỉ đạo] 2 nhiệm vụ đơn vị phối hợp cần chú ý ngày 15/06/2024');
    const lines = only.text.split('\n');
    const at = lines.indexOf('NHIỆM VỤ ĐƠN VỊ PHỐI HỢP, ĐỂ BIẾT (2)');
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toMatch(/^- Nhiệm vụ 9 /);
    expect(lines[at + 2]).toMatch(/^- Nhiệm vụ 8 /);
    expect(only.html).toContain('<h3>Nhiệm vụ đơn vị phối hợp, để biết (2)</h3>');
    const both = morningEmail({ fullName: 'Nguyễn Văn A', asOf: '2024-06-15', tasks: [task('1', 1, '2024-06-16')], unread: [], unreadTotal: 0, coordinated });
    expect(both.subject).toBe('[Ban Chỉ đạo] 1 nhiệm vụ cần chú ý ngày 15/06/2024');
    expect(both.text).toContain('có 1 nhiệm vụ cần chú ý và 2 nhiệm vụ đơn vị phối hợp');
  });
});
