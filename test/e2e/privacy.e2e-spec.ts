// A complainant's identity (举报人) is the office's alone: not in other callers' replies, the list search,
// the audit log, error messages or the public listing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import {
  assign,
  createToken,
  createUnitWithToken,
  daysAfter,
  fileIssue,
  ISSUE_FIELDS,
  issueIn,
  type IssueRef,
  type UnitWithToken,
} from '../factories/factories.js';
import { createTestApp, OFFICE_TOKEN, type GqlReply, type TestApp } from '../support/test-app.js';

const NAME = '王五';
const PHONE = '13912345678';
const CHANNEL = '12345热线';

interface Recorded {
  token: string | null;
  query: string;
  body: string;
}

interface Complainant {
  name: string | null;
  phone: string | null;
  channel: string | null;
}

interface EventView {
  seq: number;
  type: string;
  fromState: string | null;
  toState: string;
  actor: string;
  comment: string | null;
  unit: { id: string; name: string } | null;
}

interface PublicNode {
  id: string;
  code: string;
  title: string;
  state: string;
  published: boolean;
  complainant: Complainant | null;
  events: EventView[];
  allowedEvents: string[];
}

interface Connection<N> {
  totalCount: number;
  edges: { node: N }[];
}

const COMPLAINANT = `complainant { name phone channel }`;
const EVENTS = `events { seq type fromState toState actor comment unit { id name } }`;
const PUBLIC_NODE = `id code title state published ${COMPLAINANT} ${EVENTS} allowedEvents`;
const PUBLIC_ISSUES = `{ publicIssues(first: 100) { totalCount edges { node { ${PUBLIC_NODE} } } } }`;

/** Variables an inline mutation uses: always $id, and $d (a DateTime) when it names it. */
const params = (mutation: string): string => (mutation.includes('$d') ? '$id: ID!, $d: DateTime!' : '$id: ID!');

const codeOf = (reply: GqlReply<unknown>): string | undefined => reply.errors?.[0]?.extensions.code;

describe('the complainant’s privacy, over GraphQL', () => {
  let raw: TestApp;
  /** The app as the tests use it: every reply is recorded, to be searched for the complainant at the end. */
  let t: TestApp;
  let leaderToken: string;
  const replies: Recorded[] = [];

  beforeAll(async () => {
    raw = await createTestApp({ now: '2026-03-02T02:00:00.000Z' });
    const record = async <T>(
      token: string | null,
      query: string,
      variables?: Record<string, unknown>,
    ): Promise<GqlReply<T>> => {
      const reply = await raw.gql<T>(token, query, variables);
      replies.push({ token, query, body: JSON.stringify(reply) });
      return reply;
    };
    t = {
      ...raw,
      gql: record,
      async ok<T>(token: string | null, query: string, variables?: Record<string, unknown>): Promise<T> {
        const reply = await record<T>(token, query, variables);
        if (reply.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(reply.errors)}`);
        return reply.data as T;
      },
    };
    leaderToken = await createToken(t, 'LEADER', undefined, '区领导');
  });
  afterAll(() => raw.close());

  /** A citizen complaint by 王五, filed by the office (which may read the complainant back). */
  async function fileComplaint(
    title = '夜间施工噪声扰民',
    description = '群众反映工地夜间连续施工，噪声扰民',
  ): Promise<IssueRef & { complainant: Complainant }> {
    const data = await t.ok<{ fileIssue: IssueRef & { complainant: Complainant } }>(
      OFFICE_TOKEN,
      `mutation($input: FileIssueInput!) { fileIssue(input: $input) { ${ISSUE_FIELDS} ${COMPLAINANT} } }`,
      {
        input: {
          source: 'PUBLIC_COMPLAINT',
          title,
          description,
          category: 'NOISE',
          location: '东城街道',
          complainantName: NAME,
          complainantPhone: PHONE,
          complaintChannel: CHANNEL,
        },
      },
    );
    return data.fileIssue;
  }

  interface Cast {
    lead: UnitWithToken;
    coop: UnitWithToken;
    other: UnitWithToken;
    issue: IssueRef;
  }

  /** A complaint assigned to a lead unit with a cooperating unit, and a third unit that has nothing to do with it. */
  async function assignedComplaint(title?: string, description?: string): Promise<Cast> {
    const lead = await createUnitWithToken(t, { name: '东城街道', kind: 'STREET' });
    const coop = await createUnitWithToken(t, { name: '区生态环境局' });
    const other = await createUnitWithToken(t, { name: '南平镇', kind: 'TOWN' });
    const filed = await fileComplaint(title, description);
    const issue = await assign(t, filed.id, lead.id, { cooperatingUnitIds: [coop.id] });
    return { lead, coop, other, issue };
  }

  it('OFFICE sees the complainant; the lead unit, a cooperating unit and LEADER get null', async () => {
    const { lead, coop, other, issue } = await assignedComplaint();
    const readers: [string, string, Complainant | null][] = [
      ['OFFICE', OFFICE_TOKEN, { name: NAME, phone: PHONE, channel: CHANNEL }],
      ['lead unit', lead.token, null],
      ['cooperating unit', coop.token, null],
      ['LEADER', leaderToken, null],
    ];
    for (const [who, token, expected] of readers) {
      const data = await t.ok<{
        issue: { id: string; complainant: Complainant | null };
        issueByCode: { id: string; complainant: Complainant | null };
        issues: Connection<{ id: string; complainant: Complainant | null }>;
      }>(
        token,
        `query($id: ID!, $code: String!, $unit: ID!) {
           issue(id: $id) { id ${COMPLAINANT} }
           issueByCode(code: $code) { id ${COMPLAINANT} }
           issues(filter: { unitId: $unit, sources: [PUBLIC_COMPLAINT] }) { totalCount edges { node { id ${COMPLAINANT} } } }
         }`,
        { id: issue.id, code: issue.code, unit: lead.id },
      );
      expect({ who, issue: data.issue }).toEqual({ who, issue: { id: issue.id, complainant: expected } });
      expect({ who, issueByCode: data.issueByCode }).toEqual({
        who,
        issueByCode: { id: issue.id, complainant: expected },
      });
      expect({ who, list: data.issues.edges.map((e) => e.node) }).toEqual({
        who,
        list: [{ id: issue.id, complainant: expected }],
      });
    }
    const outsider = await t.ok<{ issue: unknown; issueByCode: unknown }>(
      other.token,
      `query($id: ID!, $code: String!) { issue(id: $id) { id ${COMPLAINANT} } issueByCode(code: $code) { id ${COMPLAINANT} } }`,
      { id: issue.id, code: issue.code },
    );
    expect(outsider).toEqual({ issue: null, issueByCode: null });
  });

  it('tells every cache on the way not to keep a reply (the complainant’s name, an error, the public list)', async () => {
    const { issue } = await assignedComplaint();
    const server = t.app.getHttpServer();
    const replies = [
      [OFFICE_TOKEN, `query($id: ID!) { issue(id: $id) { id ${COMPLAINANT} } }`, { id: issue.id }],
      [OFFICE_TOKEN, `query { issue(id: "not-a-uuid") { id } }`, {}],
      [null, `query { publicIssues(first: 1) { edges { node { id } } } }`, {}],
    ] as const;
    for (const [token, query, variables] of replies) {
      const req = request(server).post('/graphql').set('content-type', 'application/json');
      if (token) req.set('authorization', `Bearer ${token}`);
      const res = await req.send({ query, variables });
      // Nor an ETag: nothing may revalidate a reply that is not kept (and hashing every body costs CPU for nothing).
      expect({ query, cacheControl: res.headers['cache-control'], etag: res.headers.etag }).toEqual({
        query,
        cacheControl: 'no-store',
        etag: undefined,
      });
    }
  });

  it('searching the list by the complainant’s name or phone finds nothing, for anyone', async () => {
    const { lead, coop, issue } = await assignedComplaint('渣土车夜间运输噪声扰民', '举报称凌晨渣土车频繁经过居民区');
    const search = async (token: string, text: string) =>
      (
        await t.ok<{ issues: Connection<{ id: string }> }>(
          token,
          `query($s: String!) { issues(filter: { search: $s }) { totalCount edges { node { id } } } }`,
          { s: text },
        )
      ).issues;
    for (const [who, token] of [
      ['OFFICE', OFFICE_TOKEN],
      ['LEADER', leaderToken],
      ['lead unit', lead.token],
      ['cooperating unit', coop.token],
    ]) {
      for (const text of [NAME, PHONE, PHONE.slice(0, 7), PHONE.slice(-4), CHANNEL]) {
        expect({ who, text, found: await search(token, text) }).toEqual({
          who,
          text,
          found: { totalCount: 0, edges: [] },
        });
      }
      // The search itself works: title, description and code.
      for (const text of ['渣土车夜间运输', '凌晨渣土车频繁', issue.code]) {
        expect({ who, text, found: (await search(token, text)).edges.map((e) => e.node.id) }).toEqual({
          who,
          text,
          found: [issue.id],
        });
      }
    }
  });

  it('no event and no error message carries the complainant, through the whole life of the complaint', async () => {
    const { lead, coop, other, issue } = await assignedComplaint('餐饮油烟扰民');
    const send = async (token: string, mutation: string, variables: Record<string, unknown> = {}) =>
      (
        await t.ok<{ r: IssueRef }>(token, `mutation(${params(mutation)}) { r: ${mutation} { ${ISSUE_FIELDS} } }`, {
          id: issue.id,
          ...variables,
        })
      ).r;

    await send(lead.token, 'acceptIssue(issueId: $id, comment: "已签收，安排现场核查")');
    await send(lead.token, 'reportProgress(issueId: $id, progressPercent: 50, comment: "已督促安装油烟净化器")');
    await send(lead.token, 'requestExtension(issueId: $id, newDueAt: $d, reason: "设备到货延迟")', {
      d: daysAfter(t, 60),
    });
    await send(OFFICE_TOKEN, 'decideExtension(issueId: $id, approve: true, comment: "同意延期")');
    await send(coop.token, 'reportPart(issueId: $id, progressPercent: 100, comment: "已配合现场核查", done: true)');
    await send(
      lead.token,
      'submitRectification(issueId: $id, summary: "经核查部分属实，已整改", finding: PARTLY_SUBSTANTIATED)',
    );
    await send(OFFICE_TOKEN, 'verifyIssue(issueId: $id, passed: false, comment: "缺少整改后照片")');
    await send(
      lead.token,
      'submitRectification(issueId: $id, summary: "补充整改后照片", finding: PARTLY_SUBSTANTIATED)',
    );
    await send(OFFICE_TOKEN, 'verifyIssue(issueId: $id, passed: true)');
    const closed = await send(
      OFFICE_TOKEN,
      'closeIssue(issueId: $id, comment: "回访举报人，基本满意", satisfaction: BASICALLY_SATISFIED)',
    );
    expect(closed.substate).toBe('CLOSED');

    // Refusals of every kind, each on this complaint.
    const refusals: [string, string | null, string, Record<string, unknown>][] = [
      ['UNAUTHENTICATED', null, 'acceptIssue(issueId: $id)', {}],
      ['NOT_FOUND', other.token, 'acceptIssue(issueId: $id)', {}],
      ['FORBIDDEN', coop.token, 'reportProgress(issueId: $id, progressPercent: 10, comment: "配合")', {}],
      ['FORBIDDEN', leaderToken, 'publishIssue(issueId: $id, published: true)', {}],
      ['INVALID_TRANSITION', OFFICE_TOKEN, 'acceptIssue(issueId: $id)', {}],
      ['VERSION_CONFLICT', OFFICE_TOKEN, 'revisitIssue(issueId: $id, rebounded: false, expectedVersion: 1)', {}],
      [
        'BAD_USER_INPUT',
        OFFICE_TOKEN,
        'revisitIssue(issueId: $id, rebounded: true, comment: "反弹", newDueAt: $d)',
        { d: daysAfter(t, -1) },
      ],
      ['BAD_USER_INPUT', lead.token, 'returnIssue(issueId: $id, reason: "   ")', {}],
    ];
    for (const [code, token, mutation, variables] of refusals) {
      const reply = await t.gql(token, `mutation(${params(mutation)}) { r: ${mutation} { id } }`, {
        id: issue.id,
        ...variables,
      });
      expect({ mutation, code: codeOf(reply) }).toEqual({ mutation, code });
      const text = JSON.stringify(reply.errors);
      expect(text).not.toContain(NAME);
      expect(text).not.toContain(PHONE);
    }

    for (const token of [OFFICE_TOKEN, leaderToken, lead.token, coop.token]) {
      const data = await t.ok<{ issue: { version: number; events: EventView[] } }>(
        token,
        `query($id: ID!) { issue(id: $id) { version ${EVENTS} } }`,
        {
          id: issue.id,
        },
      );
      expect(data.issue.events.map((e) => e.type)).toEqual([
        'file',
        'assign',
        'accept',
        'reportProgress',
        'requestExtension',
        'decideExtension',
        'reportPart',
        'submit',
        'verify',
        'submit',
        'verify',
        'close',
      ]);
      expect(data.issue.version).toBe(12);
      expect(data.issue.events[0]).toMatchObject({ type: 'file', comment: null, unit: null });
      const text = JSON.stringify(data.issue.events);
      expect(text).not.toContain(NAME);
      expect(text).not.toContain(PHONE);
    }
  });

  describe('publicIssues', () => {
    it('needs no token and lists a complaint only while it is published, without complainant, log or next events', async () => {
      const { issue } = await assignedComplaint('河道漂浮垃圾长期未清理');
      const unpublished = await issueIn(t, 'RECTIFYING.inProgress', await createUnitWithToken(t));
      const listed = async () => {
        const reply = await t.gql<{ publicIssues: Connection<PublicNode> }>(null, PUBLIC_ISSUES);
        expect(reply.errors).toBeUndefined();
        const page = reply.data!.publicIssues;
        expect(page.edges.every((e) => e.node.published)).toBe(true);
        expect(page.totalCount).toBe(page.edges.length);
        expect(page.edges.map((e) => e.node.id)).not.toContain(unpublished.id);
        return page.edges.map((e) => e.node);
      };
      expect((await listed()).map((n) => n.id)).not.toContain(issue.id);

      const published = await t.ok<{ publishIssue: { published: boolean; version: number } }>(
        OFFICE_TOKEN,
        `mutation($id: ID!) { publishIssue(issueId: $id, published: true) { published version } }`,
        { id: issue.id },
      );
      expect(published.publishIssue).toEqual({ published: true, version: issue.version + 1 });
      const shown = (await listed()).find((n) => n.id === issue.id);
      expect(shown).toEqual({
        id: issue.id,
        code: issue.code,
        title: '河道漂浮垃圾长期未清理',
        state: 'ASSIGNED',
        published: true,
        complainant: null,
        events: [],
        allowedEvents: [],
      });

      await t.ok(OFFICE_TOKEN, `mutation($id: ID!) { publishIssue(issueId: $id, published: false) { id } }`, {
        id: issue.id,
      });
      expect((await listed()).map((n) => n.id)).not.toContain(issue.id);
      const log = await t.ok<{ issue: { published: boolean; events: { type: string }[] } }>(
        OFFICE_TOKEN,
        `query($id: ID!) { issue(id: $id) { published events { type } } }`,
        { id: issue.id },
      );
      expect(log.issue).toEqual({
        published: false,
        events: [{ type: 'file' }, { type: 'assign' }, { type: 'publish' }, { type: 'publish' }],
      });
    });

    it('shows no complainant even when the caller sends an OFFICE token', async () => {
      const { issue } = await assignedComplaint('工业园区异味扰民');
      await t.ok(OFFICE_TOKEN, `mutation($id: ID!) { publishIssue(issueId: $id, published: true) { id } }`, {
        id: issue.id,
      });
      const data = await t.ok<{ publicIssues: Connection<{ id: string; complainant: Complainant | null }> }>(
        OFFICE_TOKEN,
        `{ publicIssues(first: 100) { edges { node { id ${COMPLAINANT} } } } }`,
      );
      expect(data.publicIssues.edges.find((e) => e.node.id === issue.id)?.node).toEqual({
        id: issue.id,
        complainant: null,
      });
    });

    it('does not open another unit’s audit log to a UNIT token', async () => {
      const { other, issue } = await assignedComplaint('垃圾中转站渗滤液外溢');
      await t.ok(OFFICE_TOKEN, `mutation($id: ID!) { publishIssue(issueId: $id, published: true) { id } }`, {
        id: issue.id,
      });
      // The unit cannot read the problem itself ...
      expect(
        (await t.ok<{ issue: unknown }>(other.token, `query($id: ID!) { issue(id: $id) { id } }`, { id: issue.id }))
          .issue,
      ).toBeNull();
      // ... so the public listing gives it the public view only.
      const data = await t.ok<{ publicIssues: Connection<PublicNode> }>(other.token, PUBLIC_ISSUES);
      const node = data.publicIssues.edges.find((e) => e.node.id === issue.id)?.node;
      expect(node).toMatchObject({ id: issue.id, complainant: null, events: [], allowedEvents: [] });
    });
  });

  it.each([
    'CENTRAL_INSPECTION',
    'MUNICIPAL_INSPECTION',
    'UNDERCOVER_INSPECTION',
    'SPECIAL_INSPECTION',
    'SELF_INSPECTION',
  ])(
    'a %s refuses complainant fields without a complaint channel with BAD_USER_INPUT naming them, and files nothing',
    async (source) => {
      const cases: [Record<string, string>, string[]][] = [
        [{ complainantName: NAME, complainantPhone: PHONE }, ['complainantName', 'complainantPhone']],
        [{ complainantPhone: PHONE }, ['complainantPhone']],
      ];
      for (const [i, [extra, fields]] of cases.entries()) {
        const code = `PV-${source.slice(0, 3)}-${i}`;
        const reply = await t.gql<{ fileIssue: unknown }>(
          OFFICE_TOKEN,
          `mutation($input: FileIssueInput!) { fileIssue(input: $input) { id } }`,
          {
            input: {
              source,
              code,
              title: '饮用水源保护区内违规建设',
              description: '保护区内存在违规建筑',
              category: 'WATER',
              ...extra,
            },
          },
        );
        expect({ code: codeOf(reply), errors: reply.errors?.length, data: reply.data }).toEqual({
          code: 'BAD_USER_INPUT',
          errors: 1,
          data: null,
        });
        expect([...((reply.errors?.[0].extensions.fields as string[] | undefined) ?? [])].sort()).toEqual(
          [...fields].sort(),
        );
        const found = await t.ok<{ issueByCode: unknown }>(
          OFFICE_TOKEN,
          `query($c: String!) { issueByCode(code: $c) { id } }`,
          { c: code },
        );
        expect(found.issueByCode).toBeNull();
      }
      // Without them the same problem files fine.
      const filed = await fileIssue(t, { source, title: '饮用水源保护区内违规建设', category: 'WATER' });
      expect(filed.substate).toBe('FILED');
      // With its channel it is a complaint of that source (one an inspection team handed over): the complainant is kept,
      // for the office alone, as any complaint's.
      const complaint = await fileIssue(t, {
        source,
        title: '督察组转办的群众举报',
        category: 'WATER',
        complainantName: NAME,
        complainantPhone: PHONE,
        complaintChannel: CHANNEL,
      });
      const seen = await t.ok<{ issue: { complaint: boolean; source: string; complainant: { name: string } | null } }>(
        OFFICE_TOKEN,
        'query($id: ID!) { issue(id: $id) { complaint source complainant { name } } }',
        { id: complaint.id },
      );
      expect(seen.issue).toEqual({ complaint: true, source, complainant: { name: NAME } });
    },
  );

  // Runs last: every reply of this file, factories' included.
  it('no reply in this file carried the name or phone, except OFFICE replies that asked for the complainant', () => {
    const officeAsked = (r: Recorded) => r.token === OFFICE_TOKEN && r.query.includes('complainant');
    const leaks = replies.filter((r) => !officeAsked(r) && (r.body.includes(NAME) || r.body.includes(PHONE)));
    expect(leaks).toEqual([]);
    // The check is not vacuous: the office did read the complainant back, and there were many other replies.
    expect(replies.some((r) => officeAsked(r) && r.body.includes(NAME) && r.body.includes(PHONE))).toBe(true);
    expect(replies.filter((r) => !officeAsked(r)).length).toBeGreaterThan(100);
  });
});
