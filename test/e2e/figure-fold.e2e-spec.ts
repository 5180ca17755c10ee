// A fold's work is its new rows', not its problems' past: one new row of a problem with a long log is read as one new row
// of a problem with a short one. Counted, not timed: the log rows the fold fetches (pg_stat_xact_user_tables counts
// them in the fold's own transaction).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LOG_HORIZON_SQL } from '../../src/issues/log-range.js';
import { FigureProjector, PROJECTOR_LOCK } from '../../src/reports/figure-projector.service.js';
import { assign, createUnitWithToken, fileIssue, type UnitWithToken } from '../factories/factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const PAST = 300;

describe("a fold reads a problem's new rows, not its past", () => {
  let t: TestApp;
  let unit: UnitWithToken;

  beforeAll(async () => {
    t = await createTestApp();
    unit = await createUnitWithToken(t, { name: '龙门镇', kind: 'TOWN' });
  });
  afterAll(() => t.close());

  async function rectifying(): Promise<string> {
    const { id } = await fileIssue(t);
    await assign(t, id, unit.id);
    await t.ok(unit.token, 'mutation($id: ID!) { acceptIssue(issueId: $id) { id } }', { id });
    return id;
  }

  const progress = (id: string, p: number) =>
    t.ok(
      unit.token,
      'mutation($id: ID!, $p: Int!) { reportProgress(issueId: $id, progressPercent: $p, comment: "推进中") { id } }',
      { id, p },
    );

  /** Folds what is pending as the projector does; the log rows it fetched, and how many rows were pending. */
  async function fold(): Promise<{ read: number; pending: number }> {
    return t.db.transaction('REPEATABLE READ', async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock($1)`, [PROJECTOR_LOCK]);
      // A log of a few hundred rows is read at once by a sequential scan; at a real size the planner takes the
      // indexes, as it must here: a fold that could only scan the log fails.
      await m.query(`SET LOCAL enable_seqscan = off`);
      const fetched = async () =>
        Number(
          (
            (await m.query(
              `SELECT seq_tup_read + coalesce(idx_tup_fetch, 0) AS n FROM pg_stat_xact_user_tables WHERE relname = 'issue_events'`,
            )) as { n: string }[]
          )[0].n,
        );
      const [{ lo, hi, pending }] = (await m.query(
        `SELECT folded_below::text AS lo, ${LOG_HORIZON_SQL}::text AS hi,
                (SELECT count(*) FROM issue_events WHERE tx >= folded_below)::int AS pending
           FROM figure_projection`,
      )) as { lo: string; hi: string; pending: number }[];
      const before = await fetched();
      await m.query(`SELECT rectify_figures_fold($1::xid8, $2::xid8)`, [lo, hi]);
      return { read: (await fetched()) - before, pending };
    });
  }

  it('reads one new row of a problem with 300 past rows as one of a problem with three', async () => {
    const short = await rectifying();
    const long = await rectifying();
    for (let k = 0; k < PAST; k++) await progress(long, 1 + (k % 99));
    await t.app.get(FigureProjector).catchUp();

    await progress(short, 50);
    const shortFold = await fold();
    await progress(long, 50);
    const longFold = await fold();

    expect([shortFold.pending, longFold.pending]).toEqual([1, 1]);
    // (the new row, fetched to see that something is logged, to find the problems it touched and to fold it)
    expect(shortFold.read).toBeLessThanOrEqual(3);
    expect(longFold.read).toBe(shortFold.read);
    // 300 reports, one request each: a loaded machine needs more than the default 30 s (the figures count rows, not time).
  }, 120_000);
});
