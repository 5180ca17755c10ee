// The figures of domain.md from the rollups the log's triggers keep, now or as of any moment, in time that grows with
// the units, the period and the events of a few minutes around that moment, not with the whole list:
//  - counted figures (total, closed, …): the year, month, day and five-minute buckets up to whichever five-minute mark
//    next to asOf is nearer in events (few, for a recent moment; migrations 1763900000004, 6 and 14: the `hour` columns
//    hold five-minute marks), and the change between that mark and asOf read from the log;
//  - overdue, due soon, reply due: the spans (held with a deadline, complaint awaiting its reply) containing asOf,
//    counted from the kept counts of a past instant — an hour's mark, or a five-minute mark for the last hour
//    (migration 1763900000005) — and the spans that changed since;
//  - filed and closed in the period: daily and five-minute counts by day filed / last closed (migrations 1763900000006,
//    14) to the same mark, and the same change from the log; or, for a period not starting at midnight, those problems
//    one by one.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { shanghaiDate, startOfShanghaiDay } from '../common/shanghai-time.js';
import { unitJsonOf } from '../units/units.repository.js';
import type { CountsRow, ReportScope } from './closure-report.query.js';

const NO_UNIT = '00000000-0000-0000-0000-000000000000';
const HOUR_MS = 3_600_000;
const COUNTED = ['total', 'closed', 'completed_on_time', 'rebounds', 'complaints', 'replied_on_time', 'rated', 'satisfied'];
const sums = (sign = '') => COUNTED.map((c) => `sum(${sign}${c})::int AS ${c}`).join(', ');
/**
 * The rows of a per-log-row view for the problems logged between the boundary (p.b) and asOf: each one's last row
 * before the boundary (sign -1) and by asOf (sign 1), read for all of them at once.
 */
const ENDS_OF_TOUCHED = (view: string) => `SELECT DISTINCT ON (v.issue_id, s.sign) s.sign, v.*
  FROM (SELECT * FROM ${view} WHERE issue_id = ANY (ARRAY(SELECT issue_id FROM touched))) v
  CROSS JOIN p CROSS JOIN (VALUES (-1), (1)) s(sign)
  WHERE CASE WHEN s.sign = -1 THEN v.at < p.b ELSE v.at <= $1::timestamptz END
  ORDER BY v.issue_id, s.sign, v.seq DESC`;
/** Rows of a relation with unit_id and source within the request's sources ($3) and unit subtree ($4). */
const IN_SCOPE = `($3::text[] IS NULL OR source = ANY($3::text[])) AND ($4::uuid IS NULL OR unit_id IN (SELECT id FROM subtree))`;

/**
 * Events are logged at the present, give or take another server's clock and a transaction's length: an instant's spans
 * are counted only once it lies this far in the past.
 */
const SPAN_COUNT_SETTLED_MS = 10 * 60_000;

/** Taken shared by rectify_span_counts() and exclusively by a prune (migration 1763900000011). */
const SPAN_COUNT_PRUNE_LOCK = 7_263_004;

/** How long after a counted instant its counts serve: more than an hour and SPAN_COUNT_SETTLED_MS. */
const SLACK_MS = 2 * HOUR_MS;

/**
 * Moments of the last hour (the tables of "now") start from the last five-minute mark settled: the spans that changed
 * since are read live, and a busy hour (an import, a morning's sign-offs) would otherwise be read whole for up to an
 * hour after. Older moments start from the hour's mark: fewer instants to count and keep. An hour's mark is a
 * five-minute mark too, so the beat that counts one counts the other.
 */
const MARK_MS = 5 * 60_000;

/** Five-minute marks serve moments at most an hour and a mark before the present: later they go (pruneSpanCounts). */
const MARKS_KEPT_MS = 2 * HOUR_MS;

/**
 * The instant whose counted spans asOf's figures start from: the last mark by asOf and SPAN_COUNT_SETTLED_MS before
 * now, so less than SLACK_MS before asOf; with the edges of the classes counted there (see the query).
 */
function spanCount(scope: Pick<ReportScope, 'asOf' | 'dueSoonUntil'>, now: Date) {
  const settled = Math.min(scope.asOf.getTime(), now.getTime() - SPAN_COUNT_SETTLED_MS);
  const grid = now.getTime() - settled < HOUR_MS ? MARK_MS : HOUR_MS;
  const at = settled - (settled % grid);
  const soonHours = Math.ceil((scope.dueSoonUntil.getTime() - scope.asOf.getTime()) / HOUR_MS);
  const soonEnd = at + soonHours * HOUR_MS;
  return {
    at: new Date(at),
    slackEnd: new Date(at + SLACK_MS),
    soonEnd: new Date(soonEnd),
    soonHours,
    // (never below slackEnd: a due-soon window shorter than the slack would count spans twice)
    lateBandFrom: new Date(Math.max(soonEnd, at + SLACK_MS)),
    lateBandTo: new Date(soonEnd + SLACK_MS),
  };
}

/**
 * Filed or closed in the period, under the unit that led them at asOf, from report_period_counts (migrations
 * 1763900000006, 14): the rows logged from the period's start to the boundary (p) whose day filed / last closed lies in
 * the period's days — whole days from the daily counts, the boundary's day by five-minute marks — and for the problems
 * logged between the boundary and asOf, their change. For a period starting at midnight.
 */
const IN_PERIOD_COUNTED = `in_period AS (
  SELECT unit_id, coalesce(sum(n) FILTER (WHERE kind = 'F'), 0)::int AS filed, coalesce(sum(n) FILTER (WHERE kind = 'C'), 0)::int AS closed
  FROM (
    SELECT r.unit_id, r.source, r.kind, r.n FROM report_period_counts_daily r, p
     WHERE r.day >= rectify_day($2) AND r.day <= p.base AND r.since >= rectify_day($2) AND r.since <= p.d
    UNION ALL
    SELECT r.unit_id, r.source, r.kind, r.n FROM report_period_counts r, p
     WHERE r.hour >= p.b_day AND r.hour < p.b AND r.since >= rectify_day($2) AND r.since <= p.d
    UNION ALL
    SELECT m.unit_id, m.source, k.kind, m.sign
      FROM (
        ${ENDS_OF_TOUCHED('report_period_marks')}
      ) m
      CROSS JOIN p
      CROSS JOIN LATERAL (VALUES ('F', m.filed_day), ('C', m.closed_day)) k(kind, since)
     WHERE m.counted AND k.since >= rectify_day($2) AND k.since <= p.d
  ) x
  WHERE ${IN_SCOPE}
  GROUP BY unit_id
)`;

/**
 * The same for a period starting at any moment: the problems filed or closed in it, each under the unit of its row when
 * nothing was logged after asOf (now), else of its last log row at asOf.
 */
const IN_PERIOD_LOOKED_UP = `closes AS MATERIALIZED (
  SELECT DISTINCT issue_id FROM issue_events WHERE type = 'close' AND at >= $2 AND at <= $1
),
period AS (
  SELECT i.id, i.source, true AS filed, EXISTS (SELECT 1 FROM closes c WHERE c.issue_id = i.id) AS closed,
    i.lead_unit_id, i.duplicate_of_id
    FROM issues i WHERE i.filed_at >= $2 AND i.filed_at <= $1
  UNION ALL
  SELECT i.id, i.source, false, true, i.lead_unit_id, i.duplicate_of_id
    FROM closes c JOIN issues i ON i.id = c.issue_id WHERE i.filed_at < $2
),
settled AS (SELECT NOT EXISTS (SELECT 1 FROM issue_events WHERE at > $1) AS yes),
in_period AS (
  SELECT unit_id, count(*) FILTER (WHERE filed)::int AS filed, count(*) FILTER (WHERE closed)::int AS closed
  FROM (
    SELECT coalesce(pr.lead_unit_id, '${NO_UNIT}') AS unit_id, pr.source, pr.filed, pr.closed
      FROM period pr, settled WHERE settled.yes AND pr.duplicate_of_id IS NULL
    UNION ALL
    SELECT coalesce(l.lead_unit_id, '${NO_UNIT}') AS unit_id, pr.source, pr.filed, pr.closed
      FROM period pr CROSS JOIN settled CROSS JOIN LATERAL (
        SELECT e.lead_unit_id, e.duplicate_of_id FROM issue_events e
         WHERE e.issue_id = pr.id AND e.at <= $1 ORDER BY e.seq DESC LIMIT 1
      ) l
     WHERE NOT settled.yes AND l.duplicate_of_id IS NULL
  ) x
  WHERE ${IN_SCOPE}
  GROUP BY unit_id
)`;

@Injectable()
export class RollupReportQuery {
  constructor(private readonly db: DataSource) {}

  /**
   * Counts the spans open at the instant a table "now" starts from (every five minutes, 0.3–1.5 s at a million
   * problems), so that no one's table waits for it. Counted already: one light query.
   */
  async countSpansForNow(now: Date, dueSoonUntil: Date): Promise<void> {
    const spanned = spanCount({ asOf: now, dueSoonUntil }, now);
    await this.db.query(`SELECT count(*) FROM rectify_span_counts($1::timestamptz, $2::int)`, [spanned.at, spanned.soonHours]);
  }

  /**
   * Forgets the five-minute marks no table of the last hour starts from any more, and the hours counted before
   * `hoursBefore` but each Shanghai day's last (where a past day's or week's table starts from): asked again, an
   * instant is counted again. Under the lock the count function shares (migration 1763900000011), so no table reads an
   * instant half pruned; taken only when there is something to prune (every five minutes on a beat of a minute), so
   * tables do not queue behind it every beat.
   */
  async pruneSpanCounts(now: Date, hoursBefore: Date): Promise<void> {
    const prunable = `FROM report_span_counts_done
      WHERE (at < $1 AND extract(minute FROM at AT TIME ZONE 'Asia/Shanghai') <> 0)
         OR (at < $2 AND extract(hour FROM at AT TIME ZONE 'Asia/Shanghai') <> 23)`;
    const params = [new Date(now.getTime() - MARKS_KEPT_MS), hoursBefore];
    const [{ any }] = (await this.db.query(`SELECT EXISTS (SELECT 1 ${prunable}) AS any`, params)) as { any: boolean }[];
    if (!any) return;
    await this.db.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [SPAN_COUNT_PRUNE_LOCK]);
      await manager.query(
        `WITH gone AS (DELETE ${prunable} RETURNING at, soon_hours)
         DELETE FROM report_span_counts s USING gone g WHERE s.at = g.at AND s.soon_hours = g.soon_hours`,
        params,
      );
    });
  }

  /** $1 asOf, $2 periodStart, $3 sources, $4 unit, $5 due-soon end; $6–$11 the counted spans (see spanCount); $12 now. */
  figures(scope: ReportScope, now: Date): Promise<CountsRow[]> {
    const spanned = spanCount(scope, now);
    const atMidnight = scope.periodStart.getTime() === startOfShanghaiDay(shanghaiDate(scope.periodStart)).getTime();
    const inPeriod = atMidnight ? IN_PERIOD_COUNTED : IN_PERIOD_LOOKED_UP;
    return this.db.query(
      `WITH RECURSIVE subtree AS (
         SELECT id FROM units WHERE id = $4::uuid
         UNION ALL SELECT u.id FROM units u JOIN subtree s ON u.parent_id = s.id
       ),
       -- The rollups give the figures at a five-minute mark: the end of asOf's five minutes, or their start when fewer
       -- events were logged in them before asOf than after it (now: none after); the day buckets up to the day before
       -- that mark's, and the five-minute ones from that day's start to it. The problems logged between it and asOf are
       -- corrected from the log.
       p AS MATERIALIZED (
         SELECT rectify_day($1::timestamptz) AS d, b, rectify_day(b) - 1 AS base,
           (rectify_day(b)::timestamp AT TIME ZONE 'Asia/Shanghai') AS b_day
         FROM (
           SELECT CASE WHEN before_n < after_n THEN mark ELSE mark + interval '5 minutes' END AS b
           FROM (
             SELECT mark,
               -- (counted up to a cap: past it, either side will do as well)
               (SELECT count(*) FROM (SELECT FROM issue_events e
                  WHERE e.at >= mark AND e.at <= $1::timestamptz LIMIT 2000) n) AS before_n,
               (SELECT count(*) FROM (SELECT FROM issue_events e
                  WHERE e.at > $1::timestamptz AND e.at < mark + interval '5 minutes' LIMIT 2000) n) AS after_n
             FROM (SELECT date_bin('5 minutes', $1::timestamptz, timestamptz '2000-01-01 00:00:00+00') AS mark) h
           ) x
         ) y
       ),
       -- To the end of the base day, from whichever end of its month (and of its month in the year) has fewer buckets
       -- to add up (there are none after today): every year's up to its year less the months after its month and the
       -- days after it in that month, or the years before plus the year's months before its month and that month's
       -- days up to it. Either way each grain's range is one interval (from, to, sign), so each reads by the primary key.
       base AS MATERIALIZED (
         SELECT base, year, month, lm, ld,
           CASE WHEN lm THEN year - 1 ELSE year END AS y_to,
           CASE WHEN lm THEN year WHEN ld THEN month ELSE (month + interval '1 month')::date END AS m_from,
           CASE WHEN NOT lm THEN (year + interval '1 year')::date - 1 WHEN ld THEN month - 1 ELSE month END AS m_to,
           CASE WHEN lm THEN 1 ELSE -1 END AS m_sign,
           CASE WHEN ld THEN month ELSE base + 1 END AS d_from,
           CASE WHEN ld THEN base ELSE (month + interval '1 month')::date - 1 END AS d_to,
           CASE WHEN ld THEN 1 ELSE -1 END AS d_sign
         FROM (
           SELECT base, year, month,
             -- the year's months up to its month against those after it; the month's days up to it against after it
             extract(month FROM month) < extract(month FROM least((year + interval '1 year')::date - 1, today)) - extract(month FROM month) AS lm,
             base - month + 1 < least((month + interval '1 month')::date - 1, today) - base AS ld
           FROM (
             SELECT base, date_trunc('month', base)::date AS month, date_trunc('year', base)::date AS year,
               rectify_day($12::timestamptz) AS today
             FROM p
           ) b
         ) f
       ),
       buckets AS MATERIALIZED (
         SELECT r.unit_id, r.source,
           ${COUNTED.map((c) => `sum(CASE r.grain WHEN 'Y' THEN r.${c} WHEN 'M' THEN p.m_sign * r.${c} ELSE p.d_sign * r.${c} END)::int AS ${c}`).join(', ')}
           FROM report_counts r, base p
          WHERE (r.grain = 'Y' AND r.bucket <= p.y_to)
             OR (r.grain = 'M' AND r.bucket >= p.m_from AND r.bucket <= p.m_to)
             OR (r.grain = 'D' AND r.bucket >= p.d_from AND r.bucket <= p.d_to)
          GROUP BY 1, 2
       ),
       touched AS (
         SELECT DISTINCT issue_id FROM (
           SELECT e.issue_id FROM issue_events e, p WHERE p.b > $1::timestamptz AND e.at > $1::timestamptz AND e.at < p.b
           UNION ALL
           SELECT e.issue_id FROM issue_events e, p WHERE p.b <= $1::timestamptz AND e.at >= p.b AND e.at <= $1::timestamptz
         ) t
       ),
       -- Each touched problem's figures at asOf less those at the boundary (its last log row by each), read for all of
       -- them at once: one pass over their log rows, not a lookup per problem and moment.
       later AS (
         SELECT f.unit_id, f.source, ${COUNTED.map((c) => `sum(f.sign * f.${c})::int AS ${c}`).join(', ')}
         FROM (
           ${ENDS_OF_TOUCHED('report_event_figures')}
         ) f
         GROUP BY 1, 2
       ),
       marks AS (
         SELECT h.unit_id, h.source, ${COUNTED.map((c) => `sum(h.${c})::int AS ${c}`).join(', ')}
           FROM report_counts_hourly h, p WHERE h.hour >= p.b_day AND h.hour < p.b
          GROUP BY 1, 2
       ),
       counted AS (
         SELECT unit_id, ${sums()} FROM (SELECT * FROM buckets UNION ALL SELECT * FROM marks UNION ALL SELECT * FROM later) x
          WHERE ${IN_SCOPE} GROUP BY unit_id
       ),
       -- Spans open at asOf, in parts that never overlap: the counts kept for a past instant $6 (held and due before
       -- it: overdue; held and due from $7 = $6 + 2 h to $8 = $6 + the due-soon window: due soon; awaiting a reply due
       -- from $7 on or never: awaiting — whichever moment in the two hours after $6 asOf is), moved on to asOf by the
       -- spans closed and opened since; and, read whole, those due in the two hours after $6 or after $8 (whose class
       -- depends on the exact moment).
       spans AS (
         SELECT unit_id, sum(overdue)::int AS overdue, sum(due_soon)::int AS due_soon, sum(awaiting)::int AS awaiting
         FROM (
           SELECT unit_id, source, held_overdue AS overdue, held_soon AS due_soon, awaiting_far AS awaiting
             FROM rectify_span_counts($6::timestamptz, $9::int)
           UNION ALL
           SELECT coalesce(unit_id, '${NO_UNIT}'), source, -count(*) FILTER (WHERE kind = 'HELD' AND due_at < $6), -count(*) FILTER (WHERE kind = 'HELD' AND due_at >= $7 AND due_at < $8),
             -count(*) FILTER (WHERE kind = 'AWAITING_REPLY' AND (due_at IS NULL OR due_at >= $7))
             FROM report_intervals WHERE to_at > $6 AND to_at <= $1 AND from_at <= $6
            GROUP BY 1, 2
           UNION ALL
           SELECT coalesce(unit_id, '${NO_UNIT}'), source, count(*) FILTER (WHERE kind = 'HELD' AND due_at < $6), count(*) FILTER (WHERE kind = 'HELD' AND due_at >= $7 AND due_at < $8),
             count(*) FILTER (WHERE kind = 'AWAITING_REPLY' AND (due_at IS NULL OR due_at >= $7))
             FROM (
               SELECT kind, unit_id, source, due_at FROM report_intervals WHERE to_at IS NULL AND from_at > $6 AND from_at <= $1
               UNION ALL
               SELECT kind, unit_id, source, due_at FROM report_intervals
                WHERE to_at IS NOT NULL AND from_at > $6 AND from_at <= $1 AND coalesce(to_at, '-infinity') > $1
             ) opened
            GROUP BY 1, 2
           UNION ALL
           SELECT coalesce(unit_id, '${NO_UNIT}'), source,
             count(*) FILTER (WHERE kind = 'HELD' AND due_at < $1),
             count(*) FILTER (WHERE kind = 'HELD' AND due_at >= $1 AND due_at < $5),
             count(*) FILTER (WHERE kind = 'AWAITING_REPLY' AND due_at >= $1 AND due_at < $7)
             FROM report_intervals
            -- (coalesce: no other index than the one by due date is of use here, and it holds every column read)
            WHERE ((due_at >= $6 AND due_at < $7) OR (kind = 'HELD' AND due_at >= $10 AND due_at < $11))
              AND from_at <= $1 AND coalesce(to_at, 'infinity') > $1
            GROUP BY 1, 2
         ) r
         WHERE ${IN_SCOPE}
         GROUP BY unit_id
       ),
       ${inPeriod}
       SELECT nullif(c.unit_id, '${NO_UNIT}') AS "unitId", ${unitJsonOf('c.unit_id')} AS unit, c.total, c.closed, c.completed_on_time AS "completedOnTime",
         coalesce(s.overdue, 0) AS overdue, coalesce(s.due_soon, 0) AS "dueSoon", c.rebounds,
         coalesce(ip.filed, 0) AS "filedInPeriod", coalesce(ip.closed, 0) AS "closedInPeriod", c.complaints,
         c.complaints - coalesce(s.awaiting, 0) AS "replyDue", c.replied_on_time AS "repliedOnTime", c.rated, c.satisfied
       FROM counted c
       LEFT JOIN spans s ON s.unit_id = c.unit_id
       LEFT JOIN in_period ip ON ip.unit_id = c.unit_id
       WHERE c.total > 0`,
      [scope.asOf, scope.periodStart, scope.sources, scope.unitId, scope.dueSoonUntil, spanned.at, spanned.slackEnd, spanned.soonEnd,
        spanned.soonHours, spanned.lateBandFrom, spanned.lateBandTo, now],
    );
  }
}
