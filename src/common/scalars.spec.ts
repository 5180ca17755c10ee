import { describe, expect, it } from '@jest/globals';
import { Kind } from 'graphql';
import { DateTimeScalar, InvalidInstant, isCalendarDay, isInstantInRange, parseInstant } from './scalars.js';

describe('DateTime', () => {
  it.each([
    ['2026-12-01T18:00:00+08:00', '2026-12-01T10:00:00.000Z'],
    ['2026-03-02T02:00:00Z', '2026-03-02T02:00:00.000Z'],
    ['2026-03-02T02:00Z', '2026-03-02T02:00:00.000Z'],
    ['2026-03-02T02:00:00.123456789Z', '2026-03-02T02:00:00.123Z'],
    ['2028-02-29T23:59:59-12:00', '2028-03-01T11:59:59.000Z'],
    ['1000-01-01T00:00:00Z', '1000-01-01T00:00:00.000Z'],
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
  ])('reads %p', (text, iso) => {
    expect(parseInstant(text).toISOString()).toBe(iso);
  });

  it.each([
    ['year 0', '0000-01-01T00:00:00Z'],
    ['year 999', '0999-12-31T23:59:59Z'],
    ['a day before year 1000 in UTC', '1000-01-01T00:00:00+08:00'],
    ['past year 9999 in UTC', '9999-12-31T23:00:00-08:00'],
    ['a six-digit year', '+275760-09-13T00:00:00Z'],
    ['30 February', '2026-02-30T00:00:00Z'],
    ['31 April', '2026-04-31T12:00:00+08:00'],
    ['29 February of a common year', '2026-02-29T00:00:00Z'],
    ['month 13', '2026-13-01T00:00:00Z'],
    ['hour 24', '2026-03-02T24:00:00Z'],
    ['minute 60', '2026-03-02T02:60:00Z'],
    ['second 60', '2026-03-02T02:00:60Z'],
    ['an offset of 15 hours', '2026-03-02T02:00:00+15:00'],
    ['an offset of 99:99', '2026-03-02T02:00:00+99:99'],
    ['no offset', '2026-03-02T02:00:00'],
    ['a day only', '2026-03-02'],
    ['a NUL after it', '2026-03-02T02:00:00Z\u0000'],
    ['words', 'tomorrow'],
  ])('turns %s into an invalid Date, for validation to refuse under the argument name', (_, text) => {
    expect(Number.isNaN(parseInstant(text).getTime())).toBe(true);
    expect(Number.isNaN((DateTimeScalar.parseValue(text) as Date).getTime())).toBe(true);
    expect(Number.isNaN((DateTimeScalar.parseLiteral({ kind: Kind.STRING, value: text }) as Date).getTime())).toBe(
      true,
    );
  });

  it.each([
    ['2026-03-02T02:00:00', 'MISSING_OFFSET'],
    ['2026-03-02T02:00', 'MISSING_OFFSET'],
    ['2026-03-02T02:00:00.5', 'MISSING_OFFSET'],
    ['2026-03-02', 'MALFORMED'],
    ['tomorrow', 'MALFORMED'],
    ['2026-02-30T00:00:00Z', 'MALFORMED'],
    ['2026-02-29T00:00:00Z', 'MALFORMED'],
    ['2026-03-02T24:00:00Z', 'MALFORMED'],
    ['2026-03-02T02:00:00+15:00', 'MALFORMED'],
    ['0999-12-31T23:59:59Z', 'OUT_OF_RANGE'],
    ['0000-01-01T00:00:00Z', 'OUT_OF_RANGE'],
    ['1000-01-01T00:00:00+08:00', 'OUT_OF_RANGE'],
    ['9999-12-31T23:00:00-08:00', 'OUT_OF_RANGE'],
  ])('remembers why %p names no instant: %s', (text, problem) => {
    const parsed = parseInstant(text);
    expect(parsed).toBeInstanceOf(InvalidInstant);
    expect((parsed as InvalidInstant).problem).toBe(problem);
  });

  it('refuses what is not a string at once', () => {
    expect(() => DateTimeScalar.parseValue(1e15)).toThrow('DateTime must be');
  });

  it('holds instants from year 1000 to year 9999 (UTC) and nothing invalid', () => {
    expect(isInstantInRange(new Date('1000-01-01T00:00:00.000Z'))).toBe(true);
    expect(isInstantInRange(new Date('9999-12-31T23:59:59.999Z'))).toBe(true);
    expect(isInstantInRange(new Date('0999-12-31T23:59:59.999Z'))).toBe(false);
    expect(isInstantInRange(new Date('+010000-01-01T00:00:00.000Z'))).toBe(false);
    expect(isInstantInRange(new Date(8.64e15))).toBe(false);
    expect(isInstantInRange(new Date(Number.NaN))).toBe(false);
  });
});

describe('Date (calendar day)', () => {
  it.each(['2026-03-02', '2028-02-29', '1000-01-01', '9999-12-31'])('takes %p', (day) => {
    expect(isCalendarDay(day)).toBe(true);
  });

  it.each([
    '0000-01-03',
    '0999-12-31',
    '2026-02-29',
    '2026-02-30',
    '2026-13-01',
    '2026-3-2',
    '20260302',
    '2026-03-02T00:00:00Z',
    '2026-03-02\u0000',
    '',
    20260302,
    null,
  ])('refuses %p', (day) => {
    expect(isCalendarDay(day)).toBe(false);
  });
});
