import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "x/y đơn vị" beside a collective task (issue 16 item 6): how many member departments have
 * completed their part (x) of the parts not cancelled (y), kept on the collective task's own row
 * by a trigger on its children. The task lists keep each task's JSON by its row version and read
 * no other table for it; since a change of a part rewrites the parent's row here, in the same
 * transaction, the kept JSON of the parent can never show an old x/y. Deltas, not a recount, so
 * two parts completed at once both count whatever the order of their commits.
 */
export class CollectiveParts1764200000000 implements MigrationInterface {
  name = 'CollectiveParts1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tasks ADD COLUMN parts_total int, ADD COLUMN parts_completed int`);
    await q.query(`
      UPDATE tasks p SET parts_total = c.total, parts_completed = c.done
        FROM (SELECT parent_id, count(*) FILTER (WHERE status <> 'cancelled')::int AS total,
                     count(*) FILTER (WHERE status = 'completed')::int AS done
                FROM tasks WHERE parent_id IS NOT NULL GROUP BY parent_id) c
       WHERE p.id = c.parent_id`);
    await q.query(`
      CREATE FUNCTION tasks_collective_parts_row() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        old_total int := 0; old_done int := 0; new_total int := 0; new_done int := 0;
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.parent_id IS NOT NULL THEN
          old_total := (OLD.status <> 'cancelled')::int;
          old_done := (OLD.status = 'completed')::int;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.parent_id IS NOT NULL THEN
          new_total := (NEW.status <> 'cancelled')::int;
          new_done := (NEW.status = 'completed')::int;
        END IF;
        IF TG_OP = 'UPDATE' AND OLD.parent_id IS NOT DISTINCT FROM NEW.parent_id THEN
          IF new_total <> old_total OR new_done <> old_done THEN
            UPDATE tasks SET parts_total = COALESCE(parts_total, 0) + new_total - old_total,
                             parts_completed = COALESCE(parts_completed, 0) + new_done - old_done
             WHERE id = NEW.parent_id;
          END IF;
          RETURN NULL;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.parent_id IS NOT NULL THEN
          UPDATE tasks SET parts_total = COALESCE(parts_total, 0) - old_total, parts_completed = COALESCE(parts_completed, 0) - old_done
           WHERE id = OLD.parent_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.parent_id IS NOT NULL THEN
          UPDATE tasks SET parts_total = COALESCE(parts_total, 0) + new_total, parts_completed = COALESCE(parts_completed, 0) + new_done
           WHERE id = NEW.parent_id;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER tr_tasks_collective_parts AFTER INSERT OR DELETE OR UPDATE OF status, parent_id ON tasks
                     FOR EACH ROW EXECUTE FUNCTION tasks_collective_parts_row()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER tr_tasks_collective_parts ON tasks`);
    await q.query(`DROP FUNCTION tasks_collective_parts_row()`);
    await q.query(`ALTER TABLE tasks DROP COLUMN parts_completed, DROP COLUMN parts_total`);
  }
}
