import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { errorCodes, type FastifyBaseLogger } from 'fastify';
import { randomUUID } from 'node:crypto';
import { DomainError, DomainErrorKind } from '@app/common';
import { describeOutage } from '../health/outages';

/** What a 503 answer asks the client to wait before trying again. */
const RETRY_AFTER_SECONDS = 5;

/** The HTTP status of each domain error code (also used by the benchmark's baseline server). */
export const STATUS: Record<DomainErrorKind, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  stale_version: 409,
  too_large: 413,
  too_many_requests: 429,
  unavailable: 503,
};

/** The `code` of errors that do not come from feature code, by status; other 4xx are HTTP_ERROR, other 5xx INTERNAL_ERROR. */
export const HTTP_CODES: Record<number, string> = {
  400: 'VALIDATION_FAILED', 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE', 429: 'TOO_MANY_REQUESTS', 500: 'INTERNAL_ERROR', 503: 'SERVICE_UNAVAILABLE',
};
const codeOfStatus = (status: number) => HTTP_CODES[status] ?? (status < 500 ? 'HTTP_ERROR' : 'INTERNAL_ERROR');

const ERROR_NAMES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict',
  413: 'Payload Too Large', 415: 'Unsupported Media Type', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

/**
 * PostgreSQL refusals a client's value can cause, in our words: the answer never carries the
 * database's text (which names tables, columns, constraints and types); the log does.
 */
export const DATABASE_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  '22P02': { status: 400, code: 'VALIDATION_FAILED', message: 'a value of the request does not have the form its field needs (an id, a number, a date or a listed word)' },
  '22007': { status: 400, code: 'VALIDATION_FAILED', message: 'a date of the request is not a valid date' },
  '22008': { status: 400, code: 'VALIDATION_FAILED', message: 'a date of the request is out of range' },
  '22003': { status: 400, code: 'VALIDATION_FAILED', message: 'a number of the request is out of range' },
  '22001': { status: 400, code: 'VALIDATION_FAILED', message: 'a text of the request is longer than its field allows' },
  '22021': { status: 400, code: 'VALIDATION_FAILED', message: 'a text of the request holds a character that cannot be stored (NUL or invalid UTF-8)' },
  '54001': { status: 400, code: 'VALIDATION_FAILED', message: 'the request is too complex for the database; narrow it' },
  '23514': { status: 400, code: 'VALIDATION_FAILED', message: 'a value of the request breaks a rule of the data' },
  '23502': { status: 400, code: 'VALIDATION_FAILED', message: 'a required value of the request is missing' },
  '23503': { status: 409, code: 'CONFLICT', message: 'the change refers to a record that does not exist, or a record still referred to' },
  '23505': { status: 409, code: 'DUPLICATE', message: 'this already exists' },
  '40001': { status: 409, code: 'CONFLICT', message: 'another change happened at the same time; try again' },
  '40P01': { status: 409, code: 'CONFLICT', message: 'another change happened at the same time; try again' },
  '57014': { status: 503, code: 'QUERY_TIMEOUT', message: 'the database took too long to answer; narrow the request or try again' },
};

/** What a request body that cannot be read answers. */
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

interface Described {
  status: number;
  message: string;
  details?: Record<string, unknown>;
  code?: string;
}

/** The request as the filter sees it: Fastify's, with its id and its pino child logger (which adds the id to each line). */
interface LoggedRequest {
  id?: string;
  log?: FastifyBaseLogger;
}

/**
 * Every error leaves as `{ statusCode, error, code, message, requestId }` (CONTRACT.md), with
 * the request id that is on the request's log lines and in its X-Request-Id header. Domain
 * codes map to statuses here and only here; anything unexpected is a 500 whose detail is in
 * the log under that id, never in the answer.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Error');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse();
    const request = (http.getRequest<LoggedRequest>() ?? {}) as LoggedRequest;
    const requestId = request.id ?? randomUUID();
    const { status, message, details, code } = this.describe(exception, request, requestId);
    const body = { statusCode: status, error: ERROR_NAMES[status] ?? 'Error', code: code ?? codeOfStatus(status), message, ...details, requestId };
    // a 503 is the server's trouble (PostgreSQL or Redis, a statement timeout): say when to come back
    if (status === 503) this.adapterHost.httpAdapter.setHeader(response, 'Retry-After', String(RETRY_AFTER_SECONDS));
    this.adapterHost.httpAdapter.reply(response, body, status);
  }

  private describe(e: unknown, request: LoggedRequest, requestId: string): Described {
    if (e instanceof DomainError) return { status: STATUS[e.code], message: e.message, details: e.details, code: e.errorCode };
    if (e instanceof HttpException) {
      const body = e.getResponse();
      const raw = typeof body === 'string' ? body : (body as { message?: unknown }).message ?? e.message;
      const bodyError = typeof raw === 'string' ? FASTIFY_BODY_ERRORS.get(raw) : undefined;
      if (bodyError) return { status: e.getStatus(), message: bodyError };
      if (e.getStatus() === 500) return this.unexpected(e, request, requestId);
      return { status: e.getStatus(), message: Array.isArray(raw) ? raw.join('; ') : String(raw) };
    }
    const outage = describeOutage(e); // PostgreSQL or Redis down: 503 SERVICE_UNAVAILABLE at once, not 500
    if (outage) {
      request.log?.warn({ err: e }, outage);
      return { status: 503, message: outage };
    }
    const err = e as { code?: unknown; message?: string; detail?: string; constraint?: string; table?: string; column?: string };
    const known = typeof err?.code === 'string' ? DATABASE_ERRORS[err.code] : undefined;
    if (known) {
      // the database's own words stay in the log, under the request's id
      const detail = { pgCode: err.code, pgMessage: err.message, pgDetail: err.detail, constraint: err.constraint, table: err.table, column: err.column };
      if (request.log) request.log.warn({ database: detail }, `database refused the request: ${known.code}`);
      else this.logger.warn(`[${requestId}] database refused the request: ${err.code} ${err.message}`);
      return known;
    }
    return this.unexpected(e, request, requestId);
  }

  private unexpected(e: unknown, request: LoggedRequest, requestId: string): Described {
    if (request.log) request.log.error({ err: e }, 'unexpected error');
    else this.logger.error(`[${requestId}] ${(e as Error)?.message ?? e}`, (e as Error)?.stack);
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, message: `internal error: quote request id ${requestId}`, code: 'INTERNAL_ERROR' };
  }
}
