import { describe, expect, it } from '@jest/globals';
import { reachedLevel } from './escalation-policy.js';

const due = new Date('2026-03-31T16:00:00.000Z');
const at = (days: number) => new Date(due.getTime() + days * 86_400_000);

describe('the rung a deadline has reached (7 days warning, named after 30 days overdue)', () => {
  it.each([
    [-8, 'NONE'],
    [-7, 'NONE'],
    [-6.99, 'WARNING'],
    [0, 'WARNING'],
    [0.0001, 'SUPERVISION'],
    [30, 'SUPERVISION'],
    [30.0001, 'NAMED_SUPERVISION'],
    [400, 'NAMED_SUPERVISION'],
  ])('%s days from the deadline → %s', (days, level) => {
    expect(reachedLevel(due, at(days), 7, 30)).toBe(level);
  });
});
