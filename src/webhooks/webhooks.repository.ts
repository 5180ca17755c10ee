// The SQL of webhooks and their deliveries (migration 1763900000022).
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { failPending } from '../common/delivery-attempts.js';

export interface WebhookRecord {
  id: string;
  url: string;
  events: string[];
  unitId: string | null;
  description: string | null;
  createdAt: Date;
}

export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED';

export interface DeliveryRecord {
  id: string;
  webhookId: string;
  issueId: string;
  seq: number;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  lastResponseCode: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

/** A delivery due now, with what its message and signature need. */
export interface DueDelivery {
  id: string;
  attempts: number;
  url: string;
  secret: string;
  issueId: string;
  code: string;
  seq: number;
  type: string;
  fromState: string | null;
  toState: string;
  leadUnitId: string | null;
  dueAt: Date | null;
  at: Date;
}

const WEBHOOK = `w.id, w.url, w.events, w.unit_id AS "unitId", w.description, w.created_at AS "createdAt"`;
const DELIVERY = `d.id, d.webhook_id AS "webhookId", d.issue_id AS "issueId", d.seq, d.event_type AS "eventType", d.status,
  d.attempts, d.last_response_code AS "lastResponseCode", d.last_error AS "lastError", d.next_attempt_at AS "nextAttemptAt",
  d.created_at AS "createdAt", d.delivered_at AS "deliveredAt"`;

@Injectable()
export class WebhooksRepository {
  constructor(private readonly db: DataSource) {}

  async create(row: Omit<WebhookRecord, 'id'> & { secret: string; createdByTokenId: string }): Promise<WebhookRecord> {
    const [created]: WebhookRecord[] = await this.db.query(
      `INSERT INTO webhooks AS w (url, events, unit_id, description, secret, created_by_token_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${WEBHOOK}`,
      [row.url, row.events, row.unitId, row.description, row.secret, row.createdByTokenId, row.createdAt],
    );
    return created;
  }

  /** The webhooks in force: every one (`unitId` undefined), or one unit's. */
  list(unitId?: string): Promise<WebhookRecord[]> {
    return this.db.query(
      `SELECT ${WEBHOOK} FROM webhooks w WHERE w.deleted_at IS NULL AND ($1::uuid IS NULL OR w.unit_id = $1)
        ORDER BY w.created_at, w.id`,
      [unitId ?? null],
    );
  }

  async byId(id: string): Promise<WebhookRecord | null> {
    const [row]: WebhookRecord[] = await this.db.query(
      `SELECT ${WEBHOOK} FROM webhooks w WHERE w.id = $1 AND w.deleted_at IS NULL`,
      [id],
    );
    return row ?? null;
  }

  /** Stops it: nothing more is planned for it, and what it still had pending fails with the reason. */
  async delete(id: string, at: Date): Promise<boolean> {
    return this.db.transaction(async (m) => {
      const [, deleted]: [unknown, number] = await m.query(
        `UPDATE webhooks SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL`,
        [id, at],
      );
      if (deleted === 0) return false;
      await failPending(m, 'webhook_deliveries', id, 'webhook deleted');
      return true;
    });
  }

  /** Newest first (planned together: the later log row first); `after` is the last delivery id of the page before. */
  deliveries(webhookId: string, first: number, after: string | null): Promise<DeliveryRecord[]> {
    return this.db.query(
      `SELECT ${DELIVERY} FROM webhook_deliveries d
        WHERE d.webhook_id = $1
          AND ($3::uuid IS NULL
               OR (d.created_at, d.event_id, d.id) < (SELECT created_at, event_id, id FROM webhook_deliveries WHERE id = $3))
        ORDER BY d.created_at DESC, d.event_id DESC, d.id DESC LIMIT $2`,
      [webhookId, first, after],
    );
  }

  async delivery(id: string): Promise<DeliveryRecord | null> {
    const [row]: DeliveryRecord[] = await this.db.query(
      `SELECT ${DELIVERY} FROM webhook_deliveries d WHERE d.id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** Sends it again, as soon as the problem's earlier deliveries allow; the same message id. */
  async redeliver(id: string, at: Date): Promise<DeliveryRecord | null> {
    const [rows]: [DeliveryRecord[], number] = await this.db.query(
      `UPDATE webhook_deliveries d SET status = 'PENDING', next_attempt_at = $2, last_error = NULL
         FROM webhooks w WHERE d.id = $1 AND w.id = d.webhook_id AND w.deleted_at IS NULL
       RETURNING ${DELIVERY}`,
      [id, at],
    );
    return rows[0] ?? null;
  }

  /**
   * Plans the deliveries of the log rows of transactions in [$1, $2): one per webhook that takes the event's type and
   * may see the problem — the office's every problem, a unit's those it leads, cooperates on or supervises, or held until this
   * event (issue_former_holders) — and was registered by the event's time. Returns the rows planned.
   */
  async plan(m: EntityManager, from: string, below: string, at: Date): Promise<number> {
    const planned: unknown[] = await m.query(
      `INSERT INTO webhook_deliveries (webhook_id, event_id, issue_id, seq, event_type, next_attempt_at, created_at)
       SELECT w.id, e.id, e.issue_id, e.seq, 'issue.' || e.type, $3, $3
         FROM issue_events e
         JOIN issues i ON i.id = e.issue_id
         JOIN webhooks w ON w.deleted_at IS NULL AND e.at >= w.created_at
          AND (cardinality(w.events) = 0 OR 'issue.' || e.type = ANY (w.events))
          AND (w.unit_id IS NULL OR w.unit_id = e.lead_unit_id OR w.unit_id = ANY (i.cooperating_unit_ids)
               OR w.unit_id = i.supervising_unit_id
               OR EXISTS (SELECT 1 FROM issue_former_holders f
                           WHERE f.unit_id = w.unit_id AND f.issue_id = e.issue_id AND e.seq <= f.until_seq))
        WHERE e.tx >= $1::xid8 AND e.tx < $2::xid8
        ORDER BY e.issue_id, e.seq
       ON CONFLICT (webhook_id, event_id, district_id) DO NOTHING
       RETURNING 1`,
      [from, below, at],
    );
    return planned.length;
  }

  /**
   * Up to `limit` deliveries due at `now`, locked (those another dispatcher holds are skipped): for each problem and
   * webhook only the earliest still pending, so a problem's messages reach a receiver in order.
   */
  claimDue(m: EntityManager, now: Date, limit: number): Promise<DueDelivery[]> {
    return m.query(
      `SELECT d.id, d.attempts, w.url, w.secret, e.issue_id AS "issueId", i.code, e.seq, e.type,
              e.from_state AS "fromState", e.to_state AS "toState", e.lead_unit_id AS "leadUnitId", e.due_at AS "dueAt",
              e.at
         FROM webhook_deliveries d
         JOIN webhooks w ON w.id = d.webhook_id
         JOIN issue_events e ON e.id = d.event_id
         JOIN issues i ON i.id = d.issue_id
        WHERE d.status = 'PENDING' AND d.next_attempt_at <= $1
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p
                           WHERE p.webhook_id = d.webhook_id AND p.issue_id = d.issue_id AND p.seq < d.seq
                             AND p.status = 'PENDING')
        ORDER BY d.next_attempt_at
        LIMIT $2
        FOR UPDATE OF d SKIP LOCKED`,
      [now, limit],
    );
  }
}
