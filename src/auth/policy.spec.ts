import { describe, expect, it } from '@jest/globals';
import {
  ALL_ROWS,
  can,
  inboxOf,
  mayNarrowTableTo,
  maySeeAccountablePerson,
  maySeeComplainant,
  mayMutate,
  mayUploadEvidence,
  mayWrite,
  ownUnitOnly,
  OPERATIONS,
  tableRowsFor,
  unitInScope,
  type Operation,
} from './policy.js';
import { NO_UNIT } from '../units/unit.record.js';

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

describe('the operations policy', () => {
  const office = { role: 'OFFICE' as const, unitId: null };
  const leader = { role: 'LEADER' as const, unitId: null };
  const unit = { role: 'UNIT' as const, unitId: TOWN };
  const lost = { role: 'UNIT' as const, unitId: null };

  it('lets the office call every operation but a leader’s instruction; a leader reads and instructs; a unit what concerns its own work', () => {
    const operations = Object.keys(OPERATIONS) as Operation[];
    expect(operations.filter((o) => !can(office, o))).toEqual([
      'instructIssues',
      'handDownIssues',
      'manageCityWeights',
    ]);
    expect(operations.filter((o) => can(leader, o)).sort()).toEqual(
      [
        'exportFigures',
        'followEvents',
        'readClosurePolicies',
        'readEcoAudit',
        'readInbox',
        'readNotificationRules',
        'readSupervision',
        'instructIssues',
        'readAccountability',
        'readLookbacks',
        'readDistrictScores',
      ].sort(),
    );
    expect(operations.filter((o) => can(unit, o)).sort()).toEqual(
      [
        'exportFigures',
        'followEvents',
        'manageWebhooks',
        'readClosurePolicies',
        'readInbox',
        'reportEco',
        'readSupervision',
        'replyToOrders',
        'acknowledgeInstructions',
        'readAccountability',
        'readLookbacks',
        'reportLookbacks',
      ].sort(),
    );
  });

  it('lets the city’s office set the city’s weights, and the city’s roles change nothing else yet', () => {
    const cityOffice = { role: 'CITY_OFFICE' as const, unitId: null, districtId: null };
    const cityLeader = { role: 'CITY_LEADER' as const, unitId: null, districtId: null };
    expect([
      mayMutate(cityOffice, 'setCityWeights'),
      mayWrite(cityOffice),
      mayMutate(cityOffice, 'fileIssue'),
      mayMutate(cityLeader, 'setCityWeights'),
    ]).toEqual([true, false, false, false]);
    expect([can(cityOffice, 'manageCityWeights'), can(cityLeader, 'manageCityWeights')]).toEqual([true, false]);
    expect([cityOffice, cityLeader, leader, office, unit].map((w) => can(w, 'readDistrictScores'))).toEqual([
      true,
      true,
      true,
      true,
      false,
    ]);
  });

  it('scopes what a unit names to its own unit, and a unit token without a unit to none', () => {
    expect(unitInScope(unit, undefined)).toBe(TOWN);
    expect(unitInScope(unit, PEER)).toBe(PEER); // (and mayWatch / mayFollow refuse it)
    expect(unitInScope(lost, null)).toBe(NO_UNIT);
    expect(unitInScope(office, null)).toBeNull();
    expect(unitInScope(leader, PEER)).toBe(PEER);
  });

  it('narrows a unit to itself, named or not, and refuses its naming another; the office and leaders to what they name', () => {
    expect(ownUnitOnly(unit, undefined)).toEqual({ unitId: TOWN });
    expect(ownUnitOnly(unit, TOWN)).toEqual({ unitId: TOWN });
    expect(ownUnitOnly(unit, PEER)).toBe('refused');
    expect(ownUnitOnly(lost, undefined)).toEqual({ unitId: NO_UNIT });
    expect(ownUnitOnly(office, PEER)).toEqual({ unitId: PEER });
    expect(ownUnitOnly(leader, null)).toEqual({ unitId: null });
  });

  it('lets the office and a unit with work on the problem upload evidence; shows a complainant to the office only', () => {
    const led = (leadUnitId: string | null) => ({ leadUnitId, supervisingUnitId: null, parts: [] });
    expect(mayUploadEvidence(office, led(TOWN))).toBe(true);
    expect(mayUploadEvidence(unit, led(TOWN))).toBe(true);
    expect(mayUploadEvidence(unit, led(PEER))).toBe(false);
    expect(mayUploadEvidence(unit, { ...led(PEER), supervisingUnitId: TOWN })).toBe(true);
    expect(mayUploadEvidence(unit, { ...led(PEER), parts: [{ unitId: TOWN }] })).toBe(true);
    expect(mayUploadEvidence(leader, led(TOWN))).toBe(false);
    expect(mayUploadEvidence(lost, led(null))).toBe(false);
    expect([office, leader, unit, null].map(maySeeComplainant)).toEqual([true, false, false, false]);
    // who was interviewed or held to account: the office and leaders, never a unit (not even about itself)
    expect([office, leader, unit, lost].map(maySeeAccountablePerson)).toEqual([true, true, false, false]);
  });

  it('lets a screen token (read-only leader) read what a leader reads and change nothing', () => {
    const screen = { role: 'LEADER' as const, unitId: null, readOnly: true };
    const operations = Object.keys(OPERATIONS) as Operation[];
    expect(operations.filter((o) => can(screen, o)).sort()).toEqual(
      operations.filter((o) => can(leader, o) && o !== 'instructIssues').sort(),
    );
    expect([mayWrite(screen), mayWrite(leader), mayWrite(office), mayWrite(unit)]).toEqual([false, true, true, true]);
    // Even as the office it would upload nothing.
    const led = { leadUnitId: TOWN, supervisingUnitId: null, parts: [] };
    expect(mayUploadEvidence({ ...office, readOnly: true }, led)).toBe(false);
    expect(tableRowsFor(screen)).toEqual(ALL_ROWS);
    expect(inboxOf(screen)).toBeNull();
  });

  it('gives a unit its own inbox, the office and leaders the leaders’', () => {
    expect([inboxOf(unit), inboxOf(office), inboxOf(leader)]).toEqual([TOWN, null, null]);
    expect(inboxOf(lost)).toBe(NO_UNIT);
  });
});

describe('the city’s mutations (issue #28)', () => {
  const cityOffice = { role: 'CITY_OFFICE' as const, unitId: null, districtId: null };
  const cityLeader = { role: 'CITY_LEADER' as const, unitId: null, districtId: null };

  it('lets the city’s office hand down and sign or send back (the machine: CITY_REVIEW only), and nothing else', () => {
    for (const m of ['handDownIssues', 'signOffIssue', 'sendBackIssue']) expect(mayMutate(cityOffice, m)).toBe(true);
    for (const m of ['fileIssue', 'verifyIssue', 'closeIssue', 'createToken', 'setClosurePolicy'])
      expect(mayMutate(cityOffice, m)).toBe(false);
    expect(can(cityOffice, 'handDownIssues')).toBe(true);
  });

  it('lets the city’s leaders, a screen token and a district’s roles hand nothing down', () => {
    for (const m of ['handDownIssues', 'signOffIssue', 'sendBackIssue']) expect(mayMutate(cityLeader, m)).toBe(false);
    expect(mayMutate({ ...cityOffice, readOnly: true }, 'signOffIssue')).toBe(false);
    for (const role of ['OFFICE', 'UNIT', 'LEADER', 'CITY_LEADER'] as const)
      expect(can({ role, unitId: null }, 'handDownIssues')).toBe(false);
  });
});
