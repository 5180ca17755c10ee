// The table read from the rollups (the usual path) against the table read from the problems and the log (the path a
// request counting derived problems under their parents' sources takes — the same figures when there are none):
// random lives of problems over a fortnight, asked at every moment something happened, at moments in between, with
// and without filters. And the rollups the trigger kept, event by event, against the same rollups rebuilt from the log.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { DeadlineSweepService } from '../../src/scheduler/deadline-sweep.service.js';
import { assign, createUnit, createUnitWithToken, daysAfter, fileIssue, type UnitWithToken } from '../factories/factories.js';
import { SpanCountWarmer } from '../../src/reports/span-count-warmer.service.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

const FIGURES = `total closed completedOnTime overdue dueSoon rebounds filedInPeriod closedInPeriod complaints replyDue repliedOnTime rated satisfied`;
const REPORT = `query($asOf: DateTime, $periodStart: DateTime, $sources: [IssueSource!], $unitId: ID, $log: Boolean) {
  r: closureReport(asOf: $asOf, periodStart: $periodStart, sources: $sources, unitId: $unitId, childrenUnderParentSource: $log) {
    rows { unit { id } ${FIGURES} } total { ${FIGURES} } } }`;
const HOUR = 3_600_000;
const SOURCES = ['CENTRAL_INSPECTION', 'MUNICIPAL_INSPECTION', 'PUBLIC_COMPLAINT', 'SELF_INSPECTION'];

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

describe('the table from the rollups equals the table from the log', () => {
  let t: TestApp;
  let units: UnitWithToken[];
  const ids: string[] = [];
  const moments: string[] = [];
  const rnd = random(20_261_123);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const later = (hours: number) => new Date(t.clock.now().getTime() + hours * HOUR).toISOString();

  /** One random event the problem allows, sent by the office (which may send any). */
  async function act(id: string): Promise<void> {
    const { issue } = await t.ok<{ issue: { allowedEvents: string[]; source: string } }>(
      OFFICE_TOKEN, `query($id: ID!) { issue(id: $id) { allowedEvents source } }`, { id });
    // escalate is the scheduler's (swept below); publish changes no figure.
    const events = issue.allowedEvents.filter((e) => e !== 'publish' && e !== 'escalate');
    if (events.length === 0) return;
    // Mostly forward, so that problems reach closing and revisits (rebounds) within the fortnight.
    const forward = events.filter((e) => ['assign', 'accept', 'submit', 'verify', 'close', 'revisit'].includes(e));
    const event = forward.length && rnd() < 0.7 ? pick(forward) : pick(events);
    const complaint = issue.source === 'PUBLIC_COMPLAINT';
    const deadline = () => {
      const kind = pick(['DATE', 'DATE', 'DATE', 'IMMEDIATE', 'LONG_TERM']);
      return { deadlineKind: kind, dueAt: kind === 'DATE' ? later(pick([6, 30, 80, 200])) : undefined };
    };
    const send: Record<string, [string, Record<string, unknown>]> = {
      assign: ['assignIssue(input: $input)', { input: { issueId: id, leadUnitId: pick(units).id, ...deadline() } }],
      reassign: ['reassignIssue(input: $input)', { input: { issueId: id, leadUnitId: pick(units).id, ...deadline() } }],
      accept: ['acceptIssue(issueId: $id)', { id }],
      return: ['returnIssue(issueId: $id, reason: "不属于本单位职责")', { id }],
      reportProgress: ['reportProgress(issueId: $id, progressPercent: 50, comment: "推进中")', { id }],
      requestExtension: ['requestExtension(issueId: $id, newDueAt: $until, reason: "汛期施工受限")', { id, until: later(300) }],
      decideExtension: ['decideExtension(issueId: $id, approve: $yes)', { id, yes: rnd() < 0.5 }],
      submit: ['submitRectification(issueId: $id, summary: "已完成整改", finding: $finding)', { id, finding: complaint ? 'SUBSTANTIATED' : null }],
      verify: ['verifyIssue(issueId: $id, passed: $yes, comment: "现场复核")', { id, yes: rnd() < 0.8 }],
      close: ['closeIssue(issueId: $id, satisfaction: $s)', { id, s: complaint ? pick(['SATISFIED', 'BASICALLY_SATISFIED', 'UNSATISFIED', null]) : null }],
      revisit: ['revisitIssue(issueId: $id, rebounded: $yes, comment: "回头看", newDueAt: $at)', { id, yes: rnd() < 0.5 }],
      markDuplicate: ['markDuplicate(issueId: $id, ofId: $of, comment: "与已交办问题重复")', { id, of: pick(ids.filter((x) => x !== id)) }],
    };
    const [call, variables] = send[event] ?? [];
    if (!call) throw new Error(`no mutation for ${event}`);
    if (event === 'revisit') variables.at = variables.yes ? later(100) : null;
    const types: Record<string, string> = {
      input: 'AssignInput!', id: 'ID!', at: 'DateTime', until: 'DateTime!', yes: 'Boolean!', finding: 'ComplaintFinding', s: 'Satisfaction', of: 'ID!',
    };
    const declared = Object.keys(variables).map((k) => `$${k}: ${types[k]}`).join(', ');
    const reply = await t.gql(OFFICE_TOKEN, `mutation(${declared}) { r: ${call} { id } }`, variables);
    // A refusal (a deadline that is not in the future, a duplicate of a duplicate…) changes nothing; it is fine here.
    if (reply.errors && !['BAD_USER_INPUT', 'INVALID_TRANSITION'].includes(reply.errors[0].extensions.code)) {
      throw new Error(JSON.stringify(reply.errors));
    }
  }

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-03-02T01:00:00.000Z' });
    const a = await createUnitWithToken(t, { name: '区生态环境局', kind: 'DEPARTMENT' });
    const a1 = await createUnitWithToken(t, { name: '区生态环境保护综合执法支队', kind: 'DEPARTMENT', parentId: a.id });
    const b = await createUnitWithToken(t, { name: '水江镇', kind: 'TOWN' });
    const c = await createUnitWithToken(t, { name: '南平镇', kind: 'TOWN' });
    units = [a, a1, b, c];
    // An import files and assigns many problems in one statement: the trigger's set-based path.
    const csv = ['编号,来源,问题,类别,牵头单位,整改时限', ...[1, 2, 3, 4, 5, 6].map((k) => `DR-${k},${k % 2 ? '中央' : '12369举报'},导入问题${k},水,${pick(units).name},2026-03-${10 + k}`)];
    const imported = await request(t.app.getHttpServer())
      .post('/imports')
      .set('Authorization', `Bearer ${OFFICE_TOKEN}`)
      .attach('file', Buffer.from(`\ufeff${csv.join('\r\n')}\r\n`, 'utf8'), 'list.csv');
    expect(imported.body).toMatchObject({ created: 6, errors: [] });
    ids.push(...((await t.db.query(`SELECT id FROM issues WHERE code LIKE 'DR-%'`)) as { id: string }[]).map((r) => r.id));
    moments.push(t.clock.now().toISOString());
    for (let step = 0; step < 45; step++) {
      t.clock.set(later(1 + Math.floor(rnd() * 14)));
      if (ids.length < 4 || rnd() < 0.35) {
        const source = pick(SOURCES);
        const { id } = await fileIssue(t, { source, title: `随机问题 ${step}`, ...(source === 'PUBLIC_COMPLAINT' ? { complainantName: '王某', complaintChannel: '12369' } : {}) });
        ids.push(id);
      }
      for (let k = 0; k < 3; k++) await act(pick(ids));
      if (step % 5 === 4) await t.app.get(DeadlineSweepService).sweep();
      moments.push(t.clock.now().toISOString());
      // A moment between two events, in a day that has events after it.
      moments.push(new Date(t.clock.now().getTime() - 30 * 60_000).toISOString());
    }
  }, 180_000);

  afterAll(() => t?.close());

  const report = async (variables: Record<string, unknown>, log: boolean) =>
    (await t.ok<{ r: unknown }>(OFFICE_TOKEN, REPORT, { ...variables, log })).r;

  it('gives the same figures now and at every moment, whole and filtered', async () => {
    const scopes: Record<string, unknown>[] = [
      {},
      { sources: ['PUBLIC_COMPLAINT'] },
      { sources: ['CENTRAL_INSPECTION', 'MUNICIPAL_INSPECTION'] },
      { unitId: units[0].id }, // with its sub-unit
      { periodStart: moments[0] },
    ];
    let compared = 0;
    for (const scope of scopes) {
      expect(await report(scope, false)).toEqual(await report(scope, true));
      for (const asOf of moments) {
        if (asOf === t.clock.now().toISOString()) continue; // "now" is the case above
        const variables = { ...scope, asOf };
        expect({ asOf, scope, r: await report(variables, false) }).toEqual({ asOf, scope, r: await report(variables, true) });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(400);
  }, 180_000);

  it('has problems in every state the figures distinguish, so the comparison means something', async () => {
    const seen = await t.db.query<{ type: string }[]>(`SELECT DISTINCT type FROM issue_events`);
    expect(seen.map((x) => x.type)).toEqual(
      expect.arrayContaining(['assign', 'accept', 'submit', 'verify', 'close', 'revisit', 'markDuplicate', 'reassign', 'escalate']),
    );
    const figures = await Promise.all(moments.map((asOf) => report({ asOf }, false) as Promise<{ total: Record<string, number> }>));
    for (const k of ['closed', 'overdue', 'dueSoon', 'rebounds', 'complaints', 'replyDue', 'rated']) {
      expect({ k, someNonZero: figures.some((f) => f.total[k] > 0) }).toEqual({ k, someNonZero: true });
    }
  });

  it('counts the spans open at a past hour once, moves them on to any moment, and forgets them when an event is logged before it', async () => {
    const same = async (variables: Record<string, unknown>) => expect({ variables, r: await report(variables, false) }).toEqual({ variables, r: await report(variables, true) });
    const counted = async (from: string) =>
      Number((await t.db.query<{ n: string }[]>(`SELECT count(*) AS n FROM report_span_counts_done WHERE at >= $1`, [from]))[0].n);
    // Past moments have counted the fortnight's hours.
    expect(await counted('2026-03-02T00:00:00Z')).toBeGreaterThan(5);

    // Five minutes after a Shanghai midnight the marks of the last ten minutes are not yet counted: 23:55 is, moved on
    // ten minutes; a deadline due-soon by a minute lies past that mark's far edge less an hour and fifty minutes.
    const end = t.clock.now();
    const midnight = new Date(Date.parse(`${new Date(end.getTime() + 8 * HOUR).toISOString().slice(0, 10)}T16:00:00.000Z`));
    // Filed at midnight sharp: logged on the new day, which the day's buckets leave to the log.
    t.clock.set(midnight);
    const { id } = await fileIssue(t, { source: 'CENTRAL_INSPECTION', title: '午夜后交办问题' });
    t.clock.set(new Date(midnight.getTime() + 5 * 60_000));
    await t.ok(OFFICE_TOKEN, `mutation($input: AssignInput!) { assignIssue(input: $input) { id } }`, {
      input: { issueId: id, leadUnitId: units[2].id, deadlineKind: 'DATE', dueAt: later(7 * 24 - 1 / 60) },
    });
    await same({});
    await same({ sources: ['PUBLIC_COMPLAINT'] });

    // Another server, its clock three days behind, files a complaint and assigns it: every counted instant from then on
    // is forgotten, and counted again right, with the complaint's spans.
    const back = new Date(t.clock.now().getTime() - 72 * HOUR);
    const backDay = back.toISOString();
    expect(await counted(backDay)).toBeGreaterThan(0);
    t.clock.set(back);
    const complaint = await fileIssue(t, { source: 'PUBLIC_COMPLAINT', title: '钟慢的服务器登记的投诉', complainantName: '李某', complaintChannel: '12345' });
    await t.ok(OFFICE_TOKEN, `mutation($input: AssignInput!) { assignIssue(input: $input) { id } }`, {
      input: { issueId: complaint.id, leadUnitId: units[3].id, deadlineKind: 'DATE', dueAt: later(20) },
    });
    expect(await counted(backDay)).toBe(0);
    t.clock.set(new Date(midnight.getTime() + 5 * 60_000));
    for (let h = 0; h < 72; h += 6) await same({ asOf: new Date(back.getTime() + h * HOUR + 20 * 60_000).toISOString() });
    await same({});
  });

  it('keeps, event by event, the very rows a rebuild from the log gives', async () => {
    const read = async () => ({
      counts: await t.db.query(
        `SELECT grain, bucket::text, unit_id, source, total, closed, completed_on_time, rebounds, complaints, replied_on_time, rated, satisfied
           FROM report_counts
          WHERE (total, closed, completed_on_time, rebounds, complaints, replied_on_time, rated, satisfied) <> (0, 0, 0, 0, 0, 0, 0, 0)
          ORDER BY 1, 2, 3, 4`),
      intervals: await t.db.query(
        `SELECT issue_id, kind, unit_id, source, due_at, from_at, to_at FROM report_intervals ORDER BY issue_id, from_at, kind, to_at, due_at, unit_id, source`),
      period: await t.db.query(
        `SELECT hour, kind, since::text, unit_id, source, n FROM report_period_counts WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5`),
      periodDaily: await t.db.query(
        `SELECT day::text, kind, since::text, unit_id, source, n FROM report_period_counts_daily WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5`),
      hourly: await t.db.query(
        `SELECT hour, unit_id, source, total, closed, completed_on_time, rebounds, complaints, replied_on_time, rated, satisfied
           FROM report_counts_hourly
          WHERE (total, closed, completed_on_time, rebounds, complaints, replied_on_time, rated, satisfied) <> (0, 0, 0, 0, 0, 0, 0, 0)
          ORDER BY 1, 2, 3`),
    });
    const kept = await read();
    expect(kept.counts.length).toBeGreaterThan(10);
    expect(kept.intervals.length).toBeGreaterThan(10);
    expect(kept.period.length).toBeGreaterThan(10);
    expect(kept.periodDaily.length).toBeGreaterThan(10);
    expect(kept.hourly.length).toBeGreaterThan(10);
    await t.db.query('SELECT rectify_derived_rebuild()');
    expect(await read()).toEqual(kept);
  });
});

// The day buckets are added up from whichever end of the month is nearer, the month buckets from whichever end of the
// year: fourteen months with events every nine days (both halves of every month), asked on six days of each month.
describe('the table from the rollups, from either end of a month and of a year', () => {
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
    const units = [await createUnit(t, { name: '区水务局', kind: 'DEPARTMENT' }), await createUnit(t, { name: '石岗镇', kind: 'TOWN' })];
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
      await t.ok(OFFICE_TOKEN, `mutation($id: ID!${'at' in at ? ', $at: DateTime' : ''}) { r: ${step} { id } }`, { id: next.id, ...at });
      next.step++;
      if (next.step === STEPS.length) {
        next.step = 1;
        open.push(open.shift()!);
      }
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
          const [rollup, log] = await Promise.all([false, true].map(async (flag) =>
            (await t.ok<{ r: unknown }>(OFFICE_TOKEN, REPORT, { ...variables, log: flag })).r));
          expect({ variables, r: rollup }).toEqual({ variables, r: log });
          compared++;
          const { total } = rollup as { total: Record<string, number> };
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

// A morning burst: events minutes and seconds apart within an hour, tables asked between them, on five-minute marks
// and a millisecond either side: the rollups by five-minute marks and the log between a moment and its nearer mark.
describe('the table from the rollups between five-minute marks', () => {
  let t: TestApp;
  const MINUTE = 60_000;
  // 08:55 on a Tuesday in Shanghai: the week's period starts at a midnight, so filed and closed come from the rollups.
  const START = Date.parse('2026-04-07T00:55:00.000Z');
  const STEPS = ['acceptIssue(issueId: $id)', 'submitRectification(issueId: $id, summary: "已完成整改")', 'verifyIssue(issueId: $id, passed: true)', 'closeIssue(issueId: $id, comment: "同意销号")'];
  const eventsAt: number[] = [];

  beforeAll(async () => {
    t = await createTestApp({ now: new Date(START).toISOString() });
    const units = [await createUnit(t, { name: '区住房城乡建设委', kind: 'DEPARTMENT' }), await createUnit(t, { name: '龙岗镇', kind: 'TOWN' })];
    const open: { id: string; step: number }[] = [];
    // An event every 37 to 151 seconds for an hour and a quarter: some marks have several, some none.
    for (let at = START + 2 * MINUTE, k = 0; at < START + 80 * MINUTE; at += 37_000 + ((k * 53_000) % 114_000), k++) {
      t.clock.set(new Date(at));
      eventsAt.push(at);
      if (k % 6 === 0 || open.length === 0) {
        const { id } = await fileIssue(t, { title: `早间问题 ${k}`, source: k % 2 ? 'CENTRAL_INSPECTION' : 'MUNICIPAL_INSPECTION' });
        await assign(t, id, units[k % 2].id, { dueAt: daysAfter(t, 1) });
        open.push({ id, step: 0 });
        continue;
      }
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
      const [rollup, log] = await Promise.all([false, true].map(async (flag) =>
        (await t.ok<{ r: unknown }>(OFFICE_TOKEN, REPORT, { ...variables, log: flag })).r));
      expect({ variables, r: rollup }).toEqual({ variables, r: log });
      closed = Math.max(closed, (rollup as { total: { closedInPeriod: number } }).total.closedInPeriod);
      compared++;
    }
    expect(compared).toBeGreaterThan(300);
    // The burst files, accepts, submits, verifies and closes: every counted figure moves within it.
    expect(closed).toBeGreaterThan(2);
  }, 180_000);
});

describe('the spans open at the hour counted ahead of the hour’s first table', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-05-11T02:30:00.000Z' });
    const unit = await createUnit(t, { name: '花溪镇', kind: 'TOWN' });
    for (const dueInDays of [0.01, 3, 30]) { // the first overdue by 03:20
      const { id } = await fileIssue(t, { title: `预先计数 ${dueInDays}` });
      await assign(t, id, unit.id, { dueAt: daysAfter(t, dueInDays) });
    }
  });

  afterAll(() => t?.close());

  it('counts them once on the scheduler’s beat; the table then reads the count', async () => {
    const counted = async () =>
      ((await t.db.query(`SELECT at FROM report_span_counts_done ORDER BY at`)) as { at: Date }[]).map((r) => new Date(r.at).toISOString());
    t.clock.set('2026-05-11T03:20:00.000Z');
    expect(await counted()).toEqual([]);
    await t.app.get(SpanCountWarmer).warm();
    await t.app.get(SpanCountWarmer).warm();
    // (the last five-minute mark ten minutes past)
    expect(await counted()).toEqual(['2026-05-11T03:10:00.000Z']);
    const [rollup, log] = await Promise.all([false, true].map(async (flag) => (await t.ok<{ r: unknown }>(OFFICE_TOKEN, REPORT, { log: flag })).r));
    expect(rollup).toEqual(log);
    expect((rollup as { total: { overdue: number } }).total.overdue).toBe(1);
    expect(await counted()).toEqual(['2026-05-11T03:10:00.000Z']); // the table counted nothing itself
  });

  it('forgets the hours counted a week ago but each Shanghai day’s last, and counts a forgotten hour again when asked', async () => {
    const counted = async (table = 'report_span_counts_done') =>
      ((await t.db.query(`SELECT DISTINCT at FROM ${table} ORDER BY at`)) as { at: Date }[]).map((r) => new Date(r.at).toISOString());
    const same = async (asOf: string) => {
      const [rollup, log] = await Promise.all([false, true].map(async (flag) => (await t.ok<{ r: unknown }>(OFFICE_TOKEN, REPORT, { asOf, log: flag })).r));
      expect({ asOf, rollup }).toEqual({ asOf, rollup: log });
    };
    t.clock.set('2026-05-12T08:00:00.000Z');
    // 04:00, 15:00 (23:00 in Shanghai) on the 11th and 06:00 on the 12th counted, beside 03:00 from before.
    for (const asOf of ['2026-05-11T04:30:00.000Z', '2026-05-11T15:30:00.000Z', '2026-05-12T06:30:00.000Z']) await same(asOf);
    expect(await counted()).toEqual(['2026-05-11T03:10:00.000Z', '2026-05-11T04:00:00.000Z', '2026-05-11T15:00:00.000Z', '2026-05-12T06:00:00.000Z']);
    expect(await counted('report_span_counts')).toEqual(await counted());

    // A week on, the beat counts its mark and forgets what was counted before 05:00 on the 12th, but the day's last hour.
    t.clock.set('2026-05-19T05:00:00.000Z');
    await t.app.get(SpanCountWarmer).warm();
    const kept = ['2026-05-11T15:00:00.000Z', '2026-05-12T06:00:00.000Z', '2026-05-19T04:50:00.000Z'];
    expect(await counted()).toEqual(kept);
    expect(await counted('report_span_counts')).toEqual(kept);

    // Asked again, a forgotten hour is counted again: the same figures as from the log.
    await same('2026-05-11T04:30:00.000Z');
    expect(await counted()).toEqual(['2026-05-11T04:00:00.000Z', ...kept]);
  });

  it('starts the last hour’s tables from five-minute marks, kept two hours, and older ones from hours, kept a week', async () => {
    const counted = async () =>
      ((await t.db.query(`SELECT at FROM report_span_counts_done WHERE at >= '2026-05-19T00:00:00Z' ORDER BY at`)) as { at: Date }[])
        .map((r) => new Date(r.at).toISOString().slice(11, 16));
    const same = async (asOf?: string) => {
      const [rollup, log] = await Promise.all([false, true].map(async (flag) => (await t.ok<{ r: unknown }>(OFFICE_TOKEN, REPORT, { asOf, log: flag })).r));
      expect({ asOf, rollup }).toEqual({ asOf, rollup: log });
      return rollup as { rows: { unit: { id: string }; overdue: number; dueSoon: number }[] };
    };
    t.clock.set('2026-05-19T06:10:00.000Z');
    await t.app.get(SpanCountWarmer).warm(); // 06:00: an hour's mark
    // Assigned after it: overdue from 06:30, and due soon.
    const unit = await createUnit(t, { name: '青岩镇', kind: 'TOWN' });
    for (const dueInDays of [20 / 1440, 3]) {
      const { id } = await fileIssue(t, { title: `五分钟刻度 ${dueInDays}` });
      await assign(t, id, unit.id, { dueAt: daysAfter(t, dueInDays) });
    }

    // No beat since: "now" counts its mark (06:40) itself, and moves it on by the spans opened since.
    t.clock.set('2026-05-19T06:50:00.000Z');
    const now = await same();
    expect(now.rows.find((r) => r.unit.id === unit.id)).toMatchObject({ overdue: 1, dueSoon: 1 });
    expect(await counted()).toEqual(['04:50', '06:00', '06:40']);
    // Forty minutes ago: a mark (06:10); an hour and five minutes ago: the hour (05:00).
    expect((await same('2026-05-19T06:12:00.000Z')).rows.find((r) => r.unit.id === unit.id)).toMatchObject({ overdue: 0, dueSoon: 2 });
    await same('2026-05-19T05:45:00.000Z');
    expect(await counted()).toEqual(['04:50', '05:00', '06:00', '06:10', '06:40']);

    // Two hours on, the beat forgets the marks no table of the last hour starts from; the hours stay.
    t.clock.set('2026-05-19T08:45:00.000Z');
    await t.app.get(SpanCountWarmer).warm();
    expect(await counted()).toEqual(['05:00', '06:00', '08:35']);
    expect((await same()).rows.find((r) => r.unit.id === unit.id)).toMatchObject({ overdue: 1, dueSoon: 1 });
  });

  it('makes a table wait while a prune holds the lock, never reading an hour half forgotten', async () => {
    const prune = t.db.createQueryRunner();
    await prune.connect();
    try {
      await prune.startTransaction();
      await prune.query('SELECT pg_advisory_xact_lock(7263004)');
      let answered = false;
      const table = t.ok<{ r: { total: { overdue: number } } }>(OFFICE_TOKEN, REPORT, { asOf: '2026-05-11T04:30:00.000Z', log: false }).then((d) => {
        answered = true;
        return d;
      });
      await new Promise((r) => setTimeout(r, 500));
      expect(answered).toBe(false);
      await prune.commitTransaction();
      expect((await table).r.total.overdue).toBe(1);
    } finally {
      await prune.release();
    }
  });
});
