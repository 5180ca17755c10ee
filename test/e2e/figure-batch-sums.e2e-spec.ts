// A batch's table from its sums at the end of the last rolled day (figure_batch_sums, migration 41) against the
// independent statement over the problems and the log (bench/hand-sql.ts): two batches of one round and one of
// another, ten weeks of events folded as they go, asked at moments after the last rolled day, within a month before
// it and further back, and on a day's edges; a clock days behind writing into rolled days; and the sums the triggers
// keep against the sums of the bookings themselves, and against a rebuild.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FigureProjector } from '../../src/reports/figure-projector.service.js';
import { BOOKED } from '../../src/reports/figures.query.js';
import { assign, closingAtAcceptance, createUnit, daysAfter, fileIssue } from '../factories/factories.js';
import { table, type Figures } from '../support/closure-table.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ROUND = '第三轮中央生态环境保护督察';
const BATCHES = [`${ROUND} 第1批`, `${ROUND} 第2批`, '第二轮市级生态环境保护例行督察 第1批'];

describe('a batch’s table from its sums at the last rolled day', () => {
  let t: TestApp;
  // 10:00 in Shanghai, a Thursday.
  const START = Date.parse('2026-01-08T02:00:00.000Z');
  const STEPS = [
    'acceptIssue(issueId: $id)',
    'submitRectification(issueId: $id, summary: "已完成整改")',
    'verifyIssue(issueId: $id, passed: true)',
    'closeIssue(issueId: $id, comment: "同意销号")',
    'revisitIssue(issueId: $id, rebounded: true, comment: "回头看发现反弹", newDueAt: $at)',
  ];
  let units: { id: string }[];

  const same = async (variables: Record<string, unknown>) => {
    const [bookings, log] = await Promise.all([false, true].map(async (flag) => table(t, variables, flag)));
    expect({ variables, r: bookings }).toEqual({ variables, r: log });
    return bookings as { total: Figures };
  };
  /** The sums as kept, and the batch's bookings before the end of the last rolled day summed per key. */
  const sums = async () => {
    const columns = `batch, unit_id, role, source, family_source, ${BOOKED.join(', ')}`;
    const kept = await t.db.query(`SELECT ${columns} FROM figure_batch_sums ORDER BY 1, 2, 3, 4, 5`);
    const summed = await t.db.query(
      `SELECT batch, unit_id, role, source, family_source, ${BOOKED.map((c) => `sum(${c})::int AS ${c}`).join(', ')}
         FROM figure_bookings, figure_projection p
        WHERE batch IS NOT NULL AND at < ((p.days_through + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
        GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
    );
    return { kept, summed };
  };

  beforeAll(async () => {
    t = await createTestApp({ now: new Date(START).toISOString() });
    await closingAtAcceptance(t);
    units = [
      await createUnit(t, { name: '区生态环境局', kind: 'DEPARTMENT' }),
      await createUnit(t, { name: '白沙镇', kind: 'TOWN' }),
    ];
    const open: { id: string; step: number }[] = [];
    // Seventy days, a problem filed every other day, the oldest open one moved a step each day.
    for (let day = 0; day < 70; day++) {
      t.clock.set(new Date(START + day * DAY + (day % 5) * HOUR));
      if (day % 2 === 0) {
        const k = day / 2;
        const { id } = await fileIssue(t, {
          source: k % 3 === 2 ? 'MUNICIPAL_INSPECTION' : 'CENTRAL_INSPECTION',
          batch: BATCHES[k % 3],
          title: `批次问题 ${k}`,
        });
        await assign(t, id, units[k % 2].id, {
          dueAt: daysAfter(t, 6 + (k % 4) * 4),
          ...(k % 4 === 1 ? { cooperatingUnitIds: [units[(k + 1) % 2].id] } : {}),
        });
        open.push({ id, step: 0 });
      }
      const next = open[day % 3 === 0 ? 0 : open.length - 1];
      const step = STEPS[next.step];
      const at = step.includes('$at') ? { at: daysAfter(t, 9) } : {};
      const sent = await t.gql(
        OFFICE_TOKEN,
        `mutation($id: ID!${'at' in at ? ', $at: DateTime' : ''}) { r: ${step} { id } }`,
        {
          id: next.id,
          ...at,
        },
      );
      if (!sent.errors) {
        next.step++;
        if (next.step === STEPS.length) next.step = 1;
      }
      if (day % 4 === 1) await t.app.get(FigureProjector).catchUp();
    }
    await t.app.get(FigureProjector).catchUp();
  }, 180_000);

  afterAll(() => t?.close());

  it('keeps the sums of each batch’s bookings before the end of the last rolled day', async () => {
    const { kept, summed } = await sums();
    expect(kept.length).toBeGreaterThan(6);
    expect(kept).toEqual(summed);
  });

  it('gives the log’s figures now, after the last rolled day, within a month before it and further back', async () => {
    // (the end of the last rolled day, in milliseconds)
    const [{ end }] = await t.db.query<{ end: number }[]>(
      `SELECT (extract(epoch FROM (days_through + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') * 1000)::float8 AS end
         FROM figure_projection`,
    );
    expect(end).toBeGreaterThan(START + 60 * DAY);
    const moments = [
      ...[-1, 0, 1].map((d) => end + d),
      ...[-1, 0, 1].map((d) => end - 3 * DAY + d),
      ...[1, 5, 12, 20, 29, 30.9, 31.2, 35, 45, 60].map((d) => end - d * DAY),
      t.clock.now().getTime(),
    ].filter((at) => at <= t.clock.now().getTime());
    let compared = 0;
    const seen = { closed: 0, overdue: 0, rebounds: 0 };
    for (const batch of [...BATCHES, ROUND])
      for (const at of moments)
        for (const unitRole of ['LEAD', 'COOPERATING']) {
          const { total } = await same({ batch, unitRole, asOf: new Date(at).toISOString() });
          for (const k of Object.keys(seen) as (keyof typeof seen)[]) seen[k] = Math.max(seen[k], total[k]);
          compared++;
        }
    await same({ batch: ROUND, periodStart: new Date(end - 10 * DAY).toISOString() });
    expect(compared).toBeGreaterThan(100);
    expect(seen.closed).toBeGreaterThan(0);
    expect(seen.overdue).toBeGreaterThan(0);
    expect(seen.rebounds).toBeGreaterThan(0);
  }, 180_000);

  it('adds the bookings a clock days behind writes into rolled days, at once and folded', async () => {
    const end = t.clock.now();
    t.clock.set(new Date(end.getTime() - 4 * DAY));
    const { id } = await fileIssue(t, { batch: BATCHES[0], title: '钟慢的服务器登记的问题' });
    await assign(t, id, units[0].id, { dueAt: daysAfter(t, 2) });
    t.clock.set(end);
    const moments = [5, 3.5, 3, 1, 0].map((d) => new Date(end.getTime() - d * DAY).toISOString());
    for (const asOf of moments) await same({ batch: BATCHES[0], asOf });
    await t.app.get(FigureProjector).catchUp();
    for (const asOf of moments) await same({ batch: BATCHES[0], asOf });
    const { kept, summed } = await sums();
    expect(kept).toEqual(summed);
  });

  it('rebuilds the very sums the triggers kept', async () => {
    await t.app.get(FigureProjector).catchUp();
    const before = await sums();
    await t.db.query(`SELECT rectify_figures_rebuild($1::date)`, [
      new Date(t.clock.now().getTime() + 8 * HOUR).toISOString().slice(0, 10),
    ]);
    const after = await sums();
    expect(after.kept).toEqual(before.kept);
    expect(after.kept).toEqual(after.summed);
    await same({ batch: ROUND });
  });
});
