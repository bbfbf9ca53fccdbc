import request from 'supertest';

/** The e2e tests' polling: one loop, every 50 ms, that fails naming what it waited for. */

/** Polls until `check` is true. */
export async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Polls until `read` gives a value other than undefined, and answers it. */
export async function waitForValue<T>(what: string, read: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  let value: T | undefined;
  await waitUntil(what, async () => (value = await read()) !== undefined, timeoutMs);
  return value!;
}

/**
 * Polls GET /meetings/:id/summary until a summary (other than `notId`, an earlier one) is
 * there: a worker ran the job. Answers the summary.
 */
export function waitForSummary(
  api: { http: () => ReturnType<typeof request> },
  auth: { Authorization: string },
  meetingId: string,
  options: { notId?: string; timeoutMs?: number } = {},
): Promise<any> {
  return waitForValue(`a summary of meeting ${meetingId}`, async () => {
    const res = await api.http().get(`/api/v1/meetings/${meetingId}/summary`).set(auth);
    return res.status === 200 && res.body.id !== options.notId ? res.body : undefined;
  }, options.timeoutMs ?? 30_000);
}
