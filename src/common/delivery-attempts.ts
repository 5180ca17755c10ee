// The outcome of sending what the service announces (webhook deliveries, text messages), recorded the same way for
// each: sent, tried again at its next time, or failed for good when the schedule is spent or its owner is gone.
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

/** What a sender's pending attempts are kept by: the webhook of a delivery, the contact of a text message. */
const OWNERS = { webhook_deliveries: 'webhook_id', notification_messages: 'contact_id' } as const;

/** Its owner gone (a webhook deleted, a contact removed), what it still had pending fails for good, with the reason. */
export async function failPending(
  m: EntityManager,
  table: keyof typeof OUTBOXES,
  ownerId: string,
  reason: string,
): Promise<void> {
  await m.query(
    `UPDATE ${table} SET status = 'FAILED', next_attempt_at = NULL, last_error = $2
      WHERE ${OWNERS[table]} = $1 AND status = 'PENDING'`,
    [ownerId, reason],
  );
}
