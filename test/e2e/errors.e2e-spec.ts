import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import {
  assign,
  createUnit,
  createUnitWithToken,
  daysAfter,
  fileIssue,
  ISSUE_FIELDS,
  issueIn,
  type UnitWithToken,
  type WalkTarget,
  closingAtAcceptance,
} from '../factories/factories.js';
import { createTestApp, OFFICE_TOKEN, type GqlError, type GqlReply, type TestApp } from '../support/test-app.js';

interface LogEntry {
  seq: number;
  type: string;
}

/** What must not move when a request is refused. */
interface Snapshot {
  version: number;
  substate: string;
  progressPercent: number;
  dueAt: string | null;
  events: LogEntry[];
}

const SNAPSHOT_FIELDS = 'version substate progressPercent dueAt events { seq type }';

/** An instant as the refusal messages write it: Asia/Shanghai, to the minute. */
const shanghai = (iso: string): string =>
  new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/** The one error of a refused request, after checking that there is exactly one and its code. */
function onlyError<T>(reply: GqlReply<T>, code: string): GqlError {
  expect(reply.errors).toHaveLength(1);
  const [error] = reply.errors!;
  expect(error.extensions.code).toBe(code);
  return error;
}

function expectBadInput<T>(reply: GqlReply<T>, fields: string[]): void {
  const error = onlyError(reply, 'BAD_USER_INPUT');
  expect(error.extensions.fields).toEqual(fields);
}

describe('errors over GraphQL', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-03-02T02:00:00.000Z' });
    await closingAtAcceptance(t);
  });
  afterAll(() => t.close());

  /** The problem as the office reads it. */
  async function snapshot(id: string): Promise<Snapshot> {
    const data = await t.ok<{ issue: Snapshot | null }>(
      OFFICE_TOKEN,
      `query($id: ID!) { issue(id: $id) { ${SNAPSHOT_FIELDS} } }`,
      { id },
    );
    if (!data.issue) throw new Error(`issue ${id} not found`);
    return data.issue;
  }

  async function issueCount(): Promise<number> {
    const data = await t.ok<{ issues: { totalCount: number } }>(OFFICE_TOKEN, `{ issues(first: 0) { totalCount } }`);
    return data.issues.totalCount;
  }

  async function unitCount(): Promise<number> {
    const data = await t.ok<{ units: { id: string }[] }>(OFFICE_TOKEN, `{ units { id } }`);
    return data.units.length;
  }

  /** Sends a mutation with `$id: ID!` bound to the problem. */
  const send = (token: string, mutation: string, id: string, extra: Record<string, unknown> = {}, extraVars = '') =>
    t.gql<{ r: { version: number } }>(token, `mutation($id: ID!${extraVars}) { r: ${mutation} { ${ISSUE_FIELDS} } }`, {
      id,
      ...extra,
    });

  describe('invalid transitions', () => {
    let lead: UnitWithToken;

    beforeAll(async () => {
      lead = await createUnitWithToken(t, { name: '南平镇', kind: 'TOWN' });
    });

    interface Case {
      state: WalkTarget;
      as: 'office' | 'lead';
      event: string;
      mutation: (leadId: string) => string;
      allowed: string[];
      /** WRONG_STATE unless told. */
      reason?: string;
    }

    // The office may publish and mark a duplicate in any state, and escalate (督办) a dated problem while the unit holds it.
    // (no plan set yet: setting one is open, its milestones and sending it back are not)
    const OFFICE_IN_PROGRESS = [
      'reportProgress',
      'requestExtension',
      'submit',
      'setPlan',
      'publish',
      'escalate',
      'markDuplicate',
      'superviseOrder',
    ];
    const LEAD_IN_PROGRESS = ['reportProgress', 'requestExtension', 'submit', 'setPlan'];
    const cases: Case[] = [
      {
        state: 'FILED',
        as: 'office',
        event: 'accept',
        mutation: () => 'acceptIssue(issueId: $id)',
        allowed: ['assign', 'publish', 'markDuplicate'],
      },
      {
        state: 'FILED',
        as: 'office',
        event: 'submit',
        mutation: () => 'submitRectification(issueId: $id, summary: "已完成整改")',
        allowed: ['assign', 'publish', 'markDuplicate'],
      },
      {
        state: 'FILED',
        as: 'office',
        event: 'reassign',
        mutation: (leadId) =>
          `reassignIssue(input: { issueId: $id, leadUnitId: "${leadId}", deadlineKind: LONG_TERM })`,
        allowed: ['assign', 'publish', 'markDuplicate'],
      },
      {
        state: 'ASSIGNED',
        as: 'lead',
        event: 'submit',
        mutation: () => 'submitRectification(issueId: $id, summary: "已完成整改")',
        allowed: ['accept', 'return'],
      },
      {
        state: 'ASSIGNED',
        as: 'lead',
        event: 'reportProgress',
        mutation: () => 'reportProgress(issueId: $id, progressPercent: 10, comment: "已进场")',
        allowed: ['accept', 'return'],
      },
      {
        state: 'ASSIGNED',
        as: 'office',
        event: 'assign',
        mutation: (leadId) => `assignIssue(input: { issueId: $id, leadUnitId: "${leadId}", deadlineKind: LONG_TERM })`,
        allowed: ['reassign', 'accept', 'return', 'publish', 'escalate', 'markDuplicate', 'superviseOrder'],
      },
      {
        state: 'RECTIFYING.inProgress',
        as: 'lead',
        event: 'accept',
        mutation: () => 'acceptIssue(issueId: $id)',
        allowed: LEAD_IN_PROGRESS,
      },
      {
        state: 'RECTIFYING.inProgress',
        as: 'office',
        event: 'verify',
        mutation: () => 'verifyIssue(issueId: $id, passed: true)',
        allowed: OFFICE_IN_PROGRESS,
      },
      // decideExtension is on RECTIFYING, but only while a request is pending
      {
        state: 'RECTIFYING.inProgress',
        as: 'office',
        event: 'decideExtension',
        mutation: () => 'decideExtension(issueId: $id, approve: true)',
        allowed: OFFICE_IN_PROGRESS,
        reason: 'NO_PENDING_EXTENSION',
      },
      {
        state: 'RECTIFYING.submitted',
        as: 'lead',
        event: 'reportProgress',
        mutation: () => 'reportProgress(issueId: $id, progressPercent: 90, comment: "补充")',
        allowed: [],
      },
      {
        state: 'RECTIFYING.submitted',
        as: 'lead',
        event: 'submit',
        mutation: () => 'submitRectification(issueId: $id, summary: "再次提交")',
        allowed: [],
      },
      {
        state: 'RECTIFYING.submitted',
        as: 'office',
        event: 'close',
        mutation: () => 'closeIssue(issueId: $id, comment: "同意销号")',
        allowed: ['verify', 'publish', 'markDuplicate', 'superviseOrder'],
      },
      {
        state: 'VERIFIED.signedOff',
        as: 'office',
        event: 'revisit',
        mutation: () => 'revisitIssue(issueId: $id, rebounded: false, comment: "回头看")',
        allowed: ['close', 'publish', 'markDuplicate'],
      },
      {
        state: 'VERIFIED.signedOff',
        as: 'lead',
        event: 'accept',
        mutation: () => 'acceptIssue(issueId: $id)',
        allowed: [],
      },
      {
        state: 'CLOSED',
        as: 'office',
        event: 'verify',
        mutation: () => 'verifyIssue(issueId: $id, passed: true)',
        allowed: ['revisit', 'publish', 'markDuplicate'],
      },
      {
        state: 'CLOSED',
        as: 'lead',
        event: 'return',
        mutation: () => 'returnIssue(issueId: $id, reason: "不属于本单位")',
        allowed: [],
      },
      {
        state: 'REVISITED',
        as: 'office',
        event: 'close',
        mutation: () => 'closeIssue(issueId: $id)',
        allowed: ['revisit', 'publish', 'markDuplicate'],
      },
      {
        state: 'REVISITED',
        as: 'office',
        event: 'reassign',
        mutation: (leadId) =>
          `reassignIssue(input: { issueId: $id, leadUnitId: "${leadId}", deadlineKind: LONG_TERM })`,
        allowed: ['revisit', 'publish', 'markDuplicate'],
      },
    ];

    it.each(cases)('$state refuses $event from the $as with INVALID_TRANSITION, changing nothing', async (c) => {
      const issue = await issueIn(t, c.state, lead);
      const token = c.as === 'office' ? OFFICE_TOKEN : lead.token;
      const before = await snapshot(issue.id);
      expect(before.substate).toBe(c.state);

      const reply = await send(token, c.mutation(lead.id), issue.id);
      expect(reply.data).toBeNull();
      const error = onlyError(reply, 'INVALID_TRANSITION');
      expect(error.extensions.reason).toBe(c.reason ?? 'WRONG_STATE');
      expect(error.extensions.state).toBe(c.state);
      expect(error.extensions.allowedEvents).toEqual(c.allowed);
      // Said in Chinese, naming the state (and, when it is the state, what may be done instead).
      if (!c.reason) expect(error.message).toMatch(/^问题当前为“.+”，不能“.+”。(当前可办理：|您当前没有可办理的事项)/);

      // What the error offers is what the problem itself says this caller may do.
      const seen = await t.ok<{ issue: { allowedEvents: string[] } }>(
        token,
        `query($id: ID!) { issue(id: $id) { allowedEvents } }`,
        { id: issue.id },
      );
      expect(seen.issue.allowedEvents).toEqual(c.allowed);

      expect(await snapshot(issue.id)).toEqual(before);
    });

    it('refuses a second extension request while one is pending, offering what is left', async () => {
      const issue = await issueIn(t, 'RECTIFYING.inProgress', lead);
      const asked = await send(
        lead.token,
        'requestExtension(issueId: $id, newDueAt: $d, reason: "雨季施工受阻")',
        issue.id,
        { d: daysAfter(t, 60) },
        ', $d: DateTime!',
      );
      expect(asked.errors).toBeUndefined();
      const before = await snapshot(issue.id);

      const reply = await send(
        lead.token,
        'requestExtension(issueId: $id, newDueAt: $d, reason: "再延一次")',
        issue.id,
        { d: daysAfter(t, 90) },
        ', $d: DateTime!',
      );
      const error = onlyError(reply, 'INVALID_TRANSITION');
      expect(error.extensions).toEqual({
        code: 'INVALID_TRANSITION',
        reason: 'EXTENSION_PENDING',
        state: 'RECTIFYING.inProgress',
        allowedEvents: ['reportProgress', 'submit', 'setPlan'],
      });
      expect(error.message).toBe(
        '已有一项延期申请（申请延至 ' + shanghai(daysAfter(t, 60)) + '）待整改办审批，审批前不能再次申请延期',
      );
      expect(await snapshot(issue.id)).toEqual(before);
    });
  });

  describe('version conflicts', () => {
    let lead: UnitWithToken;

    beforeAll(async () => {
      lead = await createUnitWithToken(t, { name: '大观镇', kind: 'TOWN' });
    });

    it('answers a stale expectedVersion with VERSION_CONFLICT and the current version, changing nothing; the right one succeeds', async () => {
      const issue = await issueIn(t, 'ASSIGNED', lead);
      expect(issue.version).toBe(2);
      const before = await snapshot(issue.id);

      for (const stale of [0, 1, 3, 99]) {
        const reply = await send(
          lead.token,
          'acceptIssue(issueId: $id, expectedVersion: $v)',
          issue.id,
          { v: stale },
          ', $v: Int',
        );
        expect(reply.data).toBeNull();
        const error = onlyError(reply, 'VERSION_CONFLICT');
        expect(error.extensions.currentVersion).toBe(2);
        expect(await snapshot(issue.id)).toEqual(before);
      }

      const accepted = await t.ok<{ r: { version: number; substate: string } }>(
        lead.token,
        `mutation($id: ID!) { r: acceptIssue(issueId: $id, expectedVersion: 2) { version substate } }`,
        { id: issue.id },
      );
      expect(accepted.r).toEqual({ version: 3, substate: 'RECTIFYING.inProgress' });

      // The same request again is now stale itself.
      const again = await send(lead.token, 'acceptIssue(issueId: $id, expectedVersion: 2)', issue.id);
      expect(onlyError(again, 'VERSION_CONFLICT').extensions.currentVersion).toBe(3);
      const after = await snapshot(issue.id);
      expect(after.version).toBe(3);
      expect(after.events.map((e) => e.type)).toEqual(['file', 'assign', 'accept']);
    });

    it('checks expectedVersion on assign and reassign too', async () => {
      const issue = await issueIn(t, 'ASSIGNED', lead);
      const before = await snapshot(issue.id);
      const reply = await t.gql(
        OFFICE_TOKEN,
        `mutation($id: ID!, $lead: ID!) { reassignIssue(input: { issueId: $id, leadUnitId: $lead, deadlineKind: LONG_TERM, expectedVersion: 1 }) { id } }`,
        { id: issue.id, lead: lead.id },
      );
      expect(onlyError(reply, 'VERSION_CONFLICT').extensions.currentVersion).toBe(2);
      expect(await snapshot(issue.id)).toEqual(before);

      const ok = await t.ok<{ reassignIssue: { version: number; deadlineKind: string } }>(
        OFFICE_TOKEN,
        `mutation($id: ID!, $lead: ID!) { reassignIssue(input: { issueId: $id, leadUnitId: $lead, deadlineKind: LONG_TERM, expectedVersion: 2 }) { version deadlineKind } }`,
        { id: issue.id, lead: lead.id },
      );
      expect(ok.reassignIssue).toEqual({ version: 3, deadlineKind: 'LONG_TERM' });
    });

    it('refuses a negative expectedVersion as bad input', async () => {
      const issue = await issueIn(t, 'ASSIGNED', lead);
      const before = await snapshot(issue.id);
      const reply = await send(lead.token, 'acceptIssue(issueId: $id, expectedVersion: -1)', issue.id);
      expectBadInput(reply, ['expectedVersion']);
      expect(await snapshot(issue.id)).toEqual(before);
    });
  });

  describe('bad input', () => {
    let lead: UnitWithToken;
    let coop: UnitWithToken;

    beforeAll(async () => {
      lead = await createUnitWithToken(t, { name: '水江镇', kind: 'TOWN' });
      coop = await createUnitWithToken(t, { name: '区水利局' });
    });

    const FILE = `mutation($input: FileIssueInput!) { fileIssue(input: $input) { id } }`;
    const fileInput = (overrides: Record<string, unknown>) => ({
      input: {
        source: 'CENTRAL_INSPECTION',
        title: '餐饮油烟扰民',
        description: '临街餐饮店油烟净化设施未正常运行',
        category: 'AIR',
        ...overrides,
      },
    });

    it.each([
      { what: 'an empty title', overrides: { title: '' }, fields: ['title'] },
      { what: 'a whitespace title', overrides: { title: '   ' }, fields: ['title'] },
      { what: 'a title of tabs and newlines', overrides: { title: '\t\n  ' }, fields: ['title'] },
      { what: 'a title of 201 characters', overrides: { title: '扬'.repeat(201) }, fields: ['title'] },
      {
        what: 'a description of 5001 characters',
        overrides: { description: 'x'.repeat(5001) },
        fields: ['description'],
      },
      { what: 'a blank description', overrides: { description: '  ' }, fields: ['description'] },
    ])('refuses to file $what, filing nothing', async ({ overrides, fields }) => {
      const count = await issueCount();
      const reply = await t.gql(OFFICE_TOKEN, FILE, fileInput(overrides));
      expect(reply.data).toBeNull();
      expectBadInput(reply, fields);
      expect(await issueCount()).toBe(count);
    });

    it('files a title of exactly 200 and a description of exactly 5000 characters', async () => {
      const count = await issueCount();
      const data = await t.ok<{ fileIssue: { title: string; description: string } }>(
        OFFICE_TOKEN,
        `mutation($input: FileIssueInput!) { fileIssue(input: $input) { title description } }`,
        fileInput({ title: '扬'.repeat(200), description: 'x'.repeat(5000) }),
      );
      expect(data.fileIssue.title).toHaveLength(200);
      expect(data.fileIssue.description).toHaveLength(5000);
      expect(await issueCount()).toBe(count + 1);
    });

    it('refuses a duplicate issue code on filing, filing nothing', async () => {
      const code = `ZY3-05-${randomUUID().slice(0, 6)}`;
      const first = await fileIssue(t, { code });
      expect(first.code).toBe(code);
      const count = await issueCount();

      const reply = await t.gql(OFFICE_TOKEN, FILE, fileInput({ code }));
      expectBadInput(reply, ['code']);
      expect(await issueCount()).toBe(count);
      const byCode = await t.ok<{ issueByCode: { id: string } }>(
        OFFICE_TOKEN,
        `query($code: String!) { issueByCode(code: $code) { id } }`,
        { code },
      );
      expect(byCode.issueByCode.id).toBe(first.id);
    });

    it('refuses a unit code already taken, creating nothing', async () => {
      const unit = await createUnit(t);
      const count = await unitCount();
      const reply = await t.gql(
        OFFICE_TOKEN,
        `mutation($code: String!) { createUnit(code: $code, name: "区林业局", kind: DEPARTMENT) { id } }`,
        { code: unit.code },
      );
      expect(reply.data).toBeNull();
      expectBadInput(reply, ['code']);
      expect(await unitCount()).toBe(count);
    });

    describe('on assign', () => {
      const ASSIGN = `mutation($input: AssignInput!) { assignIssue(input: $input) { ${ISSUE_FIELDS} } }`;

      it.each([
        {
          what: 'a DATE deadline in the past',
          input: (): Record<string, unknown> => ({ deadlineKind: 'DATE', dueAt: daysAfter(t, -1) }),
          fields: ['dueAt'],
        },
        {
          what: 'a DATE deadline of right now',
          input: (): Record<string, unknown> => ({ deadlineKind: 'DATE', dueAt: daysAfter(t, 0) }),
          fields: ['dueAt'],
        },
        {
          what: 'a DATE deadline without dueAt',
          input: (): Record<string, unknown> => ({ deadlineKind: 'DATE' }),
          fields: ['dueAt'],
        },
        {
          what: 'a LONG_TERM deadline with a dueAt',
          input: (): Record<string, unknown> => ({ deadlineKind: 'LONG_TERM', dueAt: daysAfter(t, 30) }),
          fields: ['dueAt'],
        },
        {
          what: 'the lead unit among the cooperating units',
          input: (): Record<string, unknown> => ({ deadlineKind: 'LONG_TERM', cooperatingUnitIds: [coop.id, lead.id] }),
          fields: ['cooperatingUnitIds'],
        },
        {
          what: 'an unknown leadUnitId',
          input: (): Record<string, unknown> => ({ deadlineKind: 'LONG_TERM', leadUnitId: randomUUID() }),
          fields: ['leadUnitId'],
        },
        {
          what: 'an unknown cooperating unit',
          input: (): Record<string, unknown> => ({ deadlineKind: 'LONG_TERM', cooperatingUnitIds: [randomUUID()] }),
          fields: ['cooperatingUnitIds'],
        },
        {
          what: "a malformed leadUnitId 'abc'",
          input: (): Record<string, unknown> => ({ deadlineKind: 'LONG_TERM', leadUnitId: 'abc' }),
          fields: ['leadUnitId'],
        },
        {
          what: "a malformed leadUnitId '123'",
          input: (): Record<string, unknown> => ({ deadlineKind: 'LONG_TERM', leadUnitId: '123' }),
          fields: ['leadUnitId'],
        },
        {
          what: "a malformed issueId 'abc'",
          input: (): Record<string, unknown> => ({ deadlineKind: 'LONG_TERM', issueId: 'abc' }),
          fields: ['issueId'],
        },
        {
          what: "a malformed issueId '123'",
          input: (): Record<string, unknown> => ({ deadlineKind: 'LONG_TERM', issueId: '123' }),
          fields: ['issueId'],
        },
      ])('refuses $what, changing nothing', async ({ input, fields }) => {
        const issue = await fileIssue(t);
        const before = await snapshot(issue.id);
        const reply = await t.gql(OFFICE_TOKEN, ASSIGN, {
          input: { issueId: issue.id, leadUnitId: lead.id, ...input() },
        });
        expect(reply.data).toBeNull();
        expectBadInput(reply, fields);
        expect(await snapshot(issue.id)).toEqual(before);
      });

      it.each(['tomorrow', '2026-13-45T00:00:00Z', '2026-12-01T18:00:00', '2026-12-01'])(
        'refuses the malformed DateTime %p as dueAt, changing nothing',
        async (dueAt) => {
          const issue = await fileIssue(t);
          const before = await snapshot(issue.id);
          const reply = await t.gql(OFFICE_TOKEN, ASSIGN, {
            input: { issueId: issue.id, leadUnitId: lead.id, deadlineKind: 'DATE', dueAt },
          });
          expect(reply.data).toBeNull();
          expectBadInput(reply, ['dueAt']);
          expect(await snapshot(issue.id)).toEqual(before);
        },
      );
    });

    it.each(['tomorrow', '2026-13-45T00:00:00Z', '2026-12-01T18:00:00'])(
      'refuses the malformed DateTime %p as newDueAt of an extension request, changing nothing',
      async (newDueAt) => {
        const issue = await issueIn(t, 'RECTIFYING.inProgress', lead);
        const before = await snapshot(issue.id);
        const reply = await send(
          lead.token,
          'requestExtension(issueId: $id, newDueAt: $newDueAt, reason: "雨季")',
          issue.id,
          { newDueAt },
          ', $newDueAt: DateTime!',
        );
        expect(reply.data).toBeNull();
        expectBadInput(reply, ['newDueAt']);
        expect(await snapshot(issue.id)).toEqual(before);
      },
    );

    it('names the argument, not the client’s variable, when a malformed DateTime comes in a variable named otherwise', async () => {
      const issue = await issueIn(t, 'RECTIFYING.inProgress', lead);
      const before = await snapshot(issue.id);
      const reply = await send(
        lead.token,
        'requestExtension(issueId: $id, newDueAt: $d, reason: "雨季")',
        issue.id,
        { d: 'tomorrow' },
        ', $d: DateTime!',
      );
      expect(reply.data).toBeNull();
      expectBadInput(reply, ['newDueAt']);
      expect(await snapshot(issue.id)).toEqual(before);
    });

    it.each([
      {
        what: 'a comment of 2001 characters on reportProgress',
        state: 'RECTIFYING.inProgress' as const,
        as: 'lead',
        mutation: `reportProgress(issueId: $id, progressPercent: 50, comment: "${'c'.repeat(2001)}")`,
        fields: ['comment'],
      },
      {
        what: 'a blank comment on reportProgress',
        state: 'RECTIFYING.inProgress' as const,
        as: 'lead',
        mutation: 'reportProgress(issueId: $id, progressPercent: 50, comment: "   ")',
        fields: ['comment'],
      },
      {
        what: 'a comment of 2001 characters on accept',
        state: 'ASSIGNED' as const,
        as: 'lead',
        mutation: `acceptIssue(issueId: $id, comment: "${'c'.repeat(2001)}")`,
        fields: ['comment'],
      },
      {
        what: 'a comment of 2001 characters on a failed verification',
        state: 'RECTIFYING.submitted' as const,
        as: 'office',
        mutation: `verifyIssue(issueId: $id, passed: false, comment: "${'c'.repeat(2001)}")`,
        fields: ['comment'],
      },
      {
        what: 'a reason of 2001 characters on return',
        state: 'ASSIGNED' as const,
        as: 'lead',
        mutation: `returnIssue(issueId: $id, reason: "${'r'.repeat(2001)}")`,
        fields: ['reason'],
      },
      {
        what: 'progressPercent -1',
        state: 'RECTIFYING.inProgress' as const,
        as: 'lead',
        mutation: 'reportProgress(issueId: $id, progressPercent: -1, comment: "倒退")',
        fields: ['progressPercent'],
      },
      {
        what: 'progressPercent 101',
        state: 'RECTIFYING.inProgress' as const,
        as: 'lead',
        mutation: 'reportProgress(issueId: $id, progressPercent: 101, comment: "超额")',
        fields: ['progressPercent'],
      },
      {
        what: 'a failed verification without a comment',
        state: 'RECTIFYING.submitted' as const,
        as: 'office',
        mutation: 'verifyIssue(issueId: $id, passed: false)',
        fields: ['comment'],
      },
      {
        what: 'a failed verification with a blank comment',
        state: 'RECTIFYING.submitted' as const,
        as: 'office',
        mutation: 'verifyIssue(issueId: $id, passed: false, comment: "  ")',
        fields: ['comment'],
      },
      {
        what: 'a rebound without newDueAt',
        state: 'CLOSED' as const,
        as: 'office',
        mutation: 'revisitIssue(issueId: $id, rebounded: true, comment: "反弹")',
        fields: ['newDueAt'],
      },
      {
        what: 'a finding on a problem that is no complaint',
        state: 'RECTIFYING.inProgress' as const,
        as: 'lead',
        mutation: 'submitRectification(issueId: $id, summary: "核查", finding: UNFOUNDED)',
        fields: ['finding'],
      },
    ])('refuses $what, changing nothing', async ({ state, as, mutation, fields }) => {
      const issue = await issueIn(t, state, lead);
      const before = await snapshot(issue.id);
      const reply = await send(as === 'office' ? OFFICE_TOKEN : lead.token, mutation, issue.id);
      expect(reply.data).toBeNull();
      expectBadInput(reply, fields);
      expect(await snapshot(issue.id)).toEqual(before);
    });

    it('takes a comment of exactly 2000 characters', async () => {
      const issue = await issueIn(t, 'RECTIFYING.inProgress', lead);
      const data = await t.ok<{ r: { version: number; progressPercent: number } }>(
        lead.token,
        `mutation($id: ID!, $c: String!) { r: reportProgress(issueId: $id, progressPercent: 100, comment: $c) { version progressPercent } }`,
        { id: issue.id, c: 'c'.repeat(2000) },
      );
      expect(data.r).toEqual({ version: 4, progressPercent: 100 });
    });

    it.each(['abc', '123'])('refuses the malformed id %p in issue(id)', async (id) => {
      const reply = await t.gql<{ issue: null }>(OFFICE_TOKEN, `query($id: ID!) { issue(id: $id) { id } }`, { id });
      expect(reply.data).toEqual({ issue: null });
      expectBadInput(reply, ['id']);
    });

    it.each([
      ['abc', 'acceptIssue(issueId: $id)'],
      ['123', 'acceptIssue(issueId: $id)'],
      ['abc', 'reportProgress(issueId: $id, progressPercent: 10, comment: "进展")'],
      ['123', 'verifyIssue(issueId: $id, passed: true)'],
      ['abc', 'closeIssue(issueId: $id)'],
      ['123', 'publishIssue(issueId: $id, published: true)'],
    ])('refuses the malformed issueId %p in %s', async (id, mutation) => {
      const count = await issueCount();
      const reply = await send(OFFICE_TOKEN, mutation, id);
      expect(reply.data).toBeNull();
      expectBadInput(reply, ['issueId']);
      expect(await issueCount()).toBe(count);
    });

    it('refuses an integer literal as issue id', async () => {
      const reply = await t.gql(OFFICE_TOKEN, `{ issue(id: 123) { id } }`);
      expectBadInput(reply, ['id']);
    });

    it.each([100000, 201, -1])('refuses first: %p on issues', async (first) => {
      const reply = await t.gql(OFFICE_TOKEN, `query($first: Int) { issues(first: $first) { totalCount } }`, { first });
      expect(reply.data).toBeNull();
      expectBadInput(reply, ['first']);
    });

    it.each([
      'garbage',
      'not a cursor at all!',
      Buffer.from(JSON.stringify(['2026-03-02T02:00:00.000Z', 'abc'])).toString('base64url'),
      Buffer.from(JSON.stringify(['yesterday', randomUUID()])).toString('base64url'),
      Buffer.from('{"a":1}').toString('base64url'),
    ])('refuses the garbage cursor %p', async (after) => {
      const reply = await t.gql(
        OFFICE_TOKEN,
        `query($after: String) { issues(first: 5, after: $after) { totalCount } }`,
        { after },
      );
      expect(reply.data).toBeNull();
      expectBadInput(reply, ['after']);
    });

    it('pages with a cursor it handed out', async () => {
      await fileIssue(t);
      await fileIssue(t);
      const page = await t.ok<{ issues: { pageInfo: { endCursor: string; hasNextPage: boolean } } }>(
        OFFICE_TOKEN,
        `{ issues(first: 1) { pageInfo { endCursor hasNextPage } } }`,
      );
      expect(page.issues.pageInfo.hasNextPage).toBe(true);
      const next = await t.gql(
        OFFICE_TOKEN,
        `query($after: String) { issues(first: 1, after: $after) { totalCount } }`,
        {
          after: page.issues.pageInfo.endCursor,
        },
      );
      expect(next.errors).toBeUndefined();
    });
  });

  describe('an unknown but well-formed issue id', () => {
    let lead: UnitWithToken;
    const unknown = randomUUID();

    beforeAll(async () => {
      lead = await createUnitWithToken(t, { name: '东城街道', kind: 'STREET' });
    });

    it('is null in issue(id) and issueByCode', async () => {
      const reply = await t.gql<{ issue: null }>(OFFICE_TOKEN, `query($id: ID!) { issue(id: $id) { id } }`, {
        id: unknown,
      });
      expect(reply).toEqual({ status: 200, data: { issue: null }, errors: undefined });
      const byCode = await t.gql<{ issueByCode: null }>(OFFICE_TOKEN, `{ issueByCode(code: "ZY-1999-99999") { id } }`);
      expect(byCode).toEqual({ status: 200, data: { issueByCode: null }, errors: undefined });
    });

    it.each([
      'acceptIssue(issueId: $id)',
      'acceptIssue(issueId: $id, expectedVersion: 2)',
      'returnIssue(issueId: $id, reason: "不属于本单位")',
      'reportProgress(issueId: $id, progressPercent: 50, comment: "过半")',
      'requestExtension(issueId: $id, newDueAt: "2027-01-01T00:00:00+08:00", reason: "雨季")',
      'decideExtension(issueId: $id, approve: true)',
      'submitRectification(issueId: $id, summary: "已完成整改")',
      'verifyIssue(issueId: $id, passed: true)',
      'closeIssue(issueId: $id, comment: "同意销号")',
      'revisitIssue(issueId: $id, rebounded: false, comment: "回头看")',
      'publishIssue(issueId: $id, published: true)',
      'assignIssue(input: { issueId: $id, leadUnitId: "LEAD", deadlineKind: LONG_TERM })',
      'reassignIssue(input: { issueId: $id, leadUnitId: "LEAD", deadlineKind: IMMEDIATE })',
    ])('answers NOT_FOUND to %s', async (mutation) => {
      const count = await issueCount();
      const reply = await send(OFFICE_TOKEN, mutation.replace('LEAD', lead.id), unknown);
      expect(reply.data).toBeNull();
      onlyError(reply, 'NOT_FOUND');
      expect(await issueCount()).toBe(count);
    });

    it('answers NOT_FOUND to a unit acting on a problem it has nothing to do with, which it cannot read either', async () => {
      const other = await createUnitWithToken(t, { name: '区农业农村委' });
      const issue = await issueIn(t, 'ASSIGNED', other);
      const before = await snapshot(issue.id);
      const reply = await send(lead.token, 'acceptIssue(issueId: $id)', issue.id);
      onlyError(reply, 'NOT_FOUND');
      const read = await t.gql<{ issue: null }>(lead.token, `query($id: ID!) { issue(id: $id) { id } }`, {
        id: issue.id,
      });
      expect(read.data).toEqual({ issue: null });
      expect(read.errors).toBeUndefined();
      expect(await snapshot(issue.id)).toEqual(before);
    });
  });

  describe('what error replies reveal', () => {
    const FORBIDDEN_TEXT = ['stacktrace', '/work/', 'node_modules', 'SELECT', 'INSERT', 'dist/'];
    /** A V8 stack line: "at fn (file:line:col)" or "at file:line:col". */
    const STACK_LINE = /\bat (?:\S+ \()?[^\s()"]+:\d+:\d+/;

    function leaks<T>(reply: GqlReply<T>): string[] {
      const text = JSON.stringify(reply);
      const found = FORBIDDEN_TEXT.filter((s) => text.includes(s));
      if (STACK_LINE.test(text)) found.push('stack line');
      return found;
    }

    /** One refused request of every kind, against the app `a`; each reply with the code it must carry. */
    async function refusedReplies(a: TestApp): Promise<{ expected: string; reply: GqlReply<unknown> }[]> {
      const lead = await createUnitWithToken(a, { name: '区城市管理局' });
      const filed = await fileIssue(a);
      const assigned = await assign(a, (await fileIssue(a)).id, lead.id);
      const q = (token: string | null, query: string, variables?: Record<string, unknown>) =>
        a.gql<unknown>(token, query, variables);
      return [
        {
          expected: 'BAD_USER_INPUT',
          reply: await q(
            OFFICE_TOKEN,
            `mutation { fileIssue(input: { source: CENTRAL_INSPECTION, title: "  ", description: "d", category: AIR }) { id } }`,
          ),
        },
        {
          expected: 'BAD_USER_INPUT',
          reply: await q(OFFICE_TOKEN, `query($id: ID!) { issue(id: $id) { id } }`, { id: 'abc' }),
        },
        {
          expected: 'BAD_USER_INPUT',
          reply: await q(OFFICE_TOKEN, `mutation($input: AssignInput!) { assignIssue(input: $input) { id } }`, {
            input: { issueId: filed.id, leadUnitId: lead.id, deadlineKind: 'DATE', dueAt: 'tomorrow' },
          }),
        },
        { expected: 'BAD_USER_INPUT', reply: await q(OFFICE_TOKEN, `{ issues(after: "garbage") { totalCount } }`) },
        {
          expected: 'INVALID_TRANSITION',
          reply: await q(OFFICE_TOKEN, `mutation($id: ID!) { acceptIssue(issueId: $id) { id } }`, { id: filed.id }),
        },
        {
          expected: 'VERSION_CONFLICT',
          reply: await q(lead.token, `mutation($id: ID!) { acceptIssue(issueId: $id, expectedVersion: 1) { id } }`, {
            id: assigned.id,
          }),
        },
        {
          expected: 'NOT_FOUND',
          reply: await q(OFFICE_TOKEN, `mutation($id: ID!) { acceptIssue(issueId: $id) { id } }`, { id: randomUUID() }),
        },
        {
          expected: 'FORBIDDEN',
          reply: await q(lead.token, `mutation($id: ID!) { verifyIssue(issueId: $id, passed: true) { id } }`, {
            id: assigned.id,
          }),
        },
        { expected: 'UNAUTHENTICATED', reply: await q(null, `{ issues { totalCount } }`) },
        { expected: 'UNAUTHENTICATED', reply: await q('rct_not-a-real-token-0000000000', `{ me { role } }`) },
        { expected: 'GRAPHQL_PARSE_FAILED', reply: await q(OFFICE_TOKEN, `{ issues(first: 5 { totalCount `) },
        { expected: 'GRAPHQL_VALIDATION_FAILED', reply: await q(OFFICE_TOKEN, `{ issues { nosuchfield } }`) },
      ];
    }

    it('shows no stack trace in test mode', async () => {
      for (const { expected, reply } of await refusedReplies(t)) {
        expect(reply.errors?.[0]?.extensions.code).toBe(expected);
        expect(JSON.stringify(reply)).not.toContain('stacktrace');
        expect(leaks(reply)).toEqual([]);
      }
    });

    describe('in production', () => {
      let prod: TestApp;

      beforeAll(async () => {
        prod = await createTestApp({ now: '2026-03-02T02:00:00.000Z', env: { NODE_ENV: 'production' } });
        await closingAtAcceptance(prod);
      });
      afterAll(() => prod.close());

      it('shows no stack trace, path, module or SQL in any error reply', async () => {
        const replies = await refusedReplies(prod);
        expect(replies.map((r) => r.reply.errors?.[0]?.extensions.code)).toEqual(replies.map((r) => r.expected));
        for (const { expected, reply } of replies) {
          expect({ expected, leaks: leaks(reply) }).toEqual({ expected, leaks: [] });
        }
      });

      it('shows nothing of the database either when filings race for one code', async () => {
        const code = `ZY3-PR-${randomUUID().slice(0, 8)}`;
        const replies = await Promise.all(
          Array.from({ length: 10 }, () =>
            prod.gql(OFFICE_TOKEN, `mutation($input: FileIssueInput!) { fileIssue(input: $input) { id } }`, {
              input: { source: 'CENTRAL_INSPECTION', code, title: '同号', description: '并发登记', category: 'WATER' },
            }),
          ),
        );
        expect(replies.filter((r) => r.errors === undefined)).toHaveLength(1);
        expect(replies.map(leaks)).toEqual(replies.map(() => []));
      });
    });
  });
});
