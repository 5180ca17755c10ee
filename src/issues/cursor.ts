import { badInput } from '../common/domain-error.js';

/** Opaque keyset cursors over (filedAt, id). */
export function encodeCursor(filedAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([filedAt.toISOString(), id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function decodeCursor(cursor: string): { filedAt: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    const filedAt = new Date(String(at));
    if (typeof id === 'string' && UUID.test(id) && !Number.isNaN(filedAt.getTime())) return { filedAt, id };
  } catch {
    // fall through to the uniform error
  }
  throw badInput(['after'], 'Unknown cursor');
}
