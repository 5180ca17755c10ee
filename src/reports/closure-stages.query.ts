// The road to 销号 in the table (#25): per lead unit, the problems waiting at each stage as of a moment, and how long
// the stages left in the period took (median days). Read from the log, not the bookings: a stage is where a problem's
// last row at or before the moment left it, and a stage's time runs from the row that entered it to the row that
// left it. Only the rows into and out of the stages' sub-states are read (migration 28's partial indexes).
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { stepOfSubstate } from '../../workflows/issue.runtime.js';
import { SUBSTATES, type Substate } from '../../workflows/issue.types.js';
import { CLOSURE_STAGE_LABELS } from '../common/labels.js';
import { overdueMilestonesSql, PLAN_IN_FORCE_SQL } from '../issues/plan-progress.js';
import { unitSubtree, type ReportScope } from './figures.query.js';

/**
 * The stages a submission passes through on its road to 销号, each the sub-states it is waiting in: the supervising
 * department's review, the office's acceptance (验收), the leaders' approval, the public notice (objected or running),
 * the city's review, and 销号 itself once every step is signed.
 */
export type ClosureStage = keyof typeof CLOSURE_STAGE_LABELS;
export const CLOSURE_STAGES = Object.keys(CLOSURE_STAGE_LABELS) as ClosureStage[];

/** A sub-state's stage: the chain step it is at (stepOfSubstate), the office's acceptance, or 销号 next. */
const stageOfSubstate = (s: Substate): ClosureStage | null =>
  s === 'RECTIFYING.submitted' ? 'OFFICE_ACCEPTANCE' : s === 'VERIFIED.signedOff' ? 'CLOSING' : stepOfSubstate(s);

/** The sub-states a stage waits in. */
const substatesOf = (stage: ClosureStage): Substate[] => SUBSTATES.filter((s) => stageOfSubstate(s) === stage);

export const STAGE_SQL_SUBSTATES = CLOSURE_STAGES.flatMap(substatesOf);
const list = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(', ');
/** The stage of a sub-state column, NULL outside the road. */
export const stageOf = (column: string): string =>
  `CASE ${CLOSURE_STAGES.map((s) => `WHEN ${column} IN (${list(substatesOf(s))}) THEN '${s}'`).join(' ')} END`;
/** The predicate of a partial index over the log rows into (`to_state`) or out of (`from_state`) the stages. */
export const stageRows = (column: 'to_state' | 'from_state' | 'substate'): string =>
  `${column} IN (${list(STAGE_SQL_SUBSTATES)})`;

export interface StageFiguresRow {
  /** The lead unit; null on the rows of the whole scope (the table's total). */
  unitId: string | null;
  stage: ClosureStage;
  /** Problems waiting at the stage as of the moment. */
  waiting: number;
  /** Stage visits that ended in the period, and the median of their days. */
  completed: number;
  medianDays: number | null;
}

/** A cooperating unit's parts (配合任务): still to do now, done in the period, and the median days they took. */
export interface PartFiguresRow {
  /** The cooperating unit; null: the whole scope. */
  unitId: string | null;
  pending: number;
  done: number;
  medianDays: number | null;
}

/** Problems behind their plan now, per lead unit (unitId null: the whole scope). */
export interface BehindScheduleRow {
  unitId: string | null;
  n: number;
}

@Injectable()
export class ClosureStagesQuery {
  constructor(private readonly db: DataSource) {}

  /**
   * 配合单位分工 per cooperating unit: its parts still to do now (assigned or rectifying, neither done nor waived), and
   * those reported done in the period with their days, from the assignment (or rebound) that gave the part to the
   * report that finished it — the time the work waited on that unit.
   */
  async partsByUnit(scope: ReportScope): Promise<PartFiguresRow[]> {
    const rows: PartFiguresRow[] = await this.db.query(
      `WITH RECURSIVE ${unitSubtree('$3')},
       pending AS (
         SELECT p->>'unitId' AS unit_id, count(*)::int AS n, grouping(p->>'unitId') = 1 AS whole
           FROM issues i CROSS JOIN LATERAL jsonb_array_elements(i.parts) p
          WHERE i.substate IN ('ASSIGNED', 'RECTIFYING.inProgress') AND i.duplicate_of_id IS NULL
            AND jsonb_array_length(i.parts) > 0
            AND p->>'doneAt' IS NULL AND p->>'waivedReason' IS NULL AND ${inScope("(p->>'unitId')::uuid")}
          GROUP BY GROUPING SETS ((p->>'unitId'), ())
       ),
       finished AS (
         SELECT e.payload->>'unitId' AS unit_id, extract(epoch FROM e.at - given.at) / 86400 AS days
           FROM issue_events e
           JOIN issues i ON i.id = e.issue_id
           JOIN LATERAL (
             SELECT g.at FROM issue_events g
              WHERE g.issue_id = e.issue_id AND g.seq < e.seq AND g.type IN ('assign', 'reassign', 'revisit')
              ORDER BY g.seq DESC LIMIT 1
           ) given ON true
          WHERE e.at >= $2 AND e.at <= $1 AND e.type = 'reportPart' AND (e.payload->>'done')::boolean
            AND e.duplicate_of_id IS NULL AND ${inScope("(e.payload->>'unitId')::uuid")}
       ),
       took AS (
         SELECT unit_id, count(*)::int AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median,
                grouping(unit_id) = 1 AS whole
           FROM finished GROUP BY GROUPING SETS ((unit_id), ())
       )
       SELECT CASE WHEN coalesce(p.whole, t.whole) THEN NULL ELSE coalesce(p.unit_id, t.unit_id)::uuid END AS "unitId",
              coalesce(p.n, 0) AS pending, coalesce(t.n, 0) AS done, t.median AS "medianDays"
         FROM pending p FULL JOIN took t ON t.whole = p.whole AND t.unit_id IS NOT DISTINCT FROM p.unit_id`,
      [scope.asOf, scope.periodStart, scope.unitId, scope.sources, scope.batch],
    );
    return rows.map((r) => ({ ...r, medianDays: r.medianDays === null ? null : Number(r.medianDays) }));
  }

  /**
   * 序时推进: the problems rectifying with a plan in force that has a milestone past its date and not done, as of now
   * (the SQL twin of plan-progress.ts overdueMilestones; issues_planned_idx).
   */
  behindSchedule(scope: ReportScope): Promise<BehindScheduleRow[]> {
    return this.db.query(
      `WITH RECURSIVE ${unitSubtree('$3')}
       SELECT CASE WHEN grouping(i.lead_unit_id) = 1 THEN NULL ELSE i.lead_unit_id END AS "unitId", count(*)::int AS n
         FROM issues i
        WHERE i.substate = 'RECTIFYING.inProgress' AND ${PLAN_IN_FORCE_SQL} AND i.duplicate_of_id IS NULL
          AND EXISTS ${overdueMilestonesSql('$1')}
          AND ${inScope('i.lead_unit_id')} AND $2::timestamptz IS NOT NULL
        GROUP BY GROUPING SETS ((i.lead_unit_id), ())`,
      [scope.asOf, scope.periodStart, scope.unitId, scope.sources, scope.batch],
    );
  }

  /**
   * Per lead unit and stage, in scope (sources, the unit and those under it, the batch or the batches it begins;
   * duplicates count nowhere). A derived problem counts under its own source.
   */
  async byUnit(scope: ReportScope, current: boolean): Promise<StageFiguresRow[]> {
    const rows: StageFiguresRow[] = await this.db.query(
      `WITH RECURSIVE ${unitSubtree('$3')},
       waiting AS (${current ? WAITING_NOW : WAITING_THEN}),
       -- the rows in the period that left a stage, each with the row that entered it
       visits AS (
         SELECT l.lead_unit_id AS unit_id, ${stageOf('l.from_state')} AS stage,
                extract(epoch FROM l.at - entered.at) / 86400 AS days
           FROM issue_events l
           JOIN issues i ON i.id = l.issue_id
           JOIN LATERAL (
             SELECT c.at FROM issue_events c
              WHERE c.issue_id = l.issue_id AND c.seq < l.seq
                AND ${stageOf('c.to_state')} = ${stageOf('l.from_state')}
                AND ${stageOf('c.from_state')} IS DISTINCT FROM ${stageOf('l.from_state')}
              ORDER BY c.seq DESC LIMIT 1
           ) entered ON true
          WHERE l.${stageRows('from_state')} AND l.at >= $2 AND l.at <= $1
            AND ${stageOf('l.to_state')} IS DISTINCT FROM ${stageOf('l.from_state')}
            AND l.duplicate_of_id IS NULL AND ${inScope('l.lead_unit_id')}
       ),
       took AS (
         SELECT unit_id, stage, count(*)::int AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median,
                grouping(unit_id) = 1 AS whole
           FROM visits GROUP BY GROUPING SETS ((1, 2), (2))
       )
       SELECT CASE WHEN coalesce(w.whole, t.whole) THEN NULL ELSE coalesce(w.unit_id, t.unit_id) END AS "unitId",
              coalesce(w.stage, t.stage) AS stage, coalesce(w.n, 0) AS waiting, coalesce(t.n, 0) AS completed,
              t.median AS "medianDays"
         FROM waiting w
         FULL JOIN took t ON t.whole = w.whole AND t.unit_id IS NOT DISTINCT FROM w.unit_id AND t.stage = w.stage`,
      [scope.asOf, scope.periodStart, scope.unitId, scope.sources, scope.batch],
    );
    return rows.map((r) => ({ ...r, medianDays: r.medianDays === null ? null : Number(r.medianDays) }));
  }
}

/** $3 unit (and those under it) as the row's lead, $4 sources, $5 batch (or the batches it begins) of the problem `i`. */
const inScope = (lead: string) => `($4::text[] IS NULL OR i.source = ANY ($4::text[]))
  AND ($3::uuid IS NULL OR ${lead} IN (SELECT id FROM subtree))
  AND ($5::text IS NULL OR i.batch = $5::text OR starts_with(i.batch, $5::text || ' '))`;

/**
 * Who waits where now: the problems as they are (issues_stage_idx). As of an earlier moment: each problem's last row at
 * or before it, when it left the problem at a stage (the next row, if any, is later) — a walk over the rows into the
 * stages up to that moment, which grows with the log.
 */
const WAITING_NOW = `
  SELECT i.lead_unit_id AS unit_id, ${stageOf('i.substate')} AS stage, count(*)::int AS n,
         grouping(i.lead_unit_id) = 1 AS whole
    FROM issues i
   WHERE i.${stageRows('substate')} AND i.duplicate_of_id IS NULL AND ${inScope('i.lead_unit_id')}
   GROUP BY GROUPING SETS ((1, 2), (2))`;
const WAITING_THEN = `
  SELECT e.lead_unit_id AS unit_id, ${stageOf('e.to_state')} AS stage, count(*)::int AS n,
         grouping(e.lead_unit_id) = 1 AS whole
    FROM issue_events e
    JOIN issues i ON i.id = e.issue_id
    LEFT JOIN LATERAL (
      SELECT nx.at FROM issue_events nx WHERE nx.issue_id = e.issue_id AND nx.seq = e.seq + 1 LIMIT 1
    ) nx ON true
   WHERE e.${stageRows('to_state')} AND e.at <= $1
     AND (nx.at IS NULL OR nx.at > $1) AND e.duplicate_of_id IS NULL AND ${inScope('e.lead_unit_id')}
   GROUP BY GROUPING SETS ((1, 2), (2))`;
