// The list's totalCount — from the kept counts (migrations 9, 16, 20: folded or appended) or counted — equals the problems the list pages
// through, for every filter, in every order, forward and backward, while problems are filed, imported, assigned,
// reassigned, walked, published and marked duplicate.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import {
  assign,
  createUnitWithToken,
  daysAfter,
  fileIssue,
  type UnitWithToken,
  closingAtAcceptance,
  partsDone,
} from '../factories/factories.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

const SOURCES = [
  'CENTRAL_INSPECTION',
  'MUNICIPAL_INSPECTION',
  'SPECIAL_INSPECTION',
  'PUBLIC_COMPLAINT',
  'SELF_INSPECTION',
];
const STATES = ['FILED', 'ASSIGNED', 'RECTIFYING', 'VERIFIED', 'CLOSED', 'REVISITED'];

interface Page {
  edges: { node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

describe('totalCount from the kept counts', () => {
  let t: TestApp;
  let units: UnitWithToken[];
  const ids: string[] = [];
  let seed = 20261204;
  const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const others = (lead: UnitWithToken) => units.filter((u) => u.id !== lead.id && rnd() < 0.35).map((u) => u.id);
  /** Every count, folded or not: the rows a count is read from, summed per key. */
  const rows = () =>
    t.db.query(`SELECT unit_id, lead, state, substate, source, published, sum(n)::int AS n FROM issue_list_count_rows
      GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0 ORDER BY 1, 2, 3, 4, 5, 6`);

  /**
   * Every problem the list gives for the filter, page by page (in an order, forward or from the end backward), and the
   * totalCount of its first page.
   */
  async function walk(
    token: string,
    filter: Record<string, unknown> | null,
    how: { orderBy?: { field: string; direction: string }; backward?: boolean } = {},
  ): Promise<{ rows: number; totalCount: number; ids: string[] }> {
    const [size, from] = how.backward ? ['last: 7', 'before: $from'] : ['first: 7', 'after: $from'];
    const field = filter
      ? `issues(filter: $filter, orderBy: $orderBy, ${size}, ${from})`
      : `publicIssues(${size}, ${from})`;
    const vars = filter ? '($filter: IssueFilter, $orderBy: IssueOrder, $from: String)' : '($from: String)';
    let cursor: string | null = null;
    const ids: string[] = [];
    let totalCount = -1;
    for (;;) {
      const data: Record<string, Page> = await t.ok(
        token,
        `query${vars} { p: ${field} { edges { node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } totalCount } }`,
        { filter, orderBy: how.orderBy, from: cursor },
      );
      if (totalCount < 0) totalCount = data.p.totalCount;
      const page = data.p.edges.map((e) => e.node.id);
      ids.push(...(how.backward ? page.reverse() : page));
      const { hasNextPage, hasPreviousPage, startCursor, endCursor } = data.p.pageInfo;
      if (!(how.backward ? hasPreviousPage : hasNextPage)) return { rows: ids.length, totalCount, ids };
      cursor = how.backward ? startCursor : endCursor;
    }
  }

  async function allAgree(): Promise<number> {
    const cases: [string, Record<string, unknown> | null][] = [
      [OFFICE_TOKEN, {}],
      [OFFICE_TOKEN, { states: ['ASSIGNED'] }],
      [OFFICE_TOKEN, { states: ['RECTIFYING', 'VERIFIED'] }],
      [OFFICE_TOKEN, { sources: ['PUBLIC_COMPLAINT'] }],
      [
        OFFICE_TOKEN,
        { sources: ['CENTRAL_INSPECTION', 'SELF_INSPECTION'], states: ['CLOSED', 'REVISITED', 'RECTIFYING'] },
      ],
      [OFFICE_TOKEN, { states: [], sources: [] }],
      [OFFICE_TOKEN, null],
      [OFFICE_TOKEN, { substates: ['RECTIFYING.inProgress'] }],
      [OFFICE_TOKEN, { substates: ['RECTIFYING.submitted', 'FILED'], sources: [SOURCES[1], SOURCES[3]] }],
      [OFFICE_TOKEN, { awaitingMe: true }],
      [OFFICE_TOKEN, { awaitingMe: false }],
      [OFFICE_TOKEN, { dueSoon: true }],
      [OFFICE_TOKEN, { dueSoon: false, states: ['ASSIGNED', 'RECTIFYING'] }],
      [OFFICE_TOKEN, { updatedAfter: new Date(t.clock.now().getTime() - 30 * 3_600_000).toISOString() }],
      ...units.flatMap((u, k): [string, Record<string, unknown>][] => [
        [OFFICE_TOKEN, { unitId: u.id }],
        [OFFICE_TOKEN, { unitId: u.id, states: [STATES[k % STATES.length], 'RECTIFYING'] }],
        [OFFICE_TOKEN, { unitId: u.id, sources: [SOURCES[k % SOURCES.length]] }],
        [
          OFFICE_TOKEN,
          {
            unitId: u.id,
            unitRole: k % 2 ? 'LEAD' : 'COOPERATING',
            substates: ['RECTIFYING.inProgress', 'ASSIGNED', 'CLOSED'],
          },
        ],
        [OFFICE_TOKEN, { unitId: u.id, includeFormer: true }],
        [u.token, {}],
        [u.token, { unitId: u.id, states: ['RECTIFYING'] }],
        [u.token, { unitRole: 'LEAD' }],
        [u.token, { unitRole: 'COOPERATING', states: ['ASSIGNED', 'RECTIFYING', 'CLOSED'] }],
        [u.token, { awaitingMe: true }],
        [u.token, { awaitingMe: false, includeFormer: true }],
        [u.token, { includeFormer: true, dueSoon: false }],
        // Another unit's id as well: the problems both share, counted from the problems themselves.
        [u.token, { unitId: units[(k + 1) % units.length].id }],
        [u.token, { unitId: units[(k + 2) % units.length].id, includeFormer: true }],
      ]),
    ];
    let nonEmpty = 0;
    for (const [token, filter] of cases) {
      const { rows, totalCount } = await walk(token, filter);
      expect({ filter, token: token.slice(0, 12), totalCount }).toEqual({
        filter,
        token: token.slice(0, 12),
        totalCount: rows,
      });
      if (rows > 0) nonEmpty++;
    }
    // The same problems in every order, paged forward or backward from the end.
    for (const [token, filter] of cases.filter((_, k) => k % 5 === 0)) {
      const { ids } = await walk(token, filter);
      for (const [field, direction, backward] of [
        ['UPDATED_AT', 'ASC', false],
        ['DUE_AT', 'DESC', true],
        ['FILED_AT', 'ASC', true],
      ] as const) {
        const other = await walk(token, filter, { orderBy: { field, direction }, backward });
        expect({ filter, field, ids: [...other.ids].sort() }).toEqual({ filter, field, ids: [...ids].sort() });
        expect(other.totalCount).toBe(ids.length);
      }
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
    const [row] = await t.db.query<{ lead: string | null }[]>(`SELECT lead_unit_id AS lead FROM issues WHERE id = $1`, [
      id,
    ]);
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
        await t.gql(
          OFFICE_TOKEN,
          `mutation($input: AssignInput!) { r: ${lead ? 'reassignIssue' : 'assignIssue'}(input: $input) { id } }`,
          {
            input: {
              issueId: id,
              leadUnitId: to.id,
              cooperatingUnitIds: others(to),
              deadlineKind: 'DATE',
              dueAt: daysAfter(t, 30),
            },
          },
        );
        return;
      }
      case 1:
        await leadStep('acceptIssue(issueId: $id)');
        return;
      case 2:
        await partsDone(t, id);
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
        await t.gql(
          OFFICE_TOKEN,
          `mutation($id: ID!, $p: Boolean!) { r: publishIssue(issueId: $id, published: $p) { id } }`,
          { id, p: rnd() < 0.7 },
        );
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
    await closingAtAcceptance(t);
    units = [
      await createUnitWithToken(t, { name: '区生态环境局', kind: 'DEPARTMENT' }),
      await createUnitWithToken(t, { name: '区水务局', kind: 'DEPARTMENT' }),
      await createUnitWithToken(t, { name: '水江镇', kind: 'TOWN' }),
      await createUnitWithToken(t, { name: '石岗镇', kind: 'TOWN' }),
    ];
    for (let k = 0; k < 24; k++) {
      t.clock.set(new Date(t.clock.now().getTime() + 60_000));
      const source = pick(SOURCES);
      const { id } = await fileIssue(t, {
        source,
        title: `计数问题 ${k}`,
        ...(source === 'PUBLIC_COMPLAINT' ? { complainantName: '王某', complaintChannel: '12345' } : {}),
      });
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
      ...[1, 2, 3, 4, 5, 6, 7].map(
        (k) =>
          `LC-${k},${k % 2 ? '中央' : '12369举报'},导入问题${k},水,${name(k)},${k % 3 ? `${name(k + 1)}；${name(k + 2)}` : ''},2026-09-${10 + k}`,
      ),
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
    expect({ states: states >= 5, dups: dups > 0, published: published > 0 }).toEqual({
      states: true,
      dups: true,
      published: true,
    });
    expect(await allAgree()).toBeGreaterThan(20);
  });

  it('answers those filters from the kept rows, and keeps the very rows a rebuild from the problems gives', async () => {
    // The projector's fold moves the appended changes into the counts (the tests' projector folds when told).
    await t.db.query('SELECT rectify_list_counts_fold()');
    const [row] = await t.db.query<{ unit: string; substate: string }[]>(
      `SELECT unit_id AS unit, substate FROM issue_list_counts WHERE lead AND unit_id <> '00000000-0000-0000-0000-000000000000' LIMIT 1`,
    );
    // The whole list, one sub-state, and the unit's led part (unitRole), each from the kept rows.
    const filters = [{}, { substates: [row.substate] }, { unitId: row.unit, unitRole: 'LEAD' }];
    const count = async (filter: Record<string, unknown>) =>
      (
        await t.ok<{ issues: { totalCount: number } }>(
          OFFICE_TOKEN,
          'query($f: IssueFilter) { issues(filter: $f, first: 0) { totalCount } }',
          { f: filter },
        )
      ).issues.totalCount;
    const before = await Promise.all(filters.map(count));
    await t.db.query(
      `UPDATE issue_list_counts SET n = n + 1000 WHERE (unit_id, lead, state, substate, source, published) = (SELECT unit_id, lead, state, substate, source, published FROM issue_list_counts WHERE unit_id = $1 AND lead AND substate = $2 LIMIT 1)`,
      [row.unit, row.substate],
    );
    expect(await Promise.all(filters.map(count))).toEqual(before.map((n) => n + 1000));
    await t.db.query('SELECT rectify_list_counts_rebuild()');
    expect(await Promise.all(filters.map(count))).toEqual(before);

    // (rebuilt above: walk again so the rows compared are the triggers' own)
    for (let step = 0; step < 40; step++) await act(pick(ids));
    const kept = await rows();
    expect(kept.length).toBeGreaterThan(10);
    const changes = async () => (await t.db.query(`SELECT count(*)::int AS n FROM issue_list_count_changes`))[0].n;
    expect(await changes()).toBeGreaterThan(0);
    await t.db.query('SELECT rectify_list_counts_fold()');
    expect(await changes()).toBe(0);
    expect(await rows()).toEqual(kept);
    await t.db.query('SELECT rectify_derived_rebuild()');
    expect(await rows()).toEqual(kept);
  });

  it("keeps updatedAt and the former holders as a rebuild from the log gives them (the migrations' backfill)", async () => {
    const former = () => t.db.query(`SELECT unit_id, issue_id, until_seq FROM issue_former_holders ORDER BY 1, 2`);
    const kept = await former();
    expect(kept.length).toBeGreaterThan(3);
    const [{ stale }] = await t.db.query<{ stale: number }[]>(
      `SELECT count(*)::int AS stale FROM issues i WHERE i.updated_at <> (SELECT max(at) FROM issue_events e WHERE e.issue_id = i.id)`,
    );
    expect(stale).toBe(0);
    // Forgotten, then read back from the log.
    await t.db.query(`UPDATE issues SET updated_at = filed_at`);
    await t.db.query(`TRUNCATE issue_former_holders`);
    await t.db.query('SELECT rectify_derived_rebuild()');
    expect(await former()).toEqual(kept);
    const [{ restored }] = await t.db.query<{ restored: number }[]>(
      `SELECT count(*)::int AS restored FROM issues i WHERE i.updated_at = (SELECT max(at) FROM issue_events e WHERE e.issue_id = i.id)`,
    );
    expect(restored).toBe(ids.length + 7);
  });

  it('counts a problem once under a unit listed twice, or listed as lead and cooperating (rows written by hand)', async () => {
    const [a, b] = units;
    await t.db.query(
      `UPDATE issues SET lead_unit_id = $2, cooperating_unit_ids = ARRAY[$3, $3, $2]::uuid[] WHERE id = $1`,
      [ids[0], a.id, b.id],
    );
    await t.db.query(
      `UPDATE issues SET lead_unit_id = NULL, cooperating_unit_ids = ARRAY[$2, $2]::uuid[] WHERE id = $1`,
      [ids[1], b.id],
    );
    expect(await allAgree()).toBeGreaterThanOrEqual(15);
    const kept = await rows();
    await t.db.query('SELECT rectify_list_counts_rebuild()');
    expect(await rows()).toEqual(kept);
  });

  it('lets two transactions move problems of the same count row at once (they append, nobody waits)', async () => {
    const [pair] = await t.db.query<{ a: string; b: string }[]>(
      `SELECT min(id::text) AS a, max(id::text) AS b FROM issues WHERE lead_unit_id IS NOT NULL
        GROUP BY lead_unit_id, state, substate, source, published, cooperating_unit_ids HAVING count(*) > 1 LIMIT 1`,
    );
    expect(pair).toBeDefined();
    const before = await rows();
    const [first, second] = [t.db.createQueryRunner(), t.db.createQueryRunner()];
    await first.connect();
    await second.connect();
    try {
      await first.startTransaction();
      await second.startTransaction();
      // (with counters updated in place the second would wait for the first's row lock until lock_timeout)
      await second.query(`SET LOCAL lock_timeout = '2s'`);
      await first.query(`UPDATE issues SET published = NOT published WHERE id = $1`, [pair.a]);
      await second.query(`UPDATE issues SET published = NOT published WHERE id = $1`, [pair.b]);
      await Promise.all([first.commitTransaction(), second.commitTransaction()]);
    } finally {
      await first.release();
      await second.release();
    }
    expect(await rows()).not.toEqual(before);
    expect(await allAgree()).toBeGreaterThanOrEqual(15);
    await t.db.query('SELECT rectify_list_counts_fold()');
    expect(await allAgree()).toBeGreaterThanOrEqual(15);
  });

  it('is emptied with the problems, inside a transaction rolled back', async () => {
    const runner = t.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      expect(
        (await runner.query(`SELECT count(*)::int AS n FROM issue_list_count_rows WHERE n <> 0`))[0].n,
      ).toBeGreaterThan(0);
      await runner.query('TRUNCATE issues CASCADE');
      expect((await runner.query(`SELECT count(*)::int AS n FROM issue_list_count_rows`))[0].n).toBe(0);
      await runner.rollbackTransaction();
    } finally {
      await runner.release();
    }
  });
});
