import { createTemplate } from './databases';

/**
 * Once per run: the migrated template every spec file copies, and the run's application role.
 * Left to the workers (and to global-teardown) in the environment.
 */
export default async function globalSetup(): Promise<void> {
  const { template, role, password } = await createTemplate();
  process.env.STEERING_WEB_TEST_TEMPLATE_DB = template;
  process.env.STEERING_WEB_TEST_APP_ROLE = role;
  process.env.STEERING_WEB_TEST_APP_PASSWORD = password;
}
