// The log read in batches of finished transactions, as the figures' projector and the webhook planner take it.
import type { EntityManager } from 'typeorm';

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
