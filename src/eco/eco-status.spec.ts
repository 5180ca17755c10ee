// The status rule (eco-status.ts), over every direction and its edges.
import { describe, expect, it } from '@jest/globals';
import { parsePeriod } from './eco-period.js';
import { cellStatus, judge, judgeShare, pathAt, referencesFor, shortfall, type TargetSetting } from './eco-status.js';
import { ECO_DIRECTIONS, type EcoDirection, type Judgement } from './eco.types.js';

const p = (key: string) => parsePeriod(key)!;

/** 森林覆盖率: 55.2% (2020) → 58% (2025), higher is better; path in 2024: 55.2 + 2.8 × 4/5 = 57.44. */
const FOREST: TargetSetting = {
  direction: 'HIGHER_BETTER',
  baselineYear: 2020,
  baselineValue: 55.2,
  finalTargetYear: 2025,
  finalTargetValue: 58,
  yearTarget: undefined,
  atRiskMargin: 0.5,
};
/** 单位GDP能源消耗: 0.668 (2020) → 0.65 (2025), lower is better; path in 2024: 0.668 − 0.018 × 4/5 = 0.6536. */
const ENERGY: TargetSetting = {
  direction: 'LOWER_BETTER',
  baselineYear: 2020,
  baselineValue: 0.668,
  finalTargetYear: 2025,
  finalTargetValue: 0.65,
  yearTarget: undefined,
  atRiskMargin: 0.005,
};
/** 优良天数 ≥ 330 every year (354* in 2020 does not make a path). */
const GOOD_DAYS: TargetSetting = {
  direction: 'AT_LEAST',
  baselineYear: 2020,
  baselineValue: 354,
  finalTargetYear: 2025,
  finalTargetValue: 330,
  yearTarget: undefined,
  atRiskMargin: 5,
};
/** PM2.5 ≤ 30 µg/m³. */
const PM25: TargetSetting = {
  direction: 'AT_MOST',
  baselineYear: 2020,
  baselineValue: 26,
  finalTargetYear: 2025,
  finalTargetValue: 30,
  yearTarget: undefined,
  atRiskMargin: 2,
};
/** 生态保护红线面积占比 = the approved share. */
const RED_LINE: TargetSetting = {
  direction: 'EXACTLY',
  baselineYear: 2020,
  baselineValue: 22.81,
  finalTargetYear: 2025,
  finalTargetValue: 22.81,
  yearTarget: undefined,
  atRiskMargin: 0.05,
};

const status = (s: TargetSetting, period: string, value: number): Judgement => judge(s, p(period), value).status;

describe('the path from baseline to final target', () => {
  it('runs straight from the baseline to the final target', () => {
    expect(pathAt(2020, 55.2, 2025, 58, 2020)).toBeCloseTo(55.2, 12);
    expect(pathAt(2020, 55.2, 2025, 58, 2024)).toBeCloseTo(57.44, 12);
    expect(pathAt(2020, 55.2, 2025, 58, 2025)).toBeCloseTo(58, 12);
    expect(pathAt(2020, 0.668, 2025, 0.65, 2022.5)).toBeCloseTo(0.659, 12);
  });

  it('holds the baseline before the baseline year and the final target after the final year', () => {
    expect(pathAt(2020, 55.2, 2025, 58, 2018)).toBe(55.2);
    expect(pathAt(2020, 55.2, 2025, 58, 2026)).toBe(58);
  });

  it('is the final target when the plan has no length', () => {
    expect(pathAt(2025, 1, 2025, 2, 2024)).toBe(2);
  });

  it('is read at the end of the period: a quarter is a fraction of its year', () => {
    expect(referencesFor(FOREST, p('2024-Q2')).path).toBeCloseTo(55.2 + 2.8 * (3.5 / 5), 12);
    expect(referencesFor(FOREST, p('2024-Q4')).path).toBeCloseTo(57.44, 12);
    expect(referencesFor(FOREST, p('2021-01')).path).toBeCloseTo(55.2 + 2.8 * (1 / 12 / 5), 12);
  });

  it('may rise for a lower-is-better indicator whose target is above an unusual baseline (PM2.5 26* → 30)', () => {
    const s: TargetSetting = { ...PM25, direction: 'LOWER_BETTER' };
    expect(referencesFor(s, p('2024')).path).toBeCloseTo(29.2, 12);
    expect(status(s, '2024', 29)).toBe('ON_TRACK');
    expect(status(s, '2024', 36.3)).toBe('OFF_TRACK'); // 2024's actual (seed 001)
  });
});

describe('shortfall per direction', () => {
  it.each<[EcoDirection, number, number, number]>([
    ['HIGHER_BETTER', 57, 57.44, 0.44],
    ['HIGHER_BETTER', 58, 57.44, 0],
    ['AT_LEAST', 328, 330, 2],
    ['AT_LEAST', 331, 330, 0],
    ['LOWER_BETTER', 0.66, 0.6536, 0.0064],
    ['LOWER_BETTER', 0.6, 0.6536, 0],
    ['AT_MOST', 36.3, 30, 6.3],
    ['AT_MOST', 29, 30, 0],
    ['EXACTLY', 22.9, 22.81, 0.09],
    ['EXACTLY', 22.7, 22.81, 0.11],
    ['EXACTLY', 22.81, 22.81, 0],
  ])('%s: %d against %d falls short by %d', (direction, value, reference, expected) => {
    expect(shortfall(direction, value, reference)).toBeCloseTo(expected, 12);
  });

  it.each(ECO_DIRECTIONS)('%s: rounding noise is no shortfall', (direction) => {
    expect(shortfall(direction, 0.1 + 0.2, 0.3)).toBe(0);
    expect(shortfall(direction, 0.3, 0.1 + 0.2)).toBe(0);
  });
});

describe("HIGHER_BETTER: against the path, and the year's target when set", () => {
  it.each<[string, number, Judgement]>([
    ['ahead of the path', 57.5, 'ON_TRACK'],
    ['exactly on the path', 57.44, 'ON_TRACK'],
    ['behind the path within the margin', 57, 'AT_RISK'],
    ['behind the path by exactly the margin', 56.94, 'AT_RISK'],
    ['behind the path beyond the margin', 56.9, 'OFF_TRACK'],
    ['at the baseline', 55.2, 'OFF_TRACK'],
  ])('no year target, %s (%d) → %s', (_, value, expected) => expect(status(FOREST, '2024', value)).toBe(expected));

  it.each<[string, number, Judgement]>([
    ['meets both', 57.5, 'ON_TRACK'],
    ['meets the year target, behind the path within the margin', 57, 'AT_RISK'],
    ['meets the year target, behind the path beyond the margin', 56.5, 'AT_RISK'],
    ['misses the year target within the margin', 55.6, 'AT_RISK'],
    ['misses the year target beyond the margin', 55.4, 'OFF_TRACK'],
  ])('year target 56, %s (%d) → %s', (_, value, expected) =>
    expect(status({ ...FOREST, yearTarget: 56 }, '2024', value)).toBe(expected),
  );

  it.each<[number, Judgement]>([
    [58, 'ON_TRACK'],
    [57.8, 'AT_RISK'], // ahead of the path, 0.2 short of the year
    [57.5, 'AT_RISK'], // exactly the margin short of the year
    [57.45, 'OFF_TRACK'], // on the path but 0.55 short of the year's own target
  ])('a year target above the path (58): %d → %s', (value, expected) =>
    expect(status({ ...FOREST, yearTarget: 58 }, '2024', value)).toBe(expected),
  );

  it("is PENDING_TARGET while the year's target is pending, even with a path", () => {
    const j = judge({ ...FOREST, yearTarget: null }, p('2024'), 60);
    expect(j).toEqual({ status: 'PENDING_TARGET', yearTarget: null, path: expect.closeTo(57.44, 12), pending: true });
  });

  it('is PENDING_TARGET with neither a year target nor a final target (由市级下达)', () => {
    expect(status({ ...FOREST, finalTargetValue: null }, '2024', 60)).toBe('PENDING_TARGET');
  });

  it("with the final target pending, judges the year's target alone", () => {
    const s = { ...FOREST, finalTargetValue: null, yearTarget: 56 };
    expect(judge(s, p('2024'), 56.1)).toEqual({ status: 'ON_TRACK', yearTarget: 56, path: null, pending: false });
    expect(status(s, '2024', 55.7)).toBe('AT_RISK');
    expect(status(s, '2024', 55)).toBe('OFF_TRACK');
  });

  it('reads the path at the end of a quarter', () => {
    // 2024-Q2 path: 55.2 + 2.8 × 3.5/5 = 57.16
    expect(status(FOREST, '2024-Q2', 57.2)).toBe('ON_TRACK');
    expect(status(FOREST, '2024', 57.2)).toBe('AT_RISK');
  });

  it('holds the final target after the plan ends', () => {
    expect(status(FOREST, '2026', 58)).toBe('ON_TRACK');
    expect(status(FOREST, '2026', 57.6)).toBe('AT_RISK');
    expect(status(FOREST, '2026', 57.4)).toBe('OFF_TRACK');
  });

  it('turns a miss into OFF_TRACK at once with no margin', () => {
    expect(status({ ...FOREST, atRiskMargin: 0 }, '2024', 57.43)).toBe('OFF_TRACK');
  });

  it('emission reductions (【21.6】 baseline label, 0% since 2020): pending until the city sets a target, then on the path', () => {
    const nox: TargetSetting = { ...FOREST, baselineValue: 0, finalTargetValue: null, atRiskMargin: 0.5 };
    expect(status(nox, '2024', 9)).toBe('PENDING_TARGET');
    const set = { ...nox, finalTargetValue: 10 }; // path 2024: 8%
    expect(status(set, '2024', 8.2)).toBe('ON_TRACK');
    expect(status(set, '2024', 7.6)).toBe('AT_RISK');
    expect(status(set, '2024', 7)).toBe('OFF_TRACK');
  });
});

describe('LOWER_BETTER: the mirror image', () => {
  it.each<[string, number, Judgement]>([
    ['below the path', 0.65, 'ON_TRACK'],
    ['on the path', 0.6536, 'ON_TRACK'],
    ['above the path within the margin', 0.657, 'AT_RISK'],
    ['above the path beyond the margin', 0.66, 'OFF_TRACK'],
  ])('%s (%d) → %s', (_, value, expected) => expect(status(ENERGY, '2024', value)).toBe(expected));

  it.each<[number, Judgement]>([
    [0.655, 'AT_RISK'], // meets the year's 0.66, behind the path (0.6536) by 0.0014
    [0.6, 'ON_TRACK'],
    [0.664, 'AT_RISK'], // misses 0.66 by 0.004 ≤ 0.005
    [0.667, 'OFF_TRACK'],
  ])('year target 0.66: %d → %s', (value, expected) =>
    expect(status({ ...ENERGY, yearTarget: 0.66 }, '2024', value)).toBe(expected),
  );

  it("is PENDING_TARGET while the year's target or (without one) the final target is pending", () => {
    expect(status({ ...ENERGY, yearTarget: null }, '2024', 0.6)).toBe('PENDING_TARGET');
    expect(status({ ...ENERGY, finalTargetValue: null }, '2024', 0.6)).toBe('PENDING_TARGET');
  });
});

describe('AT_LEAST: a floor every year, no path', () => {
  it.each<[number, Judgement]>([
    [354, 'ON_TRACK'],
    [330, 'ON_TRACK'],
    [328, 'AT_RISK'], // 2024's actual (seed 001): 2 days short, within 5
    [325, 'AT_RISK'],
    [324, 'OFF_TRACK'],
  ])('≥330 with margin 5: %d → %s', (value, expected) => expect(status(GOOD_DAYS, '2024', value)).toBe(expected));

  it('never reads a path, though the baseline and final target would make one', () => {
    const j = judge(GOOD_DAYS, p('2022'), 332);
    expect(j).toEqual({ status: 'ON_TRACK', yearTarget: 330, path: null, pending: false });
  });

  it("uses the year's own target over the final one", () => {
    expect(status({ ...GOOD_DAYS, yearTarget: 335 }, '2026', 332)).toBe('AT_RISK');
    expect(status({ ...GOOD_DAYS, yearTarget: 320 }, '2026', 322)).toBe('ON_TRACK');
  });

  it('is PENDING_TARGET when the governing target is pending', () => {
    expect(status({ ...GOOD_DAYS, yearTarget: null }, '2024', 354)).toBe('PENDING_TARGET');
    expect(status({ ...GOOD_DAYS, finalTargetValue: null }, '2024', 354)).toBe('PENDING_TARGET');
    // a year target set while the final one is pending governs that year
    expect(status({ ...GOOD_DAYS, finalTargetValue: null, yearTarget: 330 }, '2024', 354)).toBe('ON_TRACK');
  });

  it('a 100% floor: anything less than 100 is a miss', () => {
    const water: TargetSetting = { ...GOOD_DAYS, baselineValue: 100, finalTargetValue: 100, atRiskMargin: 0 };
    expect(status(water, '2024', 100)).toBe('ON_TRACK');
    expect(status(water, '2024', 99.9)).toBe('OFF_TRACK');
  });
});

describe('AT_MOST: a ceiling every year, no path', () => {
  it.each<[number, Judgement]>([
    [12, 'ON_TRACK'],
    [30, 'ON_TRACK'],
    [31.5, 'AT_RISK'],
    [32, 'AT_RISK'],
    [32.1, 'OFF_TRACK'],
    [36.3, 'OFF_TRACK'], // 2024's actual (seed 001)
  ])('≤30 with margin 2: %d → %s', (value, expected) => expect(status(PM25, '2024', value)).toBe(expected));

  it('has no path and follows a year target', () => {
    expect(judge(PM25, p('2024'), 20).path).toBeNull();
    expect(status({ ...PM25, yearTarget: 35 }, '2024', 34)).toBe('ON_TRACK');
    expect(status({ ...PM25, yearTarget: null }, '2024', 20)).toBe('PENDING_TARGET');
  });
});

describe('EXACTLY: on either side is a miss', () => {
  it.each<[number, Judgement]>([
    [22.81, 'ON_TRACK'],
    [22.84, 'AT_RISK'],
    [22.78, 'AT_RISK'],
    [22.86, 'AT_RISK'],
    [22.9, 'OFF_TRACK'],
    [22.7, 'OFF_TRACK'],
  ])('= 22.81 with margin 0.05: %d → %s', (value, expected) => expect(status(RED_LINE, '2024', value)).toBe(expected));

  it('以国务院最终审批面积为准: pending until the approved figure is set', () => {
    expect(status({ ...RED_LINE, finalTargetValue: null }, '2024', 22.81)).toBe('PENDING_TARGET');
  });
});

describe("a contributor's share: a threshold in the indicator's direction", () => {
  it.each<[EcoDirection, number, number, number, Judgement]>([
    ['HIGHER_BETTER', 60, 0.5, 60.2, 'ON_TRACK'],
    ['HIGHER_BETTER', 60, 0.5, 59.6, 'AT_RISK'],
    ['HIGHER_BETTER', 60, 0.5, 59, 'OFF_TRACK'],
    ['AT_LEAST', 95, 1, 95, 'ON_TRACK'],
    ['AT_LEAST', 95, 1, 94, 'AT_RISK'],
    ['AT_LEAST', 95, 1, 93.9, 'OFF_TRACK'],
    ['LOWER_BETTER', 120, 5, 110, 'ON_TRACK'],
    ['LOWER_BETTER', 120, 5, 124, 'AT_RISK'],
    ['LOWER_BETTER', 120, 5, 126, 'OFF_TRACK'],
    ['AT_MOST', 30, 2, 30, 'ON_TRACK'],
    ['AT_MOST', 30, 2, 31, 'AT_RISK'],
    ['AT_MOST', 30, 2, 33, 'OFF_TRACK'],
    ['EXACTLY', 100, 0, 100, 'ON_TRACK'],
    ['EXACTLY', 100, 1, 101, 'AT_RISK'],
    ['EXACTLY', 100, 1, 98, 'OFF_TRACK'],
  ])('%s share %d margin %d: %d → %s', (direction, share, margin, value, expected) => {
    expect(judgeShare(direction, share, margin, value)).toBe(expected);
  });
});

describe('the cell: reports, deadlines and pending targets', () => {
  const dueAt = new Date('2026-10-21T16:00:00.000Z');
  const before = new Date('2026-10-21T15:59:59.999Z');
  const after = new Date('2026-10-21T16:00:00.001Z');
  const facts = { judged: null, submitted: false, targetPending: false, dueAt };

  it.each<Judgement>(['ON_TRACK', 'AT_RISK', 'OFF_TRACK', 'PENDING_TARGET'])(
    'a confirmed value is judged (%s), whatever else holds',
    (judged) => {
      expect(cellStatus({ ...facts, judged, submitted: true, now: after })).toBe(judged);
      expect(cellStatus({ ...facts, judged, targetPending: true, now: before })).toBe(judged);
    },
  );

  it('a report waiting for the office is AWAITING_CONFIRMATION, not MISSING, even past the deadline', () => {
    expect(cellStatus({ ...facts, submitted: true, now: before })).toBe('AWAITING_CONFIRMATION');
    expect(cellStatus({ ...facts, submitted: true, now: after })).toBe('AWAITING_CONFIRMATION');
  });

  it('nothing handed in past the deadline is MISSING, pending target or not', () => {
    expect(cellStatus({ ...facts, now: after })).toBe('MISSING');
    expect(cellStatus({ ...facts, targetPending: true, now: after })).toBe('MISSING');
  });

  it('until the deadline (inclusive) it awaits the report, or the target', () => {
    expect(cellStatus({ ...facts, now: before })).toBe('AWAITING_REPORT');
    expect(cellStatus({ ...facts, now: dueAt })).toBe('AWAITING_REPORT');
    expect(cellStatus({ ...facts, targetPending: true, now: before })).toBe('PENDING_TARGET');
  });
});
