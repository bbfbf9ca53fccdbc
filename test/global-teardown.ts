import { dropDatabase } from './support/databases';

export default async function globalTeardown(): Promise<void> {
  const name = process.env.STEERING_TEST_TEMPLATE_DB;
  if (name) await dropDatabase(name);
}
