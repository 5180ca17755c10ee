import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The views the service reads through (the list's counts, the figures' live tail). */
const VIEWS = ['issue_list_count_rows', 'figure_tail_facts', 'figure_tail_bookings'];

// Two things about reading beneath the districts' row security (migration 1763900000042):
// - A view reads its tables with its owner's rights unless it is security_invoker: the migrations' role owns the views,
//   and where that role bypasses row security (a superuser: the embedded database runs migrations as one, the
//   service as an ordinary role) a district read every district's rows through them — the list's totalCount counted
//   them all. As the invoker, the reader's own district holds.
// - The live tail's statement (rectify_figure_tail) costs far more to plan than to run when the projector has caught
//   up, and PL/pgSQL planned it afresh for each of a session's first five calls. Its only input is an xid8 an ARRAY
//   subquery turns into problem ids at run time, so a custom plan knows nothing a generic one does not: the generic
//   plan is made once per connection and kept (bench/report.bench.ts times the reads).
export class FigureReadsUnderRowSecurity1763900000046 implements MigrationInterface {
  name = 'FigureReadsUnderRowSecurity1763900000046';

  async up(q: QueryRunner): Promise<void> {
    for (const view of VIEWS) await q.query(`ALTER VIEW ${view} SET (security_invoker = true)`);
    await q.query(`ALTER FUNCTION rectify_figure_tail(xid8) SET plan_cache_mode = force_generic_plan`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER FUNCTION rectify_figure_tail(xid8) RESET plan_cache_mode`);
    for (const view of VIEWS) await q.query(`ALTER VIEW ${view} RESET (security_invoker)`);
  }
}
