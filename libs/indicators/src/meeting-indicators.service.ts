import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { DataSource, EntityManager } from 'typeorm';
import { notFound } from '@app/common';
import { AppConfig, CONFIG } from '@app/config';
import { completionRate } from '@app/rollups';
import { STATUS_SQL } from './indicator-sql';
import { IndicatorStanding, standingView } from './indicators.service';
import { Period, ValueKind } from './periods';

/** The cumulative period a day falls in, as the reports count them: Q1, 6 months, 9 months, the year. */
export function cumulativePeriod(day: string): Period {
  const month = Number(day.slice(5, 7));
  return month <= 3 ? 'Q1' : month <= 6 ? '6M' : month <= 9 ? '9M' : 'Y';
}

/** The first day of a period of a year (a cumulative period starts on 1 January). */
function periodStart(year: number, period: Period): string {
  const month = period.startsWith('M') ? Number(period.slice(1)) : period.startsWith('Q') ? Number(period.slice(1)) * 3 - 2 : 1;
  return `${year}-${String(month).padStart(2, '0')}-01`;
}

/**
 * What a meeting reviews beside its tasks (issue 17, item 3): the indicators its plans assigned,
 * with their values as known at the end of the cut-off day (rebuilt from the values' history, so
 * a value entered or returned later does not change it), and the report requests of the period
 * due by the cut-off with the departments that had not answered by then.
 */
@Injectable()
export class MeetingIndicatorsService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * `options.asOf` a cut-off other than the meeting's (the summary's), `options.manager` the
   * transaction of the caller (the summary's REPEATABLE READ one, so it sees what the task lists see).
   */
  async forMeeting(meetingId: string, asked?: Period, options: { asOf?: string; manager?: EntityManager } = {}) {
    const db = options.manager ?? this.dataSource;
    const [meeting] = await db.query(`SELECT id, as_of FROM meetings WHERE id = $1`, [meetingId]);
    if (!meeting) throw notFound('meeting', meetingId);
    const asOf: string = options.asOf ?? meeting.as_of;
    const year = Number(asOf.slice(0, 4));
    const period = asked ?? cumulativePeriod(asOf);
    const cutOff = DateTime.fromISO(asOf, { zone: this.config.businessTimeZone }).plus({ days: 1 }).toJSDate();

    const rows = await db.query(
      `WITH known AS (
         SELECT DISTINCT ON (h.value_id) h.value_id AS id, h.indicator_id, h.kind, h.value, h.text, h.review_status, h.at AS reported_at,
                CASE WHEN v.text IS NOT DISTINCT FROM h.text THEN v.parts ELSE '{}'::numeric[] END AS parts, NULL::text AS note, 0 AS version
           FROM indicator_value_history h JOIN indicator_values v ON v.id = h.value_id
          WHERE h.year = $1 AND h.period = $2 AND h.at < $3
          ORDER BY h.value_id, h.id DESC
       ), c AS (
         SELECT DISTINCT ON (indicator_id) * FROM known WHERE review_status <> 'returned' ORDER BY indicator_id, (kind = 'final') DESC
       )
       SELECT i.id, i.parent_id, i.code, i.name, i.unit, i.department_id, d.name AS department_name, i.plan_id, p.number AS plan_number, p.issued_on AS plan_issued_on,
              i.decision_number, i.decision_date, i.decision_key, i.baseline_year, i.baseline_value::text AS baseline_value, i.baseline_text,
              i.position, i.version,
              t.year AS target_year, t.value::text AS target_value, t.text AS target_text, t.parts::text[] AS target_parts,
              c.id AS value_id, c.kind AS value_kind, c.value::text AS value_value, c.text AS value_text, c.parts::text[] AS value_parts,
              c.note AS value_note, c.review_status AS value_review_status, c.reported_at AS value_reported_at, c.version AS value_version,
              ${STATUS_SQL} AS status
         FROM indicators i
         JOIN meeting_plans mp ON mp.plan_id = i.plan_id AND mp.meeting_id = $4
         JOIN departments d ON d.id = i.department_id
         JOIN plans p ON p.id = i.plan_id
         LEFT JOIN indicator_targets t ON t.indicator_id = i.id AND t.year = $1
         LEFT JOIN c ON c.indicator_id = i.id
        ORDER BY i.decision_key, i.position, i.code`,
      [year, period, cutOff, meetingId],
    );
    // the appendix's decision columns ((7), (6)/(7)) when one plan assigned them all; its value kind as the appendix picks it
    const plans = new Map<string, { number: string; date: string | null }>(rows.map((r: any) => [r.plan_id, { number: r.plan_number, date: r.plan_issued_on }]));
    const decision = plans.size === 1 ? [...plans.values()][0] : null;
    const kind: ValueKind = rows.some((r: any) => r.value_kind === 'final') || !rows.some((r: any) => r.value_id) ? 'final' : 'estimate';
    const indicators = rows.map(standingView).map(({ figures: _figures, value, ...rest }: ReturnType<typeof standingView>) => ({
      ...rest,
      value: value ? { ...value, version: undefined, note: undefined } : null,
    }));
    const count = (status: string) => indicators.filter((i: { status: string }) => i.status === status).length;
    const reached = count('reached');

    const requests: MeetingReportRequest[] = await db.query(
      `SELECT r.id, r.number, r.title, r.year, r.period, r.due_date AS "dueDate",
              count(a.*)::int AS departments,
              COALESCE(json_agg(json_build_object('departmentId', a.department_id, 'departmentName', d.name) ORDER BY d.name)
                FILTER (WHERE a.issued_on IS NULL OR a.answered_at >= $3), '[]') AS "notAnswered"
         FROM report_requests r JOIN report_answers a ON a.request_id = r.id JOIN departments d ON d.id = a.department_id
        WHERE r.due_date BETWEEN $1::date AND $2::date AND r.created_at < $3
        GROUP BY r.id ORDER BY r.due_date, r.number`,
      [periodStart(year, period), asOf, cutOff],
    );
    return {
      meetingId,
      asOf,
      year,
      period,
      kind,
      decision,
      counts: { total: indicators.length, reached, notReached: count('not_reached'), noValue: count('no_value'), notAssessed: count('not_assessed'), reachedRate: completionRate(reached, indicators.length) },
      indicators: indicators.map(({ value, ...rest }: any) => ({ ...rest, value: value ? stripUndefined(value) : null })) as MeetingIndicator[],
      reportRequests: requests,
    };
  }
}

const stripUndefined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** A report request of a meeting's period with the departments that had not answered by its cut-off. */
export interface MeetingReportRequest {
  id: string;
  number: string;
  title: string;
  year: number;
  period: Period;
  dueDate: string;
  departments: number;
  notAnswered: { departmentId: string; departmentName: string }[];
}
/** An indicator as a meeting knew it (IndicatorStanding without its exact decimals, its value as known at the cut-off). */
export type MeetingIndicator = Omit<IndicatorStanding, 'figures' | 'value'> & {
  value: { id: string; kind: ValueKind; value: number | null; text: string | null; parts: number[]; reviewStatus: string; reportedAt: Date | string } | null;
};
export type MeetingIndicators = Awaited<ReturnType<MeetingIndicatorsService['forMeeting']>>;
