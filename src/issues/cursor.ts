import { badInput } from '../common/domain-error.js';
import { isInstantInRange } from '../common/scalars.js';

/** Opaque keyset cursors over (filedAt, id). */
export function encodeCursor(filedAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([filedAt.toISOString(), id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Only what encodeCursor could have made: a date it wrote (toISOString, within the years a DateTime may hold, so
 * PostgreSQL can compare with it) and a UUID. Anything else is the one uniform error, from any caller, anonymous too.
 */
export function decodeCursor(cursor: string): { filedAt: Date; id: string } {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 2) {
      const [at, id] = decoded as unknown[];
      const filedAt = typeof at === 'string' ? new Date(at) : new Date(Number.NaN);
      if (typeof id === 'string' && UUID.test(id) && isInstantInRange(filedAt) && filedAt.toISOString() === at) return { filedAt, id };
    }
  } catch {
    // fall through to the uniform error
  }
  throw badInput(['after'], 'Unknown cursor');
}
