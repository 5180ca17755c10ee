// Who may read what of the figures: the tables (closureReport, weeklyReport, the bulletin), the score. Figure services
// take the scope this answers, never a caller. (Events keep their rules in the machine's actorMaySend and operations
// in @Roles; this module is where the rest moves.)
import type { Role } from '../../workflows/issue.types.js';
import { NO_UNIT } from '../units/unit.record.js';

/** Whom a caller is, as far as the rules care. */
export interface Principal {
  role: Role;
  unitId: string | null;
}

/** The rows of a table a caller reads: every unit's (`onlyUnitId` null), or one unit's. The total row is always read. */
export interface RowScope {
  onlyUnitId: string | null;
}

export const ALL_ROWS: RowScope = { onlyUnitId: null };

/**
 * A unit reads its own row (and the district's total), not its peers' — a unit token that has lost its unit, none; the
 * office and leaders read every row.
 */
export function tableRowsFor(who: Principal): RowScope {
  return who.role === 'UNIT' ? { onlyUnitId: who.unitId ?? NO_UNIT } : ALL_ROWS;
}

/**
 * Whether a caller may narrow a table to a unit (its rows and their total): the office and leaders any unit, a unit
 * itself or a unit under it — never a peer, whose total it would read. `isWithin(a, b)`: a is b or under b.
 */
export async function mayNarrowTableTo(
  who: Principal,
  unitId: string,
  isWithin: (unitId: string, ancestorId: string) => Promise<boolean>,
): Promise<boolean> {
  if (who.role !== 'UNIT') return true;
  return who.unitId !== null && (await isWithin(unitId, who.unitId));
}

/**
 * Whose problems a caller may have announced to a webhook (`unitId` null: every problem): the office any unit's or
 * all; a unit its own only; nobody else.
 */
export function mayWatch(who: Principal, unitId: string | null): boolean {
  if (who.role === 'OFFICE') return true;
  return who.role === 'UNIT' && who.unitId !== null && unitId === who.unitId;
}

/**
 * Whose problems' events a caller may follow live (`unitId` null: every problem): the office and leaders any unit's
 * or all; a unit its own only.
 */
export function mayFollow(who: Principal, unitId: string | null): boolean {
  if (who.role !== 'UNIT') return true;
  return who.unitId !== null && unitId === who.unitId;
}

/**
 * Whose inbox a caller reads: a unit its own (a unit token that has lost its unit, none); the office and leaders the
 * leaders' (`null`: the daily digest).
 */
export function inboxOf(who: Principal): string | null {
  return who.role === 'UNIT' ? (who.unitId ?? NO_UNIT) : null;
}
