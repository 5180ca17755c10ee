// Refusals that say why (extensions.reason from the machine's rules, a Chinese message), input refused field by field
// (extensions.reasons), a submission that withdraws a pending extension, uploads nothing could attach, and
// escalationLevel that agrees with overdue at every read.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ISSUE_MACHINE_VERSION } from '../../workflows/issue.machine.js';
import { snapshotOf, step, substateOf, topStateOf } from '../../workflows/issue.runtime.js';
import { TRANSITION_REFUSAL_REASONS, type IssueEvent } from '../../workflows/issue.types.js';
import { INPUT_REFUSAL_REASONS } from '../../src/common/domain-error.js';
import { contextOf } from '../../src/issues/issue-snapshot.mapper.js';
import { IssuesRepository } from '../../src/issues/issues.repository.js';
import {
  createToken,
  createUnitWithToken,
  daysAfter,
  fileIssue,
  issueIn,
  type UnitWithToken,
  closingAtAcceptance,
} from '../factories/factories.js';
import { createTestApp, OFFICE_TOKEN, type GqlError, type GqlReply, type TestApp } from '../support/test-app.js';

/** A well-known 125-byte 1×1 JPEG. */
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/yQALCAABAAEBAREA/8wABgAQEAX/2gAIAQEAAD8A0s8g/9k=',
  'base64',
);

/** An instant as the messages write it: Asia/Shanghai, to the minute. */
const shanghai = (iso: string): string =>
  new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

function onlyError<T>(reply: GqlReply<T>, code: string): GqlError {
  expect(reply.errors).toHaveLength(1);
  expect(reply.data).toBeNull();
  expect(reply.errors![0].extensions.code).toBe(code);
  return reply.errors![0];
}

describe('refusals that say why', () => {
  let t: TestApp;
  const evidenceDir = mkdtempSync(join(tmpdir(), 'rectify-evidence-'));
  let lead: UnitWithToken;
  let coop: UnitWithToken;
  let leaderToken: string;

  beforeAll(async () => {
    t = await createTestApp({
      now: '2026-03-02T02:00:00.000Z',
      env: { RECTIFY_INTROSPECTION: 'true', RECTIFY_EVIDENCE_DIR: evidenceDir },
    });
    await closingAtAcceptance(t);
    lead = await createUnitWithToken(t, { name: '水江镇', kind: 'TOWN' });
    coop = await createUnitWithToken(t, { name: '区水利局' });
    leaderToken = await createToken(t, 'LEADER', undefined, '区领导');
  });
  afterAll(async () => {
    await t.close();
    rmSync(evidenceDir, { recursive: true, force: true });
  });

  const send = (token: string, mutation: string, variables: Record<string, unknown> = {}) => {
    const declared = Object.keys(variables)
      .map((k) => `$${k}: ${k === 'id' || k === 'of' ? 'ID!' : k === 'd' ? 'DateTime!' : 'String'}`)
      .join(', ');
    return t.gql<{ r: { id: string } }>(token, `mutation(${declared}) { r: ${mutation} { id } }`, variables);
  };
  const refused = async (
    token: string,
    mutation: string,
    variables: Record<string, unknown>,
    reason: string,
    code = 'INVALID_TRANSITION',
  ) => {
    const error = onlyError(await send(token, mutation, variables), code);
    expect(error.extensions.reason).toBe(reason);
    return error;
  };

  describe('INVALID_TRANSITION and FORBIDDEN carry extensions.reason and a Chinese message', () => {
    it('WRONG_STATE: the state has no such event, naming the state and what may be done instead', async () => {
      const issue = await fileIssue(t);
      const error = await refused(OFFICE_TOKEN, 'acceptIssue(issueId: $id)', { id: issue.id }, 'WRONG_STATE');
      expect(error.extensions).toEqual({
        code: 'INVALID_TRANSITION',
        reason: 'WRONG_STATE',
        state: 'FILED',
        allowedEvents: ['assign', 'publish', 'markDuplicate'],
      });
      expect(error.message).toBe('问题当前为“已登记（待交办）”，不能“签收”。当前可办理：交办、信息公开、标记重复');
    });

    it('EXTENSION_PENDING: a second request while one waits for the office', async () => {
      const issue = await issueIn(t, 'RECTIFYING.inProgress', lead);
      const first = daysAfter(t, 45);
      expect(
        (
          await send(lead.token, 'requestExtension(issueId: $id, newDueAt: $d, reason: "雨季施工受阻")', {
            id: issue.id,
            d: first,
          })
        ).errors,
      ).toBeUndefined();
      const error = await refused(
        lead.token,
        'requestExtension(issueId: $id, newDueAt: $d, reason: "再延一次")',
        { id: issue.id, d: daysAfter(t, 90) },
        'EXTENSION_PENDING',
      );
      expect(error.message).toBe(`已有一项延期申请（申请延至 ${shanghai(first)}）待整改办审批，审批前不能再次申请延期`);
      expect(error.extensions.allowedEvents).toEqual(['reportProgress', 'submit', 'setPlan']);
    });

    it('NO_PENDING_EXTENSION: a decision with nothing to decide', async () => {
      const issue = await issueIn(t, 'RECTIFYING.inProgress', lead);
      const error = await refused(
        OFFICE_TOKEN,
        'decideExtension(issueId: $id, approve: true)',
        { id: issue.id },
        'NO_PENDING_EXTENSION',
      );
      expect(error.message).toBe('当前没有待审批的延期申请');
    });

    it('NO_DEADLINE: long-term work has no deadline to extend', async () => {
      const issue = await fileIssue(t);
      await t.ok(
        OFFICE_TOKEN,
        `mutation($id: ID!, $lead: ID!) { assignIssue(input: { issueId: $id, leadUnitId: $lead, deadlineKind: LONG_TERM }) { id } }`,
        { id: issue.id, lead: lead.id },
      );
      await t.ok(lead.token, `mutation($id: ID!) { acceptIssue(issueId: $id) { id } }`, { id: issue.id });
      const error = await refused(
        lead.token,
        'requestExtension(issueId: $id, newDueAt: $d, reason: "雨季")',
        { id: issue.id, d: daysAfter(t, 30) },
        'NO_DEADLINE',
      );
      expect(error.message).toBe('该问题为长期坚持，没有整改时限，不能“申请延期”');
    });

    it('DUPLICATE, and HAS_DUPLICATES: a duplicate takes nothing, an original does not become one', async () => {
      const original = await issueIn(t, 'RECTIFYING.inProgress', lead);
      const duplicate = await issueIn(t, 'RECTIFYING.inProgress', lead);
      const other = await fileIssue(t);
      expect(
        (await send(OFFICE_TOKEN, 'markDuplicate(issueId: $id, ofId: $of)', { id: duplicate.id, of: original.id }))
          .errors,
      ).toBeUndefined();
      const taken = await refused(
        lead.token,
        'reportProgress(issueId: $id, progressPercent: 50, comment: "过半")',
        { id: duplicate.id },
        'DUPLICATE',
      );
      expect(taken.message).toBe('该问题已标记为重复问题，不能“报告进展”；请在原问题上继续办理');
      const chained = await refused(
        OFFICE_TOKEN,
        'markDuplicate(issueId: $id, ofId: $of)',
        { id: original.id, of: other.id },
        'HAS_DUPLICATES',
      );
      expect(chained.message).toBe('该问题已是 1 个重复问题的原问题，不能再标记为重复');
    });

    it('OPEN_CHILDREN: not closed while a derived problem (举一反三) is open', async () => {
      const parent = await issueIn(t, 'VERIFIED.signedOff', lead);
      await fileIssue(t, { source: 'SELF_INSPECTION', parentId: parent.id });
      await fileIssue(t, { source: 'SELF_INSPECTION', parentId: parent.id });
      const error = await refused(OFFICE_TOKEN, 'closeIssue(issueId: $id)', { id: parent.id }, 'OPEN_CHILDREN');
      expect(error.message).toBe('还有 2 个举一反三问题未销号，须先办结才能销号');
      expect(error.extensions.allowedEvents).toEqual(['publish', 'markDuplicate']);
    });

    it('FORBIDDEN says why too: not the lead unit, the office’s event, a leader', async () => {
      const issue = await issueIn(t, 'RECTIFYING.inProgress', lead, { cooperatingUnitIds: [coop.id] });
      const notLead = await refused(
        coop.token,
        'submitRectification(issueId: $id, summary: "已完成")',
        { id: issue.id },
        'NOT_LEAD_UNIT',
        'FORBIDDEN',
      );
      expect(notLead).toMatchObject({
        message: '只有该问题的牵头单位（或整改办）可以“申请销号”',
        extensions: { code: 'FORBIDDEN', reason: 'NOT_LEAD_UNIT' },
      });
      const office = await refused(
        lead.token,
        'closeIssue(issueId: $id)',
        { id: issue.id },
        'OFFICE_ONLY',
        'FORBIDDEN',
      );
      expect(office.message).toBe('“销号”由整改办办理');
      const leader = await refused(
        leaderToken,
        'reportProgress(issueId: $id, progressPercent: 10, comment: "进展")',
        { id: issue.id },
        'READ_ONLY',
        'FORBIDDEN',
      );
      expect(leader.message).toBe('领导账号只能查看，不能“报告进展”');
    });

    it('the schema lists every reason, described, for clients to generate types from', async () => {
      const data = await t.ok<{
        t: { enumValues: { name: string; description: string }[] };
        i: { enumValues: { name: string; description: string }[] };
      }>(
        OFFICE_TOKEN,
        `{ t: __type(name: "TransitionRefusalReason") { enumValues { name description } } i: __type(name: "InputRefusalReason") { enumValues { name description } } }`,
      );
      expect(data.t.enumValues.map((v) => v.name).sort()).toEqual([...TRANSITION_REFUSAL_REASONS].sort());
      expect(data.i.enumValues.map((v) => v.name).sort()).toEqual([...INPUT_REFUSAL_REASONS].sort());
      for (const v of [...data.t.enumValues, ...data.i.enumValues]) expect(v.description).toMatch(/\p{Script=Han}/u);
    });
  });

  describe('BAD_USER_INPUT names each field with its own reason, keeping fields as they were', () => {
    const ASSIGN = `mutation($input: AssignInput!) { assignIssue(input: $input) { id } }`;

    it.each([
      {
        what: 'without a UTC offset',
        dueAt: () => '2026-12-01T18:00:00',
        reason: 'MISSING_OFFSET',
        message: '须带时区，如 2026-12-01T18:00:00+08:00',
      },
      {
        what: 'in the past',
        dueAt: (t: TestApp) => daysAfter(t, -1),
        reason: 'NOT_IN_FUTURE',
        message: '须晚于当前时间',
      },
      {
        what: 'unreadable',
        dueAt: () => 'tomorrow',
        reason: 'MALFORMED',
        message: '格式不正确，须为带时区的时间，如 2026-12-01T18:00:00+08:00',
      },
      {
        what: 'out of range',
        dueAt: () => '0999-12-01T18:00:00Z',
        reason: 'OUT_OF_RANGE',
        message: '须在 1000 年至 9999 年之间',
      },
    ])('dueAt $what → $reason', async ({ dueAt, reason, message }) => {
      const issue = await fileIssue(t);
      const error = onlyError(
        await t.gql(OFFICE_TOKEN, ASSIGN, {
          input: { issueId: issue.id, leadUnitId: lead.id, deadlineKind: 'DATE', dueAt: dueAt(t) },
        }),
        'BAD_USER_INPUT',
      );
      expect(error.extensions).toEqual({
        code: 'BAD_USER_INPUT',
        fields: ['dueAt'],
        reasons: [{ field: 'dueAt', reason, message }],
      });
      expect(error.message).toBe(`dueAt：${message}`);
    });

    it('dueAt missing on a DATE deadline, and given on a LONG_TERM one', async () => {
      const issue = await fileIssue(t);
      const missing = onlyError(
        await t.gql(OFFICE_TOKEN, ASSIGN, { input: { issueId: issue.id, leadUnitId: lead.id, deadlineKind: 'DATE' } }),
        'BAD_USER_INPUT',
      );
      expect(missing.extensions.reasons).toEqual([{ field: 'dueAt', reason: 'REQUIRED', message: '必填，不能为空' }]);
      const extra = onlyError(
        await t.gql(OFFICE_TOKEN, ASSIGN, {
          input: { issueId: issue.id, leadUnitId: lead.id, deadlineKind: 'LONG_TERM', dueAt: daysAfter(t, 30) },
        }),
        'BAD_USER_INPUT',
      );
      expect(extra.extensions.reasons).toEqual([
        { field: 'dueAt', reason: 'NOT_APPLICABLE', message: expect.any(String) },
      ]);
    });

    it('several fields, each with its own reason (validation and the machine alike)', async () => {
      const filed = onlyError(
        await t.gql(OFFICE_TOKEN, `mutation($input: FileIssueInput!) { fileIssue(input: $input) { id } }`, {
          input: {
            source: 'CENTRAL_INSPECTION',
            title: '   ',
            description: 'x'.repeat(5001),
            category: 'AIR',
            code: '!bad',
          },
        }),
        'BAD_USER_INPUT',
      );
      expect(filed.extensions.fields).toEqual(['code', 'title', 'description']);
      expect(
        (filed.extensions.reasons as { field: string; reason: string }[]).map((r) => `${r.field}:${r.reason}`),
      ).toEqual(['code:MALFORMED', 'title:REQUIRED', 'description:TOO_LONG']);
      const issue = await issueIn(t, 'RECTIFYING.inProgress', lead);
      const progress = onlyError(
        await send(lead.token, 'reportProgress(issueId: $id, progressPercent: 100, comment: "   ")', { id: issue.id }),
        'BAD_USER_INPUT',
      );
      expect(progress.extensions.reasons).toEqual([
        { field: 'comment', reason: 'REQUIRED', message: '必填，不能为空' },
      ]);
      const ext = onlyError(
        await send(lead.token, 'requestExtension(issueId: $id, newDueAt: $d, reason: "雨季")', {
          id: issue.id,
          d: daysAfter(t, 1),
        }),
        'BAD_USER_INPUT',
      );
      expect(ext.extensions.reasons).toEqual([
        { field: 'newDueAt', reason: 'NOT_AFTER_DEADLINE', message: '须晚于现行整改时限' },
      ]);
    });
  });

  describe('a submission while an extension request is pending', () => {
    const EVENTS = `events { type withdrawnExtension { newDueAt reason requestedAt } }`;

    it('withdraws the request, says so in the log, and leaves the office nothing to decide', async () => {
      const issue = await issueIn(t, 'RECTIFYING.inProgress', lead);
      const before = await t.ok<{ issue: { dueAt: string } }>(
        OFFICE_TOKEN,
        `query($id: ID!) { issue(id: $id) { dueAt } }`,
        { id: issue.id },
      );
      const asked = daysAfter(t, 60);
      await t.ok(
        lead.token,
        `mutation($id: ID!, $d: DateTime!) { requestExtension(issueId: $id, newDueAt: $d, reason: "设备到货延迟") { id } }`,
        { id: issue.id, d: asked },
      );

      const submitted = await t.ok<{
        submitRectification: {
          substate: string;
          pendingExtension: unknown;
          dueAt: string;
          events: { type: string; withdrawnExtension: unknown }[];
        };
      }>(
        lead.token,
        `mutation($id: ID!) { submitRectification(issueId: $id, summary: "已完成整改") { substate pendingExtension { newDueAt } dueAt ${EVENTS} } }`,
        { id: issue.id },
      );
      expect(submitted.submitRectification).toMatchObject({
        substate: 'RECTIFYING.submitted',
        pendingExtension: null,
        dueAt: before.issue.dueAt,
      });
      const log = submitted.submitRectification.events;
      expect(log.map((e) => e.type)).toEqual(['file', 'assign', 'accept', 'requestExtension', 'submit']);
      expect(log[4].withdrawnExtension).toEqual({
        newDueAt: asked,
        reason: '设备到货延迟',
        requestedAt: t.clock.now().toISOString(),
      });
      expect(log.slice(0, 4).every((e) => e.withdrawnExtension === null)).toBe(true);

      const error = onlyError(
        await send(OFFICE_TOKEN, 'decideExtension(issueId: $id, approve: true, comment: "同意")', { id: issue.id }),
        'INVALID_TRANSITION',
      );
      expect(error.extensions).toEqual({
        code: 'INVALID_TRANSITION',
        reason: 'NO_PENDING_EXTENSION',
        state: 'RECTIFYING.submitted',
        allowedEvents: ['verify', 'publish', 'markDuplicate', 'superviseOrder'],
      });
      const after = await t.ok<{ issue: { dueAt: string; version: number } }>(
        OFFICE_TOKEN,
        `query($id: ID!) { issue(id: $id) { dueAt version } }`,
        { id: issue.id },
      );
      expect(after.issue).toEqual({ dueAt: before.issue.dueAt, version: 5 });
    });

    it('a submission logged by machine version 1 (no stamp) still replays to the stored state, and its request stays decidable', async () => {
      const issue = await issueIn(t, 'RECTIFYING.inProgress', lead);
      const asked = daysAfter(t, 50);
      await t.ok(
        lead.token,
        `mutation($id: ID!, $d: DateTime!) { requestExtension(issueId: $id, newDueAt: $d, reason: "雨季") { id } }`,
        { id: issue.id, d: asked },
      );
      // What version 1 wrote: the same path, a submission without withdrawnExtension.
      const repo = t.app.get(IssuesRepository);
      const [record] = await repo.byIds([issue.id]);
      const at = t.clock.now();
      const event = {
        type: 'submit',
        summary: '已完成整改',
        finding: null,
        actor: { role: 'UNIT', unitId: lead.id },
        at: at.toISOString(),
      } as IssueEvent;
      const next = step(snapshotOf(record.substate, contextOf(record)), event);
      expect(next.changed).toBe(true);
      const substate = substateOf(next.snapshot);
      const saved = await repo.saveTransition(
        t.db.manager,
        issue.id,
        { state: topStateOf(substate), substate, machineVersion: 1, context: next.snapshot.context },
        {
          seq: record.version + 1,
          type: 'submit',
          fromState: record.substate,
          toState: substate,
          actor: '水江镇',
          actorRole: 'UNIT',
          actorTokenId: null,
          unitId: lead.id,
          comment: '已完成整改',
          payload: event,
          machineVersion: 1,
          at,
        },
        record.version,
      );
      expect(saved?.pendingExtension).not.toBeNull();
      expect(ISSUE_MACHINE_VERSION).toBe(8);

      const decided = await t.ok<{ decideExtension: { dueAt: string; substate: string } }>(
        OFFICE_TOKEN,
        `mutation($id: ID!) { decideExtension(issueId: $id, approve: true) { dueAt substate } }`,
        { id: issue.id },
      );
      expect(decided.decideExtension).toEqual({ dueAt: asked, substate: 'RECTIFYING.submitted' });
      const verified = await t.ok<{ verifyLog: { mismatches: unknown[] } }>(
        OFFICE_TOKEN,
        `{ verifyLog { mismatches { code fields } } }`,
      );
      expect(verified.verifyLog.mismatches).toEqual([]);
    });
  });

  describe('evidence nothing could attach is refused', () => {
    const upload = (token: string, issueId: string) =>
      request(t.app.getHttpServer())
        .post(`/issues/${issueId}/evidence`)
        .set('authorization', `Bearer ${token}`)
        .attach('file', JPEG, 'photo.jpg');
    const stored = async (issueId: string) =>
      (
        (await t.db.query(`SELECT count(*)::int AS n FROM evidence WHERE issue_id = $1`, [issueId])) as { n: number }[]
      )[0].n;

    it.each([
      ['a submitted problem, from the lead unit', 'RECTIFYING.submitted', 'lead', []],
      ['a closed problem, from the lead unit', 'CLOSED', 'lead', []],
      ['a closed problem, from the office', 'CLOSED', 'office', ['revisit', 'publish', 'markDuplicate']],
      [
        'an assigned problem, from the office',
        'ASSIGNED',
        'office',
        ['reassign', 'accept', 'return', 'publish', 'escalate', 'markDuplicate', 'superviseOrder'],
      ],
    ] as const)('%s: 409 INVALID_TRANSITION (WRONG_STATE), nothing stored', async (_what, state, as, allowed) => {
      const issue = await issueIn(t, state, lead);
      const res = await upload(as === 'office' ? OFFICE_TOKEN : lead.token, issue.id);
      expect(res.status).toBe(409);
      expect(res.body.errors).toHaveLength(1);
      const [error] = res.body.errors as GqlError[];
      expect(error.extensions).toEqual({
        code: 'INVALID_TRANSITION',
        reason: 'WRONG_STATE',
        state,
        allowedEvents: allowed,
      });
      expect(error.message).toMatch(/^问题当前为“.+”，不能“上传佐证”，佐证无处可附/);
      expect(await stored(issue.id)).toBe(0);
    });

    it('a duplicate: DUPLICATE', async () => {
      const [original, duplicate] = [
        await issueIn(t, 'RECTIFYING.inProgress', lead),
        await issueIn(t, 'RECTIFYING.inProgress', lead),
      ];
      await t.ok(OFFICE_TOKEN, `mutation($id: ID!, $of: ID!) { markDuplicate(issueId: $id, ofId: $of) { id } }`, {
        id: duplicate.id,
        of: original.id,
      });
      const res = await upload(lead.token, duplicate.id);
      expect(res.status).toBe(409);
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', reason: 'DUPLICATE' });
    });

    it('still taken where an event can attach it: in progress (either), submitted (the office, to verify)', async () => {
      const inProgress = await issueIn(t, 'RECTIFYING.inProgress', lead);
      expect((await upload(lead.token, inProgress.id)).status).toBe(201);
      expect((await upload(OFFICE_TOKEN, inProgress.id)).status).toBe(201);
      const submitted = await issueIn(t, 'RECTIFYING.submitted', lead);
      const res = await upload(OFFICE_TOKEN, submitted.id);
      expect(res.status).toBe(201);
      await t.ok(
        OFFICE_TOKEN,
        `mutation($id: ID!, $ev: [ID!]) { verifyIssue(issueId: $id, passed: true, evidenceIds: $ev) { id } }`,
        { id: submitted.id, ev: [res.body.id] },
      );
    });
  });

  // Last: these move the clock on.
  describe('DEADLINE_PASSED: no extension once the deadline has passed', () => {
    it('says so with the deadline, in Shanghai time (TOP_ESCALATION_REACHED is the sweep’s alone: no mutation escalates)', async () => {
      const due = daysAfter(t, 2);
      const issue = await issueIn(t, 'RECTIFYING.inProgress', lead, { dueAt: due });
      t.clock.set(new Date(Date.parse(due) + 3_600_000));
      const error = await refused(
        lead.token,
        'requestExtension(issueId: $id, newDueAt: $d, reason: "雨季")',
        { id: issue.id, d: daysAfter(t, 30) },
        'DEADLINE_PASSED',
      );
      expect(error.message).toBe(
        `整改时限（${shanghai(due)}）已过，不能再申请延期；请尽快完成整改并申请销号，或与整改办联系`,
      );
      expect(error.extensions).toEqual({
        code: 'INVALID_TRANSITION',
        reason: 'DEADLINE_PASSED',
        state: 'RECTIFYING.inProgress',
        allowedEvents: ['reportProgress', 'submit', 'setPlan'],
      });
    });
  });

  describe('escalationLevel agrees with overdue at every read, before any sweep', () => {
    const VIEW = `query($id: ID!) { issue(id: $id) { overdue dueSoon escalationLevel events { type } } }`;
    const view = async (id: string) =>
      (
        await t.ok<{
          issue: { overdue: boolean; dueSoon: boolean; escalationLevel: string; events: { type: string }[] };
        }>(OFFICE_TOKEN, VIEW, { id })
      ).issue;

    it('due soon → WARNING, a minute past the deadline → SUPERVISION, 30 days past → NAMED_SUPERVISION; no escalate event logged', async () => {
      const due = daysAfter(t, 3);
      const issue = await issueIn(t, 'RECTIFYING.inProgress', lead, { dueAt: due });
      expect(await view(issue.id)).toMatchObject({ overdue: false, dueSoon: true, escalationLevel: 'WARNING' });

      t.clock.set(new Date(Date.parse(due) + 60_000));
      expect(await view(issue.id)).toMatchObject({ overdue: true, dueSoon: false, escalationLevel: 'SUPERVISION' });

      t.clock.set(new Date(Date.parse(due) + 31 * 86_400_000));
      const late = await view(issue.id);
      expect(late).toMatchObject({ overdue: true, escalationLevel: 'NAMED_SUPERVISION' });
      // Read, not logged: the sweep's audited events are its own business.
      expect(late.events.map((e) => e.type)).not.toContain('escalate');

      // Submitted, the unit no longer holds it: not overdue, and the level is the one logged (none yet).
      await t.ok(lead.token, `mutation($id: ID!) { submitRectification(issueId: $id, summary: "已完成整改") { id } }`, {
        id: issue.id,
      });
      expect(await view(issue.id)).toMatchObject({ overdue: false, escalationLevel: 'NONE' });
    });
  });
});
