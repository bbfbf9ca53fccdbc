import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, DomainError, formatVietnameseDate, notFound } from '@app/common';
import { MeetingIndicatorsService } from '@app/indicators';
import { NotificationsService } from '@app/notifications';
import { DepartmentRankingService, formatPercentVi, RollupsService } from '@app/rollups';
import { OPEN_STATUSES, taskStatesOnDaySql, timelinessCase, timelinessCondition } from '@app/tasks';
import { AppendixService } from './appendix';
import { CompletedTask, DueTask, OverdueTask, SummaryContent, SummaryView } from './summary-content';
import { urgedTasks } from './urged-tasks';
import { carriedOverSections } from './carried-over';

/** The columns every list of a summary shows about a task; `s` is a task-state row (see taskStatesSql). */
const TASK_COLUMNS = `
  s.id AS "taskId", s.code, s.title, s.plan_id AS "planId", p.number AS "planNumber",
  s.lead_department_id AS "leadDepartmentId", d.name AS "leadDepartment", s.due_date AS "dueDate", s.status`;

/**
 * Meeting summaries: the roll-up and the lists of a meeting as of its cut-off, computed once
 * (by the worker) and stored frozen. Later changes to tasks never touch a stored summary.
 */
@Injectable()
export class MeetingSummaryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rollups: RollupsService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
    private readonly ranking: DepartmentRankingService,
    private readonly appendix: AppendixService,
    private readonly meetingIndicators: MeetingIndicatorsService,
  ) {}

  /**
   * Computes and stores the summary, then tells the secretariat. One REPEATABLE READ
   * transaction, so the roll-up and the lists see the same tasks. `runKey` names one queued
   * job: a retry of that job after the commit notifies nobody twice.
   */
  async compute(meetingId: string, asOf: string, runKey?: string): Promise<SummaryView> {
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      const content = await this.content(m, meetingId, asOf);
      const computedAt = this.clock.now();
      const [row] = await m.query(
        `INSERT INTO meeting_summaries (meeting_id, as_of, computed_at, content) VALUES ($1, $2, $3, $4::jsonb) RETURNING id`,
        [meetingId, asOf, computedAt, JSON.stringify(content)],
      );
      const { meeting, rollup } = content;
      await this.notifications.notify(m, {
        // the secretariat prepares the meeting; its members (viewers) receive the summary (DOMAIN.md)
        userIds: await this.notifications.idsByRole(['secretariat', 'viewer'], m),
        kind: 'summary_ready',
        title: `Đã có số liệu tổng hợp: ${meeting.title}`,
        body:
          `Số liệu tổng hợp phục vụ ${meeting.title} (họp ngày ${formatVietnameseDate(meeting.heldOn)}), kết quả đến ngày ${formatVietnameseDate(asOf)}: ` +
          `${rollup.total.total} nhiệm vụ, hoàn thành ${rollup.total.completed} (${formatPercentVi(rollup.total.completionRate)}%), ` +
          `quá hạn ${rollup.total.overdue}. Tải bảng tổng hợp tại mục Phiên họp.`,
        data: { meetingId, summaryId: row.id, asOf },
        dedupKey: runKey ? `summary_ready:${runKey}` : undefined,
      });
      return { id: row.id, meetingId, asOf, computedAt: computedAt.toISOString(), ...content };
    });
  }

  /** The latest stored summary of a meeting; 404 before the first. */
  async latest(meetingId: string): Promise<SummaryView> {
    const [meeting] = await this.dataSource.query(`SELECT id FROM meetings WHERE id = $1`, [meetingId]);
    if (!meeting) throw notFound('meeting', meetingId);
    const [row] = await this.dataSource.query(
      `SELECT id, meeting_id AS "meetingId", as_of AS "asOf", computed_at AS "computedAt", content
         FROM meeting_summaries WHERE meeting_id = $1 ORDER BY computed_at DESC, id DESC LIMIT 1`,
      [meetingId],
    );
    if (!row) throw new DomainError('not_found', `meeting ${meetingId} has no summary yet: ask for one with POST /meetings/${meetingId}/summary`);
    return { id: row.id, meetingId: row.meetingId, asOf: row.asOf, computedAt: new Date(row.computedAt).toISOString(), ...(row.content as SummaryContent) };
  }

  private async content(m: EntityManager, meetingId: string, asOf: string): Promise<SummaryContent> {
    const [meeting] = await m.query(
      `SELECT id, title, held_on AS "heldOn", as_of AS "asOf", next_meeting_on AS "nextMeetingOn" FROM meetings WHERE id = $1`,
      [meetingId],
    );
    if (!meeting) throw notFound('meeting', meetingId);
    const plans: { id: string; number: string; title: string }[] = await m.query(
      `SELECT p.id, p.number, p.title FROM meeting_plans mp JOIN plans p ON p.id = mp.plan_id WHERE mp.meeting_id = $1 ORDER BY p.issued_on, p.number`,
      [meetingId],
    );
    const planIds = plans.map((p) => p.id);
    const [previous] = await m.query(
      `SELECT m.id, m.title, m.held_on AS "heldOn", m.as_of AS "asOf" FROM meetings m
        WHERE m.as_of < $1 AND m.id <> $2
          AND EXISTS (SELECT 1 FROM meeting_plans mp WHERE mp.meeting_id = m.id AND mp.plan_id = ANY($3::uuid[]))
        ORDER BY m.as_of DESC, m.held_on DESC, m.created_at DESC LIMIT 1`,
      [asOf, meetingId, planIds],
    );

    const rollup = await this.rollups.rollup({ planIds, asOf }, m);
    const { until } = this.rollups.resolveAsOf(asOf);
    // $1 the cut-off day, $2 its end (null: today, the live state), $3 the plans
    // a past cut-off as done (the dates the work happened, as known now: taskStatesOnDaySql), the
    // same reading as the roll-up; what is frozen is this content, as known when it is made
    // lists show each department's own tasks: children of collective tasks, not the parent
    const where = ['t.plan_id = ANY($3::uuid[])', 't.lead_department_id IS NOT NULL'];
    const states = until
      ? taskStatesOnDaySql({ day: '$1::date', until: '$2::timestamptz', where, labels: true })
      // the last condition only keeps $2 typed where the live state does not read it
      : taskStatesOnDaySql({ day: '$1::date', until: null, where: [...where, '$2::timestamptz IS NULL'], labels: true });
    const from = `FROM (${states}) s JOIN plans p ON p.id = s.plan_id JOIN departments d ON d.id = s.lead_department_id`;
    const params = [asOf, until, planIds];

    const overdue: OverdueTask[] = await m.query(
      `SELECT ${TASK_COLUMNS}, ($1::date - s.due_date) AS "daysOverdue" ${from}
        WHERE ${timelinessCondition('overdue', 's', '$1::date')}
        ORDER BY s.due_date, p.issued_on, p.number, s.seq`,
      params,
    );

    // completed at this cut-off and not at the previous meeting's: the news since then
    const previousUntil = previous ? this.clock.endOfDay(previous.asOf) : null;
    // its state at the previous meeting's cut-off as done ($4 its end, $5 the day; none without a previous meeting)
    const completedBefore = taskStatesOnDaySql({ day: '$5::date', until: '$4::timestamptz', where: ['t.id = s.id'] });
    const completed: CompletedTask[] = await m.query(
      `SELECT ${TASK_COLUMNS}, s.completed_on AS "completedOn", ${timelinessCase('s', '$1::date')} AS timeliness,
              s.completion_confirmed AS confirmed,
              COALESCE((SELECT json_agg(json_build_object('number', o.number, 'issuedOn', o.issued_on, 'kind', o.kind, 'title', o.title)
                                 ORDER BY o.issued_on, o.number)
                          FROM output_documents o WHERE o.task_id = s.id AND ($2::timestamptz IS NULL OR o.issued_on <= $1::date)), '[]') AS documents
         ${from}
        WHERE s.status = 'completed'
          AND NOT EXISTS (SELECT 1 FROM (${completedBefore}) before WHERE before.status = 'completed')
        ORDER BY s.completed_on, p.issued_on, p.number, s.seq`,
      [...params, previousUntil, previous?.asOf ?? null],
    );

    const due: DueTask[] = meeting.nextMeetingOn
      ? await m.query(
          `SELECT ${TASK_COLUMNS}, (s.due_date - $1::date) AS "daysLeft" ${from}
            WHERE s.status = ANY($4::text[]) AND s.due_date BETWEEN $1::date AND $5::date
            ORDER BY s.due_date, p.issued_on, p.number, s.seq`,
          [...params, OPEN_STATUSES, meeting.nextMeetingOn],
        )
      : [];

    // departments compared and the per-task appendices (issue 16), as of the same cut-off
    const departmentRanking = await this.ranking.ranking({ planIds, asOf }, m);
    const { appendices, partsOfTask } = await this.appendix.forSummary(planIds, asOf, m);
    for (const task of overdue) task.collectiveParts = partsOfTask.get(task.taskId) ?? null;
    // the other half of the report (issue 17): the plans' indicators and the period's report requests, as known at the cut-off
    const known = await this.meetingIndicators.forMeeting(meetingId, undefined, { asOf, manager: m });

    return {
      meeting: { ...meeting, plans },
      previousMeeting: previous ?? null,
      rollup,
      overdue,
      completedSince: { since: previous?.asOf ?? null, tasks: completed },
      dueBeforeNextMeeting: { from: asOf, until: meeting.nextMeetingOn, tasks: due },
      departmentRanking,
      appendices,
      urged: await urgedTasks(m, planIds, asOf),
      carriedOver: await carriedOverSections(m, { planIds, previousMeetingId: previous?.id ?? null, asOf, until }),
      indicators: { year: known.year, period: known.period, kind: known.kind, decision: known.decision, counts: known.counts, items: known.indicators },
      reportRequests: known.reportRequests,
    };
  }
}
