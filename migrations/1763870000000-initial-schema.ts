import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole first schema: departments and users, plans and tasks with their history,
 * extensions, meetings and summaries, notifications and their deliveries.
 */
export class InitialSchema1763870000000 implements MigrationInterface {
  name = 'InitialSchema1763870000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    await q.query(`
      CREATE TABLE departments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL,
        name text NOT NULL,
        aliases text[] NOT NULL DEFAULT '{}',
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_departments_code UNIQUE (code),
        CONSTRAINT uq_departments_name UNIQUE (name)
      )`);
    await q.query(`
      CREATE TABLE department_groups (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL,
        name text NOT NULL,
        aliases text[] NOT NULL DEFAULT '{}',
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_department_groups_code UNIQUE (code),
        CONSTRAINT uq_department_groups_name UNIQUE (name)
      )`);
    await q.query(`
      CREATE TABLE department_group_members (
        group_id uuid NOT NULL REFERENCES department_groups(id) ON DELETE CASCADE,
        department_id uuid NOT NULL REFERENCES departments(id) ON DELETE RESTRICT,
        PRIMARY KEY (group_id, department_id)
      )`);

    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        full_name text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin','secretariat','focal_point','viewer')),
        department_id uuid REFERENCES departments(id) ON DELETE RESTRICT,
        active boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_users_email UNIQUE (email),
        CONSTRAINT ck_users_focal_point_department CHECK ((role = 'focal_point') = (department_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX ix_users_department ON users (department_id) WHERE active`);

    await q.query(`
      CREATE TABLE plans (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('plan','decision','conclusion_notice','directive','other')),
        title text NOT NULL,
        issued_on date NOT NULL,
        issuer text NOT NULL,
        year integer NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_plans_number UNIQUE (issuer, year, number)
      )`);

    await q.query(`
      CREATE TABLE tasks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- insertion order: lists follow the order of the plan as entered or imported
        seq bigint GENERATED ALWAYS AS IDENTITY,
        plan_id uuid NOT NULL REFERENCES plans(id) ON DELETE RESTRICT,
        parent_id uuid REFERENCES tasks(id) ON DELETE RESTRICT,
        code text NOT NULL,
        source_ref text,
        group_name text,
        title text NOT NULL,
        lead_department_id uuid REFERENCES departments(id) ON DELETE RESTRICT,
        lead_group_id uuid REFERENCES department_groups(id) ON DELETE RESTRICT,
        deadline_text text,
        due_date date,
        original_due_date date,
        yearly boolean NOT NULL DEFAULT false,
        expected_output text,
        submission_level text,
        requires_output_document boolean NOT NULL DEFAULT true,
        status text NOT NULL DEFAULT 'not_started'
          CHECK (status IN ('not_started','in_progress','completed','recurring','blocked','cancelled')),
        progress_note text,
        completed_on date,
        completion_confirmed boolean NOT NULL DEFAULT false,
        search_text text NOT NULL DEFAULT '',
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_tasks_plan_code UNIQUE (plan_id, code),
        CONSTRAINT ck_tasks_one_lead CHECK ((lead_department_id IS NULL) <> (lead_group_id IS NULL)),
        CONSTRAINT ck_tasks_completed_on CHECK ((status = 'completed') = (completed_on IS NOT NULL))
      )`);
    // one index per list filter; each ends with seq so a filtered page is read in order
    await q.query(`CREATE UNIQUE INDEX ix_tasks_seq ON tasks (seq)`);
    await q.query(`CREATE INDEX ix_tasks_plan ON tasks (plan_id, seq)`);
    await q.query(`CREATE INDEX ix_tasks_parent ON tasks (parent_id, seq) WHERE parent_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_tasks_lead_status ON tasks (lead_department_id, status, seq)`);
    await q.query(`CREATE INDEX ix_tasks_lead_due ON tasks (lead_department_id, due_date)`);
    await q.query(`CREATE INDEX ix_tasks_status_due ON tasks (status, due_date)`);
    await q.query(`CREATE INDEX ix_tasks_search ON tasks USING gin (search_text gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE task_coordinators (
        task_id uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        department_id uuid NOT NULL REFERENCES departments(id) ON DELETE RESTRICT,
        PRIMARY KEY (task_id, department_id)
      )`);
    await q.query(`CREATE INDEX ix_task_coordinators_department ON task_coordinators (department_id)`);

    await q.query(`
      CREATE TABLE output_documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        number text NOT NULL,
        issued_on date NOT NULL,
        kind text NOT NULL CHECK (kind IN ('submitted','issued')),
        title text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_output_documents_task_number UNIQUE (task_id, number)
      )`);

    // The record of every change; rows are only ever inserted. Each row carries the
    // task's state after the change, so the state at the end of any day is the last
    // row up to that day.
    await q.query(`
      CREATE TABLE task_updates (
        id bigserial PRIMARY KEY,
        task_id uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        actor_id uuid REFERENCES users(id) ON DELETE SET NULL,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        action text NOT NULL,
        changes jsonb NOT NULL DEFAULT '{}',
        note text,
        status text NOT NULL,
        due_date date,
        completed_on date,
        completion_confirmed boolean NOT NULL DEFAULT false
      )`);
    await q.query(`CREATE INDEX ix_task_updates_task_at ON task_updates (task_id, at, id)`);
    await q.query(`
      CREATE FUNCTION task_updates_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'task_updates is append-only'; END $$`);
    await q.query(`
      CREATE TRIGGER tr_task_updates_append_only BEFORE UPDATE OR DELETE ON task_updates
      FOR EACH ROW EXECUTE FUNCTION task_updates_append_only()`);

    await q.query(`
      CREATE TABLE extension_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        requested_by uuid NOT NULL REFERENCES users(id),
        current_due_date date,
        proposed_due_date date NOT NULL,
        reason text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','rejected')),
        decided_by uuid REFERENCES users(id),
        decided_at timestamptz,
        decision_note text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_extension_requests_pending ON extension_requests (task_id) WHERE status = 'pending'`);

    await q.query(`
      CREATE TABLE meetings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title text NOT NULL,
        held_on date NOT NULL,
        as_of date NOT NULL,
        next_meeting_on date,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE meeting_plans (
        meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        plan_id uuid NOT NULL REFERENCES plans(id) ON DELETE RESTRICT,
        PRIMARY KEY (meeting_id, plan_id)
      )`);
    await q.query(`
      CREATE TABLE meeting_summaries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        as_of date NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT now(),
        content jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX ix_meeting_summaries_meeting ON meeting_summaries (meeting_id, computed_at DESC)`);

    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind text NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        task_id uuid REFERENCES tasks(id) ON DELETE CASCADE,
        data jsonb NOT NULL DEFAULT '{}',
        dedup_key text,
        read_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT uq_notifications_dedup UNIQUE (dedup_key)
      )`);
    await q.query(`CREATE INDEX ix_notifications_user ON notifications (user_id, created_at DESC)`);
    await q.query(`CREATE INDEX ix_notifications_user_unread ON notifications (user_id) WHERE read_at IS NULL`);

    await q.query(`
      CREATE TABLE deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        channel text NOT NULL CHECK (channel IN ('email','webhook')),
        user_id uuid REFERENCES users(id) ON DELETE CASCADE,
        notification_id uuid REFERENCES notifications(id) ON DELETE CASCADE,
        dedup_key text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sent','failed')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        payload jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        CONSTRAINT uq_deliveries_dedup UNIQUE (dedup_key)
      )`);
    await q.query(`CREATE INDEX ix_deliveries_failed ON deliveries (created_at DESC) WHERE status = 'failed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'deliveries', 'notifications', 'meeting_summaries', 'meeting_plans', 'meetings', 'extension_requests',
      'task_updates', 'output_documents', 'task_coordinators', 'tasks', 'plans', 'users',
      'department_group_members', 'department_groups', 'departments',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS task_updates_append_only()`);
  }
}
