// The figures (README: "The figures, in one page") at any moment T, from the bookings (migrations 1763900000018, 19, 21
// and 37): every figure is the sum of the signed bookings up to T — the running sums at the end of the day before T's
// (figure_days) and that day's bookings up to T (or, past noon of a rolled day, its own running sums less its bookings
// after T), and the bookings of the log rows not folded yet (rectify_figure_tail: figure_tail_bookings, from each
// problem's last folded row on), booked live as the projector books them (migration 37 writes both from one
// definition). Filed / closed in the period are the bookings of `total` whose problem was filed / last closed from its
// start. Duplicates (marked by the office) count in neither. A batch's table reads the batch's own sums at the end of
// the last rolled day (figure_batch_sums, migration 41: the days keep no batch) and its bookings since, or before
// that sums the batch's bookings from the first.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { IssueSource } from '../../workflows/issue.types.js';
import type { UnitRole } from '../issues/issue-list.query.js';
import { NO_UNIT, type UnitRecord } from '../units/unit.record.js';
import { unitJsonOf } from '../units/units.repository.js';

export interface Counts {
  total: number;
  closed: number;
  completedOnTime: number;
  overdue: number;
  dueSoon: number;
  rebounds: number;
  filedInPeriod: number;
  closedInPeriod: number;
  complaints: number;
  replyDue: number;
  repliedOnTime: number;
  rated: number;
  satisfied: number;
}

export interface CountsRow extends Counts {
  unitId: string | null;
  /** Read with the figures (one statement, not a second for the units). */
  unit: UnitRecord | null;
}

export interface ReportScope {
  asOf: Date;
  periodStart: Date;
  sources: IssueSource[] | null;
  /** Count a derived problem (举一反三) under its parent's source, e.g. with the central inspection's batch. */
  childrenUnderParentSource?: boolean;
  /** Restrict to this unit or any unit under it. */
  unitId: string | null;
  /** Count each problem under its lead unit (LEAD) or under each unit cooperating on it (COOPERATING). */
  unitRole: UnitRole;
  /** Only the problems of this batch, or of the batches it begins (a round: '第三轮中央生态环境保护督察' + ' 第5批'). */
  batch: string | null;
}

/** The figures a booking carries (migrations 1763900000018 and 19), summed. */
export const BOOKED = [
  'total',
  'closed',
  'completed_on_time',
  'rebounds',
  'complaints',
  'replied_on_time',
  'rated',
  'satisfied',
  'overdue',
  'due_within',
  'reply_due',
];
/** A batch in the round a filter names: that batch, or one it begins ('第三轮中央生态环境保护督察' + ' 第5批'). */
export const inRoundSql = (column: string, param: string): string =>
  `(${column} = ${param} OR starts_with(${column}, ${param} || ' '))`;

/**
 * How far before the end of the last rolled day a batch's table is read from the batch's sums there, less its
 * bookings after the moment; further back it sums the batch's bookings from the first, which are then fewer.
 */
const BATCH_SUMS_REACH = '31 days';

/** What a day's running sums are kept by (a booking by these and its batch). */
const KEY = ['unit_id', 'role', 'source', 'family_source'].join(', ');
const booked = (from: string) => `SELECT ${KEY}, ${BOOKED.join(', ')} FROM ${from}`;
/** The rows of one scope: sources, unit subtree, role (and batch, for the bookings that carry it). */
const IN_SCOPE = `($3::text[] IS NULL OR (CASE WHEN $5::boolean THEN family_source ELSE source END) = ANY($3::text[]))
            AND ($4::uuid IS NULL OR unit_id IN (SELECT id FROM subtree)) AND role = $6::text`;
const IN_BATCH = `($7::text IS NULL OR batch = ANY (ARRAY(SELECT batch FROM batches)))`;

/** The CTE `subtree`: the unit the parameter names and every unit under it (none when it is null). */
export const unitSubtree = (param: string): string => `subtree AS (
         SELECT id FROM units WHERE id = ${param}::uuid
         UNION ALL SELECT u.id FROM units u JOIN subtree s ON u.parent_id = s.id
       )`;

@Injectable()
export class FiguresQuery {
  constructor(private readonly db: DataSource) {}

  /**
   * $1 asOf, $2 periodStart, $3 sources, $4 unit, $5 count derived problems under their parents' sources, $6 role,
   * $7 batch.
   */
  figures(scope: ReportScope): Promise<CountsRow[]> {
    return this.db.query(
      `WITH RECURSIVE ${unitSubtree('$4')},
       -- the batches filed so far, one index probe each (issues_batch_idx), then those the filter names
       filed_batches AS (
         SELECT min(batch) AS batch FROM issues WHERE batch IS NOT NULL AND $7::text IS NOT NULL
         UNION ALL SELECT (SELECT min(i.batch) FROM issues i WHERE i.batch > f.batch) FROM filed_batches f WHERE f.batch IS NOT NULL
       ),
       batches AS MATERIALIZED (
         SELECT batch FROM filed_batches WHERE ${inRoundSql('batch', '$7::text')}
       ),
       -- each district's projection (one row beneath a district's setting), and the sums and bookings are read per row
       -- of it (LATERAL … OFFSET 0: a nested loop by the index on the day or the moment — beneath row security the
       -- planner guesses a row per district and chose a scan of every district's bookings), each paired on the district.
       -- The day whose running sums T is read from, from the nearer end: T's own day when it is rolled and T is past
       -- its noon (its sums less its bookings after T), else the day before T's, or the last rolled (none rolled yet:
       -- NULL, from the first booking). A batch's sums are kept at the end of the last rolled day only
       -- (figure_batch_sums): read from there when T is after it or within ${BATCH_SUMS_REACH} before it (the sums less
       -- the batch's bookings after T), else from the batch's first booking.
       t AS (SELECT rectify_day($1::timestamptz) AS day),
       d AS MATERIALIZED (
         SELECT district_id, folded_below, days_through, late,
           CASE WHEN $7::text IS NOT NULL THEN CASE WHEN near THEN days_through END
             WHEN late THEN t.day WHEN days_through < t.day - 1 THEN days_through ELSE t.day - 1 END AS base
         FROM figure_projection, t,
           LATERAL (SELECT $1::timestamptz >= ((days_through + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
             - interval '${BATCH_SUMS_REACH}' AS near) n,
           LATERAL (SELECT CASE WHEN $7::text IS NULL THEN days_through >= t.day
               AND $1::timestamptz >= ((t.day::timestamp + interval '12 hours') AT TIME ZONE 'Asia/Shanghai')
             ELSE near AND $1::timestamptz < ((days_through + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') END AS late) l
       ),
       p AS MATERIALIZED (
         SELECT district_id, folded_below, coalesce(late, false) AS late, CASE WHEN days_through IS NOT NULL THEN base END AS base,
           CASE WHEN days_through IS NULL OR base IS NULL THEN '-infinity'::timestamptz
             ELSE ((base + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') END AS base_end
         FROM d
       ),
       live AS MATERIALIZED (
         SELECT c.* FROM p, rectify_figure_tail(p.folded_below) c WHERE c.at <= $1::timestamptz AND ${IN_BATCH}
       ),
       bookings AS (
         ${booked(`p, LATERAL (SELECT * FROM figure_days d WHERE d.day = p.base AND d.role = $6::text AND d.district_id = p.district_id OFFSET 0) d WHERE $7::text IS NULL`)}
         UNION ALL ${booked(`figure_batch_sums s, p WHERE $7::text IS NOT NULL AND p.base IS NOT NULL AND s.batch = ANY (ARRAY(SELECT batch FROM batches))`)}
         UNION ALL ${booked(`p, LATERAL (SELECT * FROM figure_bookings b WHERE b.at >= p.base_end AND b.at <= $1::timestamptz AND b.district_id = p.district_id OFFSET 0) b WHERE NOT p.late AND ${IN_BATCH}`)}
         UNION ALL SELECT ${KEY}, ${BOOKED.map((c) => `-${c}`).join(', ')}
           FROM p, LATERAL (SELECT * FROM figure_bookings b WHERE b.at > $1::timestamptz AND b.at < p.base_end AND b.district_id = p.district_id OFFSET 0) b WHERE p.late AND ${IN_BATCH}
         UNION ALL ${booked('live')}
       ),
       period AS (
         SELECT ${KEY}, total AS filed, 0 AS closed FROM figure_bookings
          WHERE filed_at >= $2::timestamptz AND filed_at <= $1::timestamptz AND total <> 0 AND at <= $1::timestamptz AND ${IN_BATCH}
         UNION ALL
         SELECT ${KEY}, 0, total FROM figure_bookings
          WHERE closed_at >= $2::timestamptz AND closed_at <= $1::timestamptz AND total <> 0 AND closed_at IS NOT NULL
            AND at <= $1::timestamptz AND ${IN_BATCH}
         UNION ALL
         SELECT ${KEY}, CASE WHEN filed_at >= $2::timestamptz AND filed_at <= $1::timestamptz THEN total ELSE 0 END,
           CASE WHEN closed_at >= $2::timestamptz AND closed_at <= $1::timestamptz THEN total ELSE 0 END
           FROM live WHERE total <> 0
       ),
       figures AS (
         SELECT unit_id, ${BOOKED.map((c) => `sum(${c})::int AS ${c}`).join(', ')}, 0 AS filed, 0 AS closed_in_period FROM bookings
          WHERE ${IN_SCOPE}
          GROUP BY unit_id
         UNION ALL
         SELECT unit_id, ${BOOKED.map(() => '0').join(', ')}, sum(filed)::int, sum(closed)::int FROM period
          WHERE ${IN_SCOPE}
          GROUP BY unit_id
       ),
       per_unit AS (
         SELECT unit_id, ${BOOKED.map((c) => `sum(${c})::int AS ${c}`).join(', ')}, sum(filed)::int AS filed, sum(closed_in_period)::int AS closed_in_period
           FROM figures GROUP BY unit_id
       )
       SELECT nullif(f.unit_id, '${NO_UNIT}') AS "unitId", ${unitJsonOf('f.unit_id')} AS unit, f.total, f.closed,
         f.completed_on_time AS "completedOnTime", f.overdue, f.due_within - f.overdue AS "dueSoon", f.rebounds,
         f.filed AS "filedInPeriod", f.closed_in_period AS "closedInPeriod", f.complaints, f.reply_due AS "replyDue",
         f.replied_on_time AS "repliedOnTime", f.rated, f.satisfied
       FROM per_unit f
       WHERE f.total > 0`,
      [
        scope.asOf,
        scope.periodStart,
        scope.sources,
        scope.unitId,
        scope.childrenUnderParentSource ?? false,
        scope.unitRole,
        scope.batch,
      ],
    );
  }
}
