import { readFileSync } from 'node:fs';
import { SCHEMA_FILE, schemaTypes } from '../scripts/api-types';
import { startTestApp, TestEnv } from './support/test-app';

describe('the web pages\' API types', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestApp({}, { webDistDir: null });
  });
  afterAll(() => env.close());

  it('the committed apps/web/src/api/schema.d.ts is what npm run api:types makes from the API\'s OpenAPI document (the pages and the API cannot drift)', async () => {
    const document = (await env.http().get('/api/docs-json').expect(200)).body;
    const generated = await schemaTypes(document);
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    // named by its first differing line, rather than a diff of 3,000 lines
    const [ours, theirs] = [committed.split('\n'), generated.split('\n')];
    const line = theirs.findIndex((text, i) => text !== ours[i]);
    const verdict = line === -1 && ours.length === theirs.length ? 'identical' : `differs at line ${line + 1}: run npm run api:types`;
    expect(verdict).toBe('identical');
    expect(committed).toBe(generated);
  });

  it('the types describe the calls the pages make: the task list with involvedDepartmentId, progress reports, the inbox', () => {
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    for (const path of ['"/api/v1/tasks"', '"/api/v1/tasks/{id}/updates"', '"/api/v1/tasks/{id}/extension-requests"', '"/api/v1/notifications"', '"/api/v1/me"']) {
      expect(committed).toContain(path);
    }
    expect(committed).toMatch(/involvedDepartmentId\?: string/);
  });
});
