import { describe, expect, it } from '@jest/globals';
import { parsePeriod, periodContaining, periodEnd, periodStart, reportingPeriod, timeOnPath } from './eco-period.js';

const p = (key: string) => parsePeriod(key)!;

describe('eco periods', () => {
  it.each([
    ['2026', 'YEAR', 2026, 1, '2026-01-01', '2026-12-31'],
    ['2026-Q1', 'QUARTER', 2026, 1, '2026-01-01', '2026-03-31'],
    ['2026-Q3', 'QUARTER', 2026, 3, '2026-07-01', '2026-09-30'],
    ['2026-Q4', 'QUARTER', 2026, 4, '2026-10-01', '2026-12-31'],
    ['2026-09', 'MONTH', 2026, 9, '2026-09-01', '2026-09-30'],
    ['2028-02', 'MONTH', 2028, 2, '2028-02-01', '2028-02-29'],
    ['2026-02', 'MONTH', 2026, 2, '2026-02-01', '2026-02-28'],
  ])('parses %s', (key, kind, year, index, firstDay, lastDay) => {
    expect(parsePeriod(key)).toEqual({ key, kind, year, index, firstDay, lastDay });
  });

  it.each([
    '2026-Q5',
    '2026-Q0',
    '2026-13',
    '2026-00',
    '2026-9',
    '26',
    '1999',
    '2101',
    '2026-q3',
    ' 2026',
    '2026-Q3 ',
    '',
    '2026-W01',
  ])('refuses %j', (key) => expect(parsePeriod(key)).toBeNull());

  it('finds the period of a kind that contains a day', () => {
    expect(periodContaining('YEAR', '2026-09-30').key).toBe('2026');
    expect(periodContaining('QUARTER', '2026-09-30').key).toBe('2026-Q3');
    expect(periodContaining('QUARTER', '2026-10-01').key).toBe('2026-Q4');
    expect(periodContaining('MONTH', '2026-12-31').key).toBe('2026-12');
  });

  it("answers an asked period with the indicator's own period containing its last day", () => {
    expect(reportingPeriod('YEAR', p('2026-Q3')).key).toBe('2026');
    expect(reportingPeriod('QUARTER', p('2026')).key).toBe('2026-Q4');
    expect(reportingPeriod('MONTH', p('2026-Q3')).key).toBe('2026-09');
    expect(reportingPeriod('QUARTER', p('2026-02')).key).toBe('2026-Q1');
    expect(reportingPeriod('QUARTER', p('2026-Q2')).key).toBe('2026-Q2');
  });

  it('starts and ends periods at Shanghai midnight', () => {
    expect(periodStart(p('2026-Q3')).toISOString()).toBe('2026-06-30T16:00:00.000Z');
    expect(periodEnd(p('2026-Q3')).toISOString()).toBe('2026-09-30T16:00:00.000Z');
    expect(periodEnd(p('2026')).toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(periodEnd(p('2028-02')).toISOString()).toBe('2028-02-29T16:00:00.000Z');
  });

  it('places period ends on the plan axis, where year Y is the end of Y', () => {
    expect(timeOnPath(p('2024'))).toBe(2024);
    expect(timeOnPath(p('2024-Q4'))).toBe(2024);
    expect(timeOnPath(p('2024-Q2'))).toBe(2023.5);
    expect(timeOnPath(p('2024-12'))).toBe(2024);
    expect(timeOnPath(p('2024-03'))).toBe(2023.25);
  });
});
