import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { errorCodes } from 'fastify';
import { randomUUID } from 'node:crypto';
import { DomainError, DomainErrorCode } from '@app/common';

/** The HTTP status of each domain error code (also used by the benchmark's baseline server). */
export const STATUS: Record<DomainErrorCode, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  stale_version: 409,
  too_many_requests: 429,
};

const ERROR_NAMES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict',
  413: 'Payload Too Large', 415: 'Unsupported Media Type', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

/** What a request body that cannot be read answers, under either adapter (http/express.ts too). */
export const BODY_ERRORS = {
  invalidJson: 'the request body is not valid JSON',
  tooLarge: 'the request body is too large (at most 1 MB)',
  notJson: 'send the request body as application/json',
  badLength: 'the request body is shorter or longer than its Content-Length',
  unreadable: 'the request body cannot be read',
} as const;

/**
 * Fastify's errors about a request body, in our words. Nest hands them to the filter as
 * HttpExceptions carrying only Fastify's message and status, so they are known by that message.
 * (An empty JSON body is no error: configure-app.ts takes it as no body.)
 */
const FASTIFY_BODY_ERRORS = new Map<string, string>([
  [new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY().message, BODY_ERRORS.invalidJson],
  [new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE().message, BODY_ERRORS.tooLarge],
  [new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE().message, BODY_ERRORS.notJson],
  [new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH().message, BODY_ERRORS.badLength],
]);

/**
 * Every error leaves as `{ statusCode, error, message }` (CONTRACT.md). Domain codes map
 * to statuses here and only here; anything unexpected is a 500 with an id that is in the log,
 * never a stack trace.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Error');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse();
    const { status, message, details } = this.describe(exception);
    // through the adapter, so the same filter answers under Express and Fastify
    this.adapterHost.httpAdapter.reply(response, { statusCode: status, error: ERROR_NAMES[status] ?? 'Error', message, ...details }, status);
  }

  private describe(e: unknown): { status: number; message: string; details?: Record<string, unknown> } {
    if (e instanceof DomainError) return { status: STATUS[e.code], message: e.message, details: e.details };
    if (e instanceof HttpException) {
      const body = e.getResponse();
      const raw = typeof body === 'string' ? body : (body as { message?: unknown }).message ?? e.message;
      const bodyError = typeof raw === 'string' ? FASTIFY_BODY_ERRORS.get(raw) : undefined;
      if (bodyError) return { status: e.getStatus(), message: bodyError };
      return { status: e.getStatus(), message: Array.isArray(raw) ? raw.join('; ') : String(raw) };
    }
    const err = e as { code?: string; message?: string };
    // PostgreSQL refusing a value a client sent (bad uuid text, out-of-range date…)
    if (err?.code === '22P02' || err?.code === '22007' || err?.code === '22008' || err?.code === '22003') {
      return { status: 400, message: `invalid value: ${err.message}` };
    }
    if (err?.code === '23505') return { status: 409, message: 'this already exists' };
    const id = randomUUID();
    this.logger.error(`[${id}] ${err?.message ?? e}`, (e as Error)?.stack);
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, message: `internal error (id ${id})` };
  }
}
