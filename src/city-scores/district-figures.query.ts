// The city's ranking reads every district's figures at once (issue #28): each figure the district's own, as its closure
// table (closureReport's total row) and its score read it, but city-wide in one statement grouped by district — never
// a district at a time. Row security lets a city-wide session (`rectify.district` = all) read every district's rows;
// the caller runs these in cityWide().
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AccountabilityCounts } from '../accountability/accountability.record.js';

/** A district's list as its closure table's total row counts it at a moment (lead units' problems, duplicates out). */
export interface DistrictListFigures {
  districtId: string;
  total: number;
  closed: number;
  completedOnTime: number;
  overdue: number;
  rebounds: number;
}

export interface DistrictAccountability {
  districtId: string;
  counts: AccountabilityCounts;
}

/** An indicator's district and the report deadline that district set (working days after a period). */
export interface IndicatorDistrict {
  indicatorId: string;
  districtId: string;
  dueDays: number;
}

const FIGURES = ['total', 'closed', 'completed_on_time', 'overdue', 'rebounds'];
const sums = (prefix: string, sign = '') => FIGURES.map((c) => `${sign}${prefix}${c}`).join(', ');

@Injectable()
export class DistrictFiguresQuery {
  constructor(private readonly db: DataSource) {}

  /**
   * The figures at `asOf` per district, from the bookings exactly as FiguresQuery reads a district's table (its
   * definitions, src/reports/figures.query.ts), each district from its own projection's position: the running sums of
   * its base day (figure_days), its bookings from there to `asOf` (or, past noon of a rolled day, that day's sums less
   * its bookings after `asOf`), and the tail not folded yet (rectify_figure_tail, from the lowest district's position:
   * each problem's tail starts at its own head, so a problem folded already adds nothing). Lead units' rows only (a
   * problem counts once, under its lead or unassigned), every source.
   */
  listFigures(asOf: Date): Promise<DistrictListFigures[]> {
    return this.db.query(
      `WITH t AS (SELECT rectify_day($1::timestamptz) AS day),
       d AS (
         SELECT f.district_id, f.folded_below, f.days_through,
           f.days_through >= t.day AND $1::timestamptz >= ((t.day::timestamp + interval '12 hours') AT TIME ZONE 'Asia/Shanghai') AS late,
           t.day
         -- the districts' positions: the city's own row keeps one too (a copy, never folded), which would only widen
         -- the reads below
         FROM figure_projection f JOIN districts k ON k.id = f.district_id AND k.kind = 'DISTRICT', t
       ),
       p AS MATERIALIZED (
         SELECT district_id, folded_below, coalesce(late, false) AS late,
           CASE WHEN days_through IS NULL THEN NULL WHEN late THEN day WHEN days_through < day - 1 THEN days_through ELSE day - 1 END AS base
         FROM d
       ),
       q AS MATERIALIZED (
         SELECT district_id, folded_below, late, base,
           CASE WHEN base IS NULL THEN '-infinity'::timestamptz ELSE ((base + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') END AS base_end
         FROM p
       ),
       -- each base day's running sums read once for every district on it (they share one, as a rule), then matched to
       -- their districts: a nested loop by district walked the whole day's rows once per district
       day_sums AS MATERIALIZED (
         SELECT d.* FROM (SELECT DISTINCT base FROM q WHERE base IS NOT NULL) days,
           LATERAL (SELECT * FROM figure_days d WHERE d.day = days.base AND d.role = 'LEAD' OFFSET 0) d
       ),
       bounds AS MATERIALIZED (
         SELECT min(folded_below) AS since,
           coalesce(min(base_end) FILTER (WHERE NOT late), 'infinity'::timestamptz) AS from_at,
           coalesce(max(base_end) FILTER (WHERE late), '-infinity'::timestamptz) AS to_at
         FROM q
       ),
       -- figure_tail_bookings crosses each row with figure_projection (its due-soon days): read city-wide, every
       -- district's position row repeats it, so the sums are divided by their number (the figures summed here do not
       -- depend on the position's values; only due-soon does).
       live AS MATERIALIZED (
         SELECT i.district_id, ${FIGURES.map((c) => `sum(c.${c})::int / (SELECT count(*) FROM figure_projection)::int AS ${c}`).join(', ')}
           FROM bounds, rectify_figure_tail(bounds.since) c JOIN issues i ON i.id = c.issue_id
          WHERE c.at <= $1::timestamptz AND c.role = 'LEAD'
          GROUP BY i.district_id
       ),
       bookings AS (
         SELECT d.district_id, ${sums('d.')} FROM day_sums d JOIN q ON q.district_id = d.district_id AND q.base = d.day
         UNION ALL
         SELECT b.district_id, ${sums('b.')} FROM figure_bookings b JOIN q ON q.district_id = b.district_id
          WHERE NOT q.late AND b.at >= q.base_end AND b.at <= $1::timestamptz AND b.role = 'LEAD'
            AND b.at >= (SELECT from_at FROM bounds)
         UNION ALL
         SELECT b.district_id, ${sums('b.', '-')} FROM figure_bookings b JOIN q ON q.district_id = b.district_id
          WHERE q.late AND b.at > $1::timestamptz AND b.at < q.base_end AND b.role = 'LEAD'
            AND b.at < (SELECT to_at FROM bounds)
         UNION ALL
         SELECT district_id, ${sums('')} FROM live
       )
       SELECT district_id AS "districtId", sum(total)::int AS total, sum(closed)::int AS closed,
              sum(completed_on_time)::int AS "completedOnTime", sum(overdue)::int AS overdue, sum(rebounds)::int AS rebounds
         FROM bookings GROUP BY district_id`,
      [asOf],
    );
  }

  /** Each district's accountability records decided in the days (Asia/Shanghai) and not revoked, by kind. */
  async accountability(fromDay: string, toDay: string): Promise<DistrictAccountability[]> {
    const rows: { districtId: string; interview: number; criticism: number; accountability: number }[] =
      await this.db.query(
        `SELECT district_id AS "districtId",
                count(*) FILTER (WHERE kind = 'INTERVIEW')::int AS interview,
                count(*) FILTER (WHERE kind = 'PUBLIC_CRITICISM')::int AS criticism,
                count(*) FILTER (WHERE kind = 'ACCOUNTABILITY')::int AS accountability
           FROM accountability_records
          WHERE revoked_at IS NULL AND decided_on BETWEEN $1 AND $2
          GROUP BY district_id`,
        [fromDay, toDay],
      );
    return rows.map((r) => ({
      districtId: r.districtId,
      counts: { INTERVIEW: r.interview, PUBLIC_CRITICISM: r.criticism, ACCOUNTABILITY: r.accountability },
    }));
  }

  /** Every indicator's district and that district's report deadline (eco_settings, one row per district). */
  indicatorDistricts(): Promise<IndicatorDistrict[]> {
    return this.db.query(
      `SELECT i.id AS "indicatorId", i.district_id AS "districtId", s.report_due_working_days AS "dueDays"
         FROM eco_indicators i JOIN eco_settings s ON s.district_id = i.district_id`,
    );
  }
}
