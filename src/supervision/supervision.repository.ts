// The SQL of supervision orders (督办单), leaders' instructions (批示) and the office's supervision settings. Orders and
// instructions are written in the transaction of the events that issue and answer them (TransitionService.applyAll).
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { OrderLevel } from '../../workflows/issue.types.js';

export const ORDER_STATUSES = ['AWAITING_REPLY', 'REPLIED', 'CLOSED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrderRecord {
  id: string;
  number: string;
  level: OrderLevel;
  reasons: string;
  unitId: string;
  issueIds: string[];
  replyDueAt: Date;
  issuedAt: Date;
  issuedBy: string;
  automatic: boolean;
  status: OrderStatus;
  explanation: string | null;
  measures: string | null;
  repliedAt: Date | null;
  repliedBy: string | null;
  replies: number;
  decisionComment: string | null;
  decidedAt: Date | null;
  closedAt: Date | null;
}

export interface InstructionRecord {
  id: string;
  text: string;
  orderId: string | null;
  unitId: string | null;
  issueIds: string[];
  issuedAt: Date;
  issuedBy: string;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  acknowledgement: string | null;
}

export interface SupervisionSettings {
  /** The rungs of the escalation ladder at which the deadline sweep also issues an order. */
  autoOrderLevels: OrderLevel[];
  /** Working days a unit has to reply to an order when the office names no date. */
  replyWorkingDays: number;
  updatedAt: Date;
}

const ORDER_COLUMNS = `o.id, o.number, o.level, o.reasons, o.unit_id AS "unitId", o.issue_ids AS "issueIds",
  o.reply_due_at AS "replyDueAt", o.issued_at AS "issuedAt", o.issued_by AS "issuedBy", o.automatic, o.status,
  o.explanation, o.measures, o.replied_at AS "repliedAt", o.replied_by AS "repliedBy", o.replies,
  o.decision_comment AS "decisionComment", o.decided_at AS "decidedAt", o.closed_at AS "closedAt"`;

const INSTRUCTION_COLUMNS = `n.id, n.text, n.order_id AS "orderId", n.unit_id AS "unitId", n.issue_ids AS "issueIds",
  n.issued_at AS "issuedAt", n.issued_by AS "issuedBy", n.acknowledged_at AS "acknowledgedAt",
  n.acknowledged_by AS "acknowledgedBy", n.acknowledgement`;

export interface OrderFilter {
  /** Only this unit's (null: every unit's). */
  unitId: string | null;
  status: OrderStatus | null;
  /** Only those awaiting a reply past its date, as of `now`. */
  overdueAt: Date | null;
  issueId: string | null;
  limit: number;
}

@Injectable()
export class SupervisionRepository {
  constructor(private readonly db: DataSource) {}

  /** A new order, unless its number is taken (then false: the caller refuses the whole transaction). */
  async insertOrder(
    m: EntityManager,
    o: Omit<
      OrderRecord,
      | 'status'
      | 'explanation'
      | 'measures'
      | 'repliedAt'
      | 'repliedBy'
      | 'replies'
      | 'decisionComment'
      | 'decidedAt'
      | 'closedAt'
    >,
  ): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO supervision_orders (id, number, level, reasons, unit_id, issue_ids, reply_due_at, issued_at, issued_by, automatic)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (number, district_id) DO NOTHING RETURNING id`,
      [o.id, o.number, o.level, o.reasons, o.unitId, o.issueIds, o.replyDueAt, o.issuedAt, o.issuedBy, o.automatic],
    );
    return rows.length === 1;
  }

  async recordReply(
    m: EntityManager,
    id: string,
    r: { explanation: string; measures: string; at: Date; by: string },
  ): Promise<void> {
    await m.query(
      `UPDATE supervision_orders SET status = 'REPLIED', explanation = $2, measures = $3, replied_at = $4,
              replied_by = $5, replies = replies + 1 WHERE id = $1`,
      [id, r.explanation, r.measures, r.at, r.by],
    );
  }

  async recordDecision(
    m: EntityManager,
    id: string,
    d: { accepted: boolean; comment: string | null; at: Date },
  ): Promise<void> {
    await m.query(
      `UPDATE supervision_orders SET status = CASE WHEN $2 THEN 'CLOSED' ELSE 'AWAITING_REPLY' END,
              decision_comment = $3, decided_at = $4::timestamptz, closed_at = CASE WHEN $2 THEN $4::timestamptz END
        WHERE id = $1`,
      [id, d.accepted, d.comment, d.at],
    );
  }

  async order(id: string, m: EntityManager = this.db.manager): Promise<OrderRecord | null> {
    const rows: OrderRecord[] = await m.query(`SELECT ${ORDER_COLUMNS} FROM supervision_orders o WHERE o.id = $1`, [
      id,
    ]);
    return rows[0] ?? null;
  }

  async ordersById(ids: readonly string[]): Promise<OrderRecord[]> {
    return this.db.query(`SELECT ${ORDER_COLUMNS} FROM supervision_orders o WHERE o.id = ANY($1::uuid[])`, [ids]);
  }

  async instructionsById(ids: readonly string[]): Promise<InstructionRecord[]> {
    return this.db.query(`SELECT ${INSTRUCTION_COLUMNS} FROM leader_instructions n WHERE n.id = ANY($1::uuid[])`, [
      ids,
    ]);
  }

  /** Newest first. */
  async orders(f: OrderFilter): Promise<OrderRecord[]> {
    return this.db.query(
      `SELECT ${ORDER_COLUMNS} FROM supervision_orders o
        WHERE ($1::uuid IS NULL OR o.unit_id = $1) AND ($2::text IS NULL OR o.status = $2)
          AND ($3::timestamptz IS NULL OR (o.status = 'AWAITING_REPLY' AND o.reply_due_at < $3))
          AND ($4::uuid IS NULL OR o.issue_ids @> ARRAY[$4::uuid])
        ORDER BY o.issued_at DESC, o.id LIMIT $5`,
      [f.unitId, f.status, f.overdueAt, f.issueId, f.limit],
    );
  }

  /** The orders on each of these problems, newest first (for Issue.supervisionOrders). */
  ordersOn(issueIds: readonly string[]): Promise<Map<string, OrderRecord[]>> {
    return this.onProblems<OrderRecord>('supervision_orders o', ORDER_COLUMNS, 'o', issueIds);
  }

  /**
   * Orders issued or closed in [from, to) (the weekly bulletin's 督办问责), oldest first, with their unit's name and
   * their problems' codes; one unit's only when named.
   */
  async ordersBetween(
    from: Date,
    to: Date,
    unitId: string | null,
  ): Promise<(OrderRecord & { unitName: string; codes: string[] })[]> {
    return this.db.query(
      `SELECT ${ORDER_COLUMNS}, u.name AS "unitName",
              ARRAY(SELECT i.code FROM issues i WHERE i.id = ANY(o.issue_ids) ORDER BY i.code) AS codes
         FROM supervision_orders o JOIN units u ON u.id = o.unit_id
        WHERE ((o.issued_at >= $1 AND o.issued_at < $2) OR (o.closed_at >= $1 AND o.closed_at < $2))
          AND ($3::uuid IS NULL OR o.unit_id = $3)
        ORDER BY o.issued_at, o.number`,
      [from, to, unitId],
    );
  }

  async insertInstruction(
    m: EntityManager,
    n: Pick<InstructionRecord, 'id' | 'text' | 'orderId' | 'unitId' | 'issueIds' | 'issuedAt' | 'issuedBy'>,
  ): Promise<void> {
    await m.query(
      `INSERT INTO leader_instructions (id, text, order_id, unit_id, issue_ids, issued_at, issued_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [n.id, n.text, n.orderId, n.unitId, n.issueIds, n.issuedAt, n.issuedBy],
    );
  }

  async recordAcknowledgement(
    m: EntityManager,
    id: string,
    a: { at: Date; by: string; comment: string | null },
  ): Promise<void> {
    await m.query(
      `UPDATE leader_instructions SET acknowledged_at = $2, acknowledged_by = $3, acknowledgement = $4 WHERE id = $1`,
      [id, a.at, a.by, a.comment],
    );
  }

  async instruction(id: string, m: EntityManager = this.db.manager): Promise<InstructionRecord | null> {
    const rows: InstructionRecord[] = await m.query(
      `SELECT ${INSTRUCTION_COLUMNS} FROM leader_instructions n WHERE n.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Newest first; `unitId` null: every unit's; `acknowledged` null: either. */
  async instructions(f: {
    unitId: string | null;
    acknowledged: boolean | null;
    issueId: string | null;
    orderId: string | null;
    limit: number;
  }): Promise<InstructionRecord[]> {
    return this.db.query(
      `SELECT ${INSTRUCTION_COLUMNS} FROM leader_instructions n
        WHERE ($1::uuid IS NULL OR n.unit_id = $1)
          AND ($2::boolean IS NULL OR (n.acknowledged_at IS NOT NULL) = $2)
          AND ($3::uuid IS NULL OR n.issue_ids @> ARRAY[$3::uuid])
          AND ($4::uuid IS NULL OR n.order_id = $4)
        ORDER BY n.issued_at DESC, n.id LIMIT $5`,
      [f.unitId, f.acknowledged, f.issueId, f.orderId, f.limit],
    );
  }

  /** The instructions on each of these problems, newest first (for Issue.instructions). */
  instructionsOn(issueIds: readonly string[]): Promise<Map<string, InstructionRecord[]>> {
    return this.onProblems<InstructionRecord>('leader_instructions n', INSTRUCTION_COLUMNS, 'n', issueIds);
  }

  /** Rows of an orders or instructions table naming each of these problems (issue_ids), newest first, by problem. */
  private async onProblems<T>(
    table: string,
    columns: string,
    alias: string,
    issueIds: readonly string[],
  ): Promise<Map<string, T[]>> {
    const rows: (T & { issueId: string })[] = await this.db.query(
      `SELECT ${columns}, x.issue_id AS "issueId"
         FROM ${table}, unnest(${alias}.issue_ids) AS x(issue_id)
        WHERE ${alias}.issue_ids && $1::uuid[] AND x.issue_id = ANY($1::uuid[])
        ORDER BY ${alias}.issued_at DESC, ${alias}.id`,
      [issueIds],
    );
    return groupBy(rows) as Map<string, T[]>;
  }

  async settings(m: EntityManager = this.db.manager): Promise<SupervisionSettings> {
    const [row]: SupervisionSettings[] = await m.query(
      `SELECT auto_order_levels AS "autoOrderLevels", reply_working_days AS "replyWorkingDays", updated_at AS "updatedAt"
         FROM supervision_settings`,
    );
    return row;
  }

  async setSettings(s: Omit<SupervisionSettings, 'updatedAt'>, at: Date): Promise<void> {
    await this.db.query(
      `UPDATE supervision_settings SET auto_order_levels = $1, reply_working_days = $2, updated_at = $3`,
      [s.autoOrderLevels, s.replyWorkingDays, at],
    );
  }

  /** The next number of the year's orders (a counter row serialises concurrent issuers). */
  async nextOrderNumber(year: number): Promise<number> {
    const rows: { last: number }[] = await this.db.query(
      `INSERT INTO issue_code_counters (prefix, year, last) VALUES ('督办单', $1, 1)
       ON CONFLICT (prefix, year, district_id) DO UPDATE SET last = issue_code_counters.last + 1 RETURNING last`,
      [year],
    );
    return rows[0].last;
  }
}

function groupBy<T extends { issueId: string }>(rows: T[]): Map<string, Omit<T, 'issueId'>[]> {
  const out = new Map<string, Omit<T, 'issueId'>[]>();
  for (const { issueId, ...rest } of rows) out.set(issueId, [...(out.get(issueId) ?? []), rest]);
  return out;
}
