import { LoggerService } from '@nestjs/common';
import { LogController, type FastifyBaseLogger, type FastifyServerOptions } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';

/** The header a request id comes in (from a proxy or a client) and goes out in. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * An incoming X-Request-Id is kept when it is a plain token (a proxy's or a client's UUID or
 * trace id), so one id follows a request through the proxy's log and ours; anything else
 * (too long, spaces, control characters that could forge log lines) is replaced by a UUID.
 */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestIdOf(request: IncomingMessage): string {
  const sent = request.headers[REQUEST_ID_HEADER];
  return typeof sent === 'string' && SANE_REQUEST_ID.test(sent) ? sent : randomUUID();
}

/**
 * Fastify's own pino logger: one JSON object a line, on stdout unless a stream is given (tests).
 * Every line of a request carries its `requestId` (Fastify's child logger per request).
 * Request lines log method, path and query, address and status, never headers or bodies
 * (tokens and passwords stay out of the log).
 */
export function loggerOptions(level: string, stream?: NodeJS.WritableStream): Pick<FastifyServerOptions, 'logger' | 'genReqId' | 'requestIdHeader' | 'logController'> {
  return {
    logger: {
      level,
      ...(stream ? { stream } : {}),
      // what pino's default serializers would print of a request, minus the headers
      serializers: {
        req: (req: { method: string; url: string; ip?: string; socket?: { remoteAddress?: string } }) => ({ method: req.method, url: req.url, remoteAddress: req.ip }),
      },
    } as FastifyServerOptions['logger'],
    // the header is read by genReqId, which checks it, rather than taken as it is by Fastify
    requestIdHeader: false,
    genReqId: requestIdOf,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
  };
}

const NEST_START_UP = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

/**
 * Nest's own log lines (start-up, Logger calls in services) through the same pino instance,
 * so every line of the API's output is JSON. Nest calls log(message, context) and
 * error(message, stack, context).
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: FastifyBaseLogger) {}

  log(message: unknown, ...rest: unknown[]) {
    // Nest's start-up chatter (a line per module and per route) is debug, not info
    const context = rest[rest.length - 1];
    this.write(typeof context === 'string' && NEST_START_UP.has(context) ? 'debug' : 'info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.write('fatal', message, rest);
  }

  private write(level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace', message: unknown, rest: unknown[]) {
    const strings = rest.filter((r): r is string => typeof r === 'string');
    const context = strings.length ? strings[strings.length - 1] : undefined;
    const stack = level === 'error' && strings.length > 1 ? strings[0] : undefined;
    const fields: Record<string, unknown> = { context };
    if (stack) fields.stack = stack;
    if (message instanceof Error) this.pino[level]({ ...fields, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.pino[level]({ ...fields, ...(message as object) });
    else this.pino[level](fields, String(message));
  }
}
