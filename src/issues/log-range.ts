// The log read in batches of finished transactions, as the figures' projector and the webhook planner take it.
import type { DataSource, EntityManager } from 'typeorm';
import { tryTransactionLock } from '../database/advisory-lock.js';
import { perDistrict } from '../tenancy/district-scope.js';

/**
 * Below this transaction id every transaction of this database has finished, as of the current snapshot: its oldest
 * transaction still running, or the snapshot's end. The snapshot's own horizon (pg_snapshot_xmin) is the whole
 * server's, so a long transaction in another database would hold back everything read behind it; a running
 * transaction is passed over only when pg_stat_activity shows it in another database (one that finished meanwhile, or
 * whose session this role may not see, is waited for).
 */
export const LOG_HORIZON_SQL = `(
  SELECT COALESCE(min(x), pg_snapshot_xmax(pg_current_snapshot()))
    FROM pg_snapshot_xip(pg_current_snapshot()) x
   WHERE NOT EXISTS (SELECT 1 FROM pg_stat_activity a
                      WHERE a.datname IS NOT NULL AND a.datname <> current_database()
                        AND a.backend_xid::text::bigint = (x::text::bigint & 4294967295)))`;

/**
 * The end of the next batch of log rows of transactions in [from, below): about `maxRows` rows, never a transaction
 * split (a cut inside the first transaction takes that one transaction whole). `full`: more rows may wait past it.
 */
export async function nextLogBatch(
  m: EntityManager,
  from: string,
  below: string,
  maxRows: number,
): Promise<{ upTo: string; full: boolean }> {
  const [cut] = (await m.query(
    `SELECT tx::text AS tx FROM issue_events WHERE tx >= $1::xid8 AND tx < $2::xid8 ORDER BY tx OFFSET $3 LIMIT 1`,
    [from, below, maxRows],
  )) as { tx: string }[];
  if (!cut) return { upTo: below, full: false };
  return { upTo: cut.tx === from ? String(BigInt(from) + 1n) : cut.tx, full: true };
}

/**
 * One batch of the log handed on by a follower that keeps its position in a one-row table (`planned_below`): under its
 * advisory lock (one follower at a time), what is new up to the oldest transaction still running is given to
 * `handle`, and the position moves in the same transaction as what `handle` wrote. True when more may wait.
 */
export async function followLog(
  db: DataSource,
  follower: { lock: number; positionTable: 'webhook_dispatch' | 'notification_dispatch'; maxRows: number },
  handle: (m: EntityManager, from: string, upTo: string) => Promise<unknown>,
): Promise<boolean> {
  // Each district follows its own log with its own position (a row per district), in its own setting.
  const more = await perDistrict(db, () => followDistrictLog(db, follower, handle));
  return more.some(Boolean);
}

function followDistrictLog(
  db: DataSource,
  follower: { lock: number; positionTable: 'webhook_dispatch' | 'notification_dispatch'; maxRows: number },
  handle: (m: EntityManager, from: string, upTo: string) => Promise<unknown>,
): Promise<boolean> {
  return db.transaction('REPEATABLE READ', async (m) => {
    if (!(await tryTransactionLock(m, follower.lock))) return false;
    const [{ lo, hi }] = (await m.query(
      `SELECT planned_below::text AS lo, ${LOG_HORIZON_SQL}::text AS hi FROM ${follower.positionTable}`,
    )) as { lo: string; hi: string }[];
    if (BigInt(hi) <= BigInt(lo)) return false;
    const { upTo, full } = await nextLogBatch(m, lo, hi, follower.maxRows);
    await handle(m, lo, upTo);
    await m.query(`UPDATE ${follower.positionTable} SET planned_below = $1::xid8`, [upTo]);
    return full;
  });
}
