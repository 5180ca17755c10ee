// A unit keeps read access to the problems it once led or cooperated on (README: Former holders): the problem as it
// is now, its log up to the event that took the problem away, the evidence of those events; not what later holders
// wrote, nor their pending extension request. heldByMe says which. The default list stays "held now".
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import {
  assign,
  createToken,
  createUnitWithToken,
  daysAfter,
  fileIssue,
  type UnitWithToken,
} from '../factories/factories.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

/** A well-known 125-byte 1×1 JPEG (as in evidence.e2e-spec.ts). */
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/yQALCAABAAEBAREA/8wABgAQEAX/2gAIAQEAAD8A0s8g/9k=',
  'base64',
);

interface View {
  id: string;
  heldByMe: boolean;
  awaitingMe: boolean;
  allowedEvents: string[];
  leadUnit: { id: string } | null;
  pendingExtension: { reason: string } | null;
  complainant: { name: string | null } | null;
  events: { seq: number; type: string; comment: string | null; evidence: { id: string }[] }[];
  evidence: { id: string }[];
}

const VIEW = `id heldByMe awaitingMe allowedEvents leadUnit { id } pendingExtension { reason } complainant { name }
  events { seq type comment evidence { id } } evidence { id }`;

describe('former holders: a unit reads what it once held, up to the event that took it away', () => {
  let t: TestApp;
  let dir: string;
  let first: UnitWithToken; // leads, then loses it to `second`
  let second: UnitWithToken; // leads it after the reassignment
  let helper: UnitWithToken; // cooperates, then is left out
  let stranger: UnitWithToken; // never held it
  let leader: string;
  let issueId: string;
  let code: string;
  let secondPhoto: string;
  let reassignSeq: number;

  const view = async (token: string, id = issueId) =>
    (await t.ok<{ issue: View | null }>(token, `query($id: ID!) { issue(id: $id) { ${VIEW} } }`, { id })).issue;
  const upload = async (token: string, id: string) => {
    const res = await request(t.app.getHttpServer())
      .post(`/issues/${id}/evidence`)
      .set('authorization', `Bearer ${token}`)
      .attach('file', JPEG, { filename: '现场照片.jpg', contentType: 'image/jpeg' });
    expect(res.status).toBe(201);
    return (res.body as { id: string }).id;
  };
  const progress = (unit: UnitWithToken, comment: string, evidenceIds: string[]) =>
    t.ok(
      unit.token,
      `mutation($id: ID!, $c: String!, $e: [ID!]) { reportProgress(issueId: $id, progressPercent: 40, comment: $c, evidenceIds: $e) { id } }`,
      {
        id: issueId,
        c: comment,
        e: evidenceIds,
      },
    );

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rectify-former-'));
    t = await createTestApp({ now: '2026-06-01T02:00:00.000Z', env: { RECTIFY_EVIDENCE_DIR: dir } });
    first = await createUnitWithToken(t, { name: '南平镇', kind: 'TOWN' });
    second = await createUnitWithToken(t, { name: '区城市管理局' });
    helper = await createUnitWithToken(t, { name: '区生态环境局' });
    stranger = await createUnitWithToken(t, { name: '大观镇', kind: 'TOWN' });
    leader = await createToken(t, 'LEADER', undefined, '区领导');
    const issue = await fileIssue(t, {
      source: 'PUBLIC_COMPLAINT',
      complainantName: '李某',
      complaintChannel: '12369',
      title: '夜间施工噪声扰民',
    });
    issueId = issue.id;
    code = issue.code;
    await assign(t, issueId, first.id, { cooperatingUnitIds: [helper.id] });
    // (the machine moves a problem to another unit before it is signed for: reassign from ASSIGNED, or return)
    const reassigned = await t.ok<{ reassignIssue: { version: number } }>(
      OFFICE_TOKEN,
      `mutation($input: AssignInput!) { reassignIssue(input: $input) { version } }`,
      {
        input: {
          issueId,
          leadUnitId: second.id,
          deadlineKind: 'DATE',
          dueAt: daysAfter(t, 30),
          comment: '改由城管局牵头',
        },
      },
    );
    reassignSeq = reassigned.reassignIssue.version;
    await t.ok(second.token, `mutation($id: ID!) { acceptIssue(issueId: $id, comment: "城管局签收") { id } }`, {
      id: issueId,
    });
    secondPhoto = await upload(second.token, issueId);
    // An upload not yet attached to any event is the uploader's business.
    await upload(second.token, issueId);
    await progress(second, '城管执法已立案', [secondPhoto]);
    await t.ok(
      second.token,
      `mutation($id: ID!, $at: DateTime!) { requestExtension(issueId: $id, newDueAt: $at, reason: "城管内部原因") { id } }`,
      {
        id: issueId,
        at: daysAfter(t, 60),
      },
    );
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the former lead reads the problem as it is now, its log up to the reassignment, none of the later evidence', async () => {
    const mine = await view(first.token);
    expect(mine).not.toBeNull();
    expect(mine!.heldByMe).toBe(false);
    expect(mine!.leadUnit).toEqual({ id: second.id });
    expect(mine!.events.map((e) => e.type)).toEqual(['file', 'assign', 'reassign']);
    expect(mine!.events.at(-1)).toMatchObject({ seq: reassignSeq, comment: '改由城管局牵头' });
    expect(mine!.evidence).toEqual([]);
    // Nothing the later holder wrote, nothing to do, no complainant.
    expect(JSON.stringify(mine)).not.toMatch(/城管执法已立案|城管内部原因|城管局签收/);
    expect(mine).toMatchObject({ pendingExtension: null, allowedEvents: [], awaitingMe: false, complainant: null });
  });

  it('the current lead reads it all, its predecessor’s log included', async () => {
    const theirs = await view(second.token);
    expect(theirs!.heldByMe).toBe(true);
    expect(theirs!.events.map((e) => e.type)).toEqual([
      'file',
      'assign',
      'reassign',
      'accept',
      'reportProgress',
      'requestExtension',
    ]);
    expect(theirs!.events.find((e) => e.type === 'reportProgress')).toMatchObject({
      comment: '城管执法已立案',
      evidence: [{ id: secondPhoto }],
    });
    expect(theirs!.evidence).toHaveLength(2);
    expect(theirs!.pendingExtension).toEqual({ reason: '城管内部原因' });
    expect(theirs!.awaitingMe).toBe(true);
  });

  it('a cooperating unit left out by the reassignment is a former holder too', async () => {
    const helped = await view(helper.token);
    expect(helped!.heldByMe).toBe(false);
    expect(helped!.events.at(-1)!.seq).toBe(reassignSeq);
  });

  it('a unit that never held it, the office and a leader read as before', async () => {
    expect(await view(stranger.token)).toBeNull();
    expect((await view(OFFICE_TOKEN))!).toMatchObject({ heldByMe: false, complainant: { name: '李某' } });
    expect((await view(OFFICE_TOKEN))!.events).toHaveLength(6);
    expect((await view(leader))!).toMatchObject({ heldByMe: false, complainant: null });
  });

  it('issueByCode and node(id) give the same view', async () => {
    const byCode = await t.ok<{ issueByCode: { id: string; heldByMe: boolean; events: { seq: number }[] } }>(
      first.token,
      `query($c: String!) { issueByCode(code: $c) { id heldByMe events { seq } } }`,
      { c: code },
    );
    expect(byCode.issueByCode).toMatchObject({ id: issueId, heldByMe: false });
    expect(byCode.issueByCode.events.at(-1)!.seq).toBe(reassignSeq);
    const node = await t.ok<{ node: { __typename: string; id: string; heldByMe: boolean } | null }>(
      first.token,
      `query($id: ID!) { node(id: $id) { __typename id ... on Issue { heldByMe } } }`,
      { id: issueId },
    );
    expect(node.node).toEqual({ __typename: 'Issue', id: issueId, heldByMe: false });
    expect(
      (await t.ok<{ node: unknown }>(stranger.token, `query($id: ID!) { node(id: $id) { id } }`, { id: issueId })).node,
    ).toBeNull();
  });

  it('the list stays "held now"; includeFormer adds what the unit once held, counted', async () => {
    const list = async (token: string, filter: Record<string, unknown>) =>
      (
        await t.ok<{
          issues: {
            totalCount: number;
            edges: { node: { id: string; heldByMe: boolean; events: { seq: number }[] } }[];
          };
        }>(
          token,
          `query($f: IssueFilter) { issues(filter: $f) { totalCount edges { node { id heldByMe events { seq } } } } }`,
          { f: filter },
        )
      ).issues;
    expect(await list(first.token, {})).toEqual({ totalCount: 0, edges: [] });
    const withFormer = await list(first.token, { includeFormer: true });
    expect(withFormer.totalCount).toBe(1);
    expect(withFormer.edges.map((e) => [e.node.id, e.node.heldByMe, e.node.events.at(-1)!.seq])).toEqual([
      [issueId, false, reassignSeq],
    ]);
    // The office asks about the unit the same way; the new lead sees it held.
    expect((await list(OFFICE_TOKEN, { unitId: first.id, includeFormer: true })).totalCount).toBe(1);
    expect((await list(OFFICE_TOKEN, { unitId: first.id })).totalCount).toBe(0);
    expect((await list(second.token, { includeFormer: true })).edges.map((e) => e.node.heldByMe)).toEqual([true]);
    // Another unit's list asked by the former holder: only what it may read, as far as it may read it.
    const viaOther = await list(first.token, { unitId: second.id, includeFormer: true });
    expect(viaOther.edges.map((e) => [e.node.heldByMe, e.node.events.at(-1)!.seq])).toEqual([[false, reassignSeq]]);
    expect((await list(first.token, { unitId: second.id })).totalCount).toBe(0);
  });

  it('a former holder cannot act on the problem', async () => {
    const reply = await t.gql(
      first.token,
      `mutation($id: ID!) { reportProgress(issueId: $id, progressPercent: 90, comment: "仍在整改") { id } }`,
      { id: issueId },
    );
    expect(reply.errors?.[0].extensions.code).toMatch(/NOT_FOUND|FORBIDDEN/);
  });

  it('a unit that returned a problem reads its own return reason', async () => {
    const returned = await fileIssue(t, { title: '河道排口未封堵' });
    await assign(t, returned.id, stranger.id);
    await t.ok(stranger.token, `mutation($id: ID!) { returnIssue(issueId: $id, reason: "不在本镇辖区") { id } }`, {
      id: returned.id,
    });
    await assign(t, returned.id, helper.id);
    const mine = await view(stranger.token, returned.id);
    expect(mine!.heldByMe).toBe(false);
    expect(mine!.events.map((e) => [e.type, e.comment])).toEqual([
      ['file', null],
      ['assign', null],
      ['return', '不在本镇辖区'],
    ]);
  });

  it('a unit given the problem back holds it again and reads it whole', async () => {
    const again = await fileIssue(t, { title: '餐饮油烟直排' });
    await assign(t, again.id, first.id);
    await t.ok(OFFICE_TOKEN, `mutation($input: AssignInput!) { reassignIssue(input: $input) { id } }`, {
      input: { issueId: again.id, leadUnitId: second.id, deadlineKind: 'LONG_TERM' },
    });
    await t.ok(OFFICE_TOKEN, `mutation($input: AssignInput!) { reassignIssue(input: $input) { id } }`, {
      input: { issueId: again.id, leadUnitId: first.id, deadlineKind: 'LONG_TERM', comment: '仍由南平镇牵头' },
    });
    const mine = await view(first.token, again.id);
    expect(mine).toMatchObject({ heldByMe: true, awaitingMe: true });
    expect(mine!.events).toHaveLength(4);
    expect(await view(second.token, again.id)).toMatchObject({ heldByMe: false });
  });
});
