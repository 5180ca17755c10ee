import type { MigrationInterface, QueryRunner } from 'typeorm';

// The live tail's statement (rectify_figure_tail: the view over figure_heads and the log, beneath row security) costs
// far more to plan than to run when the projector has caught up: PL/pgSQL plans it afresh for a session's first five
// calls, and a figure read on a new connection paid the planning every time. Its only input is an xid8 the ARRAY
// subquery turns into problem ids at run time, so a custom plan knows nothing a generic one does not: the generic plan
// is made once per connection and reused (bench/report.bench.ts measures the reads).
export class FigureTailPlan1763900000046 implements MigrationInterface {
  name = 'FigureTailPlan1763900000046';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER FUNCTION rectify_figure_tail(xid8) SET plan_cache_mode = force_generic_plan`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER FUNCTION rectify_figure_tail(xid8) RESET plan_cache_mode`);
  }
}
