import { describe, expect, it } from '@jest/globals';
import { ALL_ROWS, mayNarrowTableTo, tableRowsFor } from './policy.js';

const TOWN = '11111111-1111-1111-1111-111111111111';
const VILLAGE = '22222222-2222-2222-2222-222222222222';
const PEER = '33333333-3333-3333-3333-333333333333';
/** VILLAGE is under TOWN; every unit is within itself. */
const isWithin = async (unit: string, ancestor: string) => unit === ancestor || (unit === VILLAGE && ancestor === TOWN);

describe('the figures policy', () => {
  it('gives the office and leaders every row, a unit its own, a unit token without a unit none', () => {
    expect(tableRowsFor({ role: 'OFFICE', unitId: null })).toEqual(ALL_ROWS);
    expect(tableRowsFor({ role: 'LEADER', unitId: null })).toEqual(ALL_ROWS);
    expect(tableRowsFor({ role: 'UNIT', unitId: TOWN })).toEqual({ onlyUnitId: TOWN });
    const lost = tableRowsFor({ role: 'UNIT', unitId: null }).onlyUnitId;
    expect(lost).not.toBeNull();
    expect([TOWN, VILLAGE, PEER]).not.toContain(lost);
  });

  it('lets a unit narrow a table to itself or a unit under it, never to a peer; the office and leaders to any', async () => {
    const unit = { role: 'UNIT' as const, unitId: TOWN };
    expect(await mayNarrowTableTo(unit, TOWN, isWithin)).toBe(true);
    expect(await mayNarrowTableTo(unit, VILLAGE, isWithin)).toBe(true);
    expect(await mayNarrowTableTo(unit, PEER, isWithin)).toBe(false);
    expect(await mayNarrowTableTo({ role: 'UNIT', unitId: null }, TOWN, isWithin)).toBe(false);
    for (const role of ['OFFICE', 'LEADER'] as const)
      expect(await mayNarrowTableTo({ role, unitId: null }, PEER, isWithin)).toBe(true);
  });
});
