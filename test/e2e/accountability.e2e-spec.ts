// 追责问责: the office records interviews (约谈), public criticism (通报批评) and accountability (问责) against a unit;
// the unit's score drops by the configured points; the weekly bulletin lists them on 督办问责; the person (name and
// post) reaches the office and leaders only; a record is revoked, never deleted.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import request from 'supertest';
import {
  closingAtAcceptance,
  createToken,
  createUnitWithToken,
  daysAfter,
  ISSUE_FIELDS,
  issueIn,
  type IssueRef,
  type UnitWithToken,
} from '../factories/factories.js';
import { createTestApp, OFFICE_TOKEN, type GqlReply, type TestApp } from '../support/test-app.js';
import { weeklyWorkbook } from '../support/binary-body.js';

interface RecordView {
  id: string;
  kind: string;
  unit: { id: string; name: string };
  personName: string | null;
  personPost: string | null;
  documentNumber: string;
  decidedOn: string;
  reason: string;
  problems: { id: string; code: string }[];
  recordedBy: string;
  revokedAt: string | null;
  revokedBy: string | null;
  revokeReason: string | null;
}

interface ScoreView {
  unit: { id: string };
  score: number | null;
  listScore: number | null;
  tableScore: number | null;
  accountabilityDeduction: number;
  interviews: number;
  publicCriticisms: number;
  accountabilityActions: number;
}

const VIEW = `id kind unit { id name } personName personPost documentNumber decidedOn reason problems { id code }
  recordedBy revokedAt revokedBy revokeReason`;
const RECORD = `mutation($input: RecordAccountabilityInput!) { r: recordAccountability(input: $input) { ${VIEW} } }`;
const REVOKE = `mutation($id: ID!, $reason: String!) { r: revokeAccountabilityRecord(id: $id, reason: $reason) { ${VIEW} } }`;
const LIST = `query($unitId: ID, $from: Date, $to: Date, $all: Boolean) {
  r: accountabilityRecords(unitId: $unitId, from: $from, to: $to, includeRevoked: $all) { ${VIEW} } }`;
const SCORES = `query($period: String!) { unitScores(period: $period) {
  unit { id } score listScore tableScore accountabilityDeduction interviews publicCriticisms accountabilityActions } }`;
const SET = `mutation($input: EcoSettingsInput!) { updateEcoSettings(input: $input) {
  interviewPenalty publicCriticismPenalty accountabilityPenalty } }`;

const codeOf = (reply: GqlReply<unknown>): string | undefined => reply.errors?.[0]?.extensions.code;
const reasonsOf = (reply: GqlReply<unknown>) =>
  (reply.errors?.[0]?.extensions.reasons as { field: string; reason: string }[] | undefined)?.map((r) => [
    r.field,
    r.reason,
  ]);

describe('accountability records (追责问责)', () => {
  let t: TestApp;
  let leader: string;

  const record = (input: Record<string, unknown>, token: string | null = OFFICE_TOKEN) =>
    t.gql<{ r: RecordView }>(token, RECORD, { input });
  const recorded = async (input: Record<string, unknown>): Promise<RecordView> => {
    const reply = await record(input);
    if (reply.errors) throw new Error(JSON.stringify(reply.errors));
    return reply.data!.r;
  };
  const scoreOf = async (unitId: string, period = '2026-03', token = OFFICE_TOKEN): Promise<ScoreView | undefined> =>
    (await t.ok<{ unitScores: ScoreView[] }>(token, SCORES, { period })).unitScores.find((s) => s.unit.id === unitId);
  const list = async (vars: Record<string, unknown>, token = OFFICE_TOKEN) =>
    (await t.ok<{ r: RecordView[] }>(token, LIST, vars)).r;
  /** A town leading two problems, one closed on time and one in progress: list 100 × (0.6 × ½ + 0.4 × 1) = 70. */
  const townScoring70 = async (name = '水江镇') => {
    const town = await createUnitWithToken(t, { name, kind: 'TOWN' });
    const closed = await issueIn(t, 'CLOSED', town);
    const open = await issueIn(t, 'RECTIFYING.inProgress', town);
    return { town, closed, open };
  };
  const interview = (unit: { id: string }, problems: IssueRef[], extra: Record<string, unknown> = {}) => ({
    kind: 'INTERVIEW',
    unitId: unit.id,
    personName: '张三',
    personPost: '水江镇主要负责人',
    documentNumber: '区整改办〔2026〕7号',
    decidedOn: '2026-03-02',
    reason: '督察反馈问题整改多次逾期',
    problemIds: problems.map((p) => p.id),
    ...extra,
  });

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-03-02T02:00:00.000Z' }); // Monday 2 March, 10:00 in Shanghai
    await closingAtAcceptance(t);
    leader = await createToken(t, 'LEADER', undefined, '分管副区长');
  });
  afterAll(() => t.close());

  describe('the score (unitScores)', () => {
    it("records an interview and the unit's score drops by the configured 5 points, then by what the office sets", async () => {
      const { town, closed, open } = await townScoring70();
      expect(await scoreOf(town.id)).toMatchObject({
        listScore: 70,
        tableScore: null,
        score: 70,
        accountabilityDeduction: 0,
        interviews: 0,
      });

      const r = await recorded(interview(town, [open, closed]));
      expect(r).toMatchObject({
        kind: 'INTERVIEW',
        unit: { id: town.id },
        personName: '张三',
        personPost: '水江镇主要负责人',
        documentNumber: '区整改办〔2026〕7号',
        decidedOn: '2026-03-02',
        recordedBy: 'bootstrap',
        revokedAt: null,
      });
      expect(r.problems.map((p) => p.code).sort()).toEqual([closed.code, open.code].sort());
      // 70 − 5 (the default interviewPenalty); the list part is untouched
      expect(await scoreOf(town.id)).toMatchObject({
        listScore: 70,
        score: 65,
        accountabilityDeduction: 5,
        interviews: 1,
        publicCriticisms: 0,
        accountabilityActions: 0,
      });

      // The office weighs an interview 8: 70 − 8 = 62; a public criticism adds 3: 59; a 问责 10 more: 49
      const set = await t.ok<{ updateEcoSettings: Record<string, number> }>(OFFICE_TOKEN, SET, {
        input: { interviewPenalty: 8 },
      });
      expect(set.updateEcoSettings).toEqual({
        interviewPenalty: 8,
        publicCriticismPenalty: 3,
        accountabilityPenalty: 10,
      });
      expect((await scoreOf(town.id))?.score).toBe(62);
      const criticism = await recorded({ ...interview(town, [open]), kind: 'PUBLIC_CRITICISM', personName: null });
      const held = await recorded({
        ...interview(town, [open]),
        kind: 'ACCOUNTABILITY',
        documentNumber: '区纪委〔2026〕3号',
      });
      expect(await scoreOf(town.id)).toMatchObject({
        score: 49,
        accountabilityDeduction: 21,
        interviews: 1,
        publicCriticisms: 1,
        accountabilityActions: 1,
      });

      // Revoked records count for nothing: 70 − 8 − 3 = 59
      await t.ok(OFFICE_TOKEN, REVOKE, { id: held.id, reason: '问责决定被撤回' });
      expect(await scoreOf(town.id)).toMatchObject({
        score: 59,
        accountabilityDeduction: 11,
        accountabilityActions: 0,
      });
      await t.ok(OFFICE_TOKEN, REVOKE, { id: criticism.id, reason: '录入错误' });
      await t.ok(OFFICE_TOKEN, SET, { input: { interviewPenalty: 5 } });
      expect((await scoreOf(town.id))?.score).toBe(65);
      const audit = await t.ok<{ ecoAudit: { action: string; details: string }[] }>(
        OFFICE_TOKEN,
        `{ ecoAudit { action details } }`,
      );
      expect(audit.ecoAudit.filter((a) => a.action === 'SETTINGS_UPDATED').map((a) => JSON.parse(a.details))).toEqual([
        { interviewPenalty: { from: 5, to: 8 } },
        { interviewPenalty: { from: 8, to: 5 } },
      ]);
    });

    it('counts a record in the period of its decided day: February’s in 2026-Q1, not in 2026-03', async () => {
      const { town, open } = await townScoring70('南平镇');
      await recorded(interview(town, [open], { decidedOn: '2026-02-27', kind: 'ACCOUNTABILITY' }));
      expect(await scoreOf(town.id, '2026-03')).toMatchObject({ score: 70, accountabilityDeduction: 0 });
      expect(await scoreOf(town.id, '2026-02')).toMatchObject({
        accountabilityDeduction: 10,
        accountabilityActions: 1,
      });
      expect(await scoreOf(town.id, '2026-Q1')).toMatchObject({ score: 60, accountabilityDeduction: 10 });
    });

    it('floors the score at 0, and gives a unit its own row with its deduction', async () => {
      const { town, open } = await townScoring70('大观镇');
      for (let i = 0; i < 8; i++) await recorded(interview(town, [open], { kind: 'ACCOUNTABILITY' }));
      expect(await scoreOf(town.id)).toMatchObject({ score: 0, accountabilityDeduction: 80, accountabilityActions: 8 });
      const own = await t.ok<{ unitScores: ScoreView[] }>(town.token, SCORES, { period: '2026-03' });
      expect(own.unitScores.map((s) => [s.unit.id, s.score, s.accountabilityDeduction])).toEqual([[town.id, 0, 80]]);
    });

    it('validates the penalties as the other weights: 0–100, numbers', async () => {
      const high = await t.gql(OFFICE_TOKEN, SET, { input: { accountabilityPenalty: 101 } });
      expect([codeOf(high), reasonsOf(high)]).toEqual(['BAD_USER_INPUT', [['accountabilityPenalty', 'OUT_OF_RANGE']]]);
      const low = await t.gql(OFFICE_TOKEN, SET, { input: { publicCriticismPenalty: -1 } });
      expect([codeOf(low), reasonsOf(low)]).toEqual(['BAD_USER_INPUT', [['publicCriticismPenalty', 'OUT_OF_RANGE']]]);
      const unit = await createUnitWithToken(t);
      expect(codeOf(await t.gql(unit.token, SET, { input: { interviewPenalty: 0 } }))).toBe('FORBIDDEN');
    });
  });

  describe('recording: every input checked, nothing a 500', () => {
    let town: UnitWithToken;
    let open: IssueRef;
    let peerIssue: IssueRef;
    beforeAll(async () => {
      town = await createUnitWithToken(t, { name: '东城街道', kind: 'STREET' });
      open = await issueIn(t, 'RECTIFYING.inProgress', town);
      peerIssue = await issueIn(t, 'ASSIGNED', await createUnitWithToken(t));
    });

    it.each([
      ['a day after today', { decidedOn: '2026-03-03' }, [['decidedOn', 'OUT_OF_RANGE']]],
      ['a day that does not exist', { decidedOn: '2026-02-30' }, [['decidedOn', 'MALFORMED']]],
      ['no problem', { problemIds: [] }, [['problemIds', 'OUT_OF_RANGE']]],
      ['a problem id that is no uuid', { problemIds: ['ZY-1'] }, [['problemIds', 'MALFORMED']]],
      ['a blank document number', { documentNumber: '   ' }, [['documentNumber', 'REQUIRED']]],
      ['a blank reason', { reason: '' }, [['reason', 'REQUIRED']]],
      ['a reason of 2001 characters', { reason: '逾'.repeat(2001) }, [['reason', 'TOO_LONG']]],
      ['a name of 51 characters', { personName: '张'.repeat(51) }, [['personName', 'TOO_LONG']]],
      ['a name holding U+0000', { personName: '张\u0000三' }, [['personName', 'UNSTORABLE_TEXT']]],
      ['a unit id that is no uuid', { unitId: 'SJZ' }, [['unitId', 'MALFORMED']]],
      ['an unknown unit', { unitId: '5f0c3c51-7f3e-4f57-9d1c-2b6a0f7e0a11' }, [['unitId', 'UNKNOWN_REFERENCE']]],
    ])('refuses %s (BAD_USER_INPUT naming the field)', async (_, change, reasons) => {
      const reply = await record({ ...interview(town, [open]), ...change });
      expect(reply.status).toBeLessThan(500);
      expect([codeOf(reply), reasonsOf(reply)]).toEqual(['BAD_USER_INPUT', reasons]);
    });

    it('refuses a problem that does not exist, and one the unit never held', async () => {
      const unknown = await record(interview(town, [open, { ...open, id: '5f0c3c51-7f3e-4f57-9d1c-2b6a0f7e0a11' }]));
      expect([codeOf(unknown), reasonsOf(unknown)]).toEqual(['BAD_USER_INPUT', [['problemIds', 'UNKNOWN_REFERENCE']]]);
      const peers = await record(interview(town, [open, peerIssue]));
      expect([codeOf(peers), reasonsOf(peers)]).toEqual(['BAD_USER_INPUT', [['problemIds', 'CONFLICTING']]]);
      expect(peers.errors?.[0].message).toContain('须为该单位牵头、配合或曾经承办的问题');
      expect(await list({ unitId: town.id })).toEqual([]);
    });

    it('refuses a kind the API does not know', async () => {
      const reply = await record({ ...interview(town, [open]), kind: 'WARNING' });
      expect([reply.status, codeOf(reply)]).toEqual([400, 'BAD_USER_INPUT']);
    });

    it('takes a problem the unit cooperates on, or led before it was reassigned; a problem cited twice once', async () => {
      const coop = await createUnitWithToken(t, { name: '区水利局' });
      const shared = await issueIn(t, 'RECTIFYING.inProgress', town, { cooperatingUnitIds: [coop.id] });
      const onCoop = await recorded(interview(coop, [shared, shared], { kind: 'PUBLIC_CRITICISM', personName: null }));
      expect(onCoop.problems.map((p) => p.code)).toEqual([shared.code]);
      expect(onCoop.personName).toBeNull();

      const moved = await issueIn(t, 'ASSIGNED', town);
      const other = await createUnitWithToken(t);
      await t.ok(
        OFFICE_TOKEN,
        `mutation($id: ID!, $u: ID!, $due: DateTime) {
           reassignIssue(input: { issueId: $id, leadUnitId: $u, deadlineKind: DATE, dueAt: $due }) { ${ISSUE_FIELDS} } }`,
        { id: moved.id, u: other.id, due: daysAfter(t, 20) },
      );
      expect((await recorded(interview(town, [moved]))).problems.map((p) => p.code)).toEqual([moved.code]);
    });

    it('takes a blank name or post as none', async () => {
      const r = await recorded(interview(town, [open], { personName: '  ', personPost: '' }));
      expect([r.personName, r.personPost]).toEqual([null, null]);
    });
  });

  describe('who records, who reads what', () => {
    let town: UnitWithToken;
    let peer: UnitWithToken;
    let mine: RecordView;
    let theirs: RecordView;
    beforeAll(async () => {
      town = await createUnitWithToken(t, { name: '水江镇', kind: 'TOWN' });
      peer = await createUnitWithToken(t, { name: '南平镇', kind: 'TOWN' });
      mine = await recorded(interview(town, [await issueIn(t, 'RECTIFYING.inProgress', town)]));
      theirs = await recorded(
        interview(peer, [await issueIn(t, 'RECTIFYING.inProgress', peer)], {
          personName: '李四',
          personPost: '南平镇分管负责人',
        }),
      );
    });

    it('lets only the office record or revoke', async () => {
      const input = interview(town, [{ id: mine.problems[0].id } as IssueRef]);
      for (const token of [town.token, leader]) {
        expect(codeOf(await record(input, token))).toBe('FORBIDDEN');
        expect(codeOf(await t.gql(token, REVOKE, { id: mine.id, reason: '不服' }))).toBe('FORBIDDEN');
      }
      expect(codeOf(await record(input, null))).toBe('UNAUTHENTICATED');
    });

    it('shows the office and leaders every unit’s records with the person', async () => {
      for (const token of [OFFICE_TOKEN, leader]) {
        const all = await list({}, token);
        expect(all.map((r) => r.id)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
        expect(all.find((r) => r.id === theirs.id)).toMatchObject({
          personName: '李四',
          personPost: '南平镇分管负责人',
        });
        expect((await list({ unitId: town.id }, token)).map((r) => r.id)).toEqual([mine.id]);
      }
    });

    it('shows a unit its own records without the person’s name and post, and refuses its asking for a peer’s', async () => {
      const res = await request(t.app.getHttpServer())
        .post('/graphql')
        .set('authorization', `Bearer ${town.token}`)
        .send({ query: LIST, variables: {} });
      expect(res.body.data.r.map((r: RecordView) => [r.id, r.personName, r.personPost])).toEqual([
        [mine.id, null, null],
      ]);
      expect(res.text).not.toContain('张三');
      expect(res.text).not.toContain('主要负责人');
      expect((await list({ unitId: town.id }, town.token)).map((r) => r.id)).toEqual([mine.id]);
      const refused = await t.gql(town.token, LIST, { unitId: peer.id });
      expect([codeOf(refused), refused.data]).toEqual(['FORBIDDEN', null]);
    });

    it('narrows by the decided day, and refuses from after to', async () => {
      expect((await list({ unitId: town.id, from: '2026-03-02', to: '2026-03-02' })).length).toBe(1);
      expect(await list({ unitId: town.id, to: '2026-03-01' })).toEqual([]);
      const backwards = await t.gql(OFFICE_TOKEN, LIST, { from: '2026-03-02', to: '2026-03-01' });
      expect([codeOf(backwards), reasonsOf(backwards)]).toEqual([
        'BAD_USER_INPUT',
        [
          ['from', 'CONFLICTING'],
          ['to', 'CONFLICTING'],
        ],
      ]);
    });
  });

  describe('revoking, not deleting', () => {
    it('revokes once, with a reason, and keeps the record for includeRevoked', async () => {
      const town = await createUnitWithToken(t, { name: '区城市管理局' });
      const r = await recorded(interview(town, [await issueIn(t, 'RECTIFYING.inProgress', town)]));
      const blank = await t.gql(OFFICE_TOKEN, REVOKE, { id: r.id, reason: ' ' });
      expect([codeOf(blank), reasonsOf(blank)]).toEqual(['BAD_USER_INPUT', [['reason', 'REQUIRED']]]);
      const revoked = await t.ok<{ r: RecordView }>(OFFICE_TOKEN, REVOKE, { id: r.id, reason: '对象录入错误' });
      expect(revoked.r).toMatchObject({ revokedBy: 'bootstrap', revokeReason: '对象录入错误', personName: '张三' });
      expect(revoked.r.revokedAt).toBe(t.clock.now().toISOString());
      const again = await t.gql(OFFICE_TOKEN, REVOKE, { id: r.id, reason: '再次撤销' });
      expect([codeOf(again), again.errors?.[0].extensions.state]).toEqual(['INVALID_TRANSITION', 'REVOKED']);
      const missing = await t.gql(OFFICE_TOKEN, REVOKE, { id: '5f0c3c51-7f3e-4f57-9d1c-2b6a0f7e0a11', reason: '无' });
      expect(codeOf(missing)).toBe('NOT_FOUND');

      expect(await list({ unitId: town.id })).toEqual([]);
      expect((await list({ unitId: town.id, all: true })).map((x) => [x.id, x.revokeReason])).toEqual([
        [r.id, '对象录入错误'],
      ]);
    });

    it('keeps the database itself from deleting or editing a record, or the problems it cites', async () => {
      const town = await createUnitWithToken(t);
      const r = await recorded(interview(town, [await issueIn(t, 'RECTIFYING.inProgress', town)]));
      await expect(t.db.query(`DELETE FROM accountability_records WHERE id = $1`, [r.id])).rejects.toThrow(
        /never deleted/,
      );
      await expect(
        t.db.query(`UPDATE accountability_records SET person_name = '王五' WHERE id = $1`, [r.id]),
      ).rejects.toThrow(/only ever revoked/);
      await expect(t.db.query(`DELETE FROM accountability_record_issues WHERE record_id = $1`, [r.id])).rejects.toThrow(
        /never changed/,
      );
    });
  });

  describe('the weekly bulletin’s 督办问责 sheet', () => {
    let town: UnitWithToken;
    let peer: UnitWithToken;
    let p1: IssueRef;
    let p2: IssueRef;
    const get = (token: string) => weeklyWorkbook(t.app, '2026-03-04', token);
    /** The sheet's rows for this describe's units (other tests record this week too). */
    const rowsOf = (book: ExcelJS.Workbook, names: string[]) => {
      const sheet = book.getWorksheet('督办问责')!;
      const rows: unknown[][] = [];
      sheet.eachRow((row, n) => {
        const values = row.values as unknown[];
        const cells = Array.from({ length: 7 }, (_, i) => values[i + 1] ?? '');
        if (n === 1 || names.includes(String(cells[2]))) rows.push(cells);
      });
      return rows;
    };

    beforeAll(async () => {
      town = await createUnitWithToken(t, { name: '龙洲湾街道', kind: 'STREET' });
      peer = await createUnitWithToken(t, { name: '花溪街道', kind: 'STREET' });
      p1 = await issueIn(t, 'RECTIFYING.inProgress', town, { file: { code: 'WK-1' } });
      p2 = await issueIn(t, 'RECTIFYING.inProgress', town, { file: { code: 'WK-2' } });
      const p3 = await issueIn(t, 'RECTIFYING.inProgress', peer, { file: { code: 'WK-3' } });
      await recorded(interview(town, [p2, p1], { personName: '赵六', personPost: '龙洲湾街道党工委书记' }));
      await recorded({
        ...interview(peer, [p3]),
        kind: 'PUBLIC_CRITICISM',
        personName: null,
        personPost: null,
        documentNumber: '区整改办〔2026〕8号',
        reason: '暗访发现问题反弹',
      });
      // Sunday 1 March is the week before; a revoked record is no longer decided
      await recorded(interview(town, [p1], { decidedOn: '2026-03-01', documentNumber: '区整改办〔2026〕6号' }));
      const wrong = await recorded(interview(town, [p1], { kind: 'ACCOUNTABILITY', documentNumber: '错号' }));
      await t.ok(OFFICE_TOKEN, REVOKE, { id: wrong.id, reason: '录入错误' });
    });

    it('lists the week’s records for the office and leaders, with the person, after the table and the overdue list', async () => {
      for (const token of [OFFICE_TOKEN, leader]) {
        const book = await get(token);
        expect(book.worksheets.map((s) => s.name)).toEqual(['周通报', '逾期问题', '督办问责', '群众举报（按批次）']);
        expect(rowsOf(book, [town.name, peer.name])).toEqual([
          ['日期', '类别', '单位', '对象', '文号', '涉及问题', '事由'],
          [
            '2026-03-02',
            '约谈',
            town.name,
            '赵六（龙洲湾街道党工委书记）',
            '区整改办〔2026〕7号',
            'WK-1、WK-2',
            '督察反馈问题整改多次逾期',
          ],
          ['2026-03-02', '通报批评', peer.name, '', '区整改办〔2026〕8号', 'WK-3', '暗访发现问题反弹'],
        ]);
      }
    });

    it('gives a unit its own records only, without the person', async () => {
      const book = await get(town.token);
      const sheet = book.getWorksheet('督办问责')!;
      expect(sheet.rowCount).toBe(2);
      expect(rowsOf(book, [town.name, peer.name])).toEqual([
        ['日期', '类别', '单位', '对象', '文号', '涉及问题', '事由'],
        ['2026-03-02', '约谈', town.name, '', '区整改办〔2026〕7号', 'WK-1、WK-2', '督察反馈问题整改多次逾期'],
      ]);
      expect(JSON.stringify(sheet.getSheetValues())).not.toContain('赵六');
    });

    it('says so when a unit had none that week', async () => {
      const quiet = await createUnitWithToken(t);
      const sheet = (await get(quiet.token)).getWorksheet('督办问责')!;
      expect([sheet.rowCount, sheet.getCell('A2').value]).toEqual([2, '本周无']);
    });
  });
});
