import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { Queue } from 'bullmq';
import express, { NextFunction, Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/common';
import { QUEUES } from '@app/queue';
import { AuthService, TokenClaims } from '@app/users';

/** Outside the API's /api/v1 prefix: a page for people, not part of the contract. */
export const DASHBOARD_PATH = '/admin/queues';
const COOKIE = 'steering_queues';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * Bull Board over every queue, for admins only. Scripts send the API's bearer token; a
 * browser signs in on /admin/queues/login with an admin's e-mail and password (the API's
 * own sign-in, throttled the same way), which sets an HttpOnly, SameSite=Strict cookie
 * holding that token, valid only under /admin/queues.
 */
@Injectable()
export class QueueDashboard implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly moduleRef: ModuleRef,
    private readonly jwt: JwtService,
    private readonly auth: AuthService,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    const board = new ExpressAdapter();
    board.setBasePath(DASHBOARD_PATH);
    createBullBoard({
      queues: Object.values(QUEUES).map((name) => new BullMQAdapter(this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }))),
      serverAdapter: board,
    });
    const router = express.Router();
    router.get('/login', (_req, res) => this.loginPage(res, 200));
    router.post('/login', express.urlencoded({ extended: false, limit: '10kb' }), (req, res, next) => this.login(req, res).catch(next));
    router.post('/logout', (_req, res) => {
      res.setHeader('Set-Cookie', `${COOKIE}=; Path=${DASHBOARD_PATH}; HttpOnly; SameSite=Strict; Max-Age=0`);
      res.redirect(303, `${DASHBOARD_PATH}/login`);
    });
    router.use((req, res, next) => this.requireAdmin(req, res, next).catch(next));
    router.use(board.getRouter());
    // Bull Board's server adapter is Express's: the dashboard is a small Express app (which gives
    // its requests Express's methods), mounted as a middleware on Fastify (@fastify/middie, which
    // strips the prefix as Express does) or on the Express build kept for measuring
    const dashboard = express();
    dashboard.disable('x-powered-by');
    dashboard.use(router);
    this.adapterHost.httpAdapter.use(DASHBOARD_PATH, dashboard);
  }

  private async login(req: Request, res: Response): Promise<void> {
    const email = String(req.body?.email ?? '');
    const password = String(req.body?.password ?? '');
    let token: string;
    try {
      ({ accessToken: token } = await this.auth.login(email, password, req.ip ?? 'unknown'));
    } catch (error) {
      if (error instanceof DomainError) return this.loginPage(res, error.code === 'too_many_requests' ? 429 : 401, 'Sai e-mail hoặc mật khẩu.');
      throw error;
    }
    const who = await this.verify(token);
    if (who !== 'admin') return this.loginPage(res, 403, 'Chỉ quản trị viên được xem hàng đợi.');
    const { exp } = this.jwt.decode<{ exp?: number }>(token) ?? {};
    const maxAge = exp ? Math.max(0, exp - Math.floor(Date.now() / 1000)) : 3600;
    const secure = req.secure ? '; Secure' : '';
    res.setHeader('Set-Cookie', `${COOKIE}=${token}; Path=${DASHBOARD_PATH}; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure}`);
    res.redirect(303, `${DASHBOARD_PATH}/`);
  }

  private async requireAdmin(req: Request, res: Response, next: NextFunction): Promise<void> {
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : cookie(req.headers.cookie, COOKIE);
    const who = token ? await this.verify(token) : 'nobody';
    if (who === 'admin') return next();
    if (who === 'nobody' && req.accepts(['json', 'html']) === 'html' && !header) return res.redirect(303, `${DASHBOARD_PATH}/login`);
    const status = who === 'nobody' ? 401 : 403;
    res.status(status).json({
      statusCode: status,
      error: status === 401 ? 'Unauthorized' : 'Forbidden',
      message: status === 401 ? 'sign in as an admin first: a valid bearer token is required' : 'the queue dashboard needs the role admin',
    });
  }

  /** 'admin', 'other' (a valid user of another role) or 'nobody'. */
  private async verify(token: string): Promise<'admin' | 'other' | 'nobody'> {
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      return 'nobody';
    }
    if (typeof claims.sub !== 'string' || !/^[0-9a-f-]{36}$/i.test(claims.sub)) return 'nobody';
    const [user]: { role: string }[] = await this.dataSource.query(`SELECT role FROM users WHERE id = $1 AND active`, [claims.sub]);
    if (!user) return 'nobody';
    return user.role === 'admin' ? 'admin' : 'other';
  }

  private loginPage(res: Response, status: number, message?: string): void {
    res.status(status).type('html').send(`<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Hàng đợi — đăng nhập</title></head>
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
