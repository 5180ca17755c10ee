// The city's list above the districts' (issue #28): the city's office hands a batch down to three districts (市级下达),
// each district sees its copies with the link back and nothing of another's, the city reads the two levels as one list,
// a retry files nothing twice, and the city signs a district's CITY_REVIEW (市级审核) through the transition path.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { HandDowns1763900000043 } from '../../migrations/1763900000043-hand-downs.js';
import { createUnitWithToken, daysAfter, type UnitWithToken } from '../factories/factories.js';
import { addDistrict, insertToken, type TestDistrict } from '../support/districts.js';
import { createTestApp, OFFICE_TOKEN, type GqlReply, type TestApp } from '../support/test-app.js';

const NANCHUAN = '00000000-0000-4000-8000-0000000000d1';
const DOCUMENT = '渝督改办〔2026〕8号';
/** Two problems of the seeds' districts (seed 004: 南岸区's 茶园 sewage plant and its restaurants' fumes). */
const BATCH = [
  {
    source: 'MUNICIPAL_INSPECTION',
    batch: '第二轮市级生态环境保护例行督察',
    title: '茶园污水处理厂雨季溢流',
    description: '污水处理厂收集效能不足，雨季溢流，周边水体受影响',
    category: 'WATER',
  },
  {
    source: 'MUNICIPAL_INSPECTION',
    batch: '第二轮市级生态环境保护例行督察',
    title: '餐饮油烟扰民：公共烟道破损、灶烟囱封闭不严',
    description: '群众反映餐饮油烟扰民问题强烈',
    category: 'AIR',
  },
];

interface Node {
  id: string;
  code: string;
  title: string;
  state: string;
  substate: string;
  district: { id: string; name: string; kind: string };
  handedDownFrom: {
    cityIssueId: string;
    cityIssueCode: string;
    cityIssueTitle: string;
    documentNumber: string | null;
    handedDownBy: string;
    cityIssue: { id: string } | null;
  } | null;
  handedDownTo: { id: string; state: string; district: { name: string } }[];
}
const NODE = `id code title state substate district { id name kind }
  handedDownFrom { cityIssueId cityIssueCode cityIssueTitle documentNumber handedDownBy cityIssue { id } }
  handedDownTo { id state district { name } }`;

const HAND_DOWN = `mutation($input: HandDownIssuesInput!) {
  handDownIssues(input: $input) { replayed cityIssues { ${NODE} } } }`;

interface Page {
  issues: { totalCount: number; edges: { cursor: string; node: Node }[]; pageInfo: { hasNextPage: boolean } };
}
const LIST = `query($f: IssueFilter, $first: Int, $after: String) {
  issues(filter: $f, first: $first, after: $after) {
    totalCount edges { cursor node { ${NODE} } } pageInfo { hasNextPage } } }`;

describe('the city’s list: handing down, the two-level list, the city’s review', () => {
  let t: TestApp;
  let city: TestDistrict;
  let nanan: TestDistrict;
  let qijiang: TestDistrict;
  let cityLeader: string;
  let lead: UnitWithToken;
  let cityIssueIds: string[];

  const handDown = (token: string, input: Record<string, unknown>) =>
    t.gql<{ handDownIssues: { replayed: boolean; cityIssues: Node[] } }>(token, HAND_DOWN, { input });
  const list = (token: string, f: Record<string, unknown> | null = null, first = 100, after?: string) =>
    t.ok<Page>(token, LIST, { f, first, after });
  const codes = (r: GqlReply<unknown>) => (r.errors ?? []).map((e) => e.extensions.code);

  beforeAll(async () => {
    t = await createTestApp();
    city = await addDistrict(t, '重庆市', '500000', 'CITY');
    nanan = await addDistrict(t, '南岸区', '500108');
    qijiang = await addDistrict(t, '綦江区', '500110');
    cityLeader = await insertToken(t, city.id, 'CITY_LEADER', '市领导');
    lead = await createUnitWithToken(t, { name: '区生态环境局' });
    // 南川区's policy: municipal problems close through the city's review alone.
    await t.ok(
      OFFICE_TOKEN,
      `mutation { setClosurePolicy(source: MUNICIPAL_INSPECTION, steps: [CITY_REVIEW]) { source } }`,
    );
  });

  afterAll(async () => {
    await t.close();
  });

  it('hands a batch of two problems down to three districts: the city keeps its own, each district gets its copy', async () => {
    const reply = await handDown(city.officeToken, {
      districtIds: [NANCHUAN, nanan.id, qijiang.id],
      issues: BATCH,
      documentNumber: DOCUMENT,
      idempotencyKey: 'sj-2026-batch-1',
    });
    expect(reply.errors).toBeUndefined();
    const { replayed, cityIssues } = reply.data!.handDownIssues;
    expect(replayed).toBe(false);
    expect(cityIssues.map((i) => [i.title, i.district.name, i.district.kind, i.substate])).toEqual([
      [BATCH[0].title, '重庆市', 'CITY', 'FILED'],
      [BATCH[1].title, '重庆市', 'CITY', 'FILED'],
    ]);
    cityIssueIds = cityIssues.map((i) => i.id);
    for (const issue of cityIssues) {
      expect(issue.code).toMatch(/^SJ-2026-\d{5}$/);
      expect(issue.handedDownFrom).toBeNull();
      expect(issue.handedDownTo.map((c) => [c.district.name, c.state]).sort()).toEqual([
        ['南岸区', 'FILED'],
        ['南川区', 'FILED'],
        ['綦江区', 'FILED'],
      ]);
    }
  });

  it('each district’s office sees its own copies with the link back, and nothing of another district’s', async () => {
    const copies: Record<string, Node[]> = {};
    for (const [name, token] of [
      ['南川区', OFFICE_TOKEN],
      ['南岸区', nanan.officeToken],
      ['綦江区', qijiang.officeToken],
    ] as const) {
      const page = await list(token);
      expect(page.issues.totalCount).toBe(2);
      const nodes = page.issues.edges.map((e) => e.node);
      expect(new Set(nodes.map((n) => n.district.name))).toEqual(new Set([name]));
      for (const n of nodes) {
        // The link: the city's problem's code, title and document — never the city's row itself.
        expect(n.handedDownFrom).toMatchObject({
          documentNumber: DOCUMENT,
          handedDownBy: '重庆市整改办',
          cityIssue: null,
        });
        expect(cityIssueIds).toContain(n.handedDownFrom!.cityIssueId);
        expect(n.title).toBe(n.handedDownFrom!.cityIssueTitle);
        expect(n.handedDownTo).toEqual([]);
        expect(n.substate).toBe('FILED');
      }
      copies[name] = nodes;
    }
    // Another district's copy, or the city's problem, by id: exactly as a missing id.
    for (const id of [copies['南岸区'][0].id, cityIssueIds[0]]) {
      expect(
        (await t.ok<{ issue: unknown }>(OFFICE_TOKEN, `query($id: ID!) { issue(id: $id) { id } }`, { id })).issue,
      ).toBeNull();
    }
    // Naming another district in the filter finds nothing; naming its own, its own.
    expect((await list(OFFICE_TOKEN, { districtIds: [nanan.id] })).issues.totalCount).toBe(0);
    expect((await list(OFFICE_TOKEN, { districtIds: [city.id] })).issues.totalCount).toBe(0);
    expect((await list(OFFICE_TOKEN, { districtIds: [NANCHUAN] })).issues.totalCount).toBe(2);
    // A district's unit reads its own problems' links only: it holds none yet.
    expect((await list(lead.token)).issues.totalCount).toBe(0);
  });

  it('the city reads the two levels as one list, with each problem’s district, filtered by district, paged exactly', async () => {
    for (const token of [city.officeToken, cityLeader]) {
      const all = await list(token);
      expect(all.issues.totalCount).toBe(8);
      const byDistrict = new Map<string, number>();
      for (const e of all.issues.edges)
        byDistrict.set(e.node.district.name, (byDistrict.get(e.node.district.name) ?? 0) + 1);
      expect(Object.fromEntries(byDistrict)).toEqual({ 重庆市: 2, 南川区: 2, 南岸区: 2, 綦江区: 2 });
      // The city's roles read the city problem behind a copy.
      const copy = all.issues.edges.find((e) => e.node.district.name === '綦江区')!.node;
      expect(cityIssueIds).toContain(copy.handedDownFrom!.cityIssue!.id);

      const nanans = await list(token, { districtIds: [nanan.id] });
      expect(nanans.issues.totalCount).toBe(2);
      expect(nanans.issues.edges.every((e) => e.node.district.id === nanan.id)).toBe(true);
      const two = await list(token, { districtIds: [nanan.id, city.id] });
      expect(two.issues.totalCount).toBe(4);

      // Three at a time across every district: each problem once, the count the same on every page.
      const seen: string[] = [];
      let after: string | undefined;
      for (let pages = 0; pages < 5; pages++) {
        const page = await list(token, null, 3, after);
        expect(page.issues.totalCount).toBe(8);
        seen.push(...page.issues.edges.map((e) => e.node.id));
        if (!page.issues.pageInfo.hasNextPage) break;
        after = page.issues.edges.at(-1)!.cursor;
      }
      expect(seen).toHaveLength(8);
      expect(new Set(seen)).toEqual(new Set(all.issues.edges.map((e) => e.node.id)));
    }
  });

  it('a retry with the same key files nothing twice; the same key with another batch is refused', async () => {
    const again = await handDown(city.officeToken, {
      districtIds: [qijiang.id, nanan.id, NANCHUAN],
      issues: BATCH,
      documentNumber: DOCUMENT,
      idempotencyKey: 'sj-2026-batch-1',
    });
    expect(again.errors).toBeUndefined();
    expect(again.data!.handDownIssues.replayed).toBe(true);
    expect(again.data!.handDownIssues.cityIssues.map((i) => i.id)).toEqual(cityIssueIds);
    expect((await list(city.officeToken)).issues.totalCount).toBe(8);

    const other = await handDown(city.officeToken, {
      districtIds: [nanan.id],
      issues: [BATCH[0]],
      idempotencyKey: 'sj-2026-batch-1',
    });
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['idempotencyKey'] });
    expect((await list(city.officeToken)).issues.totalCount).toBe(8);

    // The Idempotency-Key header works for the city's token too: the retry gets the first reply.
    const send = () =>
      request(t.app.getHttpServer())
        .post('/graphql')
        .set('authorization', `Bearer ${city.officeToken}`)
        .set('idempotency-key', 'header-key-1')
        .send({
          query: HAND_DOWN,
          variables: { input: { districtIds: [nanan.id], issues: [BATCH[1]], idempotencyKey: 'sj-2026-batch-2' } },
        });
    const first = await send();
    expect(first.body.errors).toBeUndefined();
    const retried = await send();
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect(retried.body).toEqual(first.body);
    expect((await list(city.officeToken)).issues.totalCount).toBe(10);
    expect((await list(nanan.officeToken)).issues.totalCount).toBe(3);
  });

  it('two calls racing with one key file each problem once, in each district', async () => {
    const input = {
      districtIds: [nanan.id, qijiang.id],
      issues: [{ ...BATCH[0], title: '长江干流岸线非法码头' }],
      idempotencyKey: 'sj-2026-race',
    };
    const replies = await Promise.all([handDown(city.officeToken, input), handDown(city.officeToken, input)]);
    for (const r of replies) expect(r.errors).toBeUndefined();
    const [a, b] = replies.map((r) => r.data!.handDownIssues.cityIssues.map((i) => i.id));
    expect(a).toEqual(b);
    const { issue } = await t.ok<{ issue: Node }>(city.officeToken, `query($id: ID!) { issue(id: $id) { ${NODE} } }`, {
      id: a[0],
    });
    expect(issue.handedDownTo.map((c) => c.district.name).sort()).toEqual(['南岸区', '綦江区']);
    const found = await list(city.officeToken, { search: '长江干流岸线非法码头' });
    expect(found.issues.totalCount).toBe(3);
  });

  it('refuses handing down to anyone but the city’s office, and to anything but a district', async () => {
    const input = { districtIds: [nanan.id], issues: [BATCH[0]], idempotencyKey: 'nope-1' };
    for (const token of [OFFICE_TOKEN, nanan.officeToken, cityLeader, lead.token]) {
      const r = await handDown(token, input);
      expect(codes(r)).toEqual(['FORBIDDEN']);
    }
    for (const districtIds of [[city.id], ['00000000-0000-4000-8000-00000000ffff']]) {
      const r = await handDown(city.officeToken, { ...input, districtIds });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['districtIds'] });
    }
    // A code taken in the city's list (or given twice) refuses the batch before anything is written.
    const codeTwice = await handDown(city.officeToken, {
      ...input,
      issues: [
        { ...BATCH[0], code: 'SJ-CQ-001' },
        { ...BATCH[1], code: 'SJ-CQ-001' },
      ],
    });
    expect(codeTwice.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['issues.1.code'] });
    const cityCode = (await list(city.officeToken, { districtIds: [city.id] })).issues.edges[0].node.code;
    const codeTaken = await handDown(city.officeToken, {
      ...input,
      issues: [BATCH[1], { ...BATCH[0], code: cityCode }],
    });
    expect(codeTaken.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['issues.1.code'] });
    const bad = await handDown(city.officeToken, { ...input, issues: [{ ...BATCH[0], title: '' }] });
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    const empty = await handDown(city.officeToken, { ...input, districtIds: [] });
    expect(codes(empty)).toEqual(['BAD_USER_INPUT']);
    expect((await list(city.officeToken)).issues.totalCount).toBe(13);
  });

  /** 南川区's copy of a city problem, walked by its office and unit to the city's review. */
  async function atCityReview(title: string): Promise<string> {
    const page = await list(OFFICE_TOKEN, { search: title.slice(0, 6) });
    const id = page.issues.edges[0].node.id;
    await t.ok(
      OFFICE_TOKEN,
      `mutation($id: ID!, $u: ID!, $d: DateTime!) { assignIssue(input: { issueId: $id, leadUnitId: $u, deadlineKind: DATE, dueAt: $d }) { id } }`,
      { id, u: lead.id, d: daysAfter(t, 30) },
    );
    await t.ok(lead.token, `mutation($id: ID!) { acceptIssue(issueId: $id) { id } }`, { id });
    await t.ok(lead.token, `mutation($id: ID!) { submitRectification(issueId: $id, summary: "已完成整改") { id } }`, {
      id,
    });
    const verified = await t.ok<{ verifyIssue: { substate: string } }>(
      OFFICE_TOKEN,
      `mutation($id: ID!) { verifyIssue(issueId: $id, passed: true) { substate } }`,
      { id },
    );
    expect(verified.verifyIssue.substate).toBe('VERIFIED.cityReview');
    return id;
  }

  const sign = (token: string, id: string, documentNumber?: string) =>
    t.gql<{ signOffIssue: { substate: string; district: { name: string } } }>(
      token,
      `mutation($id: ID!, $d: String) { signOffIssue(issueId: $id, step: CITY_REVIEW, documentNumber: $d) { substate district { name } } }`,
      { id, d: documentNumber },
    );

  it('the city’s office signs a district’s CITY_REVIEW in the district, and the district closes it (销号)', async () => {
    const id = await atCityReview(BATCH[0].title);
    // The city office's worklist: awaiting its review.
    const waiting = await list(city.officeToken, { awaitingMe: true });
    expect(waiting.issues.edges.map((e) => e.node.id)).toEqual([id]);

    for (const token of [cityLeader, lead.token]) {
      const r = await sign(token, id, DOCUMENT);
      expect(r.errors?.[0].extensions.code).toBe('FORBIDDEN');
    }
    // Nothing else of the district's work is the city's.
    const verify = await t.gql(city.officeToken, `mutation($id: ID!) { closeIssue(issueId: $id) { id } }`, { id });
    expect(codes(verify)).toEqual(['FORBIDDEN']);
    expect(codes(await sign(city.officeToken, id))).toEqual(['BAD_USER_INPUT']);

    const signed = await sign(city.officeToken, id, '渝督改办〔2026〕21号');
    expect(signed.errors).toBeUndefined();
    expect(signed.data!.signOffIssue).toEqual({ substate: 'VERIFIED.signedOff', district: { name: '南川区' } });
    const closed = await t.ok<{ closeIssue: { state: string } }>(
      OFFICE_TOKEN,
      `mutation($id: ID!) { closeIssue(issueId: $id) { state } }`,
      { id },
    );
    expect(closed.closeIssue.state).toBe('CLOSED');

    // The district's log: the city's sign-off, by the city's token, with its document.
    const { issue } = await t.ok<{
      issue: { events: { type: string; actor: string; documentNumber: string | null }[] };
    }>(OFFICE_TOKEN, `query($id: ID!) { issue(id: $id) { events { type actor documentNumber } } }`, { id });
    expect(issue.events.slice(-2)).toEqual([
      { type: 'signOff', actor: '重庆市整改办', documentNumber: '渝督改办〔2026〕21号' },
      { type: 'close', actor: 'bootstrap', documentNumber: null },
    ]);
    // The city sees its district's copy closed.
    const { issue: cityIssue } = await t.ok<{ issue: Node }>(
      city.officeToken,
      `query($id: ID!) { issue(id: $id) { ${NODE} } }`,
      {
        id: cityIssueIds[0],
      },
    );
    expect(cityIssue.handedDownTo.find((c) => c.district.name === '南川区')?.state).toBe('CLOSED');
  });

  it('the city sends a review back; the district’s office may still record the city’s review with the city’s 文号', async () => {
    const id = await atCityReview(BATCH[1].title.slice(0, 6));
    const back = await t.gql<{ sendBackIssue: { substate: string } }>(
      city.officeToken,
      `mutation($id: ID!) { sendBackIssue(issueId: $id, step: CITY_REVIEW, comment: "市级审核：佐证材料不足") { substate } }`,
      { id },
    );
    expect(back.data?.sendBackIssue.substate).toBe('RECTIFYING.inProgress');
    await t.ok(lead.token, `mutation($id: ID!) { submitRectification(issueId: $id, summary: "补充佐证") { id } }`, {
      id,
    });
    await t.ok(OFFICE_TOKEN, `mutation($id: ID!) { verifyIssue(issueId: $id, passed: true) { id } }`, { id });
    // Without the city's document, the district's office records nothing; with it, the review.
    expect(codes(await sign(OFFICE_TOKEN, id))).toEqual(['BAD_USER_INPUT']);
    const recorded = await sign(OFFICE_TOKEN, id, '渝督改办〔2026〕22号');
    expect(recorded.data?.signOffIssue.substate).toBe('VERIFIED.signedOff');
    // Another district's office cannot reach it at all.
    const other = await sign(nanan.officeToken, id, '渝督改办〔2026〕22号');
    expect(codes(other)).toEqual(['NOT_FOUND']);
  });

  it('a district’s unit and leader read their own problem’s link, nothing of the city’s list or another district’s', async () => {
    const leader = await t.ok<{ createToken: { token: string } }>(
      OFFICE_TOKEN,
      `mutation { createToken(role: LEADER, label: "分管副区长") { token } }`,
    );
    for (const token of [lead.token, leader.createToken.token]) {
      const own = await list(token);
      expect(own.issues.totalCount).toBe(2);
      for (const e of own.issues.edges) {
        expect(e.node.district.name).toBe('南川区');
        expect(e.node.handedDownFrom).toMatchObject({ documentNumber: DOCUMENT, cityIssue: null });
        expect(e.node.handedDownTo).toEqual([]);
      }
      for (const districtIds of [[nanan.id], [city.id], [nanan.id, qijiang.id]])
        expect((await list(token, { districtIds })).issues.totalCount).toBe(0);
      const id = cityIssueIds[0];
      expect(
        (await t.ok<{ issue: unknown }>(token, `query($id: ID!) { issue(id: $id) { id } }`, { id })).issue,
      ).toBeNull();
      const malformed = await t.gql(token, LIST, { f: { districtIds: ['南岸区'] }, first: 10 });
      expect(codes(malformed)).toEqual(['BAD_USER_INPUT']);
    }
    // The city's leader changes nothing: no hand-down, no review, no filing.
    const { issue } = await t.ok<{ issue: Node }>(cityLeader, `query($id: ID!) { issue(id: $id) { ${NODE} } }`, {
      id: cityIssueIds[1],
    });
    const copy = issue.handedDownTo.find((c) => c.district.name === '南岸区')!;
    for (const mutation of [
      `mutation($id: ID!) { sendBackIssue(issueId: $id, step: CITY_REVIEW, comment: "x") { id } }`,
      `mutation($id: ID!) { assignIssue(input: { issueId: $id, leadUnitId: $id, deadlineKind: LONG_TERM }) { id } }`,
      `mutation($id: ID!) { markDuplicate(issueId: $id, ofId: $id) { id } }`,
    ]) {
      expect(codes(await t.gql(cityLeader, mutation, { id: copy.id }))).toEqual(['FORBIDDEN']);
    }
  });

  it('migration 43 goes down and up again', async () => {
    const runner = t.db.createQueryRunner();
    await runner.connect();
    const tables = async () =>
      (
        (await runner.query(
          `SELECT count(*)::int AS n FROM pg_class WHERE relname IN ('city_hand_downs', 'hand_down_links') AND relkind = 'r'`,
        )) as { n: number }[]
      )[0].n;
    await runner.startTransaction();
    try {
      const migration = new HandDowns1763900000043();
      await migration.down(runner);
      expect(await tables()).toBe(0);
      await migration.up(runner);
      expect(await tables()).toBe(2);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
