// The outcome of sending what the service announces (webhook deliveries, text messages), recorded the same way for
// each: sent, tried again at its next time, or failed for good when the schedule is spent.
import type { EntityManager } from 'typeorm';

export interface Attempt {
  id: string;
  /** The receiver's status code; null when none came. */
  status: number | null;
  /** Why it failed; null when it was sent. */
  error: string | null;
  /** When it is tried again; null: not again. */
  next: Date | null;
}

/** The tables that hold attempts, with the status and the column a success sets. */
const OUTBOXES = {
  webhook_deliveries: { sent: 'DELIVERED', sentAt: 'delivered_at' },
  notification_messages: { sent: 'SENT', sentAt: 'sent_at' },
} as const;

export async function recordAttempts(
  m: EntityManager,
  table: keyof typeof OUTBOXES,
  attempts: Attempt[],
  at: Date,
): Promise<void> {
  const { sent, sentAt } = OUTBOXES[table];
  await m.query(
    `UPDATE ${table} d
        SET attempts = d.attempts + 1, last_response_code = a.status, last_error = a.error,
            status = CASE WHEN a.error IS NULL THEN '${sent}' WHEN a.next IS NULL THEN 'FAILED' ELSE 'PENDING' END,
            ${sentAt} = CASE WHEN a.error IS NULL THEN $5::timestamptz END,
            next_attempt_at = CASE WHEN a.error IS NULL THEN NULL ELSE a.next END
       FROM unnest($1::uuid[], $2::int[], $3::text[], $4::timestamptz[]) a(id, status, error, next)
      WHERE d.id = a.id`,
    [
      attempts.map((a) => a.id),
      attempts.map((a) => a.status),
      attempts.map((a) => a.error),
      attempts.map((a) => a.next),
      at,
    ],
  );
}
