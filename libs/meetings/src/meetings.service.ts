import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, invalid, notFound, Page, pageOf, PageQuery } from '@app/common';
import { MeetingSummaryJobs, SummaryJobState } from './meeting-summary.jobs';

export interface MeetingInput {
  title: string;
  heldOn: string;
  /** The cut-off of the figures ("kết quả đến ngày …"). */
  asOf: string;
  planIds: string[];
  nextMeetingOn?: string | null;
}

/** Where the summary of a meeting stands: its job, or done (a summary is kept), or none yet. */
export interface SummaryStatus {
  state: SummaryJobState['state'] | 'done' | 'none';
  failedReason: string | null;
  attemptsMade: number;
  lastSummaryAt: string | null;
}

export interface MeetingView {
  id: string;
  title: string;
  heldOn: string;
  asOf: string;
  nextMeetingOn: string | null;
  planIds: string[];
  /** When the latest summary was computed; null before the first. */
  lastSummaryAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

const MEETING_COLUMNS = `
  m.id, m.title, m.held_on AS "heldOn", m.as_of AS "asOf", m.next_meeting_on AS "nextMeetingOn",
  COALESCE((SELECT array_agg(mp.plan_id ORDER BY p.issued_on, p.number) FROM meeting_plans mp JOIN plans p ON p.id = mp.plan_id
             WHERE mp.meeting_id = m.id), '{}') AS "planIds",
  (SELECT max(s.computed_at) FROM meeting_summaries s WHERE s.meeting_id = m.id) AS "lastSummaryAt",
  m.version, m.created_at AS "createdAt", m.updated_at AS "updatedAt"`;

/** Committee meetings: the plans they review and the cut-off of their figures. */
@Injectable()
export class MeetingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: MeetingSummaryJobs,
    private readonly clock: Clock,
  ) {}

  async create(input: MeetingInput): Promise<MeetingView> {
    const title = input.title.trim();
    if (!title) throw invalid('title: give the meeting a title');
    if (input.asOf > input.heldOn) throw invalid(`asOf ${input.asOf} is after heldOn ${input.heldOn}: the figures are cut off on or before the meeting`);
    if (input.nextMeetingOn && input.nextMeetingOn <= input.heldOn) {
      throw invalid(`nextMeetingOn ${input.nextMeetingOn} must be after heldOn ${input.heldOn}`);
    }
    const planIds = [...new Set(input.planIds)];
    if (!planIds.length) throw invalid('planIds: name at least one plan the meeting reviews');
    const id = await this.dataSource.transaction(async (m) => {
      const found: { id: string }[] = await m.query(`SELECT id FROM plans WHERE id = ANY($1::uuid[])`, [planIds]);
      const missing = planIds.filter((p) => !found.some((f) => f.id === p));
      if (missing.length) throw invalid(`planIds: unknown plan ${missing.join(', ')}`);
      const [row] = await m.query(
        `INSERT INTO meetings (title, held_on, as_of, next_meeting_on) VALUES ($1, $2, $3, $4) RETURNING id`,
        [title, input.heldOn, input.asOf, input.nextMeetingOn ?? null],
      );
      await m.query(`INSERT INTO meeting_plans (meeting_id, plan_id) SELECT $1, unnest($2::uuid[])`, [row.id, planIds]);
      return row.id as string;
    });
    return this.get(id);
  }

  async list(query: PageQuery & { planId?: string }): Promise<Page<MeetingView>> {
    const filter = query.planId ? [query.planId] : [];
    const where = query.planId ? `WHERE EXISTS (SELECT 1 FROM meeting_plans mp WHERE mp.meeting_id = m.id AND mp.plan_id = $1)` : '';
    const n = filter.length;
    const [items, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT ${MEETING_COLUMNS} FROM meetings m ${where} ORDER BY m.held_on DESC, m.created_at DESC, m.id LIMIT $${n + 1} OFFSET $${n + 2}`,
        [...filter, query.limit, (query.page - 1) * query.limit],
      ),
      this.dataSource.query(`SELECT count(*)::int AS total FROM meetings m ${where}`, filter),
    ]);
    return pageOf(items, total, query);
  }

  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<MeetingView> {
    const [meeting] = await manager.query(`SELECT ${MEETING_COLUMNS} FROM meetings m WHERE m.id = $1`, [id]);
    if (!meeting) throw notFound('meeting', id);
    return meeting;
  }

  /**
   * Queues the computation of the meeting's summary as of its cut-off. Only once the cut-off
   * has come: before, the figures would still move.
   */
  async requestSummary(id: string): Promise<{ jobId: string }> {
    const meeting = await this.get(id);
    const today = this.clock.today();
    if (meeting.asOf > today) {
      throw invalid(`asOf: the cut-off ${meeting.asOf} is after today (${today}); a summary can be computed from that day on`);
    }
    return this.jobs.request(meeting.id, meeting.asOf);
  }

  /** The summary job of the meeting's cut-off as it stands, for a page that waits on it. */
  async summaryStatus(id: string): Promise<SummaryStatus> {
    const meeting = await this.get(id);
    const job = await this.jobs.state(meeting.id, meeting.asOf);
    const lastSummaryAt = meeting.lastSummaryAt ? new Date(meeting.lastSummaryAt).toISOString() : null;
    if (job) return { ...job, lastSummaryAt };
    return { state: lastSummaryAt ? 'done' : 'none', failedReason: null, attemptsMade: 0, lastSummaryAt };
  }
}
