// Who may do what, in one place: which roles may call each operation (the guard reads OPERATIONS for every GraphQL
// operation and HTTP route marked @Allowed), and what of the figures, webhooks, live events and inboxes a caller
// reaches. Figure services take the scope this answers, never a caller. A problem's events keep their rules in the
// pure machine (workflows/issue.rules.ts, actorMaySend), which the transition path asks; which problems a caller may
// see is issues/issue-visibility.ts.
import type { Role } from '../../workflows/issue.types.js';
import { NO_UNIT } from '../units/unit.record.js';

/** Whom a caller is, as far as the rules care. */
export interface Principal {
  role: Role;
  unitId: string | null;
  /** Its district (null: the city's roles, every district); row-level security holds it to it underneath. */
  districtId?: string | null;
  /** A screen token (大屏令牌): reads as its role (a leader), changes nothing. Absent: an ordinary token. */
  readOnly?: boolean;
}

/** The city's roles (市整改办, 市领导): above every district, their district none (they read every district's). */
export const CITY_ROLES: readonly Role[] = ['CITY_OFFICE', 'CITY_LEADER'];
export const isCityRole = (role: Role | string): boolean => role === 'CITY_OFFICE' || role === 'CITY_LEADER';

/**
 * The refusal a city caller gets for what only a district does: the city's office hands problems down
 * (handDownIssues), signs the city's review (CITY_REVIEW) of a district's closure and sets the city's weights
 * (setCityWeights); everything else in a district's list is the district's own, and the city's leaders change nothing.
 */
export const CITY_REFUSAL =
  'The city’s roles read every district; the city’s office hands problems down (handDownIssues), signs the city’s review (CITY_REVIEW, signOffIssue / sendBackIssue) and sets the city’s weights (setCityWeights) — the rest of a district’s work is the district’s, and the city’s leaders change nothing';

/**
 * The mutations the city's office may call (the guard lets it through; who may call each is still OPERATIONS', and
 * which step a sign-off or send-back may be is the machine's to say: actorMaySend, CITY_REVIEW only).
 */
export const CITY_OFFICE_MUTATIONS: ReadonlySet<string> = new Set([
  'handDownIssues',
  'signOffIssue',
  'sendBackIssue',
  'setCityWeights',
]);

/** Whether a caller may call this mutation at all: whoever may write, and the city's office its own few. */
export const mayMutate = (who: Principal, mutation: string): boolean =>
  mayWrite(who) || (who.role === 'CITY_OFFICE' && !who.readOnly && CITY_OFFICE_MUTATIONS.has(mutation));

/**
 * Who may call each operation, by role. The city's roles (CITY_OFFICE, CITY_LEADER) read what a district's leaders
 * read, in every district; they change nothing yet.
 */
export const OPERATIONS = {
  manageUnits: ['OFFICE'],
  manageTokens: ['OFFICE'],
  manageCalendar: ['OFFICE'],
  fileIssues: ['OFFICE'],
  assignIssues: ['OFFICE'],
  markDuplicates: ['OFFICE'],
  importHandovers: ['OFFICE'],
  publishEvidence: ['OFFICE'],
  verifyLog: ['OFFICE'],
  manageEcoIndicators: ['OFFICE'],
  manageEcoSettings: ['OFFICE'],
  reportEco: ['OFFICE', 'UNIT'],
  reviewEcoReports: ['OFFICE'],
  readEcoAudit: ['OFFICE', 'LEADER', 'CITY_OFFICE', 'CITY_LEADER'],
  exportFigures: ['OFFICE', 'UNIT', 'LEADER', 'CITY_OFFICE', 'CITY_LEADER'],
  manageWebhooks: ['OFFICE', 'UNIT'],
  followEvents: ['OFFICE', 'UNIT', 'LEADER', 'CITY_OFFICE', 'CITY_LEADER'],
  manageContacts: ['OFFICE'],
  readNotificationRules: ['OFFICE', 'LEADER', 'CITY_OFFICE', 'CITY_LEADER'],
  manageNotificationRules: ['OFFICE'],
  readTextMessages: ['OFFICE'],
  readInbox: ['OFFICE', 'UNIT', 'LEADER'],
  readClosurePolicies: ['OFFICE', 'UNIT', 'LEADER', 'CITY_OFFICE', 'CITY_LEADER'],
  manageClosurePolicies: ['OFFICE'],
  superviseIssues: ['OFFICE'],
  replyToOrders: ['OFFICE', 'UNIT'],
  readSupervision: ['OFFICE', 'UNIT', 'LEADER', 'CITY_OFFICE', 'CITY_LEADER'],
  instructIssues: ['LEADER'],
  acknowledgeInstructions: ['OFFICE', 'UNIT'],
  recordAccountability: ['OFFICE'],
  readAccountability: ['OFFICE', 'UNIT', 'LEADER', 'CITY_OFFICE', 'CITY_LEADER'],
  /**
   * 回头看: the office starts, concludes and ends campaigns; a unit reports its self-checks (the office may record one
   * for it); everyone reads, a unit its own items.
   */
  manageLookbacks: ['OFFICE'],
  reportLookbacks: ['OFFICE', 'UNIT'],
  readLookbacks: ['OFFICE', 'UNIT', 'LEADER', 'CITY_OFFICE', 'CITY_LEADER'],
  /** 市级下达: the city's office files a problem into one or more districts' lists (handDownIssues). */
  handDownIssues: ['CITY_OFFICE'],
  /** The city's ranking of districts (districtScores): the city's roles every district, a district's office and leaders their own row. */
  readDistrictScores: ['OFFICE', 'LEADER', 'CITY_OFFICE', 'CITY_LEADER'],
  /** The city's weights (setCityWeights): the city's office only. */
  manageCityWeights: ['CITY_OFFICE'],
} as const satisfies Record<string, readonly Role[]>;

export type Operation = keyof typeof OPERATIONS;

/** The operations that change nothing (an export is a download): all a read-only caller may call. */
const READ_OPERATIONS: ReadonlySet<Operation> = new Set<Operation>([
  'readEcoAudit',
  'exportFigures',
  'followEvents',
  'readNotificationRules',
  'readTextMessages',
  'readInbox',
  'readClosurePolicies',
  'readSupervision',
  'readAccountability',
  'readLookbacks',
  'readDistrictScores',
]);

export function can(who: Principal, operation: Operation): boolean {
  if (who.readOnly && !READ_OPERATIONS.has(operation)) return false;
  return (OPERATIONS[operation] as readonly Role[]).includes(who.role);
}

/**
 * Whether a caller may change anything at all — any mutation (over HTTP or graphql-ws), upload, import or other
 * request that is not a read: a screen token (大屏令牌) may not, whatever its role would allow.
 */
export const mayWrite = (who: Principal): boolean => !who.readOnly && !isCityRole(who.role);

/** The refusal's words for a read-only caller, the same wherever it is refused. */
export const READ_ONLY_REFUSAL = 'A screen token (大屏令牌) is read-only: it may not change anything';

/** Why a caller may not change anything (mayWrite false): a screen token, or the city's roles for now. */
export const writeRefusal = (who: Principal): string => (isCityRole(who.role) ? CITY_REFUSAL : READ_ONLY_REFUSAL);

/** Screen tokens are issued as leaders: they read what a leader reads (the district's figures, every problem). */
export const SCREEN_ROLE: Role = 'LEADER';

/**
 * The unit a caller's webhook, subscription or list is about: the one it names — or, for a unit that names none, its
 * own (a unit's is its own unit's whether it says so or not); null for the office and leaders naming none (every unit).
 */
export function unitInScope(who: Principal, named: string | null | undefined): string | null {
  return named ?? (who.role === 'UNIT' ? (who.unitId ?? NO_UNIT) : null);
}

/**
 * The unit a caller narrows a list or a report to: the office and leaders the one they name (null: every unit); a unit
 * itself, named or not — `refused` when it names another.
 */
export function ownUnitOnly(who: Principal, named: string | null | undefined): { unitId: string | null } | 'refused' {
  if (who.role !== 'UNIT') return { unitId: named ?? null };
  if (named && named !== who.unitId) return 'refused';
  return { unitId: who.unitId ?? NO_UNIT };
}

/**
 * Evidence is uploaded by the office, or by a unit with work of its own on the problem: its lead, its supervising
 * department (the review's documents), a cooperating unit with a part (配合任务). Which event it may attach to is the
 * machine's to say (evidenceRefusal).
 */
export function mayUploadEvidence(
  who: Principal,
  issue: { leadUnitId: string | null; supervisingUnitId: string | null; parts: readonly { unitId: string }[] },
): boolean {
  if (!mayWrite(who)) return false;
  if (who.role === 'OFFICE') return true;
  const unit = who.role === 'UNIT' ? who.unitId : null;
  return (
    unit !== null &&
    (unit === issue.leadUnitId || unit === issue.supervisingUnitId || issue.parts.some((p) => p.unitId === unit))
  );
}

/** A complainant's identity reaches the office only. */
export const maySeeComplainant = (who: Principal | null): boolean => who?.role === 'OFFICE';

/** So does the identity of whoever objected to a closure in its public notice (公示异议). */
export const maySeeObjectors = maySeeComplainant;

/**
 * Who was interviewed or held to account (name and post) reaches the office and leaders only; a unit reads its own
 * unit's records without the person, in the API and in the weekly bulletin alike.
 */
export const maySeeAccountablePerson = (who: Principal): boolean =>
  who.role === 'OFFICE' || who.role === 'LEADER' || isCityRole(who.role);

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
