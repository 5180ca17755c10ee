// What a delivery says and how it is signed (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature).
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { DueDelivery } from './webhooks.repository.js';

/** A new signing secret: "whsec_" + base64 of 24 random bytes, as the specification's libraries take it. */
export const newSecret = (): string => `whsec_${randomBytes(24).toString('base64')}`;

/** The message of one log row: its problem, event and the facts after it — never a complainant's identity. */
export function messageOf(d: DueDelivery): string {
  return JSON.stringify({
    type: `issue.${d.type}`,
    timestamp: d.at.toISOString(),
    data: {
      issueId: d.issueId,
      code: d.code,
      seq: d.seq,
      fromState: d.fromState,
      toState: d.toState,
      state: d.toState.split('.')[0],
      substate: d.toState,
      leadUnitId: d.leadUnitId,
      dueAt: d.dueAt?.toISOString() ?? null,
      at: d.at.toISOString(),
    },
  });
}

/** The headers of one attempt. `sentAt` is the wall clock's: the receiver checks it against its own. */
export function signedHeaders(messageId: string, secret: string, body: string, sentAt: Date): Record<string, string> {
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(messageId, sentAt, body),
  };
}

/**
 * When the next attempt goes after a failed one, by attempts made so far — the schedule the Standard Webhooks
 * specification suggests (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: 27.6 hours in all); null: failed for good.
 */
const RETRY_AFTER_SECONDS = [5, 300, 1800, 7200, 18_000, 36_000, 36_000];

export function nextAttempt(attemptsMade: number, at: Date): Date | null {
  const wait = RETRY_AFTER_SECONDS[attemptsMade - 1];
  return wait === undefined ? null : new Date(at.getTime() + wait * 1000);
}
