import { dropDatabase, dropTestAppRole } from './support/databases';

export default async function globalTeardown(): Promise<void> {
  const name = process.env.STEERING_TEST_TEMPLATE_DB;
  if (name) await dropDatabase(name);
  const role = process.env.STEERING_TEST_APP_ROLE;
  if (role) await dropTestAppRole(role);
}
