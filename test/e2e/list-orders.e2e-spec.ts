// The list's orders (filed, last change, deadline; either direction), Relay paging from either end (first/after,
// last/before, startCursor, hasPreviousPage), updatedAt, node(id), and the filters dueSoon, substates, unitRole and
// updatedAfter — on the injected clock.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  assign,
  createUnitWithToken,
  fileIssue,
  issueIn,
  type IssueRef,
  type UnitWithToken,
} from '../factories/factories.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

interface Node {
  id: string;
  filedAt: string;
  updatedAt: string;
  dueAt: string | null;
  substate: string;
  dueSoon: boolean;
  events: { at: string }[];
}

interface Connection {
  edges: { cursor: string; node: Node }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

type Order = { field: 'FILED_AT' | 'UPDATED_AT' | 'DUE_AT'; direction: 'ASC' | 'DESC' };
interface Page {
  first?: number;
  after?: string | null;
  last?: number;
  before?: string | null;
  orderBy?: Order;
}

const LIST = `query($filter: IssueFilter, $orderBy: IssueOrder, $first: Int, $after: String, $last: Int, $before: String) {
  issues(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
    edges { cursor node { id filedAt updatedAt dueAt substate dueSoon events { at } } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    totalCount
  }
}`;

const MINUTE = 60_000;
const DAY = 86_400_000;
const T0 = Date.parse('2026-07-01T02:00:00.000Z');

describe('issues: orders, Relay paging from either end, updatedAt and the new filters', () => {
  let t: TestApp;
  let lead: UnitWithToken;
  let coop: UnitWithToken;
  const BATCH = '排序测试批次';
  const iso = (ms: number) => new Date(ms).toISOString();
  const tick = (ms = MINUTE) => t.clock.set(new Date(t.clock.now().getTime() + ms));
  const list = async (filter: Record<string, unknown>, page: Page = {}, token = OFFICE_TOKEN): Promise<Connection> =>
    (await t.ok<{ issues: Connection }>(token, LIST, { filter, ...page })).issues;
  const ids = (c: Connection) => c.edges.map((e) => e.node.id);
  /** Every problem, page by page of `size`, forward from the start or backward from the end (then in list order). */
  async function walk(
    filter: Record<string, unknown>,
    orderBy: Order | undefined,
    size: number,
    backward: boolean,
  ): Promise<string[]> {
    const seen: string[][] = [];
    let cursor: string | null = null;
    for (;;) {
      const c = await list(
        filter,
        backward ? { last: size, before: cursor, orderBy } : { first: size, after: cursor, orderBy },
      );
      expect(c.edges.length).toBeLessThanOrEqual(size);
      expect(c.pageInfo.startCursor).toBe(c.edges[0]?.cursor ?? null);
      expect(c.pageInfo.endCursor).toBe(c.edges.at(-1)?.cursor ?? null);
      // The side the page started from has rows exactly when a cursor was given (and its row is still there).
      expect(backward ? c.pageInfo.hasNextPage : c.pageInfo.hasPreviousPage).toBe(cursor !== null);
      seen.push(ids(c));
      if (!(backward ? c.pageInfo.hasPreviousPage : c.pageInfo.hasNextPage)) break;
      cursor = backward ? c.pageInfo.startCursor : c.pageInfo.endCursor;
    }
    return (backward ? seen.reverse() : seen).flat();
  }

  let filed: IssueRef[];
  beforeAll(async () => {
    t = await createTestApp({ now: iso(T0) });
    lead = await createUnitWithToken(t, { name: '石岗镇', kind: 'TOWN' });
    coop = await createUnitWithToken(t, { name: '区水务局' });
    filed = [];
    // Nine problems a minute apart; deadlines in a different order from filing; two without one.
    const dueInDays = [12, 3, null, 30, 5, 3, 20, null, 1];
    for (const [k, days] of dueInDays.entries()) {
      tick();
      const issue = await fileIssue(t, { batch: BATCH, title: `排序问题 ${k}` });
      if (days !== null)
        await assign(t, issue.id, k % 3 === 0 ? coop.id : lead.id, {
          dueAt: iso(T0 + days * DAY),
          cooperatingUnitIds: k % 3 === 0 ? [lead.id] : [],
        });
      filed.push(issue);
    }
  });
  afterAll(() => t.close());

  it('keeps updatedAt at the last event’s time, set by each event and by nothing else', async () => {
    tick(DAY);
    const issue = filed[1];
    const before = (await list({ batch: BATCH }, { first: 50 })).edges.find((e) => e.node.id === issue.id)!.node;
    expect(before.updatedAt).toBe(before.events.at(-1)!.at);
    await t.ok(lead.token, `mutation($id: ID!) { acceptIssue(issueId: $id) { id } }`, { id: issue.id });
    // A refused event writes nothing.
    const refused = await t.gql(lead.token, `mutation($id: ID!) { acceptIssue(issueId: $id) { id } }`, {
      id: issue.id,
    });
    expect(refused.errors?.[0].extensions.code).toBe('INVALID_TRANSITION');
    const after = (await list({ batch: BATCH }, { first: 50 })).edges.find((e) => e.node.id === issue.id)!.node;
    expect(after.updatedAt).toBe(t.clock.now().toISOString());
    expect(after.updatedAt).toBe(after.events.at(-1)!.at);
    expect(Date.parse(after.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
    // A problem only filed was last changed when it was filed.
    const untouched = (await list({ batch: BATCH }, { first: 50 })).edges.find((e) => e.node.id === filed[2].id)!.node;
    expect(untouched.updatedAt).toBe(untouched.filedAt);
  });

  it('orders by filing, last change or deadline, either way, ties by id; no deadline counts as the end of time', async () => {
    const all = await list({ batch: BATCH }, { first: 50 });
    const byKey = (key: (n: Node) => string | null, direction: 'ASC' | 'DESC') => {
      const keyed = all.edges.map(
        (e) => [key(e.node) === null ? Infinity : Date.parse(key(e.node)!), e.node.id] as const,
      );
      keyed.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1));
      const ordered = keyed.map(([, id]) => id);
      return direction === 'ASC' ? ordered : ordered.reverse();
    };
    const cases: [Order, (n: Node) => string | null][] = [
      [{ field: 'FILED_AT', direction: 'ASC' }, (n) => n.filedAt],
      [{ field: 'FILED_AT', direction: 'DESC' }, (n) => n.filedAt],
      [{ field: 'UPDATED_AT', direction: 'ASC' }, (n) => n.updatedAt],
      [{ field: 'UPDATED_AT', direction: 'DESC' }, (n) => n.updatedAt],
      [{ field: 'DUE_AT', direction: 'ASC' }, (n) => n.dueAt],
      [{ field: 'DUE_AT', direction: 'DESC' }, (n) => n.dueAt],
    ];
    for (const [orderBy, key] of cases) {
      const expected = byKey(key, orderBy.direction);
      expect({ orderBy, ids: ids(await list({ batch: BATCH }, { first: 50, orderBy })) }).toEqual({
        orderBy,
        ids: expected,
      });
      // …and the same, page by page, forward and backward, at every page size.
      for (const size of [1, 2, 4]) {
        expect({ orderBy, size, ids: await walk({ batch: BATCH }, orderBy, size, false) }).toEqual({
          orderBy,
          size,
          ids: expected,
        });
        expect({ orderBy, size, back: true, ids: await walk({ batch: BATCH }, orderBy, size, true) }).toEqual({
          orderBy,
          size,
          back: true,
          ids: expected,
        });
      }
    }
    // The default is newest filed first; deadlines: the earliest first, the two without one last.
    expect(ids(all)).toEqual(filed.map((i) => i.id).reverse());
    const byDue = await list({ batch: BATCH }, { first: 50, orderBy: { field: 'DUE_AT', direction: 'ASC' } });
    expect(byDue.edges.slice(-2).map((e) => e.node.dueAt)).toEqual([null, null]);
    expect(byDue.edges[0].node.id).toBe(filed[8].id);
  });

  it('moves a problem to the top of the last-changed order when something happens to it', async () => {
    tick();
    await t.ok(OFFICE_TOKEN, `mutation($id: ID!) { publishIssue(issueId: $id, published: true) { id } }`, {
      id: filed[0].id,
    });
    const c = await list({ batch: BATCH }, { first: 2, orderBy: { field: 'UPDATED_AT', direction: 'DESC' } });
    expect(ids(c)[0]).toBe(filed[0].id);
  });

  it('pages between two cursors, and refuses what a page cannot be', async () => {
    const all = await list({ batch: BATCH }, { first: 50 });
    const [a, b] = [all.edges[1].cursor, all.edges[6].cursor];
    expect(ids(await list({ batch: BATCH }, { first: 50, after: a, before: b }))).toEqual(ids(all).slice(2, 6));
    expect(ids(await list({ batch: BATCH }, { last: 2, after: a, before: b }))).toEqual(ids(all).slice(4, 6));
    const between = await list({ batch: BATCH }, { first: 3, after: a, before: b });
    expect(between.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const refusal = async (page: Page) =>
      (await t.gql(OFFICE_TOKEN, LIST, { filter: { batch: BATCH }, ...page })).errors?.[0].extensions;
    expect(await refusal({ first: 2, last: 2 })).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['first', 'last'] });
    expect(await refusal({ last: 201 })).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['last'] });
    // A cursor belongs to its order.
    expect(await refusal({ first: 2, before: a, orderBy: { field: 'DUE_AT', direction: 'ASC' } })).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: ['before'],
    });
    expect(await refusal({ last: 2, before: 'bm90LWEtY3Vyc29y' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: ['before'],
    });
    // Neither first nor last: 50 rows.
    expect((await list({}, {})).edges.length).toBe(Math.min(50, (await list({}, {})).totalCount));
  });

  it('updatedAfter: changed strictly after the instant; a sync in last-change order misses nothing', async () => {
    const since = t.clock.now().toISOString();
    expect((await list({ batch: BATCH, updatedAfter: since })).totalCount).toBe(0);
    tick();
    await t.ok(OFFICE_TOKEN, `mutation($id: ID!) { publishIssue(issueId: $id, published: true) { id } }`, {
      id: filed[3].id,
    });
    const changed = await list(
      { batch: BATCH, updatedAfter: since },
      { orderBy: { field: 'UPDATED_AT', direction: 'ASC' } },
    );
    expect({ ids: ids(changed), totalCount: changed.totalCount }).toEqual({ ids: [filed[3].id], totalCount: 1 });
    // Resuming after the last cursor of the sync finds the next change, and only it.
    const resume = changed.pageInfo.endCursor;
    tick();
    await t.ok(OFFICE_TOKEN, `mutation($id: ID!) { publishIssue(issueId: $id, published: true) { id } }`, {
      id: filed[5].id,
    });
    tick();
    await t.ok(OFFICE_TOKEN, `mutation($id: ID!) { publishIssue(issueId: $id, published: false) { id } }`, {
      id: filed[3].id,
    });
    const next = await list({ batch: BATCH }, { after: resume, orderBy: { field: 'UPDATED_AT', direction: 'ASC' } });
    expect(ids(next)).toEqual([filed[5].id, filed[3].id]);
  });

  it('dueSoon: the list and the field agree, on either side of the clock', async () => {
    for (const now of [T0 + DAY + 10 * MINUTE, T0 + 4 * DAY, T0 + 14 * DAY]) {
      t.clock.set(new Date(now));
      const all = await list({ batch: BATCH }, { first: 50 });
      const soon = await list({ batch: BATCH, dueSoon: true }, { first: 50 });
      const notSoon = await list({ batch: BATCH, dueSoon: false }, { first: 50 });
      expect(ids(soon)).toEqual(all.edges.filter((e) => e.node.dueSoon).map((e) => e.node.id));
      expect(ids(notSoon)).toEqual(all.edges.filter((e) => !e.node.dueSoon).map((e) => e.node.id));
      expect(soon.totalCount + notSoon.totalCount).toBe(all.totalCount);
      expect(soon.totalCount).toBeGreaterThan(0);
    }
  });

  describe('substates and unitRole', () => {
    const B = '子状态测试批次';
    let a: UnitWithToken;
    let b: UnitWithToken;
    let inProgress: IssueRef;
    let submitted: IssueRef;
    let ledByB: IssueRef;

    beforeAll(async () => {
      a = await createUnitWithToken(t, { name: '区交通局' });
      b = await createUnitWithToken(t, { name: '龙河镇', kind: 'TOWN' });
      inProgress = await issueIn(t, 'RECTIFYING.inProgress', a, { file: { batch: B } });
      submitted = await issueIn(t, 'RECTIFYING.submitted', a, { file: { batch: B } });
      ledByB = await issueIn(t, 'RECTIFYING.inProgress', b, { file: { batch: B }, cooperatingUnitIds: [a.id] });
    });

    it('tells in progress from submitted, which states: [RECTIFYING] mixes', async () => {
      expect((await list({ batch: B, states: ['RECTIFYING'] })).totalCount).toBe(3);
      const sub = await list({ batch: B, substates: ['RECTIFYING.submitted'] });
      expect({ ids: ids(sub), n: sub.totalCount }).toEqual({ ids: [submitted.id], n: 1 });
      expect((await list({ batch: B, substates: ['RECTIFYING.inProgress'] })).totalCount).toBe(2);
      expect((await list({ substates: ['RECTIFYING.submitted'] })).totalCount).toBe(1); // (kept counts: no batch)
      const bad = await t.gql(OFFICE_TOKEN, LIST, { filter: { substates: ['RECTIFYING'] } });
      expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    });

    it('splits a unit’s problems into led and cooperated on', async () => {
      const led = await list({ unitId: a.id, unitRole: 'LEAD' });
      expect({ ids: ids(led).sort(), n: led.totalCount }).toEqual({ ids: [inProgress.id, submitted.id].sort(), n: 2 });
      const cooperating = await list({ unitId: a.id, unitRole: 'COOPERATING' });
      expect({ ids: ids(cooperating), n: cooperating.totalCount }).toEqual({ ids: [ledByB.id], n: 1 });
      // A unit's own list, without naming itself.
      expect(ids(await list({ unitRole: 'COOPERATING' }, {}, a.token))).toEqual([ledByB.id]);
      expect(ids(await list({ unitRole: 'LEAD', substates: ['RECTIFYING.inProgress'] }, {}, a.token))).toEqual([
        inProgress.id,
      ]);
      const bad = await t.gql(OFFICE_TOKEN, LIST, { filter: { unitRole: 'LEAD' } });
      expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['unitRole'] });
    });
  });

  it('node(id) fetches a problem as issue(id) does, and nothing for an id that is none', async () => {
    const q = `query($id: ID!) { node(id: $id) { __typename id ... on Issue { code } } }`;
    const reply = await t.ok<{ node: { __typename: string; id: string; code: string } | null }>(OFFICE_TOKEN, q, {
      id: filed[0].id,
    });
    expect(reply.node).toEqual({ __typename: 'Issue', id: filed[0].id, code: filed[0].code });
    expect((await t.ok<{ node: unknown }>(OFFICE_TOKEN, q, { id: lead.id })).node).toBeNull();
    expect((await t.ok<{ node: unknown }>(OFFICE_TOKEN, q, { id: 'not-an-id' })).node).toBeNull();
    const outsider = await createUnitWithToken(t, { name: '铁山坪街道', kind: 'STREET' });
    expect((await t.ok<{ node: unknown }>(outsider.token, q, { id: filed[0].id })).node).toBeNull();
  });
});
