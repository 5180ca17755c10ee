import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/**
 * The years a day (Date) or an instant (DateTime, in UTC) may fall in. PostgreSQL refuses year 0, JavaScript's far
 * years (±275760) read back as '+275760-…', which no client could send again, and nothing a district records lies
 * outside these; anything else is BAD_USER_INPUT naming the argument.
 */
export const MIN_YEAR = 1000;
export const MAX_YEAR = 9999;
const MIN_INSTANT = Date.UTC(MIN_YEAR, 0, 1);
const MAX_INSTANT = Date.UTC(MAX_YEAR + 1, 0, 1) - 1;

/** A valid Date within years MIN_YEAR–MAX_YEAR (UTC). */
export function isInstantInRange(value: Date): boolean {
  const t = value.getTime();
  return t >= MIN_INSTANT && t <= MAX_INSTANT;
}

const DAY = /^(\d{4})-\d{2}-\d{2}$/;

/** 'YYYY-MM-DD' that names a real day within years MIN_YEAR–MAX_YEAR. */
export function isCalendarDay(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DAY.exec(value);
  if (!m || Number(m[1]) < MIN_YEAR || Number(m[1]) > MAX_YEAR) return false;
  const d = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

// day, hours, minutes, seconds (fraction ignored), offset hours and minutes
const ISO_WITH_OFFSET = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * The instant an ISO-8601 string with an offset names, or an invalid Date when it names none: JavaScript would roll
 * 2026-02-30 or 24:00 over into another day and take offsets up to ±99:59 or years it cannot read back, so each part
 * is checked here first.
 */
export function parseInstant(value: string): Date {
  const m = ISO_WITH_OFFSET.exec(value);
  const [hh, mm, ss, oh, om] = (m?.slice(2) ?? []).map((x) => Number(x ?? 0));
  if (!m) return new InvalidInstant(WITHOUT_OFFSET.test(value) ? 'MISSING_OFFSET' : 'MALFORMED');
  if (!isCalendarDay(m[1])) {
    const year = Number(value.slice(0, 4)); // the day leads the string
    return new InvalidInstant(year < MIN_YEAR || year > MAX_YEAR ? 'OUT_OF_RANGE' : 'MALFORMED');
  }
  if (hh > 23 || mm > 59 || ss > 59 || oh > 14 || om > 59) return new InvalidInstant('MALFORMED');
  const instant = new Date(value);
  return isInstantInRange(instant) ? instant : new InvalidInstant('OUT_OF_RANGE');
}

/** A local date-time that names no instant without an offset ("2026-12-01T18:00:00"). */
const WITHOUT_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?$/;

/** An invalid Date that remembers why, so that the refusal (made later, under the argument's name) can say it. */
export class InvalidInstant extends Date {
  constructor(readonly problem: 'MISSING_OFFSET' | 'MALFORMED' | 'OUT_OF_RANGE') {
    super(Number.NaN);
  }
}

/**
 * A malformed or out-of-range string becomes an invalid Date rather than an error here, so that validation (@IsDate,
 * and the global StorableInputPipe for any argument without it) refuses it under the argument's own name; non-strings
 * are refused at once.
 */
function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string') {
    throw new GraphQLError('DateTime must be an ISO-8601 string with an offset, e.g. 2026-12-01T18:00:00+08:00', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return parseInstant(value);
}

/** ISO-8601 instants with an explicit offset; answered in UTC. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: `ISO-8601 date-time with offset, e.g. 2026-12-01T18:00:00+08:00, in the years ${MIN_YEAR}–${MAX_YEAR} (UTC)`,
  serialize: (value) => (value instanceof Date ? value : new Date(value as string)).toISOString(),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});

/** Like DateTime: strings pass through to validation (@IsCalendarDay) so the argument is named; others fail here. */
function parseDay(value: unknown): string {
  if (typeof value === 'string') return value;
  throw new GraphQLError('Date must be a calendar day YYYY-MM-DD (Asia/Shanghai)', {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

/** A calendar day in Asia/Shanghai, kept as its 'YYYY-MM-DD' string. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: `YYYY-MM-DD, an Asia/Shanghai calendar day in the years ${MIN_YEAR}–${MAX_YEAR}`,
  serialize: (value) => String(value),
  parseValue: parseDay,
  parseLiteral: (ast) => parseDay(ast.kind === Kind.STRING ? ast.value : undefined),
});
