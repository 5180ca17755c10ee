// The list's totalCount for the filters the kept counts answer (migration 9) equals the problems the list pages through,
// while problems are filed, imported, assigned, reassigned, walked, published and marked duplicate.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { assign, createUnitWithToken, daysAfter, fileIssue, type UnitWithToken } from '../factories/factories.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

const SOURCES = ['CENTRAL_INSPECTION', 'MUNICIPAL_INSPECTION', 'SPECIAL_INSPECTION', 'PUBLIC_COMPLAINT', 'SELF_INSPECTION'];
const STATES = ['FILED', 'ASSIGNED', 'RECTIFYING', 'VERIFIED', 'CLOSED', 'REVISITED'];

interface Page {
  edges: { node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

describe('totalCount from the kept counts', () => {
  let t: TestApp;
  let units: UnitWithToken[];
  const ids: string[] = [];
  let seed = 20261204;
  const rnd = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const others = (lead: UnitWithToken) => units.filter((u) => u.id !== lead.id && rnd() < 0.35).map((u) => u.id);

  /** Every problem the list gives for the filter, page by page, and the totalCount of its first page. */
  async function walk(token: string, filter: Record<string, unknown> | null): Promise<{ rows: number; totalCount: number }> {
    const field = filter ? 'issues(filter: $filter, first: 7, after: $after)' : 'publicIssues(first: 7, after: $after)';
    const vars = filter ? '($filter: IssueFilter, $after: String)' : '($after: String)';
    let after: string | null = null;
    let rows = 0;
    let totalCount = -1;
    for (;;) {
      const data: Record<string, Page> = await t.ok(token, `query${vars} { p: ${field} { edges { node { id } } pageInfo { hasNextPage endCursor } totalCount } }`, {
        filter,
        after,
      });
      if (totalCount < 0) totalCount = data.p.totalCount;
      rows += data.p.edges.length;
      if (!data.p.pageInfo.hasNextPage) return { rows, totalCount };
      after = data.p.pageInfo.endCursor;
    }
  }

  async function allAgree(): Promise<number> {
    const cases: [string, Record<string, unknown> | null][] = [
      [OFFICE_TOKEN, {}],
      [OFFICE_TOKEN, { states: ['ASSIGNED'] }],
      [OFFICE_TOKEN, { states: ['RECTIFYING', 'VERIFIED'] }],
      [OFFICE_TOKEN, { sources: ['PUBLIC_COMPLAINT'] }],
      [OFFICE_TOKEN, { sources: ['CENTRAL_INSPECTION', 'SELF_INSPECTION'], states: ['CLOSED', 'REVISITED', 'RECTIFYING'] }],
      [OFFICE_TOKEN, { states: [], sources: [] }],
      [OFFICE_TOKEN, null],
      ...units.flatMap((u, k): [string, Record<string, unknown>][] => [
        [OFFICE_TOKEN, { unitId: u.id }],
        [OFFICE_TOKEN, { unitId: u.id, states: [STATES[k % STATES.length], 'RECTIFYING'] }],
        [OFFICE_TOKEN, { unitId: u.id, sources: [SOURCES[k % SOURCES.length]] }],
        [u.token, {}],
        [u.token, { unitId: u.id, states: ['RECTIFYING'] }],
        // Another unit's id as well: the problems both share, counted from the problems themselves.
        [u.token, { unitId: units[(k + 1) % units.length].id }],
      ]),
    ];
    let nonEmpty = 0;
    for (const [token, filter] of cases) {
      const { rows, totalCount } = await walk(token, filter);
      expect({ filter, token: token.slice(0, 12), totalCount }).toEqual({ filter, token: token.slice(0, 12), totalCount: rows });
      if (rows > 0) nonEmpty++;
    }
    return nonEmpty;
  }

  const office = (mutation: string, { id, at, of }: { id: string; at: string; of: string }) =>
    mutation.includes('$at')
      ? t.gql(OFFICE_TOKEN, `mutation($id: ID!, $at: DateTime!) { r: ${mutation} { id } }`, { id, at })
      : mutation.includes('$of')
        ? t.gql(OFFICE_TOKEN, `mutation($id: ID!, $of: ID!) { r: ${mutation} { id } }`, { id, of })
        : t.gql(OFFICE_TOKEN, `mutation($id: ID!) { r: ${mutation} { id } }`, { id });
  const leadOf = async (id: string) => {
    const [row] = await t.db.query<{ lead: string | null }[]>(`SELECT lead_unit_id AS lead FROM issues WHERE id = $1`, [id]);
    return units.find((u) => u.id === row.lead) ?? null;
  };

  /** One random step through the real mutations; refused ones (wrong state) change nothing. */
  async function act(id: string): Promise<void> {
    const lead = await leadOf(id);
    const vars = { id, at: daysAfter(t, 20), of: pick(ids) };
    const leadStep = (m: string) => (lead ? t.gql(lead.token, `mutation($id: ID!) { r: ${m} { id } }`, { id }) : null);
    switch (Math.floor(rnd() * 9)) {
      case 0: {
        const to = pick(units);
        await t.gql(OFFICE_TOKEN, `mutation($input: AssignInput!) { r: ${lead ? 'reassignIssue' : 'assignIssue'}(input: $input) { id } }`, {
          input: { issueId: id, leadUnitId: to.id, cooperatingUnitIds: others(to), deadlineKind: 'DATE', dueAt: daysAfter(t, 30) },
        });
        return;
      }
      case 1:
        await leadStep('acceptIssue(issueId: $id)');
        return;
      case 2:
        await leadStep('submitRectification(issueId: $id, summary: "已完成整改")');
        return;
      case 3:
        await office('verifyIssue(issueId: $id, passed: true)', vars);
        return;
      case 4:
        await office('closeIssue(issueId: $id, comment: "同意销号")', vars);
        return;
      case 5:
        await office('revisitIssue(issueId: $id, rebounded: true, comment: "回头看发现反弹", newDueAt: $at)', vars);
        return;
      case 6:
        await t.gql(OFFICE_TOKEN, `mutation($id: ID!, $p: Boolean!) { r: publishIssue(issueId: $id, published: $p) { id } }`, { id, p: rnd() < 0.7 });
        return;
      case 7:
        if (rnd() < 0.3) await office('markDuplicate(issueId: $id, ofId: $of, comment: "重复交办")', vars);
        return;
      default:
        await leadStep('reportProgress(issueId: $id, comment: "正在整改")');
    }
  }

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-03-02T02:00:00.000Z' });
    units = [
      await createUnitWithToken(t, { name: '区生态环境局', kind: 'DEPARTMENT' }),
      await createUnitWithToken(t, { name: '区水务局', kind: 'DEPARTMENT' }),
      await createUnitWithToken(t, { name: '水江镇', kind: 'TOWN' }),
      await createUnitWithToken(t, { name: '石岗镇', kind: 'TOWN' }),
    ];
    for (let k = 0; k < 24; k++) {
      t.clock.set(new Date(t.clock.now().getTime() + 60_000));
      const source = pick(SOURCES);
      const { id } = await fileIssue(t, { source, title: `计数问题 ${k}`, ...(source === 'PUBLIC_COMPLAINT' ? { complainantName: '王某', complaintChannel: '12345' } : {}) });
      ids.push(id);
      if (k % 4 !== 3) {
        const lead = pick(units);
        await assign(t, id, lead.id, { cooperatingUnitIds: others(lead) });
      }
    }
  });
  afterAll(() => t.close());

  it('equals the problems listed, for the whole list, each unit, states, sources and the public list', async () => {
    expect(await allAgree()).toBeGreaterThanOrEqual(15);
  });

  it('still does after a hundred and twenty random steps and an import', async () => {
    for (let step = 0; step < 120; step++) {
      t.clock.set(new Date(t.clock.now().getTime() + 3_600_000));
      await act(pick(ids));
    }
    // An import files and assigns many problems in one statement: the trigger's set-based path, with cooperating units.
    const name = (k: number) => units[k % units.length].name;
    const csv = [
      '编号,来源,问题,类别,牵头单位,配合单位,整改时限',
      ...[1, 2, 3, 4, 5, 6, 7].map((k) => `LC-${k},${k % 2 ? '中央' : '12369举报'},导入问题${k},水,${name(k)},${k % 3 ? `${name(k + 1)}；${name(k + 2)}` : ''},2026-09-${10 + k}`),
    ];
    const imported = await request(t.app.getHttpServer())
      .post('/imports')
      .set('Authorization', `Bearer ${OFFICE_TOKEN}`)
      .attach('file', Buffer.from(`\ufeff${csv.join('\r\n')}\r\n`, 'utf8'), 'list.csv');
    expect(imported.body).toMatchObject({ created: 7, errors: [] });
    const [{ states, dups, published }] = await t.db.query<{ states: number; dups: number; published: number }[]>(
      `SELECT count(DISTINCT state)::int AS states, count(duplicate_of_id)::int AS dups, count(*) FILTER (WHERE published)::int AS published FROM issues`,
    );
    // The walk reached enough of the life for the comparison to mean something.
    expect({ states: states >= 5, dups: dups > 0, published: published > 0 }).toEqual({ states: true, dups: true, published: true });
    expect(await allAgree()).toBeGreaterThan(20);
  });

  it('answers those filters from the kept rows, and keeps the very rows a rebuild from the problems gives', async () => {
    const count = async () => (await t.ok<{ issues: { totalCount: number } }>(OFFICE_TOKEN, '{ issues(first: 0) { totalCount } }')).issues.totalCount;
    const before = await count();
    await t.db.query(`UPDATE issue_list_counts SET n = n + 1000 WHERE (unit_id, lead, state, source, published) = (SELECT unit_id, lead, state, source, published FROM issue_list_counts WHERE lead LIMIT 1)`);
    expect(await count()).toBe(before + 1000);
    await t.db.query('SELECT rectify_list_counts_rebuild()');
    expect(await count()).toBe(before);

    const rows = () => t.db.query(`SELECT unit_id, lead, state, source, published, n FROM issue_list_counts WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5`);
    // (rebuilt above: walk again so the rows compared are the triggers' own)
    for (let step = 0; step < 40; step++) await act(pick(ids));
    const kept = await rows();
    expect(kept.length).toBeGreaterThan(10);
    await t.db.query('SELECT rectify_derived_rebuild()');
    expect(await rows()).toEqual(kept);
  });

  it('counts a problem once under a unit listed twice, or listed as lead and cooperating (rows written by hand)', async () => {
    const [a, b] = units;
    await t.db.query(`UPDATE issues SET lead_unit_id = $2, cooperating_unit_ids = ARRAY[$3, $3, $2]::uuid[] WHERE id = $1`, [ids[0], a.id, b.id]);
    await t.db.query(`UPDATE issues SET lead_unit_id = NULL, cooperating_unit_ids = ARRAY[$2, $2]::uuid[] WHERE id = $1`, [ids[1], b.id]);
    expect(await allAgree()).toBeGreaterThanOrEqual(15);
    const rows = () => t.db.query(`SELECT unit_id, lead, state, source, published, n FROM issue_list_counts WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5`);
    const kept = await rows();
    await t.db.query('SELECT rectify_list_counts_rebuild()');
    expect(await rows()).toEqual(kept);
  });

  it('is emptied with the problems, inside a transaction rolled back', async () => {
    const runner = t.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      expect((await runner.query(`SELECT count(*)::int AS n FROM issue_list_counts WHERE n <> 0`))[0].n).toBeGreaterThan(0);
      await runner.query('TRUNCATE issues CASCADE');
      expect((await runner.query(`SELECT count(*)::int AS n FROM issue_list_counts`))[0].n).toBe(0);
      await runner.rollbackTransaction();
    } finally {
      await runner.release();
    }
  });
});
