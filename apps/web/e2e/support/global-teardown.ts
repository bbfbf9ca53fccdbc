import { dropDatabase, dropTestAppRole } from './databases';

export default async function globalTeardown(): Promise<void> {
  const template = process.env.STEERING_WEB_TEST_TEMPLATE_DB;
  if (template) await dropDatabase(template);
  const role = process.env.STEERING_WEB_TEST_APP_ROLE;
  if (role) await dropTestAppRole(role);
}
