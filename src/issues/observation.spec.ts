import { describe, expect, it } from '@jest/globals';
import { isUnderObservation, observationEndDay, observedSince } from './observation.js';

describe('the observation period (观察期)', () => {
  // Closed at 2026-03-02 23:30 Shanghai: the closing day counts as the first of the 90.
  const closed = { state: 'CLOSED' as const, closedAt: new Date('2026-03-02T15:30:00Z'), duplicateOfId: null };

  it('ends on the closing day and days − 1 after, Shanghai days', () => {
    expect(observationEndDay(closed, 90)).toBe('2026-05-30');
    expect(observationEndDay(closed, 1)).toBe('2026-03-02');
    expect(observationEndDay({ ...closed, state: 'REVISITED' }, 90)).toBe('2026-05-30');
  });

  it('has none while open, for a duplicate, or with no period', () => {
    expect(observationEndDay({ ...closed, state: 'RECTIFYING', closedAt: null }, 90)).toBeNull();
    expect(observationEndDay({ ...closed, duplicateOfId: 'x' }, 90)).toBeNull();
    expect(observationEndDay(closed, 0)).toBeNull();
  });

  it('holds through the last day and agrees with the list’s bound', () => {
    for (const [now, under] of [
      ['2026-05-30T15:59:59.999Z', true],
      ['2026-05-30T16:00:00.000Z', false],
    ] as const) {
      expect(isUnderObservation(closed, new Date(now), 90)).toBe(under);
      expect(closed.closedAt.getTime() >= observedSince(new Date(now), 90)!.getTime()).toBe(under);
    }
    expect(observedSince(new Date(), 0)).toBeNull();
  });
});
