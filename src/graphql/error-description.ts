// What any thrown thing means to a client: one classification for the REST filter, GraphQL's top-level resolvers and
// nested field resolvers alike (the last are outside Nest's filters), so a database blip is SERVICE_UNAVAILABLE
// wherever it surfaces and only what nobody foresaw is INTERNAL_SERVER_ERROR.
import { HttpException } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { DomainError, HTTP_STATUS, INPUT_REASON_TEXT, type FieldProblem } from '../common/domain-error.js';
import { isDatabaseDown } from '../database/database-errors.js';
import { CallerBusyError } from '../limits/caller-limits.js';
import { CallerShareError, ConnectionWaitError } from '../limits/fair-pool.js';

export interface ErrorDescription {
  code: string;
  message: string;
  extensions: Record<string, unknown>;
  status: number;
  /** Nothing foreseen: log it with its stack. */
  unexpected: boolean;
}

const HTTP_CODES: Record<number, string> = {
  400: 'BAD_USER_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
};

const UNAVAILABLE = 'The database is unavailable; try again shortly';

/** Every BAD_USER_INPUT carries `fields` and, for each, `reasons` (INVALID with the message when nothing finer is known). */
export function withFieldReasons(
  code: string,
  message: string,
  extensions: Record<string, unknown>,
): Record<string, unknown> {
  if (code !== 'BAD_USER_INPUT') return extensions;
  const fields = Array.isArray(extensions.fields) ? (extensions.fields as string[]) : [];
  const reasons = Array.isArray(extensions.reasons)
    ? extensions.reasons
    : fields.map((field): FieldProblem => ({
        field,
        reason: 'INVALID',
        message: message || INPUT_REASON_TEXT.INVALID,
      }));
  return { ...extensions, fields, reasons };
}

export function describeError(e: unknown): ErrorDescription {
  const d = classify(e);
  return { ...d, extensions: withFieldReasons(d.code, d.message, d.extensions) };
}

function classify(e: unknown): ErrorDescription {
  const known = (
    code: string,
    message: string,
    status: number,
    extensions: Record<string, unknown> = {},
  ): ErrorDescription => ({
    code,
    message,
    status,
    extensions,
    unexpected: false,
  });
  if (e instanceof DomainError) return known(e.code, e.message, HTTP_STATUS[e.code], e.extensions);
  if (e instanceof GraphQLError) {
    const http = e.extensions.http as { status?: number } | undefined;
    return known(String(e.extensions.code ?? 'BAD_USER_INPUT'), e.message, http?.status ?? 400);
  }
  if (e instanceof HttpException) {
    const status = e.getStatus();
    if (status >= 500)
      return {
        code: 'INTERNAL_SERVER_ERROR',
        message: 'Internal server error',
        extensions: {},
        status,
        unexpected: true,
      };
    return known(HTTP_CODES[status] ?? 'BAD_REQUEST', e.message, status);
  }
  if (e instanceof CallerBusyError)
    return known('RATE_LIMITED', e.message, 429, { retryable: true, retryAfterSeconds: 1 });
  if (e instanceof CallerShareError)
    return known('RATE_LIMITED', e.message, 429, { retryable: true, retryAfterSeconds: e.retryAfterSeconds });
  if (e instanceof ConnectionWaitError || isDatabaseDown(e))
    return known('SERVICE_UNAVAILABLE', UNAVAILABLE, 503, { retryable: true });
  switch ((e as { code?: unknown } | null)?.code) {
    case '57014': // statement_timeout (or a cancel): the request's own bound
      return known(
        'SERVICE_UNAVAILABLE',
        'The request took too long and was stopped; try again later or ask for less',
        503,
        { retryable: true },
      );
    case '55P03': // lock_timeout
    case '40001': // serialization_failure
    case '40P01': // deadlock_detected
      return known('SERVICE_UNAVAILABLE', 'The request met a concurrent change; try again', 503, { retryable: true });
    case '22021': // invalid byte sequence (NUL) — inputs are checked before; this is the last line
    case '22P05': // untranslatable character
    case '22008': // datetime field overflow
    case '22007': // invalid datetime format
    case '22003': // numeric value out of range
      return known('BAD_USER_INPUT', 'A value cannot be stored', 400, { fields: [] });
  }
  return {
    code: 'INTERNAL_SERVER_ERROR',
    message: 'Internal server error',
    extensions: {},
    status: 500,
    unexpected: true,
  };
}
