import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Page, pageOf, PageQuery } from '@app/common';

export type ReminderRunState = 'running' | 'done';

/** A morning run as GET /reminders/runs shows it. */
export interface ReminderRunView {
  day: string;
  state: ReminderRunState;
  /** 1, then once more for each restart by an admin or resume by the check. */
  starts: number;
  startedAt: string;
  finishedAt: string | null;
  parts: { total: number; done: number };
  /** What the parts done so far call for; all of it is in the ledger. */
  tasksDue: number;
  notifications: number;
  emails: number;
}

/** What a part's job reports, as much as its record keeps. */
export interface ReminderPartCounts {
  tasksDue: number;
  notifications: number;
  emails: number;
}

const VIEW_SQL = `
  SELECT r.day::text AS day, r.state, r.starts, r.started_at AS "startedAt", r.finished_at AS "finishedAt",
         json_build_object('total', count(p.part)::int, 'done', count(p.done_at)::int) AS parts,
         COALESCE(sum(p.tasks_due) FILTER (WHERE p.done_at IS NOT NULL), 0)::int AS "tasksDue",
         COALESCE(sum(p.notifications) FILTER (WHERE p.done_at IS NOT NULL), 0)::int AS notifications,
         COALESCE(sum(p.emails) FILTER (WHERE p.done_at IS NOT NULL), 0)::int AS emails
    FROM reminder_runs r LEFT JOIN reminder_run_parts p ON p.day = r.day`;

/**
 * The record of each morning run in PostgreSQL: its parts and which are done. The queue
 * carries the work; this says whether the morning is complete, whatever happened to the
 * workers or to Redis, so the check can find an unfinished one and run it again.
 */
@Injectable()
export class ReminderRunsService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records that `job` (its id and when it was added) runs the morning of `day` with these parts. A new job (first run,
   * admin's restart, check's resume) starts every part afresh; the same job starting again
   * after a crash keeps the parts already done.
   */
  async start(day: string, job: { id: string; addedAt: number }, parts: string[]): Promise<void> {
    const addedAt = new Date(job.addedAt);
    await this.dataSource.transaction(async (m) => {
      const created: unknown[] = await m.query(
        `INSERT INTO reminder_runs (day, state, job_id, job_added_at) VALUES ($1, 'running', $2, $3) ON CONFLICT (day) DO NOTHING RETURNING day`,
        [day, job.id, addedAt],
      );
      if (!created.length) {
        const [run]: { same: boolean }[] = await m.query(
          `SELECT job_id = $2 AND job_added_at = $3 AS same FROM reminder_runs WHERE day = $1 FOR UPDATE`,
          [day, job.id, addedAt],
        );
        if (!run.same) {
          await m.query(
            `UPDATE reminder_runs SET state = 'running', job_id = $2, job_added_at = $3, starts = starts + 1, started_at = now(), finished_at = NULL
              WHERE day = $1`,
            [day, job.id, addedAt],
          );
          await m.query(`UPDATE reminder_run_parts SET done_at = NULL WHERE day = $1`, [day]);
        }
        // a part no longer due (its tasks were completed meanwhile) would never be done
        await m.query(`DELETE FROM reminder_run_parts WHERE day = $1 AND done_at IS NULL AND part <> ALL($2::text[])`, [day, parts]);
      }
      await m.query(
        `INSERT INTO reminder_run_parts (day, part) SELECT $1, unnest($2::text[]) ORDER BY 2 ON CONFLICT (day, part) DO NOTHING`,
        [day, parts],
      );
    });
    await this.finishIfComplete(day);
  }

  /** A part's effects are in the ledger: record it, and the run when it was the last. */
  async partDone(day: string, part: string, counts: ReminderPartCounts): Promise<void> {
    await this.dataSource.query(
      `UPDATE reminder_run_parts SET done_at = now(), tasks_due = $3, notifications = $4, emails = $5 WHERE day = $1 AND part = $2`,
      [day, part, counts.tasksDue, counts.notifications, counts.emails],
    );
    // after the part's own commit: of two parts finishing at once, the later check sees both
    await this.finishIfComplete(day);
  }

  /** Marks the run done once none of its parts is left; returns its state. */
  async finishIfComplete(day: string): Promise<ReminderRunState | null> {
    await this.dataSource.query(
      `UPDATE reminder_runs SET state = 'done', finished_at = now()
        WHERE day = $1 AND state = 'running' AND NOT EXISTS (SELECT 1 FROM reminder_run_parts WHERE day = $1 AND done_at IS NULL)`,
      [day],
    );
    const [run]: { state: ReminderRunState }[] = await this.dataSource.query(`SELECT state FROM reminder_runs WHERE day = $1`, [day]);
    return run?.state ?? null;
  }

  /** The run of one day with the job that runs it, or null when that morning never started. */
  async find(day: string): Promise<(ReminderRunView & { jobId: string | null }) | null> {
    const [row] = await this.dataSource.query(`${VIEW_SQL} WHERE r.day = $1 GROUP BY r.day`, [day]);
    if (!row) return null;
    const [{ job_id }] = await this.dataSource.query(`SELECT job_id FROM reminder_runs WHERE day = $1`, [day]);
    return { ...view(row), jobId: job_id };
  }

  /** The runs, newest day first. */
  async list(query: PageQuery): Promise<Page<ReminderRunView>> {
    const rows = await this.dataSource.query(`${VIEW_SQL} GROUP BY r.day ORDER BY r.day DESC LIMIT $1 OFFSET $2`, [
      query.limit,
      (query.page - 1) * query.limit,
    ]);
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM reminder_runs`);
    return pageOf(rows.map(view), total, query);
  }
}

function view(row: any): ReminderRunView {
  return {
    day: row.day,
    state: row.state,
    starts: row.starts,
    startedAt: new Date(row.startedAt).toISOString(),
    finishedAt: row.finishedAt ? new Date(row.finishedAt).toISOString() : null,
    parts: row.parts,
    tasksDue: row.tasksDue,
    notifications: row.notifications,
    emails: row.emails,
  };
}
