// The role matrix over GraphQL: who may read and do what, and that a refusal changes nothing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createToken,
  createUnitWithToken,
  daysAfter,
  fileIssue,
  ISSUE_FIELDS,
  issueIn,
  type IssueRef,
  type UnitWithToken,
  type WalkTarget,
  closingAtAcceptance,
  partsDone,
} from '../factories/factories.js';
import { createTestApp, OFFICE_TOKEN, type GqlReply, type TestApp } from '../support/test-app.js';

// ---------------------------------------------------------------------------------------------
// Every mutation of the contract, with arguments that are valid for the office in the right state
// ---------------------------------------------------------------------------------------------

const ASSIGN_ARGS = `($id: ID!, $unitId: ID!, $due: DateTime) `;
const ASSIGN_INPUT = `input: { issueId: $id, leadUnitId: $unitId, deadlineKind: DATE, dueAt: $due }`;

const MUTATIONS = {
  createUnit: `mutation($code: String!) { r: createUnit(code: $code, name: "区林业局", kind: DEPARTMENT) { id code } }`,
  createToken: `mutation($unitId: ID) { r: createToken(role: UNIT, unitId: $unitId, label: "越权签发") { token role } }`,
  fileIssue: `mutation($code: String) {
    r: fileIssue(input: { source: SPECIAL_INSPECTION, code: $code, title: "长江警示片反映岸线问题", description: "岸线违规堆放建筑垃圾", category: SOLID_WASTE }) { ${ISSUE_FIELDS} }
  }`,
  assignIssue: `mutation${ASSIGN_ARGS}{ r: assignIssue(${ASSIGN_INPUT}) { ${ISSUE_FIELDS} } }`,
  reassignIssue: `mutation${ASSIGN_ARGS}{ r: reassignIssue(${ASSIGN_INPUT}) { ${ISSUE_FIELDS} } }`,
  acceptIssue: `mutation($id: ID!) { r: acceptIssue(issueId: $id, comment: "已签收") { ${ISSUE_FIELDS} } }`,
  returnIssue: `mutation($id: ID!) { r: returnIssue(issueId: $id, reason: "不属于本单位职责") { ${ISSUE_FIELDS} } }`,
  reportProgress: `mutation($id: ID!) { r: reportProgress(issueId: $id, progressPercent: 50, comment: "完成清淤") { ${ISSUE_FIELDS} } }`,
  requestExtension: `mutation($id: ID!, $later: DateTime!) {
    r: requestExtension(issueId: $id, newDueAt: $later, reason: "汛期施工受阻") { ${ISSUE_FIELDS} }
  }`,
  decideExtension: `mutation($id: ID!) { r: decideExtension(issueId: $id, approve: true, comment: "同意延期") { ${ISSUE_FIELDS} } }`,
  submitRectification: `mutation($id: ID!) { r: submitRectification(issueId: $id, summary: "已完成整改") { ${ISSUE_FIELDS} } }`,
  verifyIssue: `mutation($id: ID!) { r: verifyIssue(issueId: $id, passed: true) { ${ISSUE_FIELDS} } }`,
  closeIssue: `mutation($id: ID!) { r: closeIssue(issueId: $id, comment: "同意销号") { ${ISSUE_FIELDS} } }`,
  revisitIssue: `mutation($id: ID!) { r: revisitIssue(issueId: $id, rebounded: false, comment: "回头看未反弹") { ${ISSUE_FIELDS} } }`,
  publishIssue: `mutation($id: ID!) { r: publishIssue(issueId: $id, published: true) { ${ISSUE_FIELDS} } }`,
} as const;

type MutationName = keyof typeof MUTATIONS;
const ALL_MUTATIONS = Object.keys(MUTATIONS) as MutationName[];

type EventMutation = Exclude<MutationName, 'createUnit' | 'createToken' | 'fileIssue'>;
type Stage = WalkTarget | 'PENDING_EXTENSION';

/** The substate in which the office may send each event mutation: a refusal there is the caller's doing, not the state's. */
const STAGE: Record<EventMutation, Stage> = {
  assignIssue: 'FILED',
  reassignIssue: 'ASSIGNED',
  acceptIssue: 'ASSIGNED',
  returnIssue: 'ASSIGNED',
  reportProgress: 'RECTIFYING.inProgress',
  requestExtension: 'RECTIFYING.inProgress',
  submitRectification: 'RECTIFYING.inProgress',
  decideExtension: 'PENDING_EXTENSION',
  verifyIssue: 'RECTIFYING.submitted',
  closeIssue: 'VERIFIED.signedOff',
  revisitIssue: 'CLOSED',
  publishIssue: 'ASSIGNED',
};
const EVENT_MUTATIONS = Object.keys(STAGE) as EventMutation[];

/** The substate each event mutation leads to from its stage. */
const AFTER: Record<EventMutation, string> = {
  assignIssue: 'ASSIGNED',
  reassignIssue: 'ASSIGNED',
  acceptIssue: 'RECTIFYING.inProgress',
  returnIssue: 'FILED',
  reportProgress: 'RECTIFYING.inProgress',
  requestExtension: 'RECTIFYING.inProgress',
  submitRectification: 'RECTIFYING.submitted',
  decideExtension: 'RECTIFYING.inProgress',
  verifyIssue: 'VERIFIED.signedOff',
  closeIssue: 'CLOSED',
  revisitIssue: 'REVISITED',
  publishIssue: 'ASSIGNED',
};

/** The audit-log type each event mutation appends. */
const EVENT_TYPE: Record<EventMutation, string> = {
  assignIssue: 'assign',
  reassignIssue: 'reassign',
  acceptIssue: 'accept',
  returnIssue: 'return',
  reportProgress: 'reportProgress',
  requestExtension: 'requestExtension',
  decideExtension: 'decideExtension',
  submitRectification: 'submit',
  verifyIssue: 'verify',
  closeIssue: 'close',
  revisitIssue: 'revisit',
  publishIssue: 'publish',
};

const LEAD_MUTATIONS: EventMutation[] = [
  'acceptIssue',
  'returnIssue',
  'reportProgress',
  'requestExtension',
  'submitRectification',
];
const NOT_LEAD_MUTATIONS: EventMutation[] = [
  'assignIssue',
  'reassignIssue',
  'verifyIssue',
  'closeIssue',
  'revisitIssue',
  'decideExtension',
  'publishIssue',
];
/** Mutations on an existing problem that the guard lets any authenticated caller reach (visibility decides first). */
const SCOPED_MUTATIONS = EVENT_MUTATIONS.filter((m) => m !== 'assignIssue' && m !== 'reassignIssue');
const OFFICE_ONLY = ['createUnit', 'createToken', 'fileIssue', 'assignIssue', 'reassignIssue', 'verifyLog'] as const;
type OfficeOnly = (typeof OFFICE_ONLY)[number];

interface Vars {
  [k: string]: unknown;
  id: string;
  unitId: string;
  due: string;
  later: string;
  code: string;
}

interface LogView {
  version: number;
  substate: string;
  events: { seq: number; type: string }[];
}

interface IssueView {
  id: string;
  code: string;
  version: number;
  substate: string;
  allowedEvents: string[];
  leadUnit: { id: string } | null;
  cooperatingUnits: { id: string }[];
  events: { seq: number; type: string; actor: string; unit: { id: string } | null }[];
}

const VIEW = `id code version substate allowedEvents leadUnit { id } cooperatingUnits { id } events { seq type actor unit { id } }`;

interface Connection {
  totalCount: number;
  edges: { node: { id: string; allowedEvents: string[] } }[];
}

const QUERIES = {
  me: `{ me { role } }`,
  units: `{ units { id } }`,
  issue: `query($id: ID!) { issue(id: $id) { id } }`,
  issueByCode: `query($code: String!) { issueByCode(code: $code) { id } }`,
  issues: `{ issues { totalCount } }`,
  closureReport: `{ closureReport { total { total } } }`,
  verifyLog: `{ verifyLog { checked } }`,
} as const;

let serial = 0;
const nextCode = (prefix: string): string => `${prefix}-${++serial}`;

const codeOf = (reply: GqlReply<unknown>): string | undefined => reply.errors?.[0]?.extensions.code;

describe('the role matrix, over GraphQL', () => {
  let t: TestApp;
  let leaderToken: string;

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-03-02T02:00:00.000Z' });
    await closingAtAcceptance(t);
    leaderToken = await createToken(t, 'LEADER', undefined, '区领导');
  });
  afterAll(() => t.close());

  const varsFor = (id: string, unitId: string): Vars => ({
    id,
    unitId,
    due: daysAfter(t, 30),
    later: daysAfter(t, 60),
    code: nextCode('RL'),
  });

  /** A fresh problem led by `lead` in the substate where `m` is valid for the office. */
  async function problemFor(
    m: EventMutation,
    lead: UnitWithToken,
    cooperatingUnitIds: string[] = [],
  ): Promise<IssueRef> {
    const stage = STAGE[m];
    if (stage !== 'PENDING_EXTENSION') return issueIn(t, stage, lead, { cooperatingUnitIds });
    const issue = await issueIn(t, 'RECTIFYING.inProgress', lead, { cooperatingUnitIds });
    const asked = await t.ok<{ r: IssueRef }>(lead.token, MUTATIONS.requestExtension, varsFor(issue.id, lead.id));
    return asked.r;
  }

  /** What the office reads of a problem's log. */
  async function logOf(id: string): Promise<LogView> {
    const data = await t.ok<{ issue: LogView }>(
      OFFICE_TOKEN,
      `query($id: ID!) { issue(id: $id) { version substate events { seq type } } }`,
      { id },
    );
    return data.issue;
  }

  async function view(token: string, id: string): Promise<IssueView | null> {
    const data = await t.ok<{ issue: IssueView | null }>(token, `query($id: ID!) { issue(id: $id) { ${VIEW} } }`, {
      id,
    });
    return data.issue;
  }

  async function listIds(
    token: string,
    filter: Record<string, unknown> = {},
  ): Promise<{ ids: string[]; totalCount: number }> {
    const data = await t.ok<{ issues: Connection }>(
      token,
      `query($filter: IssueFilter) { issues(filter: $filter, first: 100) { totalCount edges { node { id allowedEvents } } } }`,
      { filter },
    );
    return { ids: data.issues.edges.map((e) => e.node.id).sort(), totalCount: data.issues.totalCount };
  }

  async function unitCodes(): Promise<string[]> {
    return (await t.ok<{ units: { code: string }[] }>(OFFICE_TOKEN, `{ units { code } }`)).units.map((u) => u.code);
  }

  async function officeFindsCode(code: string): Promise<boolean> {
    const data = await t.ok<{ issueByCode: { id: string } | null }>(
      OFFICE_TOKEN,
      `query($code: String!) { issueByCode(code: $code) { id } }`,
      { code },
    );
    return data.issueByCode !== null;
  }

  /** Sends `m` as `token`, expects exactly one error with `code`, and checks the problem is untouched (read back as OFFICE). */
  async function expectRefused(token: string | null, m: MutationName, vars: Vars, code: string): Promise<void> {
    const issueBefore = (await officeFindsIssue(vars.id)) ? await logOf(vars.id) : null;
    const unitsBefore = await unitCodes();
    const reply = await t.gql<{ r: unknown }>(token, MUTATIONS[m], vars);
    expect({ mutation: m, code: codeOf(reply), errors: reply.errors?.length }).toEqual({
      mutation: m,
      code,
      errors: 1,
    });
    expect(reply.data).toBeNull();
    if (issueBefore) expect(await logOf(vars.id)).toEqual(issueBefore);
    expect(await unitCodes()).toEqual(unitsBefore);
    expect(await officeFindsCode(vars.code)).toBe(false);
  }

  async function officeFindsIssue(id: string): Promise<boolean> {
    const data = await t.ok<{ issue: { id: string } | null }>(
      OFFICE_TOKEN,
      `query($id: ID!) { issue(id: $id) { id } }`,
      { id },
    );
    return data.issue !== null;
  }

  // -------------------------------------------------------------------------------------------
  describe('without a valid token', () => {
    const BAD_TOKENS: [string, string | null][] = [
      ['no token', null],
      ['a garbage token', 'garbage'],
      ['a well-formed unknown token', `rct_${'A'.repeat(43)}`],
      ['the office token with one character more', `${OFFICE_TOKEN}x`],
    ];

    it.each(BAD_TOKENS)('%s: every query but publicIssues answers UNAUTHENTICATED', async (_label, token) => {
      const lead = await createUnitWithToken(t);
      const issue = await issueIn(t, 'ASSIGNED', lead);
      for (const [name, query] of Object.entries(QUERIES)) {
        const reply = await t.gql(token, query, { id: issue.id, code: issue.code });
        expect({ query: name, code: codeOf(reply), errors: reply.errors?.length }).toEqual({
          query: name,
          code: 'UNAUTHENTICATED',
          errors: 1,
        });
        expect(JSON.stringify(reply.data ?? {})).not.toContain(issue.id);
      }
      const pub = await t.gql<{ publicIssues: { totalCount: number } }>(token, `{ publicIssues { totalCount } }`);
      if (token === null) {
        expect(pub.errors).toBeUndefined();
        expect(typeof pub.data?.publicIssues.totalCount).toBe('number');
      } else {
        // A token that is sent must be valid, even for what needs none: refused before anything is spent on it.
        expect({ status: pub.status, code: codeOf(pub) }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
      }
    });

    it.each(BAD_TOKENS)('%s: every mutation answers UNAUTHENTICATED and changes nothing', async (_label, token) => {
      const lead = await createUnitWithToken(t);
      const issue = await issueIn(t, 'ASSIGNED', lead);
      for (const m of ALL_MUTATIONS) {
        await expectRefused(token, m, varsFor(issue.id, lead.id), 'UNAUTHENTICATED');
      }
      expect(await logOf(issue.id)).toMatchObject({ version: 2, substate: 'ASSIGNED' });
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('OFFICE', () => {
    it('a minted OFFICE token creates units and tokens, files, and sends every event, the lead unit’s on its behalf too', async () => {
      const office = await createToken(t, 'OFFICE', undefined, '区整改办');
      const unitCode = nextCode('OU');
      const unit = (await t.ok<{ r: { id: string; code: string } }>(office, MUTATIONS.createUnit, { code: unitCode }))
        .r;
      expect(unit.code).toBe(unitCode);
      const minted = (
        await t.ok<{ r: { token: string; role: string } }>(office, MUTATIONS.createToken, { unitId: unit.id })
      ).r;
      expect(minted.role).toBe('UNIT');
      expect(
        (await t.ok<{ me: { role: string; unit: { id: string } } }>(minted.token, `{ me { role unit { id } } }`)).me,
      ).toEqual({
        role: 'UNIT',
        unit: { id: unit.id },
      });

      const code = nextCode('OF');
      const filed = (await t.ok<{ r: IssueRef }>(office, MUTATIONS.fileIssue, { code })).r;
      expect(filed).toMatchObject({ code, substate: 'FILED', version: 1 });
      const vars = (): Vars => varsFor(filed.id, unit.id);
      const walk: [MutationName, string][] = [
        ['assignIssue', 'ASSIGNED'],
        ['returnIssue', 'FILED'],
        ['assignIssue', 'ASSIGNED'],
        ['reassignIssue', 'ASSIGNED'],
        ['acceptIssue', 'RECTIFYING.inProgress'],
        ['reportProgress', 'RECTIFYING.inProgress'],
        ['requestExtension', 'RECTIFYING.inProgress'],
        ['decideExtension', 'RECTIFYING.inProgress'],
        ['submitRectification', 'RECTIFYING.submitted'],
        ['verifyIssue', 'VERIFIED.signedOff'],
        ['closeIssue', 'CLOSED'],
        ['revisitIssue', 'REVISITED'],
        ['publishIssue', 'REVISITED'],
      ];
      let version = 1;
      for (const [m, substate] of walk) {
        const reply = await t.gql<{ r: IssueRef }>(office, MUTATIONS[m], vars());
        expect({ mutation: m, errors: reply.errors }).toEqual({ mutation: m, errors: undefined });
        expect(reply.data?.r).toMatchObject({ substate, version: ++version });
      }
      const log = await view(office, filed.id);
      expect(log?.events.map((e) => e.type)).toEqual([
        'file',
        'assign',
        'return',
        'assign',
        'reassign',
        'accept',
        'reportProgress',
        'requestExtension',
        'decideExtension',
        'submit',
        'verify',
        'close',
        'revisit',
        'publish',
      ]);
      // Every event was the office's: its label, no unit.
      expect(new Set(log?.events.map((e) => e.actor))).toEqual(new Set(['区整改办']));
      expect(log?.events.every((e) => e.unit === null)).toBe(true);
    });

    it('reads everything: me, units, every problem, the closure report and the log check', async () => {
      const a = await createUnitWithToken(t);
      const b = await createUnitWithToken(t);
      const pa = await issueIn(t, 'ASSIGNED', a);
      const pb = await issueIn(t, 'RECTIFYING.inProgress', b);
      const filed = await fileIssue(t);
      const data = await t.ok<{
        me: { role: string; unit: null };
        units: { id: string }[];
        issues: { totalCount: number };
        closureReport: { rows: { unit: { id: string } }[] };
        verifyLog: { mismatches: unknown[] };
      }>(
        OFFICE_TOKEN,
        `{ me { role unit { id } } units { id } issues { totalCount } closureReport { rows { unit { id } } } verifyLog { mismatches { code } } }`,
      );
      expect(data.me).toEqual({ role: 'OFFICE', unit: null });
      expect(data.units.map((u) => u.id)).toEqual(expect.arrayContaining([a.id, b.id]));
      expect(data.closureReport.rows.map((r) => r.unit.id)).toEqual(expect.arrayContaining([a.id, b.id]));
      expect(data.verifyLog.mismatches).toEqual([]);
      for (const p of [pa, pb, filed]) expect((await view(OFFICE_TOKEN, p.id))?.id).toBe(p.id);
      const byCode = await t.ok<{ issueByCode: { id: string } }>(
        OFFICE_TOKEN,
        `query($c: String!) { issueByCode(code: $c) { id } }`,
        { c: pb.code },
      );
      expect(byCode.issueByCode.id).toBe(pb.id);
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('LEADER', () => {
    it('reads every problem, the units and the closure report, and may do nothing next', async () => {
      const a = await createUnitWithToken(t);
      const b = await createUnitWithToken(t);
      const pa = await issueIn(t, 'ASSIGNED', a, { cooperatingUnitIds: [b.id] });
      const pb = await issueIn(t, 'RECTIFYING.submitted', b);
      const filed = await fileIssue(t);

      expect((await listIds(leaderToken, { unitId: b.id })).ids).toEqual([pa.id, pb.id].sort());
      expect((await listIds(leaderToken)).totalCount).toBe((await listIds(OFFICE_TOKEN)).totalCount);
      for (const p of [pa, pb, filed]) {
        const seen = await view(leaderToken, p.id);
        // (a leader's one event on any problem is an instruction, 批示)
        expect(seen).toMatchObject({ id: p.id, version: p.version, allowedEvents: ['instruct'] });
        expect(seen?.events).toHaveLength(p.version);
        const byCode = await t.ok<{ issueByCode: { id: string } | null }>(
          leaderToken,
          `query($c: String!) { issueByCode(code: $c) { id } }`,
          { c: p.code },
        );
        expect(byCode.issueByCode).toEqual({ id: p.id });
      }
      const data = await t.ok<{
        me: { role: string; unit: null };
        units: { id: string }[];
        closureReport: { rows: { unit: { id: string }; total: number }[] };
      }>(leaderToken, `{ me { role unit { id } } units { id } closureReport { rows { unit { id } total } } }`);
      expect(data.me).toEqual({ role: 'LEADER', unit: null });
      expect(data.units.map((u) => u.id)).toEqual(expect.arrayContaining([a.id, b.id]));
      const rows = new Map(data.closureReport.rows.map((r) => [r.unit.id, r.total]));
      expect(rows.get(a.id)).toBe(1);
      expect(rows.get(b.id)).toBe(1);
    });

    it.each(ALL_MUTATIONS)('%s is FORBIDDEN and changes nothing (the office may then do it)', async (m) => {
      const lead = await createUnitWithToken(t);
      if (m === 'createUnit' || m === 'createToken' || m === 'fileIssue') {
        const issue = await issueIn(t, 'ASSIGNED', lead);
        const vars = varsFor(issue.id, lead.id);
        await expectRefused(leaderToken, m, vars, 'FORBIDDEN');
        const done = await t.gql(OFFICE_TOKEN, MUTATIONS[m], vars);
        expect(done.errors).toBeUndefined();
        return;
      }
      const issue = await problemFor(m, lead);
      await expectRefused(leaderToken, m, varsFor(issue.id, lead.id), 'FORBIDDEN');
      const done = await t.ok<{ r: IssueRef }>(OFFICE_TOKEN, MUTATIONS[m], varsFor(issue.id, lead.id));
      expect(done.r).toMatchObject({ substate: AFTER[m], version: issue.version + 1 });
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('a UNIT sees only the problems it leads or cooperates on', () => {
    it('in the issues list, whatever the filter', async () => {
      const a = await createUnitWithToken(t);
      const b = await createUnitWithToken(t);
      const c = await createUnitWithToken(t);
      const p1 = await issueIn(t, 'ASSIGNED', a);
      const p2 = await issueIn(t, 'RECTIFYING.inProgress', a, { cooperatingUnitIds: [b.id] });
      const p3 = await issueIn(t, 'ASSIGNED', c);
      const p4 = await issueIn(t, 'CLOSED', b);
      await fileIssue(t); // FILED: no unit holds it yet

      expect(await listIds(a.token)).toEqual({ ids: [p1.id, p2.id].sort(), totalCount: 2 });
      expect(await listIds(b.token)).toEqual({ ids: [p2.id, p4.id].sort(), totalCount: 2 });
      expect(await listIds(c.token)).toEqual({ ids: [p3.id], totalCount: 1 });
      // A filter narrows what the unit may see; it never widens it.
      expect(await listIds(b.token, { unitId: a.id })).toEqual({ ids: [p2.id], totalCount: 1 });
      expect(await listIds(c.token, { unitId: a.id })).toEqual({ ids: [], totalCount: 0 });
      expect(await listIds(c.token, { search: p1.code })).toEqual({ ids: [], totalCount: 0 });
      expect(await listIds(c.token, { states: ['FILED'] })).toEqual({ ids: [], totalCount: 0 });
    });

    it('issue(id) and issueByCode return null for another unit’s problem', async () => {
      const lead = await createUnitWithToken(t);
      const other = await createUnitWithToken(t);
      const p = await issueIn(t, 'RECTIFYING.inProgress', lead);
      const filed = await fileIssue(t);
      const byCode = `query($c: String!) { issueByCode(code: $c) { id } }`;

      expect((await view(lead.token, p.id))?.id).toBe(p.id);
      expect(
        (await t.ok<{ issueByCode: { id: string } | null }>(lead.token, byCode, { c: p.code })).issueByCode,
      ).toEqual({ id: p.id });

      for (const [id, code] of [
        [p.id, p.code],
        [filed.id, filed.code],
      ]) {
        const reply = await t.gql<{ issue: unknown }>(other.token, `query($id: ID!) { issue(id: $id) { ${VIEW} } }`, {
          id,
        });
        expect(reply).toEqual({ status: 200, data: { issue: null }, errors: undefined });
        const byCodeReply = await t.gql<{ issueByCode: unknown }>(other.token, byCode, { c: code });
        expect(byCodeReply).toEqual({ status: 200, data: { issueByCode: null }, errors: undefined });
      }
    });

    it('and its closure report shows its own row only', async () => {
      const a = await createUnitWithToken(t);
      const b = await createUnitWithToken(t);
      await issueIn(t, 'ASSIGNED', a);
      await issueIn(t, 'ASSIGNED', b);
      const data = await t.ok<{ closureReport: { rows: { unit: { id: string } }[] } }>(
        a.token,
        `{ closureReport { rows { unit { id } } } }`,
      );
      expect(data.closureReport.rows.map((r) => r.unit.id)).toEqual([a.id]);
    });

    it.each(SCOPED_MUTATIONS)(
      '%s on another unit’s problem answers NOT_FOUND, as for a problem that does not exist, and changes nothing',
      async (m) => {
        const lead = await createUnitWithToken(t);
        const other = await createUnitWithToken(t);
        const issue = await problemFor(m, lead);
        await expectRefused(other.token, m, varsFor(issue.id, other.id), 'NOT_FOUND');
        const hidden = await t.gql(other.token, MUTATIONS[m], varsFor(issue.id, other.id));
        const missing = await t.gql(
          other.token,
          MUTATIONS[m],
          varsFor('00000000-0000-4000-8000-000000000000', other.id),
        );
        expect(codeOf(missing)).toBe('NOT_FOUND');
        expect(hidden.errors?.[0].message).toBe(missing.errors?.[0].message);
      },
    );
  });

  // -------------------------------------------------------------------------------------------
  describe('a cooperating unit', () => {
    it('reads the problem it cooperates on, with nothing it may do but its own part', async () => {
      const lead = await createUnitWithToken(t);
      const coop = await createUnitWithToken(t);
      for (const target of ['ASSIGNED', 'RECTIFYING.inProgress', 'RECTIFYING.submitted', 'CLOSED'] as const) {
        const p = await issueIn(t, target, lead, { cooperatingUnitIds: [coop.id] });
        const seen = await view(coop.token, p.id);
        expect(seen).toMatchObject({
          id: p.id,
          substate: target,
          leadUnit: { id: lead.id },
          cooperatingUnits: [{ id: coop.id }],
          // (walked to the lead's submission, its part was reported done for it)
          allowedEvents: target === 'RECTIFYING.inProgress' ? ['reportPart'] : [],
        });
        expect(seen?.events).toHaveLength(p.version);
        const byCode = await t.ok<{ issueByCode: { id: string } | null }>(
          coop.token,
          `query($c: String!) { issueByCode(code: $c) { id } }`,
          { c: p.code },
        );
        expect(byCode.issueByCode).toEqual({ id: p.id });
      }
    });

    it.each(EVENT_MUTATIONS.filter((m) => m !== 'assignIssue'))('%s is FORBIDDEN and changes nothing', async (m) => {
      const lead = await createUnitWithToken(t);
      const coop = await createUnitWithToken(t);
      const issue = await problemFor(m, lead, [coop.id]);
      await expectRefused(coop.token, m, varsFor(issue.id, coop.id), 'FORBIDDEN');
      // (its own part of the work aside)
      expect((await view(coop.token, issue.id))?.allowedEvents.filter((e) => e !== 'reportPart')).toEqual([]);
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('the lead unit', () => {
    it.each(LEAD_MUTATIONS)('may %s; the log names the unit', async (m) => {
      const lead = await createUnitWithToken(t);
      const issue = await problemFor(m, lead);
      expect((await view(lead.token, issue.id))?.allowedEvents).toContain(EVENT_TYPE[m]);
      const done = await t.ok<{ r: IssueRef }>(lead.token, MUTATIONS[m], varsFor(issue.id, lead.id));
      expect(done.r).toMatchObject({ substate: AFTER[m], version: issue.version + 1 });
      const events = (await view(OFFICE_TOKEN, issue.id))?.events ?? [];
      expect(events.at(-1)).toMatchObject({
        seq: issue.version + 1,
        type: EVENT_TYPE[m],
        actor: `${lead.name}整改专班`,
        unit: { id: lead.id },
      });
    });

    it.each(NOT_LEAD_MUTATIONS)('may not %s: FORBIDDEN, and nothing changes', async (m) => {
      const lead = await createUnitWithToken(t);
      const issue = await problemFor(m, lead);
      await expectRefused(lead.token, m, varsFor(issue.id, lead.id), 'FORBIDDEN');
      if (m !== 'assignIssue') expect((await view(lead.token, issue.id))?.allowedEvents).not.toContain(EVENT_TYPE[m]);
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('OFFICE-only operations refuse UNIT and LEADER', () => {
    const cases: [OfficeOnly, 'UNIT' | 'LEADER'][] = OFFICE_ONLY.flatMap(
      (op) =>
        [
          [op, 'UNIT'],
          [op, 'LEADER'],
        ] as [OfficeOnly, 'UNIT' | 'LEADER'][],
    );

    it.each(cases)('%s as %s: FORBIDDEN', async (op, role) => {
      const unit = await createUnitWithToken(t);
      const token = role === 'UNIT' ? unit.token : leaderToken;
      if (op === 'verifyLog') {
        const reply = await t.gql(token, QUERIES.verifyLog);
        expect({ code: codeOf(reply), errors: reply.errors?.length, data: reply.data }).toEqual({
          code: 'FORBIDDEN',
          errors: 1,
          data: null,
        });
        return;
      }
      // assign a problem that is FILED, reassign one the unit itself leads: still the office's.
      const issue = await issueIn(t, op === 'reassignIssue' ? 'ASSIGNED' : 'FILED', unit);
      await expectRefused(token, op, varsFor(issue.id, unit.id), 'FORBIDDEN');
    });
  });

  // -------------------------------------------------------------------------------------------
  it('allowedEvents differs per caller for the same problem', async () => {
    const lead = await createUnitWithToken(t);
    const coop = await createUnitWithToken(t);
    const other = await createUnitWithToken(t);
    const assigned = await issueIn(t, 'ASSIGNED', lead, { cooperatingUnitIds: [coop.id] });
    const working = await issueIn(t, 'RECTIFYING.inProgress', lead, { cooperatingUnitIds: [coop.id] });
    // (the cooperating unit's part done: the lead may submit)
    await partsDone(t, working.id);

    const allowed = async (token: string, id: string) => (await view(token, id))?.allowedEvents ?? null;
    // The office may do more than any unit (it also sends the lead unit's events on its behalf).
    expect(await allowed(OFFICE_TOKEN, assigned.id)).toEqual(
      expect.arrayContaining(['reassign', 'accept', 'return', 'publish']),
    );
    expect(await allowed(lead.token, assigned.id)).toEqual(['accept', 'return']);
    expect(await allowed(coop.token, assigned.id)).toEqual([]);
    expect(await allowed(leaderToken, assigned.id)).toEqual(['instruct']);
    expect(await allowed(other.token, assigned.id)).toBeNull();

    expect(await allowed(OFFICE_TOKEN, working.id)).toEqual(
      expect.arrayContaining(['reportProgress', 'requestExtension', 'submit', 'publish']),
    );
    expect(await allowed(OFFICE_TOKEN, working.id)).not.toContain('accept');
    expect(await allowed(lead.token, working.id)).toEqual(['reportProgress', 'requestExtension', 'submit', 'setPlan']);
    expect(await allowed(coop.token, working.id)).toEqual([]);
    expect(await allowed(leaderToken, working.id)).toEqual(['instruct']);

    // The list answers the same as issue(id).
    const listed = await t.ok<{ issues: Connection }>(lead.token, `{ issues { edges { node { id allowedEvents } } } }`);
    expect(Object.fromEntries(listed.issues.edges.map((e) => [e.node.id, e.node.allowedEvents]))).toEqual({
      [assigned.id]: ['accept', 'return'],
      [working.id]: ['reportProgress', 'requestExtension', 'submit', 'setPlan'],
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('me', () => {
    interface Me {
      token: string;
      role: string;
      label: string | null;
      unit: { id: string; name: string } | null;
    }
    const ME = `{ me { token role label unit { id name } } }`;

    it('returns the role and unit of a UNIT token, and only a prefix of its secret', async () => {
      const unit = await createUnitWithToken(t);
      const reply = await t.gql<{ me: Me }>(unit.token, ME);
      expect(reply.errors).toBeUndefined();
      expect(reply.data?.me).toMatchObject({
        role: 'UNIT',
        label: `${unit.name}整改专班`,
        unit: { id: unit.id, name: unit.name },
      });
      const shown = reply.data?.me.token ?? '';
      expect(shown.endsWith('…')).toBe(true);
      expect(unit.token.startsWith(shown.slice(0, -1))).toBe(true);
      expect(shown.length).toBeLessThan(unit.token.length / 2);
      expect(JSON.stringify(reply)).not.toContain(unit.token);
    });

    it.each<'OFFICE' | 'LEADER'>(['OFFICE', 'LEADER'])(
      'returns %s with no unit, and never the full secret',
      async (role) => {
        const secret = await createToken(t, role, undefined, `${role}持有人`);
        expect(secret).toMatch(/^rct_/);
        const reply = await t.gql<{ me: Me }>(secret, ME);
        expect(reply.data?.me).toMatchObject({ role, label: `${role}持有人`, unit: null });
        expect(secret.startsWith((reply.data?.me.token ?? 'x').slice(0, -1))).toBe(true);
        expect(JSON.stringify(reply)).not.toContain(secret);
      },
    );

    it('the bootstrap office token shows only its prefix', async () => {
      const reply = await t.gql<{ me: Me }>(OFFICE_TOKEN, ME);
      expect(reply.data?.me).toMatchObject({ role: 'OFFICE', unit: null });
      expect(OFFICE_TOKEN.startsWith((reply.data?.me.token ?? 'x').slice(0, -1))).toBe(true);
      expect(JSON.stringify(reply)).not.toContain(OFFICE_TOKEN);
    });
  });
});
