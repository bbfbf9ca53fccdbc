import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BoardAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { DomainError } from '@app/common';
import { QUEUES } from '@app/queue';
import { AuthService, Session } from '@app/users';
import { bearerToken } from '../http/auth.guard';
import { STATUS } from '../http/error.filter';

/** Outside the API's /api/v1 prefix: a page for people, not part of the contract. */
export const DASHBOARD_PATH = '/admin/queues';
const COOKIE = 'steering_queues';
const FORM_LIMIT = 10 * 1024;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The error filter's shape, for answers that do not pass through Nest. */
const errorBody = (status: number, code: string, message: string) => ({ statusCode: status, error: STATUS_CODES[status] ?? 'Error', code, message });
const CODES_BY_STATUS: Record<number, string> = { 400: 'VALIDATION_FAILED', 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 413: 'PAYLOAD_TOO_LARGE', 503: 'SERVICE_UNAVAILABLE' };

type Who = { kind: 'admin'; session: Session } | { kind: 'other' | 'must-change' } | { kind: 'nobody' } | { kind: 'unavailable'; error: DomainError };

/**
 * Bull Board over every queue, for admins only, as a Fastify plugin (@bull-board/fastify: the
 * product has one HTTP stack). Scripts send the API's bearer token; a browser signs in on
 * /admin/queues/login with an admin's e-mail and password (the API's own sign-in, throttled the
 * same way), which sets an HttpOnly, SameSite=Strict cookie holding that token, valid only under
 * /admin/queues. The token is checked by AuthService.authorize, the API's guard's own check
 * (sign-out, token version, deactivation, forced password change, role all count). Errors answer in the error
 * filter's shape `{ statusCode, error, code, message }`.
 */
@Injectable()
export class QueueDashboard implements OnModuleInit {
  private readonly logger = new Logger(QueueDashboard.name);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly moduleRef: ModuleRef,
    private readonly auth: AuthService,
  ) {}

  onModuleInit(): void {
    const http = this.adapterHost.httpAdapter;
    if (http.getType() !== 'fastify') {
      this.logger.warn(`the queue dashboard (${DASHBOARD_PATH}) runs on Fastify only; not mounted on ${http.getType()}`);
      return;
    }
    const board = new BoardAdapter();
    board.setBasePath(DASHBOARD_PATH);
    createBullBoard({
      queues: Object.values(QUEUES).map((name) => new BullMQAdapter(this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }))),
      serverAdapter: board,
    });
    // Bull Board's own failures, in our shape (and never a stack trace)
    board.setErrorHandler((error: Error & { statusCode?: number }) => {
      const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
      if (status === 500) this.logger.error(`queue dashboard: ${error.message}`, error.stack);
      return { status: status as 500, body: errorBody(status, CODES_BY_STATUS[status] ?? 'INTERNAL_ERROR', status === 500 ? 'internal error of the queue dashboard' : error.message) };
    });
    http.getInstance<FastifyInstance>().register(async (scope) => this.routes(scope, board), { prefix: DASHBOARD_PATH });
  }

  private async routes(scope: FastifyInstance, board: BoardAdapter): Promise<void> {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_LIMIT }, (_request, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    scope.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      if (status === 500) this.logger.error(`queue dashboard: ${error.message}`, error.stack);
      return reply.status(status).send(errorBody(status, CODES_BY_STATUS[status] ?? `HTTP_${status}`, status === 500 ? 'internal error of the queue dashboard' : error.message));
    });
    scope.get('/login', (_request, reply) => this.loginPage(reply, 200));
    scope.post('/login', (request, reply) => this.login(request, reply));
    scope.post('/logout', async (request, reply) => {
      // signing out of the dashboard ends the token too, as POST /auth/logout does
      const who = await this.who(request);
      if (who.kind === 'admin') await this.auth.logout(who.session);
      return reply
        .header('Set-Cookie', `${COOKIE}=; Path=${DASHBOARD_PATH}; HttpOnly; SameSite=Strict; Max-Age=0`)
        .redirect(`${DASHBOARD_PATH}/login`, 303);
    });
    await scope.register(async (guarded) => {
      guarded.addHook('onRequest', (request, reply) => this.requireAdmin(request, reply));
      // Bull Board's API answers its own errors as `{ error: { key } }`: reshaped into ours
      guarded.addHook('onSend', async (_request, reply, payload) => {
        if (reply.statusCode < 400 || typeof payload !== 'string' || !String(reply.getHeader('content-type')).includes('json')) return payload;
        const body = JSON.parse(payload) as { code?: string; error?: { key?: string } | string; message?: string };
        if (body.code) return payload;
        // a translation key such as ERRORS.QUEUE_NOT_FOUND → "queue not found"
        const key = typeof body.error === 'object' ? body.error?.key : body.error;
        const words = key?.replace(/^ERRORS\./, '').replace(/_/g, ' ').toLowerCase();
        return JSON.stringify(errorBody(reply.statusCode, CODES_BY_STATUS[reply.statusCode] ?? `HTTP_${reply.statusCode}`, body.message ?? words ?? 'queue dashboard error'));
      });
      await guarded.register(board.registerPlugin());
    });
  }

  private async login(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const form = (request.body ?? {}) as Record<string, unknown>;
    let token: string;
    try {
      // request.ip honours TRUST_PROXY, as the API's sign-in does
      ({ accessToken: token } = await this.auth.login(String(form.email ?? ''), String(form.password ?? ''), request.ip));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const retryAfter = error.details?.retryAfterSeconds;
      if (typeof retryAfter === 'number') reply.header('Retry-After', String(retryAfter));
      const status = STATUS[error.code] ?? 500;
      const message = status === 429 ? 'Đăng nhập sai quá nhiều lần; vui lòng thử lại sau.' : status === 503 ? 'Hệ thống tạm thời không sẵn sàng; vui lòng thử lại sau.' : 'Sai e-mail hoặc mật khẩu.';
      return this.loginPage(reply, status, message);
    }
    const who = await this.whoseToken(token);
    if (who.kind === 'must-change') return this.loginPage(reply, 403, 'Hãy đổi mật khẩu (POST /api/v1/me/password) trước khi xem hàng đợi.');
    if (who.kind !== 'admin') return this.loginPage(reply, 403, 'Chỉ quản trị viên được xem hàng đợi.');
    const maxAge = Math.max(0, Math.floor((who.session.expiresAt - Date.now()) / 1000));
    const secure = request.protocol === 'https' ? '; Secure' : '';
    return reply
      .header('Set-Cookie', `${COOKIE}=${token}; Path=${DASHBOARD_PATH}; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure}`)
      .redirect(`${DASHBOARD_PATH}/`, 303);
  }

  private async requireAdmin(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const who = await this.who(request);
    if (who.kind === 'admin') return;
    if (who.kind === 'unavailable') {
      await reply.status(503).send(errorBody(503, who.error.errorCode, who.error.message));
      return;
    }
    const header = request.headers.authorization;
    const accept = request.headers.accept ?? '';
    if (who.kind === 'nobody' && !header && accept.includes('text/html') && !accept.includes('application/json')) {
      await reply.redirect(`${DASHBOARD_PATH}/login`, 303);
      return;
    }
    const [status, code, message] =
      who.kind === 'nobody'
        ? [401, 'UNAUTHORIZED', 'sign in as an admin first: a valid bearer token is required']
        : who.kind === 'must-change'
          ? [403, 'PASSWORD_CHANGE_REQUIRED', 'change your password first (POST /api/v1/me/password): it was chosen by someone else']
          : [403, 'FORBIDDEN', 'the queue dashboard needs the role admin'];
    await reply.status(status).send(errorBody(status, code, message));
  }

  /** The bearer token, else the dashboard's cookie. */
  private who(request: FastifyRequest): Promise<Who> {
    const token = bearerToken(request.headers.authorization) ?? cookie(request.headers.cookie, COOKIE);
    return token ? this.whoseToken(token) : Promise.resolve({ kind: 'nobody' });
  }

  /** The guard's check (AuthService.authorize); its refusals become the dashboard's own answers (login page or JSON). */
  private async whoseToken(token: string): Promise<Who> {
    try {
      return { kind: 'admin', session: await this.auth.authorize(token, { roles: ['admin'] }) };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.code === 'unavailable') return { kind: 'unavailable', error };
      if (error.errorCode === 'PASSWORD_CHANGE_REQUIRED') return { kind: 'must-change' };
      return error.code === 'forbidden' ? { kind: 'other' } : { kind: 'nobody' };
    }
  }

  private loginPage(reply: FastifyReply, status: number, message?: string): FastifyReply {
    return reply.status(status).type('text/html; charset=utf-8').send(`<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Hàng đợi — đăng nhập</title></head>
<body style="font-family: Arial, sans-serif; max-width: 22rem; margin: 4rem auto">
<h2>Hàng đợi công việc</h2>
${message ? `<p style="color:#b00">${escapeHtml(message)}</p>` : ''}
<form method="post" action="${DASHBOARD_PATH}/login">
<p><label>E-mail<br><input name="email" type="email" required autofocus style="width:100%"></label></p>
<p><label>Mật khẩu<br><input name="password" type="password" required style="width:100%"></label></p>
<p><button type="submit">Đăng nhập</button></p>
</form></body></html>`);
  }
}

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=') || undefined;
  }
  return undefined;
}
