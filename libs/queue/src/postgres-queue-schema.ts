import { runMigrations } from 'bullmq';
import { Client } from 'pg';
import { QUEUES } from './queues';

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The queues' schema on PostgreSQL (REDIS_URL=embedded), as the owner of the tables: BullMQ's own
 * migrations (its tables, sequences and functions, in `schema`, one transaction, serialised by an
 * advisory lock), then what the application role needs there and nothing more: use the schema
 * (not create in it), read and write its tables, draw from its sequences. Its functions are
 * executable by everyone (PostgreSQL's default), and run with the caller's rights. The API and
 * the worker never migrate (`migrate: false`): they only check the schema's version.
 * BullMQ makes a queue's job-id sequence at the first job added without an id of its own
 * (next_job_id: CREATE SEQUENCE, which the application role may not do in the schema): made here
 * for every queue of the product, so that never happens at run time.
 * Answers the schema's version.
 */
export async function preparePostgresQueueSchema(ownerUrl: string, schema: string, appRole?: string, queues: string[] = Object.values(QUEUES)): Promise<number> {
  const client = new Client({ connectionString: ownerUrl, application_name: 'steering-migrate-queues' });
  await client.connect();
  try {
    const version = await runMigrations(client, schema);
    for (const queue of queues) {
      const [{ name }] = (await client.query<{ name: string }>(`SELECT ${ident(schema)}.job_id_seq_name($1) AS name`, [queue])).rows;
      await client.query(`CREATE SEQUENCE IF NOT EXISTS ${ident(schema)}.${ident(name)}`);
    }
    if (appRole) {
      const s = ident(schema);
      const role = ident(appRole);
      const [{ owner }] = (await client.query<{ owner: string }>('SELECT current_user AS owner')).rows;
      for (const sql of [
        `REVOKE CREATE ON SCHEMA ${s} FROM PUBLIC`,
        `REVOKE ALL ON SCHEMA ${s} FROM ${role}`,
        `GRANT USAGE ON SCHEMA ${s} TO ${role}`,
        `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${role}`,
        // BullMQ's ledger of its migrations: read only
        `REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${s}.migration FROM ${role}`,
        `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${s} TO ${role}`,
        `ALTER DEFAULT PRIVILEGES FOR ROLE ${ident(owner)} IN SCHEMA ${s} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`,
        `ALTER DEFAULT PRIVILEGES FOR ROLE ${ident(owner)} IN SCHEMA ${s} GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${role}`,
      ]) {
        await client.query(sql);
      }
    }
    return version;
  } finally {
    await client.end();
  }
}
