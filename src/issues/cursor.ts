import { badInput } from '../common/domain-error.js';
import { isInstantInRange } from '../common/scalars.js';

/** The list's orders (IssueOrderField): by filing, by the last event, by the deadline. */
export const ISSUE_ORDER_FIELDS = ['FILED_AT', 'UPDATED_AT', 'DUE_AT'] as const;
export type IssueOrderField = (typeof ISSUE_ORDER_FIELDS)[number];

/** A place in one order: the row's key there and its id (ties broken by id). A null key: no deadline (DUE_AT). */
export interface ListPosition {
  key: Date | null;
  id: string;
}

/** What a cursor is made from: the row's keys. */
export interface Keyed {
  id: string;
  filedAt: Date;
  updatedAt: Date;
  dueAt: Date | null;
}

export function keyOf(field: IssueOrderField, row: Keyed): Date | null {
  return field === 'FILED_AT' ? row.filedAt : field === 'UPDATED_AT' ? row.updatedAt : row.dueAt;
}

// A FILED_AT cursor keeps the shape it always had ([filedAt, id]), so cursors handed out before the other orders
// existed still read; the others say their order first.
const TAG: Record<IssueOrderField, string | null> = { FILED_AT: null, UPDATED_AT: 'updatedAt', DUE_AT: 'dueAt' };

/** Opaque keyset cursor: the row's place in the order `field`. */
export function encodeCursor(field: IssueOrderField, row: Keyed): string {
  const key = keyOf(field, row);
  const tag = TAG[field];
  const body = [key ? key.toISOString() : null, row.id];
  return Buffer.from(JSON.stringify(tag ? [tag, ...body] : body)).toString('base64url');
}

const UNKNOWN = '不是本服务给出的游标';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Only what encodeCursor could have made for this order: a date it wrote (toISOString, within the years a DateTime
 * may hold, so PostgreSQL can compare with it; null only for a deadline) and a UUID. Anything else is the one uniform
 * error on the argument, from any caller, anonymous too; a cursor of another order says so.
 */
export function decodeCursor(cursor: string, field: IssueOrderField, arg: 'after' | 'before'): ListPosition {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badInput([arg], UNKNOWN, 'MALFORMED');
  }
  const found = Array.isArray(decoded) ? parse(decoded as unknown[]) : null;
  if (!found) throw badInput([arg], UNKNOWN, 'MALFORMED');
  if (found.field !== field)
    throw badInput([arg], `游标属于 ${found.field} 排序，与所请求的 ${field} 排序不符`, 'CONFLICTING');
  return found.position;
}

function parse(parts: unknown[]): { field: IssueOrderField; position: ListPosition } | null {
  const field =
    parts.length === 2 ? 'FILED_AT' : ISSUE_ORDER_FIELDS.find((f) => TAG[f] !== null && TAG[f] === parts[0]);
  if (!field || parts.length !== (TAG[field] ? 3 : 2)) return null;
  const [at, id] = parts.slice(-2);
  if (typeof id !== 'string' || !UUID.test(id)) return null;
  if (at === null) return field === 'DUE_AT' ? { field, position: { key: null, id } } : null;
  const key = typeof at === 'string' ? new Date(at) : new Date(Number.NaN);
  if (!isInstantInRange(key) || key.toISOString() !== at) return null;
  return { field, position: { key, id } };
}
