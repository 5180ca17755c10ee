// The table from the bookings (folded, or booked live for the log rows not folded yet) against an independent
// statement over the problems and the log (bench/hand-sql.ts): random lives of problems over a fortnight, asked at
// every moment something happened and in between, with and without filters, with the projector folding at random
// points; a clock behind by days; fourteen months; a morning burst. And the bookings folded event by event against
// the same bookings rebuilt from the log.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { OVERDUE_SCAN } from '../../bench/hand-sql.js';
import { FigureProjector } from '../../src/reports/figure-projector.service.js';
import { BOOKED } from '../../src/reports/figures.query.js';
import { OverdueListQuery } from '../../src/reports/overdue-list.query.js';
import { DeadlineSweepService } from '../../src/scheduler/deadline-sweep.service.js';
import {
  assign,
  createToken,
  createUnit,
  createUnitWithToken,
  daysAfter,
  fileIssue,
  type UnitWithToken,
  closingAtAcceptance,
} from '../factories/factories.js';
import { table } from '../support/closure-table.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

const HOUR = 3_600_000;
const SOURCES = ['CENTRAL_INSPECTION', 'MUNICIPAL_INSPECTION', 'PUBLIC_COMPLAINT', 'SELF_INSPECTION'];
const ROUND = '第三轮中央生态环境保护督察';
const BATCHES = [`${ROUND} 第3批`, `${ROUND} 反馈问题`, '第二轮市级生态环境保护例行督察 第2批', null];

/** Deterministic pseudo-random numbers (mulberry32), so a failure replays. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the table from the bookings equals the table from the log', () => {
  let t: TestApp;
  let units: UnitWithToken[];
  let leader: string;
  const ids: string[] = [];
  const moments: string[] = [];
  const rnd = random(20_261_207);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const later = (hours: number) => new Date(t.clock.now().getTime() + hours * HOUR).toISOString();

  /**
   * One random event the problem allows, sent by the office (which may send any) — or, at the steps of the sign-off
   * chain that are theirs alone, by the leaders or the supervising department.
   */
  async function act(id: string): Promise<void> {
    const query = `query($id: ID!) { issue(id: $id) { allowedEvents source substate supervisingUnit { id }
      parts { unit { id } pending } } }`;
    const { issue: seen } = await t.ok<{
      issue: {
        allowedEvents: string[];
        source: string;
        substate: string;
        supervisingUnit: { id: string } | null;
        parts: { unit: { id: string }; pending: boolean }[];
      };
    }>(OFFICE_TOKEN, query, { id });
    const signer =
      seen.substate === 'VERIFIED.leadershipApproval'
        ? leader
        : seen.substate === 'RECTIFYING.departmentReview'
          ? units.find((u) => u.id === seen.supervisingUnit?.id)!.token
          : OFFICE_TOKEN;
    const issue = signer === OFFICE_TOKEN ? seen : (await t.ok<{ issue: typeof seen }>(signer, query, { id })).issue;
    // escalate is the scheduler's (swept below); publish, the plan's events and instructions change no figure; a
    // supervision order has mutations of its own (test/e2e/supervision-orders.e2e-spec.ts), raising the level as a rung.
    const events = issue.allowedEvents.filter(
      (e) =>
        !['publish', 'escalate', 'setPlan', 'returnPlan', 'completeMilestone', 'superviseOrder', 'instruct'].includes(
          e,
        ),
    );
    if (events.length === 0) return;
    // A public notice mostly runs its days undisturbed (an objection or a send-back now and then).
    if (issue.substate === 'VERIFIED.publicNotice' && !events.includes('signOff') && rnd() < 0.85) return;
    // Mostly forward, so that problems reach closing and revisits (rebounds) within the fortnight.
    const forward = events.filter((e) =>
      [
        'assign',
        'accept',
        'reportPart',
        'submit',
        'verify',
        'signOff',
        'dismissObjection',
        'close',
        'revisit',
      ].includes(e),
    );
    const event = forward.length && rnd() < 0.7 ? pick(forward) : pick(events);
    const complaint = issue.source === 'PUBLIC_COMPLAINT';
    const deadline = () => {
      const kind = pick(['DATE', 'DATE', 'DATE', 'IMMEDIATE', 'LONG_TERM']);
      return { deadlineKind: kind, dueAt: kind === 'DATE' ? later(pick([6, 30, 80, 200])) : undefined };
    };
    // A lead and none, one or two of the other units cooperating; now and then a supervising department.
    const holders = () => {
      const lead = pick(units).id;
      const others = units.map((u) => u.id).filter((u) => u !== lead && rnd() < 0.35);
      const free = units.map((u) => u.id).filter((u) => u !== lead && !others.includes(u));
      const supervisingUnitId = free.length > 0 && rnd() < 0.5 ? pick(free) : undefined;
      return { leadUnitId: lead, cooperatingUnitIds: others, supervisingUnitId };
    };
    const STEP_AT: Record<string, string> = {
      'RECTIFYING.departmentReview': 'DEPARTMENT_REVIEW',
      'VERIFIED.leadershipApproval': 'LEADERSHIP_APPROVAL',
      'VERIFIED.publicNotice': 'PUBLIC_NOTICE',
      'VERIFIED.objected': 'PUBLIC_NOTICE',
      'VERIFIED.cityReview': 'CITY_REVIEW',
    };
    const step = STEP_AT[issue.substate];
    const send: Record<string, [string, Record<string, unknown>]> = {
      assign: ['assignIssue(input: $input)', { input: { issueId: id, ...holders(), ...deadline() } }],
      reassign: ['reassignIssue(input: $input)', { input: { issueId: id, ...holders(), ...deadline() } }],
      accept: ['acceptIssue(issueId: $id)', { id }],
      return: ['returnIssue(issueId: $id, reason: "不属于本单位职责")', { id }],
      reportProgress: ['reportProgress(issueId: $id, progressPercent: 50, comment: "推进中")', { id }],
      requestExtension: [
        'requestExtension(issueId: $id, newDueAt: $until, reason: "汛期施工受限")',
        { id, until: later(300) },
      ],
      decideExtension: ['decideExtension(issueId: $id, approve: $yes)', { id, yes: rnd() < 0.5 }],
      submit: [
        'submitRectification(issueId: $id, summary: "已完成整改", finding: $finding)',
        { id, finding: complaint ? 'SUBSTANTIATED' : null },
      ],
      verify: ['verifyIssue(issueId: $id, passed: $yes, comment: "现场复核")', { id, yes: rnd() < 0.8 }],
      signOff: ['signOffIssue(issueId: $id, step: $step, documentNumber: "渝环督改〔2026〕8号")', { id, step }],
      sendBack: ['sendBackIssue(issueId: $id, step: $step, comment: "退回补充整改")', { id, step }],
      object: ['objectToNotice(issueId: $id, comment: "群众反映仍有异味")', { id }],
      // a cooperating unit's part, reported or waived by the office for the unit
      reportPart: [
        'reportPart(issueId: $id, unitId: $unit, progressPercent: 100, comment: "配合完成", done: true)',
        { id, unit: issue.parts.find((p) => p.pending)?.unit.id },
      ],
      waivePart: [
        'waivePart(issueId: $id, unitId: $unit, reason: "由牵头单位完成")',
        { id, unit: issue.parts.find((p) => p.pending)?.unit.id },
      ],
      dismissObjection: ['dismissObjection(issueId: $id, comment: "异议不成立")', { id }],
      close: [
        'closeIssue(issueId: $id, satisfaction: $s)',
        { id, s: complaint ? pick(['SATISFIED', 'BASICALLY_SATISFIED', 'UNSATISFIED', null]) : null },
      ],
      revisit: [
        'revisitIssue(issueId: $id, rebounded: $yes, comment: "回头看", newDueAt: $at)',
        { id, yes: rnd() < 0.5 },
      ],
      markDuplicate: [
        'markDuplicate(issueId: $id, ofId: $of, comment: "与已交办问题重复")',
        { id, of: pick(ids.filter((x) => x !== id)) },
      ],
    };
    const [call, variables] = send[event] ?? [];
    if (!call) throw new Error(`no mutation for ${event}`);
    if (event === 'revisit') variables.at = variables.yes ? later(100) : null;
    const types: Record<string, string> = {
      input: 'AssignInput!',
      id: 'ID!',
      at: 'DateTime',
      until: 'DateTime!',
      yes: 'Boolean!',
      finding: 'ComplaintFinding',
      s: 'Satisfaction',
      of: 'ID!',
      step: 'SignOffStep!',
      unit: 'ID!',
    };
    const declared = Object.keys(variables)
      .map((k) => `$${k}: ${types[k]}`)
      .join(', ');
    const reply = await t.gql(signer, `mutation(${declared}) { r: ${call} { id } }`, variables);
    // A refusal (a deadline that is not in the future, a duplicate of a duplicate…) changes nothing; it is fine here.
    if (reply.errors && !['BAD_USER_INPUT', 'INVALID_TRANSITION'].includes(reply.errors[0].extensions.code)) {
      throw new Error(JSON.stringify(reply.errors));
    }
  }

  beforeAll(async () => {
    // The default closure policies: central and municipal problems walk the whole sign-off chain.
    t = await createTestApp({ now: '2026-03-02T01:00:00.000Z' });
    leader = await createToken(t, 'LEADER', undefined, '分管副区长');
    const a = await createUnitWithToken(t, { name: '区生态环境局', kind: 'DEPARTMENT' });
    const a1 = await createUnitWithToken(t, { name: '区生态环境保护综合执法支队', kind: 'DEPARTMENT', parentId: a.id });
    const b = await createUnitWithToken(t, { name: '水江镇', kind: 'TOWN' });
    const c = await createUnitWithToken(t, { name: '南平镇', kind: 'TOWN' });
    units = [a, a1, b, c];
    // An import files and assigns many problems in one statement: the trigger's set-based path.
    const csv = [
      '编号,来源,问题,类别,牵头单位,整改时限',
      ...[1, 2, 3, 4, 5, 6].map(
        (k) => `DR-${k},${k % 2 ? '中央' : '12369举报'},导入问题${k},水,${pick(units).name},2026-03-${10 + k}`,
      ),
    ];
    const imported = await request(t.app.getHttpServer())
      .post('/imports')
      .set('Authorization', `Bearer ${OFFICE_TOKEN}`)
      .attach('file', Buffer.from(`\ufeff${csv.join('\r\n')}\r\n`, 'utf8'), 'list.csv');
    expect(imported.body).toMatchObject({ created: 6, errors: [] });
    ids.push(
      ...((await t.db.query(`SELECT id FROM issues WHERE code LIKE 'DR-%' ORDER BY code`)) as { id: string }[]).map(
        (r) => r.id,
      ),
    );
    moments.push(t.clock.now().toISOString());
    for (let step = 0; step < 45; step++) {
      t.clock.set(later(1 + Math.floor(rnd() * 14)));
      if (ids.length < 4 || rnd() < 0.35) {
        const source = pick(SOURCES);
        const { id } = await fileIssue(t, {
          source,
          batch: pick(BATCHES),
          title: `随机问题 ${step}`,
          ...(source === 'PUBLIC_COMPLAINT' ? { complainantName: '王某', complaintChannel: '12369' } : {}),
        });
        ids.push(id);
      }
      for (let k = 0; k < 3; k++) await act(pick(ids));
      // The projector folds now and then: the figures read folded bookings, days rolled and rows booked live.
      if (rnd() < 0.3) await t.app.get(FigureProjector).catchUp();
      if (step % 5 === 4) await t.app.get(DeadlineSweepService).sweep();
      moments.push(t.clock.now().toISOString());
      // A moment between two events, in a day that has events after it.
      moments.push(new Date(t.clock.now().getTime() - 30 * 60_000).toISOString());
    }
    // A reassignment (the walk may or may not have made one): a problem sent to one unit, then another.
    const moved = await fileIssue(t, { source: 'MUNICIPAL_INSPECTION', title: '改派的问题' });
    ids.push(moved.id);
    await assign(t, moved.id, units[2].id, { dueAt: later(24 * 20) });
    t.clock.set(later(2));
    await t.ok(OFFICE_TOKEN, `mutation($input: AssignInput!) { reassignIssue(input: $input) { id } }`, {
      input: { issueId: moved.id, leadUnitId: units[3].id, deadlineKind: 'DATE', dueAt: later(24 * 20) },
    });
    moments.push(t.clock.now().toISOString());
    // A fortnight more, a day at a time: public notices run their days and the sweep ends them, the city reviews.
    for (let day = 0; day < 14; day++) {
      t.clock.set(later(24));
      await t.app.get(DeadlineSweepService).sweep();
      // In filing order: the walk picks by position, and a table's physical order moves with its updates.
      const inChain = (
        await t.db.query<{ id: string }[]>(`SELECT id FROM issues WHERE state = 'VERIFIED' ORDER BY filed_at, code`)
      ).map((r) => r.id);
      for (let k = 0; k < 3; k++) await act(inChain.length > 0 && rnd() < 0.6 ? pick(inChain) : pick(ids));
      moments.push(t.clock.now().toISOString());
    }
  }, 180_000);

  afterAll(() => t?.close());

  const report = (variables: Record<string, unknown>, log: boolean) => table(t, variables, log);

  it('gives the same figures now and at every moment, whole and filtered', async () => {
    const scopes: Record<string, unknown>[] = [
      {},
      { sources: ['PUBLIC_COMPLAINT'] },
      { sources: ['CENTRAL_INSPECTION', 'MUNICIPAL_INSPECTION'] },
      { unitId: units[0].id }, // with its sub-unit
      { periodStart: moments[0] },
      { periodStart: moments[7] },
      { family: true, sources: ['CENTRAL_INSPECTION'] },
      { unitRole: 'COOPERATING' },
      { unitRole: 'COOPERATING', unitId: units[0].id, periodStart: moments[7] },
      { batch: ROUND },
      { batch: BATCHES[0], unitRole: 'COOPERATING' },
      { batch: BATCHES[2], sources: ['PUBLIC_COMPLAINT'], periodStart: moments[7] },
    ];
    let compared = 0;
    for (const scope of scopes) {
      expect(await report(scope, false)).toEqual(await report(scope, true));
      for (const asOf of moments) {
        if (asOf === t.clock.now().toISOString()) continue; // "now" is the case above
        if (typeof scope.periodStart === 'string' && asOf < scope.periodStart) continue;
        const variables = { ...scope, asOf };
        expect({ asOf, scope, r: await report(variables, false) }).toEqual({
          asOf,
          scope,
          r: await report(variables, true),
        });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(900);
  }, 180_000);

  it('lists the export’s overdue sheet the log lists, at every moment', async () => {
    const sheet = t.app.get(OverdueListQuery);
    let listed = 0;
    for (const asOf of [...moments, t.clock.now().toISOString()]) {
      const codes = (await sheet.list(new Date(asOf), null, null)).map((r) => r.code);
      const scanned = ((await t.db.query(OVERDUE_SCAN, [asOf])) as { code: string }[]).map((r) => r.code);
      expect({ asOf, codes }).toEqual({ asOf, codes: scanned });
      listed += codes.length;
    }
    expect(listed).toBeGreaterThan(5);
  });

  it('has problems in every state the figures distinguish, so the comparison means something', async () => {
    const seen = await t.db.query<{ type: string }[]>(`SELECT DISTINCT type FROM issue_events`);
    expect(seen.map((x) => x.type)).toEqual(
      expect.arrayContaining([
        'assign',
        'accept',
        'submit',
        'verify',
        'close',
        'revisit',
        'markDuplicate',
        'reassign',
        'escalate',
        'signOff',
        'sendBack',
      ]),
    );
    // …and every step of the chain signed on the way.
    const steps = await t.db.query<{ step: string }[]>(
      `SELECT DISTINCT payload->>'step' AS step FROM issue_events WHERE type = 'signOff' ORDER BY 1`,
    );
    expect(steps.map((x) => x.step)).toEqual([
      'CITY_REVIEW',
      'DEPARTMENT_REVIEW',
      'LEADERSHIP_APPROVAL',
      'PUBLIC_NOTICE',
    ]);
    const figures = await Promise.all(
      moments.map((asOf) => report({ asOf }, false) as Promise<{ total: Record<string, number> }>),
    );
    for (const k of ['closed', 'overdue', 'dueSoon', 'rebounds', 'complaints', 'replyDue', 'rated']) {
      expect({ k, someNonZero: figures.some((f) => f.total[k] > 0) }).toEqual({ k, someNonZero: true });
    }
    // Cooperating units, batches of the round and not, and problems that lost their cooperating units.
    expect(
      ((await report({ batch: BATCHES[2] }, false)) as { total: Record<string, number> }).total.total,
    ).toBeGreaterThan(0);
    for (const variables of [{ unitRole: 'COOPERATING' }, { batch: ROUND }]) {
      const seen = await Promise.all(
        moments.map((asOf) => report({ ...variables, asOf }, false) as Promise<{ total: Record<string, number> }>),
      );
      expect({
        variables,
        closed: seen.some((f) => f.total.closed > 0),
        overdue: seen.some((f) => f.total.overdue > 0),
      }).toEqual({ variables, closed: true, overdue: true });
    }
  });

  it('gives the same figures after any fold, and with rows logged by a clock days behind', async () => {
    const same = async (variables: Record<string, unknown>) =>
      expect({ variables, r: await report(variables, false) }).toEqual({ variables, r: await report(variables, true) });
    const projector = t.app.get(FigureProjector);
    await projector.catchUp();
    const [{ n }] = await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM figure_bookings`);
    expect(n).toBeGreaterThan(50);
    for (const asOf of moments.filter((_, k) => k % 4 === 0)) await same({ asOf });
    await same({});

    // Another server, its clock three days behind, files a complaint and assigns it: days already rolled take its
    // bookings when it is folded; before that they are booked live.
    const end = t.clock.now();
    const back = new Date(end.getTime() - 72 * HOUR);
    t.clock.set(back);
    const complaint = await fileIssue(t, {
      source: 'PUBLIC_COMPLAINT',
      title: '钟慢的服务器登记的投诉',
      complainantName: '李某',
      complaintChannel: '12345',
    });
    await t.ok(OFFICE_TOKEN, `mutation($input: AssignInput!) { assignIssue(input: $input) { id } }`, {
      input: { issueId: complaint.id, leadUnitId: units[3].id, deadlineKind: 'DATE', dueAt: later(20) },
    });
    t.clock.set(end);
    const moments3 = Array.from({ length: 12 }, (_, h) =>
      new Date(back.getTime() + h * 6 * HOUR + 20 * 60_000).toISOString(),
    );
    for (const asOf of moments3) await same({ asOf });
    await projector.catchUp();
    for (const asOf of moments3) await same({ asOf });
    await same({ sources: ['PUBLIC_COMPLAINT'] });
    await same({ family: true, sources: ['CENTRAL_INSPECTION', 'SELF_INSPECTION'] });
  });

  it('folds, event by event, the very bookings and days a rebuild from the log gives', async () => {
    const projector = t.app.get(FigureProjector);
    await projector.catchUp();
    const read = async () => ({
      // (a fold and a rebuild group the same bookings in different batches: compared summed per key and moment)
      bookings: await t.db.query(
        `SELECT at, unit_id, role, source, family_source, batch, filed_at, closed_at, ${BOOKED.map((c) => `sum(${c})::int AS ${c}`).join(', ')}
           FROM figure_bookings GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 HAVING ${BOOKED.map((c) => `sum(${c}) <> 0`).join(' OR ')} ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`,
      ),
      days: await t.db.query(
        `SELECT day::text, unit_id, role, source, family_source, ${BOOKED.join(', ')} FROM figure_days ORDER BY 1, 2, 3, 4, 5`,
      ),
      through: await t.db.query(`SELECT days_through::text FROM figure_projection`),
      // each problem's last folded row, which the next fold starts from
      heads: await t.db.query(`SELECT h.*, h.at::text AS at FROM figure_heads h ORDER BY issue_id`),
    });
    const kept = await read();
    expect(kept.bookings.length).toBeGreaterThan(50);
    expect(kept.days.length).toBeGreaterThan(10);
    const [{ problems }] = await t.db.query<{ problems: number }[]>(`SELECT count(*)::int AS problems FROM issues`);
    expect(kept.heads).toHaveLength(problems);
    await t.db.query(`SELECT rectify_figures_rebuild($1::date)`, [
      new Date(t.clock.now().getTime() + 8 * HOUR).toISOString().slice(0, 10),
    ]);
    expect(await read()).toEqual(kept);
    // rectify_derived_rebuild() (restores) rebuilds them the same way, through the database's own today.
    await t.db.query('SELECT rectify_derived_rebuild()');
    const rebuilt = await read();
    expect({ bookings: rebuilt.bookings, heads: rebuilt.heads }).toEqual({
      bookings: kept.bookings,
      heads: kept.heads,
    });
  });
});

// Fourteen months with events every nine days, folded as they go, asked on six days of each month.
describe('the table from the bookings across fourteen months', () => {
  let t: TestApp;
  const DAY = 24 * HOUR;
  const START = Date.parse('2025-01-02T02:00:00.000Z');
  const STEPS = [
    'acceptIssue(issueId: $id)',
    'submitRectification(issueId: $id, summary: "已完成整改"$finding)',
    'verifyIssue(issueId: $id, passed: true)',
    'closeIssue(issueId: $id, comment: "同意销号")',
    'revisitIssue(issueId: $id, rebounded: true, comment: "回头看发现反弹", newDueAt: $at)',
  ];

  beforeAll(async () => {
    t = await createTestApp({ now: new Date(START).toISOString() });
    await closingAtAcceptance(t);
    const units = [
      await createUnit(t, { name: '区水务局', kind: 'DEPARTMENT' }),
      await createUnit(t, { name: '石岗镇', kind: 'TOWN' }),
    ];
    const open: { id: string; step: number; complaint: boolean }[] = [];
    for (let day = 0, k = 0; day < 425; day += 9, k++) {
      t.clock.set(new Date(START + day * DAY + (k % 5) * HOUR));
      const complaint = k % 3 === 0;
      const { id } = await fileIssue(t, {
        source: complaint ? 'PUBLIC_COMPLAINT' : k % 2 ? 'CENTRAL_INSPECTION' : 'MUNICIPAL_INSPECTION',
        title: `跨年问题 ${k}`,
        ...(complaint ? { complainantName: '赵某', complaintChannel: '12369' } : {}),
      });
      await assign(t, id, units[k % 2].id, { dueAt: daysAfter(t, 12 + (k % 4) * 5) });
      open.push({ id, step: 0, complaint });
      // The oldest open problem moves on a step (a rebound puts it back in rectification: it goes on from submit).
      const next = open[0];
      const step = STEPS[next.step].replace('$finding', next.complaint ? ', finding: SUBSTANTIATED' : '');
      const at = step.includes('$at') ? { at: daysAfter(t, 15) } : {};
      await t.ok(OFFICE_TOKEN, `mutation($id: ID!${'at' in at ? ', $at: DateTime' : ''}) { r: ${step} { id } }`, {
        id: next.id,
        ...at,
      });
      next.step++;
      if (next.step === STEPS.length) {
        next.step = 1;
        open.push(open.shift()!);
      }
      if (k % 7 === 3) await t.app.get(FigureProjector).catchUp();
    }
  }, 120_000);

  afterAll(() => t?.close());

  it('gives the log’s figures on early and late days of every month, early and late in the year', async () => {
    let compared = 0;
    const seen = { closed: 0, rebounds: 0, complaints: 0 };
    for (let m = 0; m < 14; m++) {
      const month = `${2025 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
      for (const day of ['03', '09', '14', '18', '24', '28']) {
        for (const scope of [{}, { sources: ['PUBLIC_COMPLAINT'] }]) {
          const variables = { ...scope, asOf: `${month}-${day}T02:00:00.000Z` };
          const [bookings, log] = await Promise.all([false, true].map(async (flag) => table(t, variables, flag)));
          expect({ variables, r: bookings }).toEqual({ variables, r: log });
          compared++;
          const { total } = bookings as { total: Record<string, number> };
          for (const k of Object.keys(seen) as (keyof typeof seen)[]) seen[k] = Math.max(seen[k], total[k]);
        }
      }
    }
    expect(compared).toBe(168);
    // Problems were closed, rebounded and complained of along the way, so the comparison covers those figures.
    expect(seen.closed).toBeGreaterThan(0);
    expect(seen.rebounds).toBeGreaterThan(2);
    expect(seen.complaints).toBeGreaterThan(5);
  }, 120_000);
});

// A morning burst: events minutes and seconds apart, tables asked at them, a millisecond either side and between.
describe('the table from the bookings within a morning burst', () => {
  let t: TestApp;
  const MINUTE = 60_000;
  // 08:55 on a Tuesday in Shanghai. Folded halfway.
  const START = Date.parse('2026-04-07T00:55:00.000Z');
  const STEPS = [
    'acceptIssue(issueId: $id)',
    'submitRectification(issueId: $id, summary: "已完成整改")',
    'verifyIssue(issueId: $id, passed: true)',
    'closeIssue(issueId: $id, comment: "同意销号")',
  ];
  const eventsAt: number[] = [];

  beforeAll(async () => {
    t = await createTestApp({ now: new Date(START).toISOString() });
    await closingAtAcceptance(t);
    const units = [
      await createUnit(t, { name: '区住房城乡建设委', kind: 'DEPARTMENT' }),
      await createUnit(t, { name: '龙岗镇', kind: 'TOWN' }),
    ];
    const open: { id: string; step: number }[] = [];
    // An event every 37 to 151 seconds for an hour and a quarter: some marks have several, some none.
    for (let at = START + 2 * MINUTE, k = 0; at < START + 80 * MINUTE; at += 37_000 + ((k * 53_000) % 114_000), k++) {
      t.clock.set(new Date(at));
      eventsAt.push(at);
      if (k % 6 === 0 || open.length === 0) {
        const { id } = await fileIssue(t, {
          title: `早间问题 ${k}`,
          source: k % 2 ? 'CENTRAL_INSPECTION' : 'MUNICIPAL_INSPECTION',
        });
        await assign(t, id, units[k % 2].id, { dueAt: daysAfter(t, 1) });
        open.push({ id, step: 0 });
        continue;
      }
      if (k === 20) await t.app.get(FigureProjector).catchUp();
      const next = open[k % 2 ? 0 : open.length - 1];
      await t.ok(OFFICE_TOKEN, `mutation($id: ID!) { r: ${STEPS[next.step]} { id } }`, { id: next.id });
      next.step++;
      if (next.step === STEPS.length) open.splice(open.indexOf(next), 1);
    }
    t.clock.set(new Date(START + 90 * MINUTE));
  }, 120_000);

  afterAll(() => t?.close());

  it('gives the log’s figures at every moment of the burst', async () => {
    const moments = new Set<number>();
    for (let at = START; at <= START + 85 * MINUTE; at += 5 * MINUTE) for (const d of [-1, 0, 1]) moments.add(at + d);
    for (let at = START + 17_000; at < START + 85 * MINUTE; at += 41_000) moments.add(at);
    for (const at of eventsAt) for (const d of [-1, 0, 1]) moments.add(at + d);
    let compared = 0;
    let closed = 0;
    for (const at of [...moments].sort((a, b) => a - b)) {
      const variables = { asOf: new Date(at).toISOString() };
      const [bookings, log] = await Promise.all([false, true].map(async (flag) => table(t, variables, flag)));
      expect({ variables, r: bookings }).toEqual({ variables, r: log });
      closed = Math.max(closed, (bookings as { total: { closedInPeriod: number } }).total.closedInPeriod);
      compared++;
    }
    expect(compared).toBeGreaterThan(300);
    // The burst files, accepts, submits, verifies and closes: every counted figure moves within it.
    expect(closed).toBeGreaterThan(2);
  }, 180_000);
});
