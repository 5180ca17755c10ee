import type { EntityManager } from 'typeorm';

/** Takes a transaction-level advisory lock if free: one holder at a time (a planner, the projector), never waiting. */
export async function tryTransactionLock(m: EntityManager, key: number): Promise<boolean> {
  const [{ got }] = (await m.query(`SELECT pg_try_advisory_xact_lock($1) AS got`, [key])) as { got: boolean }[];
  return got;
}
