// The SQL of look-back campaigns (回头看, migration 1763900000034): a campaign's selection inserted in one statement,
// its items' reports and conclusions, and its progress counted per unit.
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { IssueSource } from '../../workflows/issue.types.js';
import { unitSubtree } from '../reports/figures.query.js';

export const LOOKBACK_FINDINGS = ['HOLDING', 'REBOUNDED'] as const;
export type LookbackFinding = (typeof LOOKBACK_FINDINGS)[number];
export const LOOKBACK_ITEM_STATUSES = ['AWAITING_REPORT', 'REPORTED', 'CONCLUDED', 'WITHDRAWN'] as const;
export type LookbackItemStatus = (typeof LOOKBACK_ITEM_STATUSES)[number];
export const LOOKBACK_CAMPAIGN_STATUSES = ['OPEN', 'COMPLETED', 'ENDED'] as const;
export type LookbackCampaignStatus = (typeof LOOKBACK_CAMPAIGN_STATUSES)[number];

/** What a campaign looks back at: every condition given must hold (as the office gave it, kept on the campaign). */
export interface LookbackSelection {
  batch?: string | null;
  /** Closed in this year (Asia/Shanghai). */
  year?: number | null;
  sources?: IssueSource[] | null;
  /** Led by this unit or a unit under it. */
  unitId?: string | null;
  issueIds?: string[] | null;
  codes?: string[] | null;
}

/** Per unit (or in total): how far a campaign's items have come. */
export interface LookbackCounts {
  items: number;
  reported: number;
  concluded: number;
  ok: number;
  rebounds: number;
  withdrawn: number;
  overdue: number;
}

export interface UnitCounts extends LookbackCounts {
  unitId: string;
}

export interface CampaignRecord {
  id: string;
  title: string;
  selection: LookbackSelection;
  dueAt: Date;
  startedAt: Date;
  startedBy: string;
  endedAt: Date | null;
  endReason: string | null;
  /** Over the whole campaign, whoever reads it: items neither concluded nor withdrawn. */
  openItems: number;
  lastConcludedAt: Date | null;
}

export interface ItemRecord {
  id: string;
  campaignId: string;
  issueId: string;
  unitId: string;
  dueAt: Date;
  reportedAt: Date | null;
  reportedBy: string | null;
  reportFinding: LookbackFinding | null;
  reportComment: string | null;
  concludedAt: Date | null;
  concludedBy: string | null;
  rebounded: boolean | null;
  eventSeq: number | null;
  withdrawnAt: Date | null;
}

/** Serialises campaign starts: two never pick the same problem (lookback_items_open_idx is the backstop). */
const START_LOCK = 7_263_034;

/** A problem a campaign may take: closed (销号), no duplicate, with a lead unit, in no campaign item still open. */
const ELIGIBLE = `i.state IN ('CLOSED', 'REVISITED') AND i.duplicate_of_id IS NULL AND i.lead_unit_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM lookback_items o WHERE o.issue_id = i.id AND o.concluded_at IS NULL AND o.withdrawn_at IS NULL)`;

const OPEN_ITEM = `it.concluded_at IS NULL AND it.withdrawn_at IS NULL`;

const CAMPAIGN = `c.id, c.title, c.selection, c.due_at AS "dueAt", c.started_at AS "startedAt", c.started_by AS "startedBy",
  c.ended_at AS "endedAt", c.end_reason AS "endReason",
  (SELECT count(*)::int FROM lookback_items it WHERE it.campaign_id = c.id AND ${OPEN_ITEM}) AS "openItems",
  (SELECT max(it.concluded_at) FROM lookback_items it WHERE it.campaign_id = c.id) AS "lastConcludedAt"`;

const ITEM = `it.id, it.campaign_id AS "campaignId", it.issue_id AS "issueId", it.unit_id AS "unitId", c.due_at AS "dueAt",
  it.reported_at AS "reportedAt", it.reported_by AS "reportedBy", it.report_finding AS "reportFinding",
  it.report_comment AS "reportComment", it.concluded_at AS "concludedAt", it.concluded_by AS "concludedBy",
  it.rebounded, it.event_seq AS "eventSeq", it.withdrawn_at AS "withdrawnAt"`;

/** SQL of each item status over `it` (a campaign `c` joined). */
const STATUS_SQL: Record<LookbackItemStatus, string> = {
  WITHDRAWN: `it.withdrawn_at IS NOT NULL`,
  CONCLUDED: `it.concluded_at IS NOT NULL`,
  REPORTED: `${OPEN_ITEM} AND it.reported_at IS NOT NULL`,
  AWAITING_REPORT: `${OPEN_ITEM} AND it.reported_at IS NULL`,
};

/** Not reported by the due date (now past it), and neither concluded nor withdrawn. */
const OVERDUE_SQL = (now: string) => `(${STATUS_SQL.AWAITING_REPORT} AND c.due_at <= ${now})`;

const CAMPAIGN_STATUS_SQL: Record<LookbackCampaignStatus, string> = {
  ENDED: `c.ended_at IS NOT NULL`,
  OPEN: `c.ended_at IS NULL AND EXISTS (SELECT 1 FROM lookback_items it WHERE it.campaign_id = c.id AND ${OPEN_ITEM})`,
  COMPLETED: `c.ended_at IS NULL AND NOT EXISTS (SELECT 1 FROM lookback_items it WHERE it.campaign_id = c.id AND ${OPEN_ITEM})`,
};

export interface ItemFilter {
  campaignId: string | null;
  /** Only this unit's items (a unit's own, always); null: every unit's. */
  unitId: string | null;
  statuses: LookbackItemStatus[] | null;
  overdue: boolean | null;
}

@Injectable()
export class LookbackRepository {
  constructor(private readonly db: DataSource) {}

  /** Takes the start lock for the rest of the transaction (a start waits for the one before it). */
  async lockStarts(m: EntityManager): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock($1)`, [START_LOCK]);
  }

  /**
   * The listed problems (ids or codes) that are not problems, and those that are but a campaign may not take, by
   * code: the office's list is taken whole or refused.
   */
  async listProblems(
    m: EntityManager,
    ids: string[],
    codes: string[],
  ): Promise<{ unknownIds: string[]; unknownCodes: string[]; ineligible: string[] }> {
    const [row] = (await m.query(
      `WITH listed AS (
         SELECT i.id, i.code, ${ELIGIBLE} AS eligible FROM issues i WHERE i.id = ANY ($1::uuid[]) OR i.code = ANY ($2::text[])
       )
       SELECT ARRAY(SELECT x FROM unnest($1::uuid[]) x WHERE x NOT IN (SELECT id FROM listed))::text[] AS "unknownIds",
              ARRAY(SELECT x FROM unnest($2::text[]) x WHERE x NOT IN (SELECT code FROM listed)) AS "unknownCodes",
              ARRAY(SELECT code FROM listed WHERE NOT eligible ORDER BY code) AS ineligible`,
      [ids, codes],
    )) as { unknownIds: string[]; unknownCodes: string[]; ineligible: string[] }[];
    return row;
  }

  /** The campaign and its items, every problem the selection picks, in one statement each; its items per unit. */
  async insertCampaign(
    m: EntityManager,
    c: { title: string; selection: LookbackSelection; dueAt: Date; startedAt: Date; startedBy: string },
    closedFrom: Date | null,
    closedBelow: Date | null,
  ): Promise<{ id: string; perUnit: { unitId: string; items: number }[] }> {
    const [{ id }] = (await m.query(
      `INSERT INTO lookback_campaigns (title, selection, due_at, started_at, started_by)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [c.title, JSON.stringify(c.selection), c.dueAt, c.startedAt, c.startedBy],
    )) as { id: string }[];
    const s = c.selection;
    const perUnit = (await m.query(
      `WITH RECURSIVE ${unitSubtree('$5')},
       picked AS (
         SELECT i.id, i.lead_unit_id, i.code FROM issues i
          WHERE ${ELIGIBLE}
            AND ($2::text IS NULL OR i.batch = $2 OR starts_with(i.batch, $2 || ' '))
            AND ($3::timestamptz IS NULL OR (i.closed_at >= $3 AND i.closed_at < $4))
            AND ($6::text[] IS NULL OR i.source = ANY ($6::text[]))
            AND ($5::uuid IS NULL OR i.lead_unit_id IN (SELECT id FROM subtree))
            AND ($7::uuid[] IS NULL AND $8::text[] IS NULL OR i.id = ANY ($7::uuid[]) OR i.code = ANY ($8::text[]))
       ),
       added AS (
         INSERT INTO lookback_items (campaign_id, issue_id, unit_id)
         SELECT $1, id, lead_unit_id FROM picked ORDER BY code
         RETURNING unit_id
       )
       SELECT unit_id AS "unitId", count(*)::int AS items FROM added GROUP BY unit_id ORDER BY unit_id`,
      [
        id,
        s.batch ?? null,
        closedFrom,
        closedBelow,
        s.unitId ?? null,
        s.sources?.length ? s.sources : null,
        s.issueIds?.length ? s.issueIds : null,
        s.codes?.length ? s.codes : null,
      ],
    )) as { unitId: string; items: number }[];
    return { id, perUnit };
  }

  async campaign(id: string, m: EntityManager | DataSource = this.db): Promise<CampaignRecord | null> {
    const rows = (await m.query(`SELECT ${CAMPAIGN} FROM lookback_campaigns c WHERE c.id = $1`, [
      id,
    ])) as CampaignRecord[];
    return rows[0] ?? null;
  }

  /** Newest first; a unit's (`unitId`): only the campaigns with items of its own. */
  campaigns(
    unitId: string | null,
    statuses: LookbackCampaignStatus[] | null,
    first: number,
    after: string | null,
  ): Promise<CampaignRecord[]> {
    const byStatus = statuses?.length ? `AND (${statuses.map((s) => CAMPAIGN_STATUS_SQL[s]).join(' OR ')})` : '';
    return this.db.query(
      `SELECT ${CAMPAIGN} FROM lookback_campaigns c
        WHERE ($1::uuid IS NULL OR EXISTS (SELECT 1 FROM lookback_items it WHERE it.unit_id = $1 AND it.campaign_id = c.id))
          ${byStatus}
          AND ($3::uuid IS NULL OR (c.started_at, c.id) < (SELECT started_at, id FROM lookback_campaigns WHERE id = $3))
        ORDER BY c.started_at DESC, c.id DESC LIMIT $2`,
      [unitId, first, after],
    );
  }

  /** Each campaign's counts per unit (only `unitId`'s, when given), as of `now`. */
  counts(campaignIds: string[], unitId: string | null, now: Date): Promise<(UnitCounts & { campaignId: string })[]> {
    return this.db.query(
      `SELECT it.campaign_id AS "campaignId", it.unit_id AS "unitId", count(*)::int AS items,
              count(it.reported_at)::int AS reported, count(it.concluded_at)::int AS concluded,
              count(*) FILTER (WHERE it.rebounded = false)::int AS ok,
              count(*) FILTER (WHERE it.rebounded)::int AS rebounds,
              count(it.withdrawn_at)::int AS withdrawn,
              count(*) FILTER (WHERE ${OVERDUE_SQL('$3::timestamptz')})::int AS overdue
         FROM lookback_items it JOIN lookback_campaigns c ON c.id = it.campaign_id
        WHERE it.campaign_id = ANY ($1::uuid[]) AND ($2::uuid IS NULL OR it.unit_id = $2)
        GROUP BY it.campaign_id, it.unit_id
        ORDER BY it.campaign_id, it.unit_id`,
      [campaignIds, unitId, now],
    );
  }

  async item(id: string, m: EntityManager | DataSource = this.db): Promise<ItemRecord | null> {
    const rows = (await m.query(
      `SELECT ${ITEM} FROM lookback_items it JOIN lookback_campaigns c ON c.id = it.campaign_id WHERE it.id = $1`,
      [id],
    )) as ItemRecord[];
    return rows[0] ?? null;
  }

  /** In the campaign's order (campaign, then problem code); `after` is the last id of the page before. */
  items(filter: ItemFilter, now: Date, first: number, after: string | null): Promise<ItemRecord[]> {
    const params: unknown[] = [filter.campaignId, filter.unitId, first, after];
    const where = [
      `($1::uuid IS NULL OR it.campaign_id = $1)`,
      `($2::uuid IS NULL OR it.unit_id = $2)`,
      `($4::uuid IS NULL OR (it.campaign_id, it.seq) > (SELECT campaign_id, seq FROM lookback_items WHERE id = $4))`,
    ];
    if (filter.statuses?.length) where.push(`(${filter.statuses.map((s) => STATUS_SQL[s]).join(' OR ')})`);
    if (filter.overdue !== null) {
      params.push(now);
      const overdue = OVERDUE_SQL(`$${params.length}::timestamptz`);
      where.push(filter.overdue ? overdue : `NOT ${overdue}`);
    }
    return this.db.query(
      `SELECT ${ITEM} FROM lookback_items it JOIN lookback_campaigns c ON c.id = it.campaign_id
        WHERE ${where.join(' AND ')}
        ORDER BY it.campaign_id, it.seq LIMIT $3`,
      params,
    );
  }

  /** The unit's self-check, while the item is open: true when recorded. */
  async report(
    id: string,
    unitId: string,
    report: { finding: LookbackFinding; comment: string; at: Date; by: string },
  ): Promise<boolean> {
    const [, changed]: [unknown, number] = await this.db.query(
      `UPDATE lookback_items it SET reported_at = $3, reported_by = $4, report_finding = $5, report_comment = $6
        WHERE it.id = $1 AND it.unit_id = $2 AND ${OPEN_ITEM}`,
      [id, unitId, report.at, report.by, report.finding, report.comment],
    );
    return changed === 1;
  }

  /** The office's conclusion, in the revisit event's transaction: false when the item was no longer open. */
  async conclude(
    m: EntityManager,
    id: string,
    c: { at: Date; by: string; rebounded: boolean; eventSeq: number },
  ): Promise<boolean> {
    const [, changed]: [unknown, number] = await m.query(
      `UPDATE lookback_items it SET concluded_at = $2, concluded_by = $3, rebounded = $4, event_seq = $5
        WHERE it.id = $1 AND ${OPEN_ITEM}`,
      [id, c.at, c.by, c.rebounded, c.eventSeq],
    );
    return changed === 1;
  }

  /** Ends the campaign: its open items are withdrawn. False when it had already ended. */
  async end(id: string, reason: string, at: Date): Promise<boolean> {
    return this.db.transaction(async (m) => {
      const [, ended]: [unknown, number] = await m.query(
        `UPDATE lookback_campaigns SET ended_at = $2, end_reason = $3 WHERE id = $1 AND ended_at IS NULL`,
        [id, at, reason],
      );
      if (ended === 0) return false;
      await m.query(`UPDATE lookback_items it SET withdrawn_at = $2 WHERE it.campaign_id = $1 AND ${OPEN_ITEM}`, [
        id,
        at,
      ]);
      return true;
    });
  }
}
