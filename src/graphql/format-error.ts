import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { INPUT_REASON_TEXT, type FieldProblem } from '../common/domain-error.js';
import { describeError, withFieldReasons } from './error-description.js';

// Apollo rejects a variable that does not coerce (a bad DateTime, an unknown enum value, a missing field) before any
// resolver runs, as BAD_USER_INPUT with only a sentence; the contract promises `fields`, so name them from it.
const AT_PATH = / at "([^"]+)"/;
const VARIABLE = /^Variable "\$([A-Za-z0-9_]+)"/;
const FIELD_OF_INPUT = /Field "([A-Za-z0-9_]+)" of required type/;
const MISSING = /was not provided|must not be null/;

export function fieldsFromMessage(message: string): string[] {
  const required = FIELD_OF_INPUT.exec(message);
  if (required) return [required[1]];
  const path = AT_PATH.exec(message);
  if (path)
    return [
      path[1]
        .replace(/\[\d+\]/g, '')
        .split('.')
        .at(-1)!,
    ];
  const variable = VARIABLE.exec(message);
  return variable ? [variable[1]] : [];
}

/** The last word on every error a client sees. */
/** What was first thrown under GraphQL's wrappers. */
export function rootCause(error: unknown): unknown {
  let e = error;
  while (e instanceof GraphQLError && e.originalError) e = e.originalError;
  return e;
}

export function formatError(
  formatted: GraphQLFormattedError,
  isDevelopment: boolean,
  error?: unknown,
): GraphQLFormattedError {
  let extensions = { ...formatted.extensions };
  // Nested field resolvers are outside Nest's filter: what they threw is classified here, as the filter would.
  const cause = rootCause(error);
  if (extensions.code === 'INTERNAL_SERVER_ERROR' && cause !== undefined && !(cause instanceof GraphQLError)) {
    const described = describeError(cause);
    if (!described.unexpected) {
      extensions = { ...extensions, code: described.code, ...described.extensions };
      return { ...formatted, message: described.message, extensions: withoutStack(extensions, isDevelopment) };
    }
  }
  // Apollo files our own validation rules' refusals (QUERY_TOO_DEEP, …) under GRAPHQL_VALIDATION_FAILED: keep ours.
  const own = (error as { originalError?: { extensions?: Record<string, unknown> } } | undefined)?.originalError
    ?.extensions?.code;
  if (extensions.code === 'GRAPHQL_VALIDATION_FAILED' && typeof own === 'string') extensions.code = own;
  // graphql-js stops coercing variables after 50 errors and throws instead of listing them: still the client's input.
  if (
    extensions.code === 'INTERNAL_SERVER_ERROR' &&
    formatted.message.startsWith('Too many errors processing variables')
  ) {
    extensions.code = 'BAD_USER_INPUT';
    extensions.fields = [];
    extensions.reasons = [];
    return { ...formatted, extensions: withoutStack(extensions, isDevelopment) };
  }
  if (extensions.code === 'BAD_USER_INPUT' && !Array.isArray(extensions.fields)) {
    // graphql-js's own refusal of a variable or argument: missing, or not of its type.
    const reason = MISSING.test(formatted.message) ? 'REQUIRED' : 'MALFORMED';
    extensions.fields = fieldsFromMessage(formatted.message);
    extensions.reasons = (extensions.fields as string[]).map((field): FieldProblem => ({
      field,
      reason,
      message: INPUT_REASON_TEXT[reason],
    }));
  }
  if (extensions.code === 'BAD_USER_INPUT')
    extensions = withFieldReasons('BAD_USER_INPUT', formatted.message, extensions);
  withoutStack(extensions, isDevelopment);
  const internal = extensions.code === 'INTERNAL_SERVER_ERROR' && !isDevelopment;
  return { ...formatted, message: internal ? 'Internal server error' : formatted.message, extensions };
}

function withoutStack(extensions: Record<string, unknown>, isDevelopment: boolean): Record<string, unknown> {
  if (!isDevelopment) delete extensions.stacktrace;
  return extensions;
}
