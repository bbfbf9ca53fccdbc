import '@fastify/cookie'; // its types: reply.setCookie, request.cookies
import type { FastifyReply, FastifyRequest } from 'fastify';
import { forbidden } from '@app/common';

/**
 * The web pages' sign-in: the token in an httpOnly, SameSite=Strict cookie that page scripts
 * can never read (CONTRACT.md: "the pages may use a cookie instead"). The API accepts it beside
 * the Bearer header; a state-changing call it authenticates must come from a page of this origin
 * (Origin checked), so another site cannot make a signed-in browser act.
 */
export const SESSION_COOKIE = 'steering_session';

/** Methods that change nothing: a cookie-authenticated GET needs no Origin. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

type CookieRequest = Pick<FastifyRequest, 'headers' | 'protocol' | 'host' | 'method'> & { cookies?: Record<string, string | undefined> };

export function sessionCookieToken(request: CookieRequest): string | undefined {
  return request.cookies?.[SESSION_COOKIE] || undefined;
}

/** Sets the cookie for `seconds` (the token's lifetime); Secure when the request came by https. */
export function setSessionCookie(reply: FastifyReply, request: CookieRequest, token: string, seconds: number): void {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https', maxAge: seconds });
}

export function clearSessionCookie(reply: FastifyReply, request: CookieRequest): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https' });
}

/**
 * A cookie-authenticated request that may change something must name its origin (browsers send
 * Origin on every cross-site and same-origin non-GET fetch), and that origin must be this
 * server's own or one CORS_ORIGINS lists; else 403 CROSS_SITE_REQUEST.
 */
export function checkCookieOrigin(request: CookieRequest, allowedOrigins: string[]): void {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = originOf(request.headers.origin) ?? originOf(request.headers.referer);
  const own = `${request.protocol}://${request.host}`;
  if (origin && (origin === own || allowedOrigins.includes(origin))) return;
  throw forbidden(
    `a change made with the sign-in cookie must come from a page of ${own} (Origin ${origin ?? 'missing'}); scripts elsewhere send Authorization: Bearer`,
    'CROSS_SITE_REQUEST',
  );
}

function originOf(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value || value === 'null') return undefined;
  try {
    return new URL(value).origin;
  } catch {
    return undefined;
  }
}
