import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A malformed string becomes an invalid Date rather than an error here, so that validation (@IsDate) refuses it
 * under the argument's own name; non-strings are refused at once.
 */
function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string') {
    throw new GraphQLError('DateTime must be an ISO-8601 string with an offset, e.g. 2026-12-01T18:00:00+08:00', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return ISO_WITH_OFFSET.test(value) ? new Date(value) : new Date(Number.NaN);
}

/** ISO-8601 instants with an explicit offset; answered in UTC. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'ISO-8601 date-time with offset, e.g. 2026-12-01T18:00:00+08:00',
  serialize: (value) => (value instanceof Date ? value : new Date(value as string)).toISOString(),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isCalendarDay(value: unknown): value is string {
  if (typeof value !== 'string' || !DAY.test(value)) return false;
  const d = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** Like DateTime: strings pass through to validation (@IsCalendarDay) so the argument is named; others fail here. */
function parseDay(value: unknown): string {
  if (typeof value === 'string') return value;
  throw new GraphQLError('Date must be a calendar day YYYY-MM-DD (Asia/Shanghai)', { extensions: { code: 'BAD_USER_INPUT' } });
}

/** A calendar day in Asia/Shanghai, kept as its 'YYYY-MM-DD' string. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'YYYY-MM-DD, an Asia/Shanghai calendar day',
  serialize: (value) => String(value),
  parseValue: parseDay,
  parseLiteral: (ast) => parseDay(ast.kind === Kind.STRING ? ast.value : undefined),
});
