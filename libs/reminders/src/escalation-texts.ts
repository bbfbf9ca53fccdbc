import { formatVietnameseDate } from '@app/common';
import type { EscalationRecipient } from './reminder-rules';
import { daysPhrase, DueTask, shorten } from './reminder-texts';

/** The kind of an escalation notice (the inbox, the webhook's `kind`). */
export const ESCALATION_KIND = 'overdue_escalation';

const ROLE_WORDS: Record<Exclude<EscalationRecipient, 'focal_point'>, string> = {
  department_head: 'lãnh đạo đơn vị chủ trì',
  committee_member: 'thành viên Ban Chỉ đạo phụ trách đơn vị',
  secretariat: 'Tổ giúp việc Ban Chỉ đạo',
};

/** The notice an overdue task's step of the ladder sends one person, in the words of the reports. */
export function escalationNotice(task: DueTask, as: Exclude<EscalationRecipient, 'focal_point'>): { kind: string; title: string; body: string } {
  return {
    kind: ESCALATION_KIND,
    title: `Nhiệm vụ ${task.code} ${daysPhrase(task.daysLeft)}: báo cáo ${ROLE_WORDS[as]}`,
    body:
      `Nhiệm vụ ${task.code} "${shorten(task.title)}" (${task.planNumber}) do ${task.departmentName} chủ trì có hạn ` +
      `${formatVietnameseDate(task.dueDate)}, đến nay ${daysPhrase(task.daysLeft)}. ` +
      `Kính báo cáo ${ROLE_WORDS[as]} để chỉ đạo, đôn đốc thực hiện.`,
  };
}
