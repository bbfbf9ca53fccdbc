import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type Task = Schemas['TaskDto'];
export type TaskStatus = Task['status'];
export type Timeliness = NonNullable<Task['timeliness']>;
export type ApiError = Schemas['ErrorResponse'];

/**
 * Every call of the pages goes through this client, typed by schema.d.ts (npm run api:types).
 * Signed in by the httpOnly cookie the API sets at sign-in: page scripts never see a token;
 * fetch sends the cookie (same origin) and the browser the Origin header the API checks.
 */
export const api = createClient<paths>({
  baseUrl: '/',
  credentials: 'same-origin',
  // the API reads lists (status, timeliness) comma-separated
  querySerializer: { array: { style: 'form', explode: false } },
});

/** Who is told about a 401: the app (routes.tsx) sends the person to /login?next=… */
let onUnauthorized: (() => void) | null = null;
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

const unauthorized: Middleware = {
  onResponse({ request, response }) {
    // a wrong password at sign-in is a 401 of its own, answered on the form
    if (response.status === 401 && !new URL(request.url).pathname.endsWith('/auth/login')) onUnauthorized?.();
    return undefined;
  },
};
api.use(unauthorized);

/** An API refusal, thrown by unwrap() so TanStack Query sees it as the query's or mutation's error. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: Partial<ApiError> & Record<string, unknown>,
    readonly retryAfter: number | null,
  ) {
    super(body.message ?? `HTTP ${status}`);
  }
  get code(): string | undefined {
    return this.body.code;
  }
}

/** The data of an openapi-fetch answer, or throws ApiFailure. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) {
    const retry = response.headers.get('Retry-After');
    throw new ApiFailure(response.status, (error ?? {}) as ApiFailure['body'], retry ? Number(retry) : null);
  }
  return data as T;
}
