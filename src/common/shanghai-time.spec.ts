import { describe, expect, it } from '@jest/globals';
import {
  daysBetween,
  nextDay,
  shanghaiDate,
  shanghaiWeekday,
  startOfShanghaiDay,
  startOfShanghaiWeek,
} from './shanghai-time.js';

describe('Asia/Shanghai days and weeks', () => {
  it('puts 16:00Z on the next Shanghai day', () => {
    expect(shanghaiDate(new Date('2026-03-01T15:59:59.999Z'))).toBe('2026-03-01');
    expect(shanghaiDate(new Date('2026-03-01T16:00:00.000Z'))).toBe('2026-03-02');
  });

  it('starts a Shanghai day at 16:00Z the day before', () => {
    expect(startOfShanghaiDay('2026-03-02').toISOString()).toBe('2026-03-01T16:00:00.000Z');
  });

  it.each([
    ['Monday 00:00 Shanghai', '2026-03-01T16:00:00.000Z', '2026-03-01T16:00:00.000Z'],
    ['Sunday 23:59 Shanghai', '2026-03-08T15:59:00.000Z', '2026-03-01T16:00:00.000Z'],
    ['the next Monday 00:00', '2026-03-08T16:00:00.000Z', '2026-03-08T16:00:00.000Z'],
    ['Monday 07:59 Shanghai (still Sunday in UTC)', '2026-03-01T23:59:00.000Z', '2026-03-01T16:00:00.000Z'],
    ['across a year end', '2027-01-01T02:00:00.000Z', '2026-12-27T16:00:00.000Z'],
  ])('weeks start on Monday 00:00: %s', (_, instant, monday) => {
    expect(startOfShanghaiWeek(new Date(instant)).toISOString()).toBe(monday);
  });

  it('numbers weekdays from Monday = 1 to Sunday = 7', () => {
    expect(shanghaiWeekday('2026-03-02')).toBe(1);
    expect(shanghaiWeekday('2026-03-08')).toBe(7);
  });

  it('steps over month and leap-year ends', () => {
    expect(nextDay('2028-02-28')).toBe('2028-02-29');
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
  });
});

describe('daysBetween', () => {
  it('counts calendar days, across months and years, and backwards', () => {
    expect(daysBetween('2026-12-07', '2026-12-09')).toBe(2);
    expect(daysBetween('2026-02-27', '2026-03-01')).toBe(2);
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
    expect(daysBetween('2026-12-09', '2026-12-07')).toBe(-2);
    expect(daysBetween('2026-12-07', '2026-12-07')).toBe(0);
  });
});
