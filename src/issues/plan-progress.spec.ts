import { describe, expect, it } from '@jest/globals';
import type { RectificationPlan } from '../../workflows/issue.types.js';
import { expectedProgress, overdueMilestones } from './plan-progress.js';

const plan: RectificationPlan = {
  goal: '消除黑臭水体',
  measures: '截污纳管、清淤疏浚、生态修复',
  leader: { name: '王某', post: '副镇长' },
  responsible: { name: '李某', post: '环保办主任' },
  milestones: [
    { title: '截污纳管', dueAt: '2026-03-31T16:00:00.000Z', doneAt: '2026-03-30T02:00:00.000Z' },
    { title: '清淤疏浚', dueAt: '2026-04-30T16:00:00.000Z', doneAt: null },
    { title: '生态修复', dueAt: '2026-06-30T16:00:00.000Z', doneAt: null },
  ],
  status: 'IN_FORCE',
  setAt: '2026-03-02T02:00:00.000Z',
};

describe('序时推进', () => {
  it('expects the share of milestones due by the moment', () => {
    expect(expectedProgress(plan, new Date('2026-03-15T00:00:00.000Z'))).toBe(0);
    expect(expectedProgress(plan, new Date('2026-03-31T16:00:00.000Z'))).toBe(33);
    expect(expectedProgress(plan, new Date('2026-05-01T00:00:00.000Z'))).toBe(67);
    expect(expectedProgress(plan, new Date('2026-07-01T00:00:00.000Z'))).toBe(100);
  });

  it('is behind on a milestone past its date and not done, of a plan in force only', () => {
    expect(overdueMilestones(plan, new Date('2026-04-30T16:00:00.000Z'))).toEqual([]);
    expect(overdueMilestones(plan, new Date('2026-04-30T16:00:01.000Z')).map((m) => m.title)).toEqual(['清淤疏浚']);
    // the first was done before its date; a plan sent back is no schedule
    expect(overdueMilestones({ ...plan, status: 'RETURNED' }, new Date('2026-12-01T00:00:00.000Z'))).toEqual([]);
  });
});
