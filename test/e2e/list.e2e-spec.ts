// The problem list: relay pagination, every filter, overdue / dueSoon against the injected clock, and batching.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import {
  assign,
  createUnitWithToken,
  fileIssue,
  issueIn,
  type IssueRef,
  type UnitWithToken,
  closingAtAcceptance,
} from '../factories/factories.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

interface ListNode {
  id: string;
  code: string;
  state: string;
  substate: string;
  overdue: boolean;
  dueSoon: boolean;
  dueAt: string | null;
  filedAt: string;
}

interface Connection {
  edges: { cursor: string; node: ListNode }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

interface ListFilter {
  states?: string[];
  sources?: string[];
  unitId?: string;
  overdue?: boolean;
  dueBefore?: string;
  batch?: string;
  search?: string;
}

const LIST = `query($filter: IssueFilter, $first: Int, $after: String) {
  issues(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id code state substate overdue dueSoon dueAt filedAt } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;

const MINUTE = 60_000;
const DAY = 86_400_000;

describe('issues(filter, first, after)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-03-02T02:00:00.000Z' });
    await closingAtAcceptance(t);
  });
  afterAll(() => t.close());

  const list = async (filter: ListFilter, first = 50, after?: string, token = OFFICE_TOKEN): Promise<Connection> =>
    (await t.ok<{ issues: Connection }>(token, LIST, { filter, first, after })).issues;

  const ids = (c: Connection) => c.edges.map((e) => e.node.id);
  const iso = (ms: number) => new Date(ms).toISOString();
  /** Issues are listed newest filed first: the expected order of problems filed in `filed` order. */
  const newestFirst = (...filed: IssueRef[]) => filed.map((i) => i.id).reverse();
  /** Moves the clock one minute on, so that every filing has a filedAt of its own. */
  const tick = () => t.clock.set(new Date(t.clock.now().getTime() + MINUTE));

  const accept = (issue: IssueRef, lead: UnitWithToken) =>
    t.ok(lead.token, `mutation($id: ID!) { acceptIssue(issueId: $id) { id } }`, { id: issue.id });

  describe('relay pagination', () => {
    const BATCH = '第三轮中央生态环境保护督察 第11批';
    const filed: IssueRef[] = [];

    beforeAll(async () => {
      t.clock.set('2026-03-02T02:00:00.000Z');
      for (let i = 0; i < 25; i++) {
        tick();
        filed.push(await fileIssue(t, { batch: BATCH, title: `分页问题 ${i + 1}` }));
        // Problems of another batch interleaved: they must not appear in the pages, nor in totalCount.
        if (i % 8 === 0) {
          tick();
          await fileIssue(t, { batch: `${BATCH} 补充`, title: `其他批次问题 ${i}` });
        }
      }
    });

    it('walks 25 problems in three pages of at most 10, newest filed first, with no duplicates and no gaps', async () => {
      const first = await list({ batch: BATCH }, 10);
      expect(first.edges).toHaveLength(10);
      expect(first.totalCount).toBe(25);
      expect(first.pageInfo).toEqual({ hasNextPage: true, endCursor: first.edges[9].cursor });

      const second = await list({ batch: BATCH }, 10, first.pageInfo.endCursor!);
      expect(second.edges).toHaveLength(10);
      expect(second.totalCount).toBe(25);
      expect(second.pageInfo).toEqual({ hasNextPage: true, endCursor: second.edges[9].cursor });

      const third = await list({ batch: BATCH }, 10, second.pageInfo.endCursor!);
      expect(third.edges).toHaveLength(5);
      expect(third.totalCount).toBe(25);
      expect(third.pageInfo).toEqual({ hasNextPage: false, endCursor: third.edges[4].cursor });

      const all = [...ids(first), ...ids(second), ...ids(third)];
      expect(new Set(all).size).toBe(25);
      expect(all).toEqual(newestFirst(...filed));

      const filedAt = [...first.edges, ...second.edges, ...third.edges].map((e) => Date.parse(e.node.filedAt));
      expect(filedAt).toEqual([...filedAt].sort((a, b) => b - a));
      expect(new Set(filedAt).size).toBe(25);
    });

    it('answers an empty last page after the final cursor', async () => {
      const whole = await list({ batch: BATCH }, 25);
      expect(whole.pageInfo.hasNextPage).toBe(false);
      const after = await list({ batch: BATCH }, 10, whole.pageInfo.endCursor!);
      expect(after).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 25 });
    });

    it('has hasNextPage false when the page ends exactly at the last problem', async () => {
      const page = await list({ batch: BATCH }, 25);
      expect(page.edges).toHaveLength(25);
      expect(page.pageInfo.hasNextPage).toBe(false);
      const firstTwenty = await list({ batch: BATCH }, 20);
      const rest = await list({ batch: BATCH }, 5, firstTwenty.pageInfo.endCursor!);
      expect(rest.edges).toHaveLength(5);
      expect(rest.pageInfo.hasNextPage).toBe(false);
      expect([...ids(firstTwenty), ...ids(rest)]).toEqual(ids(page));
    });

    it('pages through problems filed at the same instant without losing or repeating any (ties broken by id)', async () => {
      const TIED = '同一时刻登记批次';
      tick();
      const tied: IssueRef[] = [];
      for (let i = 0; i < 4; i++) tied.push(await fileIssue(t, { batch: TIED, title: `同时登记 ${i}` }));
      const seen: string[] = [];
      let after: string | undefined;
      for (let page = 0; page < 4; page++) {
        const c = await list({ batch: TIED }, 1, after);
        expect(c.totalCount).toBe(4);
        expect(c.edges).toHaveLength(1);
        expect(c.pageInfo.hasNextPage).toBe(page < 3);
        seen.push(c.edges[0].node.id);
        after = c.pageInfo.endCursor!;
      }
      expect(seen).toEqual(
        tied
          .map((i) => i.id)
          .sort()
          .reverse(),
      );
    });

    it('counts totalCount only when asked, whether by field, fragment spread or inline fragment', async () => {
      const pageOf = (selection: string, fragment = '') =>
        t.ok<{ issues: Partial<Connection> }>(
          OFFICE_TOKEN,
          `query($filter: IssueFilter) { issues(filter: $filter, first: 3) { edges { node { id } } ${selection} } } ${fragment}`,
          { filter: { batch: BATCH } },
        );
      const bare = (await pageOf('pageInfo { hasNextPage }')).issues;
      expect(bare).toEqual({ edges: expect.any(Array), pageInfo: { hasNextPage: true } });
      expect(bare.edges).toHaveLength(3);
      const spread = await pageOf('...Counted', 'fragment Counted on IssueConnection { totalCount }');
      expect(spread.issues.totalCount).toBe(25);
      const inline = await pageOf('... on IssueConnection { totalCount }');
      expect(inline.issues.totalCount).toBe(25);
      const aliased = await pageOf('n: totalCount');
      expect(aliased.issues).toMatchObject({ n: 25 });
    });

    it('refuses a cursor it did not make', async () => {
      const reply = await t.gql(OFFICE_TOKEN, LIST, { filter: { batch: BATCH }, first: 10, after: 'bm90LWEtY3Vyc29y' });
      expect(reply.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['after'] });
    });
  });

  describe('filters: states, sources, unitId (lead or cooperating), batch', () => {
    const BATCH = '第二轮市级生态环境保护例行督察 第3批';
    let a: UnitWithToken;
    let b: UnitWithToken;
    let c: UnitWithToken;
    let filed: IssueRef;
    let assigned: IssueRef;
    let rectifying: IssueRef;
    let submitted: IssueRef;
    let closed: IssueRef;
    let revisited: IssueRef;
    let verified: IssueRef;
    let otherBatch: IssueRef;

    beforeAll(async () => {
      t.clock.set('2026-03-03T02:00:00.000Z');
      a = await createUnitWithToken(t, { name: '区城市管理局' });
      b = await createUnitWithToken(t, { name: '水江镇', kind: 'TOWN' });
      c = await createUnitWithToken(t, { name: '东城街道', kind: 'STREET' });
      const file = (source: string) => ({ source, batch: BATCH });
      tick();
      filed = await issueIn(t, 'FILED', a, { file: file('CENTRAL_INSPECTION') });
      tick();
      assigned = await issueIn(t, 'ASSIGNED', a, { file: file('MUNICIPAL_INSPECTION') });
      tick();
      rectifying = await issueIn(t, 'RECTIFYING.inProgress', b, {
        file: file('PUBLIC_COMPLAINT'),
        cooperatingUnitIds: [a.id],
      });
      tick();
      submitted = await issueIn(t, 'RECTIFYING.submitted', a, { file: file('MUNICIPAL_INSPECTION') });
      tick();
      closed = await issueIn(t, 'CLOSED', b, { file: file('UNDERCOVER_INSPECTION'), cooperatingUnitIds: [c.id] });
      tick();
      revisited = await issueIn(t, 'REVISITED', c, { file: file('SELF_INSPECTION') });
      tick();
      verified = await issueIn(t, 'VERIFIED.signedOff', c, {
        file: file('SPECIAL_INSPECTION'),
        cooperatingUnitIds: [a.id, b.id],
      });
      tick();
      // Same unit, other batch: the unit filter finds it, the batch filter does not.
      otherBatch = await issueIn(t, 'ASSIGNED', a, { file: { source: 'CENTRAL_INSPECTION', batch: `${BATCH}（续）` } });
    });

    it('filters by batch, exactly', async () => {
      const c1 = await list({ batch: BATCH });
      expect(ids(c1)).toEqual(newestFirst(filed, assigned, rectifying, submitted, closed, revisited, verified));
      expect(c1.totalCount).toBe(7);
      expect(ids(await list({ batch: `${BATCH}（续）` }))).toEqual([otherBatch.id]);
      expect(await list({ batch: '第二轮市级生态环境保护例行督察' })).toMatchObject({ edges: [], totalCount: 0 });
    });

    it('filters by top-level state (RECTIFYING covers both sub-states)', async () => {
      expect(ids(await list({ batch: BATCH, states: ['FILED'] }))).toEqual([filed.id]);
      const r = await list({ batch: BATCH, states: ['RECTIFYING'] });
      expect(ids(r)).toEqual(newestFirst(rectifying, submitted));
      expect(r.edges.map((e) => e.node.substate)).toEqual(['RECTIFYING.submitted', 'RECTIFYING.inProgress']);
      const done = await list({ batch: BATCH, states: ['CLOSED', 'REVISITED', 'VERIFIED'] });
      expect(ids(done)).toEqual(newestFirst(closed, revisited, verified));
      expect(done.totalCount).toBe(3);
    });

    it('filters by source', async () => {
      const s = await list({ batch: BATCH, sources: ['PUBLIC_COMPLAINT', 'SELF_INSPECTION'] });
      expect(ids(s)).toEqual(newestFirst(rectifying, revisited));
      expect(s.totalCount).toBe(2);
      expect(ids(await list({ batch: BATCH, sources: ['MUNICIPAL_INSPECTION'] }))).toEqual(
        newestFirst(assigned, submitted),
      );
    });

    it('filters by unit, as lead or as cooperating unit', async () => {
      const ofA = await list({ unitId: a.id });
      expect(ids(ofA)).toEqual(newestFirst(assigned, rectifying, submitted, verified, otherBatch));
      expect(ofA.totalCount).toBe(5);
      expect(ids(await list({ unitId: b.id }))).toEqual(newestFirst(rectifying, closed, verified));
      expect(ids(await list({ unitId: c.id }))).toEqual(newestFirst(closed, revisited, verified));
    });

    it('pages a unit’s problems, led and cooperated on, in one order without gaps or repeats', async () => {
      const expected = newestFirst(assigned, rectifying, submitted, verified, otherBatch);
      for (const [token, filter] of [
        [OFFICE_TOKEN, { unitId: a.id }],
        [a.token, {}],
        [a.token, { unitId: a.id }],
      ] as const) {
        for (const size of [1, 2, 3]) {
          const seen: string[] = [];
          let after: string | undefined;
          for (;;) {
            const page = await list(filter, size, after, token);
            seen.push(...ids(page));
            expect(page.edges.length).toBeLessThanOrEqual(size);
            if (!page.pageInfo.hasNextPage) break;
            after = page.pageInfo.endCursor ?? undefined;
          }
          expect(seen).toEqual(expected);
        }
      }
      // A unit filter other than the caller's: the problems of both (led by one, the other cooperating).
      expect(ids(await list({ unitId: b.id }, 1, undefined, a.token))).toEqual([verified.id]);
      const both = await list({ unitId: b.id }, 1, undefined, a.token);
      expect(both.pageInfo.hasNextPage).toBe(true);
      expect(ids(await list({ unitId: b.id }, 1, both.pageInfo.endCursor ?? undefined, a.token))).toEqual([
        rectifying.id,
      ]);
    });

    it('combines filters with AND', async () => {
      expect(ids(await list({ unitId: a.id, batch: BATCH, states: ['ASSIGNED'] }))).toEqual([assigned.id]);
      expect(ids(await list({ unitId: a.id, sources: ['PUBLIC_COMPLAINT', 'SPECIAL_INSPECTION'] }))).toEqual(
        newestFirst(rectifying, verified),
      );
      expect(await list({ unitId: c.id, states: ['FILED'] })).toMatchObject({ edges: [], totalCount: 0 });
    });

    it('shows a unit only its own problems even without a filter, and the filter cannot widen that', async () => {
      expect(ids(await list({}, 50, undefined, c.token))).toEqual(newestFirst(closed, revisited, verified));
      const c2 = await list({ unitId: a.id }, 50, undefined, c.token);
      expect(ids(c2)).toEqual([verified.id]);
      expect(c2.totalCount).toBe(1);
    });
  });

  describe('search: title, description and code', () => {
    let byTitle: IssueRef;
    let byDescription: IssueRef;
    let byCode: IssueRef;
    let percent: IssueRef;
    let percentDecoy: IssueRef;
    let underscore: IssueRef;
    let underscoreDecoy: IssueRef;
    let backslash: IssueRef;

    beforeAll(async () => {
      t.clock.set('2026-03-04T02:00:00.000Z');
      const file = async (input: Record<string, unknown>) => {
        tick();
        return fileIssue(t, { source: 'SPECIAL_INSPECTION', batch: '长江警示片 专项', ...input });
      };
      byTitle = await file({ title: '临江Sewage排口未封堵', description: '排口位于长江支流' });
      byDescription = await file({ title: '工业园区异味扰民', description: '夜间 Odorous 气体排放，群众反映强烈' });
      byCode = await file({ code: 'CJJSP-Qx-0917', title: '码头扬尘治理不到位', description: '散货码头未覆盖' });
      percent = await file({ title: '污水处理厂负荷率100%运行', description: '满负荷' });
      percentDecoy = await file({ title: '污水处理厂日处理1000吨', description: '未达设计' });
      underscore = await file({ code: 'ZX-pm2_5-01', title: '细颗粒物监测点位缺失', description: '点位不足' });
      underscoreDecoy = await file({ code: 'ZX-pm2x5-02', title: '细颗粒物监测数据异常', description: '数据缺失' });
      backslash = await file({ title: '在线监测数据路径错误', description: '上传目录 D:\\监测\\日报 无数据' });
    });

    const found = async (search: string) => {
      const c = await list({ search });
      expect(c.totalCount).toBe(c.edges.length);
      return ids(c);
    };

    it('finds a word in the title, case-insensitively', async () => {
      expect(await found('sewage')).toEqual([byTitle.id]);
      expect(await found('SEWAGE排口')).toEqual([byTitle.id]);
    });

    it('finds a word in the description, case-insensitively', async () => {
      expect(await found('odorous')).toEqual([byDescription.id]);
    });

    it('finds the code, case-insensitively, also in part', async () => {
      expect(await found('cjjsp-qx-0917')).toEqual([byCode.id]);
      expect(await found('qX-09')).toEqual([byCode.id]);
    });

    it("takes '%' literally", async () => {
      expect(await found('100%')).toEqual([percent.id]);
      expect(await found('%')).toEqual([percent.id]);
      expect(await found('处理厂')).toEqual(newestFirst(percent, percentDecoy));
    });

    it("takes '_' literally", async () => {
      expect(await found('pm2_5')).toEqual([underscore.id]);
      expect(await found('PM2_')).toEqual([underscore.id]);
      expect(await found('pm2x5')).toEqual([underscoreDecoy.id]);
    });

    it("takes '\\' literally", async () => {
      expect(await found(':\\监测\\')).toEqual([backslash.id]);
    });

    it('finds nothing for text that is nowhere', async () => {
      expect(await list({ search: 'pm2y5' })).toMatchObject({ edges: [], totalCount: 0 });
    });

    it('does not match text that only spans two fields (the end of the code and the start of the title)', async () => {
      // code 'CJJSP-Qx-0917', title '码头扬尘治理不到位': "0917 码头" is in neither.
      expect(await list({ search: '0917 码头' })).toMatchObject({ edges: [], totalCount: 0 });
      expect(await list({ search: '不到位 散货' })).toMatchObject({ edges: [], totalCount: 0 });
    });
  });

  describe('deadlines: dueBefore, overdue and dueSoon, on the injected clock', () => {
    const BATCH = '逾期测试批次';
    const T0 = Date.parse('2026-03-05T02:00:00.000Z');
    let lead: UnitWithToken;
    let assigned3d: IssueRef; // ASSIGNED, due in 3 days
    let inProgress3d: IssueRef; // RECTIFYING.inProgress, due in 3 days
    let submitted3d: IssueRef; // submitted before its deadline, then waits for the office
    let longTerm: IssueRef; // LONG_TERM, in progress
    let closed3d: IssueRef; // CLOSED, deadline in 3 days
    let unassigned: IssueRef; // FILED, no deadline
    let assigned10d: IssueRef; // ASSIGNED, due in 10 days
    let inProgress12d: IssueRef; // RECTIFYING.inProgress, due in 12 days

    beforeAll(async () => {
      t.clock.set(iso(T0));
      lead = await createUnitWithToken(t, { name: '南平镇', kind: 'TOWN' });
      const due3 = iso(T0 + 3 * DAY);
      const file = { batch: BATCH };
      tick();
      assigned3d = await issueIn(t, 'ASSIGNED', lead, { file, dueAt: due3 });
      tick();
      inProgress3d = await issueIn(t, 'RECTIFYING.inProgress', lead, { file, dueAt: due3 });
      tick();
      submitted3d = await issueIn(t, 'RECTIFYING.submitted', lead, { file, dueAt: due3 });
      tick();
      longTerm = await fileIssue(t, file);
      await assign(t, longTerm.id, lead.id, { deadlineKind: 'LONG_TERM' });
      await accept(longTerm, lead);
      tick();
      closed3d = await issueIn(t, 'CLOSED', lead, { file, dueAt: due3 });
      tick();
      unassigned = await fileIssue(t, file);
      tick();
      assigned10d = await issueIn(t, 'ASSIGNED', lead, { file, dueAt: iso(T0 + 10 * DAY) });
      tick();
      inProgress12d = await issueIn(t, 'RECTIFYING.inProgress', lead, { file, dueAt: iso(T0 + 12 * DAY) });
    });

    const all = () =>
      newestFirst(assigned3d, inProgress3d, submitted3d, longTerm, closed3d, unassigned, assigned10d, inProgress12d);
    const flags = async () => {
      const c = await list({ batch: BATCH });
      return Object.fromEntries(c.edges.map((e) => [e.node.id, { overdue: e.node.overdue, dueSoon: e.node.dueSoon }]));
    };

    it('filters by dueBefore (strictly before; problems without a date never match)', async () => {
      t.clock.set(iso(T0 + 10 * MINUTE));
      const c = await list({ batch: BATCH, dueBefore: iso(T0 + 11 * DAY) });
      expect(ids(c)).toEqual(newestFirst(assigned3d, inProgress3d, submitted3d, closed3d, assigned10d));
      expect(c.totalCount).toBe(5);
      expect(ids(await list({ batch: BATCH, dueBefore: iso(T0 + 3 * DAY) }))).toEqual([]);
      expect(ids(await list({ batch: BATCH, dueBefore: iso(T0 + 3 * DAY + 1) }))).toEqual(
        newestFirst(assigned3d, inProgress3d, submitted3d, closed3d),
      );
      expect(await list({ batch: BATCH, dueBefore: iso(T0 + 365 * DAY) })).toMatchObject({ totalCount: 6 });
    });

    it('before any deadline: nothing overdue; due within 7 days is dueSoon while the unit holds it', async () => {
      t.clock.set(iso(T0 + 10 * MINUTE));
      expect(await list({ batch: BATCH, overdue: true })).toMatchObject({ edges: [], totalCount: 0 });
      const notOverdue = await list({ batch: BATCH, overdue: false });
      expect(ids(notOverdue)).toEqual(all());
      expect(notOverdue.totalCount).toBe(8);
      expect(await flags()).toEqual({
        [assigned3d.id]: { overdue: false, dueSoon: true },
        [inProgress3d.id]: { overdue: false, dueSoon: true },
        [submitted3d.id]: { overdue: false, dueSoon: false },
        [longTerm.id]: { overdue: false, dueSoon: false },
        [closed3d.id]: { overdue: false, dueSoon: false },
        [unassigned.id]: { overdue: false, dueSoon: false },
        [assigned10d.id]: { overdue: false, dueSoon: false },
        [inProgress12d.id]: { overdue: false, dueSoon: false },
      });
    });

    it('after the deadline: overdue only while ASSIGNED or in progress; not when submitted in time, closed or long-term', async () => {
      t.clock.set(iso(T0 + 4 * DAY));
      const overdue = await list({ batch: BATCH, overdue: true });
      expect(ids(overdue)).toEqual(newestFirst(assigned3d, inProgress3d));
      expect(overdue.totalCount).toBe(2);
      expect(overdue.edges.every((e) => e.node.overdue)).toBe(true);
      const notOverdue = await list({ batch: BATCH, overdue: false });
      expect(ids(notOverdue)).toEqual(
        newestFirst(submitted3d, longTerm, closed3d, unassigned, assigned10d, inProgress12d),
      );
      expect(notOverdue.totalCount).toBe(6);
      expect(notOverdue.edges.every((e) => !e.node.overdue)).toBe(true);
      // 6 days left → due soon; 8 days left → not yet; past the deadline → overdue, no longer "due soon".
      expect(await flags()).toEqual({
        [assigned3d.id]: { overdue: true, dueSoon: false },
        [inProgress3d.id]: { overdue: true, dueSoon: false },
        [submitted3d.id]: { overdue: false, dueSoon: false },
        [longTerm.id]: { overdue: false, dueSoon: false },
        [closed3d.id]: { overdue: false, dueSoon: false },
        [unassigned.id]: { overdue: false, dueSoon: false },
        [assigned10d.id]: { overdue: false, dueSoon: true },
        [inProgress12d.id]: { overdue: false, dueSoon: false },
      });
      // The filter and the field agree, with dueBefore too.
      expect(ids(await list({ batch: BATCH, overdue: true, dueBefore: iso(T0 + 365 * DAY) }))).toEqual(ids(overdue));
    });

    it('a problem submitted in time becomes overdue again once the office sends it back after the deadline', async () => {
      t.clock.set(iso(T0 + 4 * DAY + MINUTE));
      await t.ok(
        OFFICE_TOKEN,
        `mutation($id: ID!) { verifyIssue(issueId: $id, passed: false, comment: "整改不到位") { id } }`,
        {
          id: submitted3d.id,
        },
      );
      const overdue = await list({ batch: BATCH, overdue: true });
      expect(ids(overdue)).toEqual(newestFirst(assigned3d, inProgress3d, submitted3d));
      expect(overdue.edges.map((e) => e.node.substate)).toEqual([
        'RECTIFYING.inProgress',
        'RECTIFYING.inProgress',
        'ASSIGNED',
      ]);
      expect((await flags())[submitted3d.id]).toEqual({ overdue: true, dueSoon: false });
      expect((await list({ batch: BATCH, overdue: false })).totalCount).toBe(5);
    });

    it('long after every deadline, a LONG_TERM problem is still never overdue', async () => {
      t.clock.set(iso(T0 + 400 * DAY));
      const overdue = await list({ batch: BATCH, overdue: true });
      expect(ids(overdue)).toEqual(newestFirst(assigned3d, inProgress3d, submitted3d, assigned10d, inProgress12d));
      expect(ids(await list({ batch: BATCH, overdue: false }))).toEqual(newestFirst(longTerm, closed3d, unassigned));
      expect((await flags())[longTerm.id]).toEqual({ overdue: false, dueSoon: false });
    });
  });

  describe('batching (DataLoader)', () => {
    const BATCH = '举一反三 自查 批量';
    const QUERY = `query($filter: IssueFilter, $first: Int) {
      issues(filter: $filter, first: $first) {
        totalCount
        edges { node { id leadUnit { name } cooperatingUnits { name } events { unit { name } } parent { id } } }
      }
    }`;

    interface Node {
      id: string;
      leadUnit: { name: string } | null;
      cooperatingUnits: { name: string }[];
      events: { unit: { name: string } | null }[];
      parent: { id: string } | null;
    }

    let units: UnitWithToken[];
    let parents: IssueRef[];

    beforeAll(async () => {
      t.clock.set('2026-03-06T02:00:00.000Z');
      units = [];
      for (const name of ['区水利局', '区农业农村委', '大观镇', '区住房城乡建委'])
        units.push(await createUnitWithToken(t, { name }));
      parents = [];
      for (let i = 0; i < 3; i++) {
        tick();
        parents.push(await fileIssue(t, { title: `母问题 ${i}` }));
      }
      for (let i = 0; i < 30; i++) {
        tick();
        const lead = units[i % 4];
        const issue = await fileIssue(t, {
          source: 'SELF_INSPECTION',
          batch: BATCH,
          parentId: parents[i % 3].id,
          title: `举一反三 ${i}`,
        });
        await assign(t, issue.id, lead.id, { cooperatingUnitIds: [units[(i + 1) % 4].id, units[(i + 2) % 4].id] });
        await accept(issue, lead);
      }
    });

    /** Runs fn while counting the SQL statements the app sends through its DataSource. */
    async function countStatements<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
      const db: DataSource = t.db;
      const original = db.query;
      const statements: string[] = [];
      const counting = function <R>(this: DataSource, ...args: Parameters<typeof original>): Promise<R> {
        statements.push(args[0]);
        return original.apply(this, args) as Promise<R>;
      };
      db.query = counting;
      try {
        return { result: await fn(), statements };
      } finally {
        db.query = original;
      }
    }

    const fetch = (first: number) =>
      t.ok<{ issues: { totalCount: number; edges: { node: Node }[] } }>(OFFICE_TOKEN, QUERY, {
        filter: { batch: BATCH },
        first,
      });

    it('loads 30 problems with their units, events and parents in a few statements, as many as for 5', async () => {
      const thirty = await countStatements(() => fetch(30));
      const five = await countStatements(() => fetch(5));

      const nodes = thirty.result.issues.edges.map((e) => e.node);
      expect(nodes).toHaveLength(30);
      expect(thirty.result.issues.totalCount).toBe(30);
      nodes.forEach((node, k) => {
        const i = 29 - k; // newest first
        expect(node.leadUnit).toEqual({ name: units[i % 4].name });
        expect(node.cooperatingUnits.map((u) => u.name).sort()).toEqual(
          [units[(i + 1) % 4].name, units[(i + 2) % 4].name].sort(),
        );
        expect(node.events.map((e) => e.unit?.name ?? null)).toEqual([null, null, units[i % 4].name]);
        expect(node.parent).toEqual({ id: parents[i % 3].id });
      });
      expect(five.result.issues.edges).toHaveLength(5);

      // page + count, units (lead and cooperating together), events, their units, parents, and the token lookup.
      expect(thirty.statements.length).toBeLessThanOrEqual(8);
      expect(thirty.statements.length).toBe(five.statements.length);
      expect(t.db.query).toBe(Object.getPrototypeOf(t.db).query);
    });
  });
});
