// Complaints by inspection round (群众举报办理情况): per source and batch, the complaints received, closed and in
// progress, how many were assigned in time (交办率) and replied by their deadline, their findings and the
// complainants' satisfaction; and the enforcement outcomes (执法成果) the round's problems reported. A complaint is a
// PUBLIC_COMPLAINT or a problem of any source filed with a complaint channel (issue.rules.ts isComplaint; complaintSql is
// its SQL twin). The figures are as of any moment: now from the problems' rows, a past moment from their logs.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { IssueSource } from '../../workflows/issue.types.js';
import { CLOSED_STATES } from '../issues/deadline-status.js';
import { inRoundSql } from './figures.query.js';

/** isComplaint over a row of `issues` (its alias). */
export const complaintSql = (alias: string): string =>
  `(${alias}.source = 'PUBLIC_COMPLAINT' OR ${alias}.complaint_channel IS NOT NULL)`;

const CLOSED = (state: string) => `${state} IN (${CLOSED_STATES.map((s) => `'${s}'`).join(',')})`;

const SCOPE = `($1::text[] IS NULL OR i.source = ANY($1::text[]))
            AND ($2::text IS NULL OR ${inRoundSql('i.batch', '$2::text')})`;

/** Each problem's facts now, from its row. */
const NOW_FACTS = `
         SELECT i.source, i.batch, i.filed_at, i.reply_due_at, i.first_submitted_at, i.finding, i.satisfaction,
                i.enforcement, ${complaintSql('i')} AS c, ${CLOSED('i.state')} AS closed,
                -- (looked up for complaints only: the log's first assignment, from issue_events_assign_idx alone)
                CASE WHEN ${complaintSql('i')} THEN
                  (SELECT min(e.at) FROM issue_events e WHERE e.issue_id = i.id AND e.type = 'assign') END AS assigned_at
           FROM issues i
          WHERE i.duplicate_of_id IS NULL AND ${SCOPE}
            AND ($3::uuid IS NULL OR i.lead_unit_id = $3::uuid)`;

/**
 * Each problem's facts as of $4. A problem with no event after $4 (its last event, updatedAt, by then) has them on its
 * row, as NOW_FACTS reads them; the others from their log up to then: the last row's state and after-facts (first
 * submission, satisfaction, lead unit, duplicate), the finding of the last submission unless a rebound came after it
 * (the machine's reopen clears it), the enforcement last reported, the first assignment — four lookups in the log for
 * each, so only for the problems changed since. Compared with NOW_FACTS at the present moment in
 * test/e2e/complaint-rounds.e2e-spec.ts.
 */
const PAST_FACTS = `${NOW_FACTS}
            AND i.updated_at <= $4
         UNION ALL
         SELECT i.source, i.batch, i.filed_at, i.reply_due_at, last.first_submitted_at,
                CASE WHEN sub.seq > coalesce(reb.seq, 0) THEN sub.payload->>'finding' END AS finding,
                last.satisfaction, enf.enforcement, ${complaintSql('i')} AS c,
                ${CLOSED("split_part(last.to_state, '.', 1)")} AS closed,
                CASE WHEN ${complaintSql('i')} THEN
                  (SELECT min(e.at) FROM issue_events e WHERE e.issue_id = i.id AND e.type = 'assign' AND e.at <= $4)
                END AS assigned_at
           FROM issues i
          CROSS JOIN LATERAL (
                SELECT e.to_state, e.first_submitted_at, e.satisfaction, e.lead_unit_id, e.duplicate_of_id
                  FROM issue_events e WHERE e.issue_id = i.id AND e.at <= $4 ORDER BY e.seq DESC LIMIT 1) last
           LEFT JOIN LATERAL (
                SELECT e.seq, e.payload FROM issue_events e
                 WHERE e.issue_id = i.id AND e.type = 'submit' AND e.at <= $4 ORDER BY e.seq DESC LIMIT 1) sub ON true
           LEFT JOIN LATERAL (
                SELECT max(e.seq) AS seq FROM issue_events e
                 WHERE e.issue_id = i.id AND e.type = 'revisit' AND e.to_state LIKE 'RECTIFYING%' AND e.at <= $4) reb ON true
           LEFT JOIN LATERAL (
                SELECT e.payload->'enforcement' AS enforcement FROM issue_events e
                 WHERE e.issue_id = i.id AND e.type = 'submit' AND e.at <= $4
                   AND jsonb_typeof(e.payload->'enforcement') = 'object'
                 ORDER BY e.seq DESC LIMIT 1) enf ON true
          WHERE i.filed_at <= $4 AND i.updated_at > $4 AND last.duplicate_of_id IS NULL AND ${SCOPE}
            AND ($3::uuid IS NULL OR last.lead_unit_id = $3::uuid)`;

export interface ComplaintCounts {
  received: number;
  closed: number;
  assignedInTime: number;
  replied: number;
  repliedOnTime: number;
  replyDue: number;
  substantiated: number;
  partlySubstantiated: number;
  unfounded: number;
  satisfied: number;
  basicallySatisfied: number;
  unsatisfied: number;
}

export interface RoundCounts {
  /** Null on the total. */
  source: IssueSource | null;
  batch: string | null;
  problems: number;
  closedProblems: number;
  complaints: ComplaintCounts;
  enforcement: { ordersToCorrect: number; casesOpened: number; fineYuan: number; problems: number };
}

export interface ComplaintScope {
  sources: IssueSource[] | null;
  /** A round: the batch, or the batches it begins. */
  batch: string | null;
  /** The lead unit (a unit reads its own). */
  unitId: string | null;
}

type Row = Omit<RoundCounts, 'complaints' | 'enforcement'> &
  ComplaintCounts & {
    ordersToCorrect: number;
    casesOpened: number;
    fineYuan: string;
    enforced: number;
    total: boolean;
  };

@Injectable()
export class ComplaintReportQuery {
  constructor(private readonly db: DataSource) {}

  /** One row per source and batch, in that order, then the total over them. */
  /**
   * `at` is the moment the figures are of; `now` the clock's. A moment before now reads each problem as its log stood
   * then (PAST_FACTS), so a past week's bulletin says what it said that week.
   */
  async rounds(
    scope: ComplaintScope,
    at: Date,
    assignDays: number,
    now: Date = at,
  ): Promise<{ rounds: RoundCounts[]; total: RoundCounts }> {
    const asOf = at.getTime() < now.getTime() ? at : null;
    const complaint = `c`;
    const rows: Row[] = await this.db.query(
      `WITH scoped AS (${asOf === null ? NOW_FACTS : PAST_FACTS})
       SELECT source, batch, grouping(source, batch) = 3 AS total,
              count(*)::int AS problems,
              count(*) FILTER (WHERE closed)::int AS "closedProblems",
              count(*) FILTER (WHERE ${complaint})::int AS received,
              count(*) FILTER (WHERE ${complaint} AND closed)::int AS closed,
              count(*) FILTER (WHERE ${complaint} AND assigned_at <= filed_at + make_interval(days => $5))::int AS "assignedInTime",
              count(*) FILTER (WHERE ${complaint} AND first_submitted_at IS NOT NULL)::int AS replied,
              count(*) FILTER (WHERE ${complaint} AND first_submitted_at <= reply_due_at)::int AS "repliedOnTime",
              count(*) FILTER (WHERE ${complaint} AND (first_submitted_at IS NOT NULL OR reply_due_at < $4))::int AS "replyDue",
              count(*) FILTER (WHERE ${complaint} AND finding = 'SUBSTANTIATED')::int AS substantiated,
              count(*) FILTER (WHERE ${complaint} AND finding = 'PARTLY_SUBSTANTIATED')::int AS "partlySubstantiated",
              count(*) FILTER (WHERE ${complaint} AND finding = 'UNFOUNDED')::int AS unfounded,
              count(*) FILTER (WHERE ${complaint} AND satisfaction = 'SATISFIED')::int AS satisfied,
              count(*) FILTER (WHERE ${complaint} AND satisfaction = 'BASICALLY_SATISFIED')::int AS "basicallySatisfied",
              count(*) FILTER (WHERE ${complaint} AND satisfaction = 'UNSATISFIED')::int AS unsatisfied,
              coalesce(sum((enforcement->>'ordersToCorrect')::int), 0)::int AS "ordersToCorrect",
              coalesce(sum((enforcement->>'casesOpened')::int), 0)::int AS "casesOpened",
              coalesce(sum((enforcement->>'fineYuan')::numeric), 0)::text AS "fineYuan",
              count(enforcement)::int AS enforced
         FROM scoped
        GROUP BY GROUPING SETS ((source, batch), ())
        ORDER BY grouping(source, batch), source, batch NULLS FIRST`,
      [scope.sources, scope.batch, scope.unitId, at, assignDays],
    );
    const shaped = rows.map((r): RoundCounts & { total: boolean } => ({
      total: r.total,
      source: r.total ? null : r.source,
      batch: r.total ? null : r.batch,
      problems: r.problems,
      closedProblems: r.closedProblems,
      complaints: {
        received: r.received,
        closed: r.closed,
        assignedInTime: r.assignedInTime,
        replied: r.replied,
        repliedOnTime: r.repliedOnTime,
        replyDue: r.replyDue,
        substantiated: r.substantiated,
        partlySubstantiated: r.partlySubstantiated,
        unfounded: r.unfounded,
        satisfied: r.satisfied,
        basicallySatisfied: r.basicallySatisfied,
        unsatisfied: r.unsatisfied,
      },
      enforcement: {
        ordersToCorrect: r.ordersToCorrect,
        casesOpened: r.casesOpened,
        fineYuan: Number(r.fineYuan),
        problems: r.enforced,
      },
    }));
    const total = shaped.find((r) => r.total) ?? emptyRound();
    return { rounds: shaped.filter((r) => !r.total), total };
  }
}

function emptyRound(): RoundCounts & { total: boolean } {
  const zero = {
    received: 0,
    closed: 0,
    assignedInTime: 0,
    replied: 0,
    repliedOnTime: 0,
    replyDue: 0,
    substantiated: 0,
    partlySubstantiated: 0,
    unfounded: 0,
    satisfied: 0,
    basicallySatisfied: 0,
    unsatisfied: 0,
  };
  return {
    total: true,
    source: null,
    batch: null,
    problems: 0,
    closedProblems: 0,
    complaints: zero,
    enforcement: { ordersToCorrect: 0, casesOpened: 0, fineYuan: 0, problems: 0 },
  };
}
