import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, Clock, daysBetween, forbidden, formatVietnameseDate, invalid, notFound } from '@app/common';
import { AppConfig, CONFIG } from '@app/config';
import { NoticeRow, NotificationsService } from '@app/notifications';
import { reminderRules, ReminderRules, reminderTargets } from '@app/reminders';
import { requireSecretariat } from './indicators.service';
import { Period, PERIOD_PATTERN, periodWords } from './periods';
import { periodsDue, Recurrence } from './report-periods';

export interface SeriesInput {
  number: string;
  issuer: string;
  title: string;
  recurrence: Recurrence;
  dueDay: number;
  groupId?: string;
  departmentIds?: string[];
  startsOn: string;
  endsOn?: string;
}

export interface RequestInput {
  number: string;
  issuer: string;
  title: string;
  year: number;
  period: Period;
  dueDate: string;
  groupId?: string;
  departmentIds?: string[];
}

/** on_time: answered by the due date; late: answered after it; not_yet: no answer (overdue once the due date has passed). */
const STATE_SQL = `CASE WHEN a.issued_on IS NULL THEN 'not_yet' WHEN a.issued_on <= r.due_date THEN 'on_time' ELSE 'late' END`;

const REQUEST_COLUMNS = `r.id, r.series_id AS "seriesId", r.number, r.issuer, r.title, r.year, r.period, r.due_date AS "dueDate",
  count(a.*)::int AS "departments",
  count(*) FILTER (WHERE a.issued_on <= r.due_date)::int AS "onTime",
  count(*) FILTER (WHERE a.issued_on > r.due_date)::int AS "late",
  count(*) FILTER (WHERE a.issued_on IS NULL)::int AS "notYet"`;

/**
 * Periodic reports (DOMAIN.md "Beyond tasks"): the secretariat defines a recurring request, the
 * tick (a BullMQ job scheduler at the morning reminder's hour) makes each period's request once,
 * on the period's first day, with the departments that must answer; each department's focal point
 * records its report's number and date; the tick reminds the missing ones on the reminder days
 * (libs/reminders' rules) through the notifications' ledger (one notice per user, rule and due date).
 */
@Injectable()
export class ReportRequestsService {
  private readonly rules: ReminderRules;

  constructor(
    private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {
    this.rules = reminderRules(config);
  }

  async createSeries(actor: Actor, input: SeriesInput): Promise<string> {
    requireSecretariat(actor, 'define report requests');
    await this.checkWho(input.groupId, input.departmentIds);
    if (input.endsOn && input.endsOn < input.startsOn) throw invalid('endsOn: must not be before startsOn');
    // every period since startsOn gets its request at the next tick: a start years back would flood the departments
    const today = this.clock.today();
    if (daysBetween(input.startsOn, today) > 366) throw invalid(`startsOn: at most a year before today (${today}); older periods are not asked for any more`);
    const [row] = await this.dataSource.query(
      `INSERT INTO report_series (number, issuer, title, recurrence, due_day, group_id, department_ids, starts_on, ends_on, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7::uuid[], $8, $9, $10) RETURNING id`,
      [input.number.trim(), input.issuer.trim(), input.title.trim(), input.recurrence, input.dueDay, input.groupId ?? null,
        input.departmentIds ?? [], input.startsOn, input.endsOn ?? null, actor.id],
    );
    // the periods already begun get their request now rather than at the next morning's tick
    // (the same statement as the tick's, so a tick running at once adds nothing)
    await this.createDuePeriods(today, row.id);
    return row.id;
  }

  /** The recurring requests, with how many periods each has made so far. */
  async listSeries() {
    const items = await this.dataSource.query(
      `SELECT s.id, s.number, s.issuer, s.title, s.recurrence, s.due_day AS "dueDay", s.group_id AS "groupId", g.name AS "groupName",
              s.department_ids::text[] AS "departmentIds", s.starts_on AS "startsOn", s.ends_on AS "endsOn",
              (SELECT count(*)::int FROM report_requests r WHERE r.series_id = s.id) AS periods
         FROM report_series s LEFT JOIN department_groups g ON g.id = s.group_id
        ORDER BY s.created_at DESC, s.number`,
    );
    return { items };
  }

  /** A one-off request (not recurring). */
  async createRequest(actor: Actor, input: RequestInput): Promise<string> {
    requireSecretariat(actor, 'define report requests');
    if (!PERIOD_PATTERN.test(input.period)) throw invalid('period: one of M1…M12, Q1…Q4, 6M, 9M, Y');
    await this.checkWho(input.groupId, input.departmentIds);
    return this.dataSource.transaction(async (m) => {
      const [row] = await m.query(
        `INSERT INTO report_requests (number, issuer, title, year, period, due_date, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [input.number.trim(), input.issuer.trim(), input.title.trim(), input.year, input.period, input.dueDate, this.clock.now()],
      );
      await this.addDepartments(m, row.id, input.groupId ?? null, input.departmentIds ?? []);
      return row.id as string;
    });
  }

  /**
   * Makes the requests of every period begun by `asOf` that have none yet: one statement per
   * request, its unique key (series, year, period) keeping it to one whatever runs it at once.
   */
  async createDuePeriods(asOf: string, seriesId?: string): Promise<number> {
    const series: any[] = await this.dataSource.query(
      `SELECT id, number, issuer, title, recurrence, due_day, group_id, department_ids::text[] AS department_ids, starts_on, ends_on FROM report_series
        WHERE starts_on <= $1 AND ($2::uuid IS NULL OR id = $2)`,
      [asOf, seriesId ?? null],
    );
    let created = 0;
    for (const s of series) {
      const periods = periodsDue({ recurrence: s.recurrence, dueDay: s.due_day, startsOn: s.starts_on, endsOn: s.ends_on }, asOf);
      const existing: { year: number; period: string }[] = await this.dataSource.query(`SELECT year, period FROM report_requests WHERE series_id = $1`, [s.id]);
      const have = new Set(existing.map((e) => `${e.year}:${e.period}`));
      for (const p of periods.filter((x) => !have.has(`${x.year}:${x.period}`))) {
        created += await this.dataSource.transaction(async (m) => {
          const inserted = await m.query(
            `INSERT INTO report_requests (series_id, number, issuer, title, year, period, due_date, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (series_id, year, period) DO NOTHING RETURNING id`,
            [s.id, s.number, s.issuer, `${s.title} ${periodWords(p.period)} năm ${p.year}`, p.year, p.period, p.dueDate, this.clock.now()],
          );
          if (!inserted.length) return 0;
          await this.addDepartments(m, inserted[0].id, s.group_id, s.department_ids);
          return 1;
        });
      }
    }
    return created;
  }

  /** The focal point answers for its department; the secretariat records an answer for any department asked. */
  async answer(actor: Actor, requestId: string, input: { number: string; issuedOn: string; departmentId?: string; fileName?: string }) {
    const departmentId = actor.role === 'focal_point' ? actor.departmentId : input.departmentId;
    if (actor.role !== 'focal_point' && actor.role !== 'secretariat') throw forbidden('only the focal points of the departments asked and the secretariat may record answers');
    if (actor.role === 'focal_point' && input.departmentId && input.departmentId !== actor.departmentId) throw forbidden('a focal point answers for its own department only');
    if (!departmentId) throw invalid('departmentId: name the department whose answer this is');
    const [request] = await this.dataSource.query(`SELECT id FROM report_requests WHERE id = $1`, [requestId]);
    if (!request) throw notFound('report request', requestId);
    const today = this.clock.today();
    if (input.issuedOn > today) throw invalid(`issuedOn ${input.issuedOn} is after today (${today})`);
    const updated = await this.dataSource.query(
      `UPDATE report_answers SET number = $3, issued_on = $4, file_name = $5, answered_by = $6, answered_at = $7
        WHERE request_id = $1 AND department_id = $2 RETURNING department_id`,
      [requestId, departmentId, input.number.trim(), input.issuedOn, input.fileName ?? null, actor.id, this.clock.now()],
    );
    // an UPDATE … RETURNING answers [rows, count] through TypeORM
    const answered: unknown[] = Array.isArray(updated[0]) ? updated[0] : updated;
    if (!answered.length) {
      throw actor.role === 'focal_point' ? forbidden('this request does not ask your department for a report') : invalid(`departmentId: the request does not ask ${departmentId}`);
    }
    return this.get(requestId);
  }

  async get(id: string) {
    const [request] = await this.dataSource.query(
      `SELECT ${REQUEST_COLUMNS} FROM report_requests r LEFT JOIN report_answers a ON a.request_id = r.id WHERE r.id = $1 GROUP BY r.id`,
      [id],
    );
    if (!request) throw notFound('report request', id);
    const answers = await this.dataSource.query(
      `SELECT a.department_id AS "departmentId", d.name AS "departmentName", a.number, a.issued_on AS "issuedOn", a.file_name AS "fileName",
              ${STATE_SQL} AS state, (a.issued_on IS NULL AND r.due_date < $2::date) AS overdue
         FROM report_answers a JOIN report_requests r ON r.id = a.request_id JOIN departments d ON d.id = a.department_id
        WHERE a.request_id = $1 ORDER BY d.name`,
      [id, this.clock.today()],
    );
    return { ...request, answers };
  }

  async list(query: { seriesId?: string; year?: number }) {
    const items = await this.dataSource.query(
      `SELECT ${REQUEST_COLUMNS} FROM report_requests r LEFT JOIN report_answers a ON a.request_id = r.id
        WHERE ($1::uuid IS NULL OR r.series_id = $1) AND ($2::int IS NULL OR r.year = $2)
        GROUP BY r.id ORDER BY r.due_date, r.number`,
      [query.seriesId ?? null, query.year ?? null],
    );
    return { items };
  }

  /** The secretariat's grid of a recurring request: departments × periods, each cell on time, late or not yet. */
  async grid(seriesId: string, year?: number) {
    const [series] = await this.dataSource.query(`SELECT id, number, title, recurrence FROM report_series WHERE id = $1`, [seriesId]);
    if (!series) throw notFound('report series', seriesId);
    const rows: any[] = await this.dataSource.query(
      `SELECT r.id AS "requestId", r.year, r.period, r.due_date AS "dueDate", a.department_id AS "departmentId", d.name AS "departmentName",
              a.number, a.issued_on AS "issuedOn", ${STATE_SQL} AS state, (a.issued_on IS NULL AND r.due_date < $3::date) AS overdue
         FROM report_requests r JOIN report_answers a ON a.request_id = r.id JOIN departments d ON d.id = a.department_id
        WHERE r.series_id = $1 AND ($2::int IS NULL OR r.year = $2)
        ORDER BY r.due_date, d.name`,
      [seriesId, year ?? null, this.clock.today()],
    );
    const periods = [...new Map(rows.map((r) => [r.requestId, { requestId: r.requestId, year: r.year, period: r.period, dueDate: r.dueDate }])).values()];
    const departments = new Map<string, { departmentId: string; departmentName: string; cells: Record<string, unknown>[] }>();
    for (const r of rows) {
      const line = departments.get(r.departmentId) ?? { departmentId: r.departmentId as string, departmentName: r.departmentName as string, cells: [] as Record<string, unknown>[] };
      line.cells.push({ requestId: r.requestId, state: r.state, overdue: r.overdue, number: r.number, issuedOn: r.issuedOn });
      departments.set(r.departmentId, line);
    }
    return {
      seriesId: series.id,
      number: series.number,
      title: series.title,
      periods,
      rows: [...departments.values()].sort((a, b) => a.departmentName.localeCompare(b.departmentName, 'vi')),
    };
  }

  /**
   * The reminders of the missing answers as of `asOf`, on the task reminders' days (7, 3, 1 days
   * before, the day itself, overdue then weekly: libs/reminders' rules), to the focal points of
   * each department that has not answered, through the notifications' ledger: a key per user,
   * request, department, rule and due date, so a second tick, a retry or a second worker adds nothing.
   */
  async remindMissing(asOf: string): Promise<number> {
    const [{ oldest }] = await this.dataSource.query(
      `SELECT min(r.due_date) AS oldest FROM report_requests r JOIN report_answers a ON a.request_id = r.id WHERE a.issued_on IS NULL`,
    );
    const targets = reminderTargets(asOf, this.rules, oldest);
    const due: any[] = await this.dataSource.query(
      `SELECT r.id, r.number, r.title, r.due_date AS "dueDate", a.department_id AS "departmentId", t.rule, t.days_left AS "daysLeft",
              COALESCE(array_agg(u.id ORDER BY u.id) FILTER (WHERE u.id IS NOT NULL), '{}')::text[] AS "userIds"
         FROM report_answers a
         JOIN report_requests r ON r.id = a.request_id
         JOIN unnest($1::date[], $2::text[], $3::int[]) AS t(due_date, rule, days_left) ON t.due_date = r.due_date
         LEFT JOIN users u ON u.department_id = a.department_id AND u.role = 'focal_point' AND u.active
        WHERE a.issued_on IS NULL AND r.due_date = ANY($1::date[])
        GROUP BY r.id, a.department_id, t.rule, t.days_left`,
      [targets.map((t) => t.dueDate), targets.map((t) => t.rule), targets.map((t) => t.daysLeft)],
    );
    const notices: NoticeRow[] = due.flatMap((d) =>
      d.userIds.map((userId: string) => ({
        userId,
        kind: 'report_reminder',
        title: d.daysLeft < 0 ? `Quá hạn gửi báo cáo ${d.number}` : `Sắp đến hạn gửi báo cáo ${d.number}`,
        body: `${d.title} (${d.number}): hạn gửi ${formatVietnameseDate(d.dueDate)}${d.daysLeft < 0 ? `, đã quá hạn ${-d.daysLeft} ngày` : d.daysLeft === 0 ? ', hôm nay' : `, còn ${d.daysLeft} ngày`}; đơn vị chưa gửi báo cáo.`,
        taskId: null,
        data: { reportRequestId: d.id, departmentId: d.departmentId },
        dedupKey: `report:${d.id}:${d.departmentId}:${d.rule}:${d.dueDate}:${userId}`,
      })),
    );
    const { notificationIds } = await this.dataSource.transaction((m) => this.notifications.insertMany(m, notices));
    return notificationIds.length;
  }

  /** One tick: the periods begun, then the reminders. */
  async tick(asOf?: string) {
    const day = asOf ?? this.clock.today();
    const created = await this.createDuePeriods(day);
    const reminded = await this.remindMissing(day);
    return { asOf: day, created, reminded };
  }

  private async checkWho(groupId?: string, departmentIds?: string[]) {
    if (!groupId && !departmentIds?.length) throw invalid('departmentIds: name the departments (or groupId, the group) that must answer');
    if (groupId && !(await this.dataSource.query(`SELECT 1 FROM department_groups WHERE id = $1`, [groupId])).length) throw invalid(`groupId: no group ${groupId}`);
    if (departmentIds?.length) {
      const found = await this.dataSource.query(`SELECT count(*)::int AS n FROM departments WHERE id = ANY($1::uuid[])`, [departmentIds]);
      if (found[0].n !== new Set(departmentIds).size) throw invalid('departmentIds: some department does not exist');
    }
  }

  private async addDepartments(m: EntityManager, requestId: string, groupId: string | null, departmentIds: string[]) {
    await m.query(
      `INSERT INTO report_answers (request_id, department_id)
       SELECT $1, id FROM (SELECT unnest($2::uuid[]) AS id UNION SELECT department_id FROM department_group_members WHERE group_id = $3) x
       ON CONFLICT DO NOTHING`,
      [requestId, departmentIds, groupId],
    );
  }
}
