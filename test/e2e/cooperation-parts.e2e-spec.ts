// 配合单位分工 (#25): each cooperating unit reports its own part — progress, evidence, done — and the lead submits only
// once every part is done or waived by the office, with a reason; the cooperating unit finds its part in its work.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { JPEG } from '../factories/photo.factory.js';
import { assign, createUnitWithToken, fileIssue, type UnitWithToken } from '../factories/factories.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

const PARTS = `parts { unit { id } progressPercent doneAt waivedReason pending }`;
const VIEW = `query($id: ID!) { issue(id: $id) { substate awaitingMe allowedEvents ${PARTS} events { type actor evidence { fileName } } } }`;
const REPORT = `mutation($id: ID!, $p: Int!, $done: Boolean!, $unit: ID, $ev: [ID!]) {
  reportPart(issueId: $id, unitId: $unit, progressPercent: $p, comment: "配合完成河道清淤", done: $done, evidenceIds: $ev) { id } }`;

interface View {
  substate: string;
  awaitingMe: boolean;
  allowedEvents: string[];
  parts: {
    unit: { id: string };
    progressPercent: number;
    doneAt: string | null;
    waivedReason: string | null;
    pending: boolean;
  }[];
  events: { type: string; actor: string; evidence: { fileName: string }[] }[];
}

describe('配合单位分工: each cooperating unit’s part', () => {
  let t: TestApp;
  let town: UnitWithToken;
  let bureau: UnitWithToken;
  let forestry: UnitWithToken;
  let outsider: UnitWithToken;
  const view = async (id: string, token = OFFICE_TOKEN) => (await t.ok<{ issue: View }>(token, VIEW, { id })).issue;
  const submit = (id: string) =>
    t.gql(town.token, 'mutation($id: ID!) { submitRectification(issueId: $id, summary: "已完成整改") { substate } }', {
      id,
    });
  async function rectifying(cooperating: UnitWithToken[]): Promise<string> {
    const issue = await fileIssue(t, { title: '河道岸线违规堆放' });
    await assign(t, issue.id, town.id, { cooperatingUnitIds: cooperating.map((u) => u.id) });
    await t.ok(town.token, 'mutation($id: ID!) { acceptIssue(issueId: $id) { id } }', { id: issue.id });
    return issue.id;
  }

  beforeAll(async () => {
    t = await createTestApp();
    town = await createUnitWithToken(t, { name: '鸣玉镇', kind: 'TOWN' });
    bureau = await createUnitWithToken(t, { name: '区水利局' });
    forestry = await createUnitWithToken(t, { name: '区林业局' });
    outsider = await createUnitWithToken(t, { name: '区交通局' });
  });
  afterAll(() => t.close());

  it('holds the lead’s submission until the part is done; the cooperating unit reports it, with its evidence', async () => {
    const id = await rectifying([bureau]);
    expect((await view(id)).parts).toEqual([
      { unit: { id: bureau.id }, progressPercent: 0, doneAt: null, waivedReason: null, pending: true },
    ]);
    const early = await submit(id);
    expect(early.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', reason: 'PARTS_PENDING' });
    // The part is the bureau's work: it is awaited, and only it (or the office) reports it.
    expect(await view(id, bureau.token)).toMatchObject({ awaitingMe: true, allowedEvents: ['reportPart'] });
    const mine = await t.ok<{ issues: { edges: { node: { id: string } }[] } }>(
      bureau.token,
      '{ issues(filter: { awaitingMe: true }) { edges { node { id } } } }',
    );
    expect(mine.issues.edges.map((e) => e.node.id)).toEqual([id]);
    const byLead = await t.gql(town.token, REPORT, { id, p: 100, done: true, unit: bureau.id });
    expect(byLead.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_COOPERATING_UNIT' });
    const byOutsider = await t.gql(outsider.token, REPORT, { id, p: 100, done: true });
    expect(byOutsider.errors?.[0].extensions?.code).toBe('NOT_FOUND');

    await t.ok(bureau.token, REPORT, { id, p: 60, done: false });
    expect((await view(id)).parts[0]).toMatchObject({ progressPercent: 60, pending: true });
    const photo = await request(t.app.getHttpServer())
      .post(`/issues/${id}/evidence`)
      .set('authorization', `Bearer ${bureau.token}`)
      .attach('file', JPEG, { filename: '清淤完成.jpg', contentType: 'image/jpeg' });
    expect(photo.status).toBe(201);
    await t.ok(bureau.token, REPORT, { id, p: 100, done: true, ev: [photo.body.id] });
    const done = await view(id, bureau.token);
    expect(done).toMatchObject({ awaitingMe: false, allowedEvents: [] });
    expect(done.parts[0]).toMatchObject({ progressPercent: 100, pending: false });
    expect(done.events.at(-1)).toEqual({
      type: 'reportPart',
      actor: '区水利局整改专班',
      evidence: [{ fileName: '清淤完成.jpg' }],
    });
    expect((await submit(id)).data).toEqual({ submitRectification: { substate: 'RECTIFYING.submitted' } });
  });

  it('lets the office waive a part, with its reason; the lead submits once every other part is done', async () => {
    const id = await rectifying([bureau, forestry]);
    const noReason = await t.gql(
      OFFICE_TOKEN,
      'mutation($id: ID!, $u: ID!) { waivePart(issueId: $id, unitId: $u, reason: " ") { id } }',
      { id, u: forestry.id },
    );
    expect(noReason.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    await t.ok(
      OFFICE_TOKEN,
      'mutation($id: ID!, $u: ID!) { waivePart(issueId: $id, unitId: $u, reason: "林地部分已由镇政府完成") { id } }',
      {
        id,
        u: forestry.id,
      },
    );
    expect((await submit(id)).errors?.[0].extensions).toMatchObject({ reason: 'PARTS_PENDING' });
    // The office reports for a unit it names.
    await t.ok(OFFICE_TOKEN, REPORT, { id, p: 100, done: true, unit: bureau.id });
    const parts = (await view(id)).parts;
    expect(parts.map((p) => [p.unit.id, p.pending, p.waivedReason])).toEqual([
      [bureau.id, false, null],
      [forestry.id, false, '林地部分已由镇政府完成'],
    ]);
    expect((await submit(id)).data).toEqual({ submitRectification: { substate: 'RECTIFYING.submitted' } });
    const check = await t.ok<{ verifyLog: { mismatches: unknown[] } }>(
      OFFICE_TOKEN,
      '{ verifyLog { mismatches { issueId } } }',
    );
    expect(check.verifyLog.mismatches).toEqual([]);
  });

  it('counts in a cooperating table each unit’s parts still to do, and the days the done ones took from the assignment', async () => {
    const drains = await createUnitWithToken(t, { name: '区城市管理局' });
    const roads = await createUnitWithToken(t, { name: '区住房城乡建委' });
    const start = t.clock.now().getTime();
    const id = await rectifying([drains, roads]);
    t.clock.set(new Date(start + 3 * 86_400_000).toISOString());
    await t.ok(drains.token, REPORT, { id, p: 100, done: true });
    t.clock.set(new Date(start + 4 * 86_400_000).toISOString());
    const table = async (unitRole: string) =>
      (
        await t.ok<{
          closureReport: {
            rows: {
              unit: { id: string };
              parts: { pending: number; done: number; medianDays: number | null } | null;
            }[];
            total: { parts: { pending: number; done: number } | null };
          };
        }>(
          OFFICE_TOKEN,
          `query($r: UnitRole, $from: DateTime) { closureReport(unitRole: $r, periodStart: $from) {
             rows { unit { id } parts { pending done medianDays } } total { parts { pending done } } } }`,
          { r: unitRole, from: new Date(start - 86_400_000).toISOString() },
        )
      ).closureReport;
    const cooperating = await table('COOPERATING');
    const of = (u: UnitWithToken) => cooperating.rows.find((r) => r.unit.id === u.id)?.parts;
    expect(of(drains)).toEqual({ pending: 0, done: 1, medianDays: 3 });
    expect(of(roads)).toEqual({ pending: 1, done: 0, medianDays: null });
    expect(cooperating.total.parts?.pending).toBeGreaterThanOrEqual(1);
    // A lead table has none: its rows are the lead units.
    expect((await table('LEAD')).total.parts).toBeNull();
  });
});
