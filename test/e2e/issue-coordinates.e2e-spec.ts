// A problem's place (挂图, #27 item 6): coordinates and an administrative code on fileIssue, the import and Issue;
// refusals as BAD_USER_INPUT naming each field, never a 500; the map's read (issueMap) with a unit's own only; and logs
// that still replay.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { assign, createToken, createUnitWithToken, type UnitWithToken } from '../factories/factories.js';
import { createTestApp, OFFICE_TOKEN, type GqlError, type TestApp } from '../support/test-app.js';
import { wgs84ToGcj02 } from '../../src/issues/coordinates.js';

interface Located {
  id: string;
  code: string;
  longitude: number | null;
  latitude: number | null;
  coordinateSystem: string | null;
  adminCode: string | null;
}
interface MapPoint {
  id: string;
  code: string;
  state: string;
  escalationLevel: string;
  overdue: boolean;
  longitude: number;
  latitude: number;
  givenIn: string;
}
interface IssueMap {
  points: MapPoint[];
  unlocated: number;
  located: number;
  truncated: boolean;
}

const PLACE = 'id code longitude latitude coordinateSystem adminCode';
const FILE = `mutation($input: FileIssueInput!) { fileIssue(input: $input) { ${PLACE} } }`;
const MAP = `query($filter: IssueMapFilter) { issueMap(filter: $filter) {
  points { id code state escalationLevel overdue longitude latitude givenIn } unlocated located truncated } }`;
const BASE = {
  source: 'CENTRAL_INSPECTION',
  title: '河道沿岸生活污水直排',
  description: '河道沿岸三处排口晴天排水',
  category: 'WATER',
};

describe('a problem’s coordinates and administrative code', () => {
  let t: TestApp;
  let town: UnitWithToken;
  let other: UnitWithToken;
  let leader: string;

  beforeAll(async () => {
    t = await createTestApp();
    town = await createUnitWithToken(t, { name: '水江镇', kind: 'TOWN' });
    other = await createUnitWithToken(t, { name: '南平镇', kind: 'TOWN' });
    leader = await createToken(t, 'LEADER', undefined, '区领导');
  });
  afterAll(() => t.close());

  const file = (input: Record<string, unknown>) =>
    t.gql<{ fileIssue: Located }>(OFFICE_TOKEN, FILE, { input: { ...BASE, ...input } });
  const refusal = async (input: Record<string, unknown>): Promise<GqlError> => {
    const reply = await file(input);
    expect(reply.status).toBe(200);
    expect(reply.data).toBeNull();
    expect(reply.errors).toHaveLength(1);
    expect(reply.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    return reply.errors![0];
  };
  const map = async (token: string, filter?: Record<string, unknown>) =>
    (await t.ok<{ issueMap: IssueMap }>(token, MAP, { filter })).issueMap;

  describe('fileIssue', () => {
    it('files a problem with its place, WGS-84 unless said, and one without', async () => {
      const gps = (await file({ longitude: 107.0991, latitude: 29.1577, adminCode: '500119' })).data!.fileIssue;
      expect(gps).toMatchObject({
        longitude: 107.0991,
        latitude: 29.1577,
        coordinateSystem: 'WGS84',
        adminCode: '500119',
      });
      const amap = (
        await file({ longitude: 107.1, latitude: 29.16, coordinateSystem: 'GCJ02', adminCode: '500119100' })
      ).data!.fileIssue;
      expect(amap).toMatchObject({ coordinateSystem: 'GCJ02', adminCode: '500119100' });
      const none = (await file({})).data!.fileIssue;
      expect(none).toMatchObject({ longitude: null, latitude: null, coordinateSystem: null, adminCode: null });
      const read = await t.ok<{ issue: Located }>(OFFICE_TOKEN, `query($id: ID!) { issue(id: $id) { ${PLACE} } }`, {
        id: gps.id,
      });
      expect(read.issue).toEqual(gps);
    });

    it('refuses a point outside China, one of the pair alone and a bad administrative code, naming each field', async () => {
      const far = await refusal({ longitude: 29.1577, latitude: 107.0991 });
      expect(far.extensions).toMatchObject({
        fields: ['longitude', 'latitude'],
        reasons: [
          { field: 'longitude', reason: 'OUT_OF_RANGE', message: '经度须在 73–136 之间（中国境内）' },
          { field: 'latitude', reason: 'OUT_OF_RANGE', message: '纬度须在 3–54 之间（中国境内）' },
        ],
      });
      expect(far.message).toBe('longitude：经度须在 73–136 之间（中国境内）；latitude：纬度须在 3–54 之间（中国境内）');
      expect((await refusal({ longitude: 107.1 })).extensions.reasons).toEqual([
        { field: 'latitude', reason: 'REQUIRED', message: '经度和纬度须同时填写，或都不填' },
      ]);
      expect((await refusal({ latitude: 29.1, coordinateSystem: 'GCJ02' })).extensions.fields).toEqual(['longitude']);
      expect((await refusal({ coordinateSystem: 'GCJ02' })).extensions.reasons).toEqual([
        { field: 'coordinateSystem', reason: 'NOT_APPLICABLE', message: '未填写经纬度，不应填写坐标系' },
      ]);
      for (const adminCode of ['5001', '5001190010011', '50011X'])
        expect((await refusal({ adminCode })).extensions.reasons).toEqual([
          { field: 'adminCode', reason: 'MALFORMED', message: '行政区划代码须为 6–12 位数字' },
        ]);
    });

    it('refuses what GraphQL cannot read (a system it does not know, a number as text) with 400, never a 500', async () => {
      for (const input of [
        { longitude: 107.1, latitude: 29.1, coordinateSystem: 'BD09' },
        { longitude: '107.1', latitude: 29.1 },
        { longitude: 107.1, latitude: 'north' },
      ]) {
        const reply = await file(input);
        expect(reply.status).toBe(400);
        expect(reply.errors![0].extensions.code).toBe('BAD_USER_INPUT');
      }
    });
  });

  describe('the import', () => {
    const HEADER = ['编号', '来源', '问题', '类别', '经度', '纬度', '坐标系', '行政区划代码'];
    const csv = (rows: string[][]) =>
      Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from([HEADER, ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n', 'utf8'),
      ]);
    const post = (body: Buffer) =>
      request(t.app.getHttpServer())
        .post('/imports')
        .set('authorization', `Bearer ${OFFICE_TOKEN}`)
        .attach('file', body, 'list.csv');

    it('takes 经度, 纬度, 坐标系 and 行政区划代码, all optional', async () => {
      const res = await post(
        csv([
          ['MAP-1', '中央', '沟渠黑臭', '水', '107.12', '29.1', '', '500119'],
          ['MAP-2', '中央', '扬尘', '大气', '107.2', '29.2', 'GCJ-02', ''],
          ['MAP-3', '中央', '噪声扰民', '噪声', '', '', '', ''],
        ]),
      );
      expect(res.status).toBe(200);
      const byCode = async (code: string) =>
        (
          await t.ok<{ issueByCode: Located }>(
            OFFICE_TOKEN,
            `query($c: String!) { issueByCode(code: $c) { ${PLACE} } }`,
            {
              c: code,
            },
          )
        ).issueByCode;
      expect(await byCode('MAP-1')).toMatchObject({
        longitude: 107.12,
        latitude: 29.1,
        coordinateSystem: 'WGS84',
        adminCode: '500119',
      });
      expect(await byCode('MAP-2')).toMatchObject({ coordinateSystem: 'GCJ02', adminCode: null });
      expect(await byCode('MAP-3')).toMatchObject({ longitude: null, coordinateSystem: null });
    });

    it('refuses a row’s bad place with its row, column and a Chinese reason, and writes nothing', async () => {
      const res = await post(
        csv([
          ['MAP-10', '中央', '甲', '水', '107.1', '', '', ''],
          ['MAP-11', '中央', '乙', '水', '东经107', '29.1', '', ''],
          ['MAP-12', '中央', '丙', '水', '107.1', '29.1', '百度', ''],
          ['MAP-13', '中央', '丁', '水', '29.1', '107.1', '', ''],
          ['MAP-14', '中央', '戊', '水', '', '', '', '5001'],
        ]),
      );
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(res.body.errors[0].extensions.errors).toEqual([
        { row: 2, column: '纬度', reason: '经度和纬度须同时填写，或都不填' },
        { row: 3, column: '经度', reason: '“东经107”不是数字（如 107.0991）' },
        { row: 4, column: '坐标系', reason: '“百度”不是坐标系（WGS84 或 GCJ02）' },
        { row: 5, column: '经度', reason: '经度须在 73–136 之间（中国境内）' },
        { row: 5, column: '纬度', reason: '纬度须在 3–54 之间（中国境内）' },
        { row: 6, column: '行政区划代码', reason: '行政区划代码须为 6–12 位数字' },
      ]);
      const none = await t.gql(OFFICE_TOKEN, `{ issueByCode(code: "MAP-10") { id } }`);
      expect(none.data).toEqual({ issueByCode: null });
    });
  });

  describe('issueMap', () => {
    it('lists the open located problems in GCJ-02 and counts the rest; a unit sees only its own', async () => {
      const mine = (await file({ longitude: 107.05, latitude: 29.1, adminCode: '500119' })).data!.fileIssue;
      const theirs = (await file({ longitude: 107.3, latitude: 29.2, coordinateSystem: 'GCJ02' })).data!.fileIssue;
      const mineUnlocated = (await file({})).data!.fileIssue;
      await assign(t, mine.id, town.id);
      await assign(t, mineUnlocated.id, town.id);
      await assign(t, theirs.id, other.id);

      const all = await map(OFFICE_TOKEN);
      const located = await t.ok<{ issues: { totalCount: number } }>(
        OFFICE_TOKEN,
        '{ issues(first: 0) { totalCount } }',
      );
      expect(all.located + all.unlocated).toBe(located.issues.totalCount); // nothing closed in this suite
      expect(all.truncated).toBe(false);
      expect(all.points.map((p) => p.code)).toEqual([...all.points.map((p) => p.code)].sort());
      const gps = all.points.find((p) => p.id === mine.id)!;
      const [lng, lat] = wgs84ToGcj02(107.05, 29.1);
      expect(gps).toMatchObject({ state: 'ASSIGNED', escalationLevel: 'NONE', overdue: false, givenIn: 'WGS84' });
      expect(gps.longitude).toBeCloseTo(lng, 9);
      expect(gps.latitude).toBeCloseTo(lat, 9);
      expect(all.points.find((p) => p.id === theirs.id)).toMatchObject({
        longitude: 107.3,
        latitude: 29.2,
        givenIn: 'GCJ02',
      });
      expect((await map(leader)).points).toEqual(all.points);

      const townMap = await map(town.token);
      expect(townMap).toEqual({ points: [gps], unlocated: 1, located: 1, truncated: false });
      // asking for another unit's problems gives a unit nothing more
      expect(await map(town.token, { unitId: other.id })).toMatchObject({ points: [], unlocated: 0, located: 0 });
      expect((await map(OFFICE_TOKEN, { unitId: other.id })).points.map((p) => p.id)).toEqual([theirs.id]);
      expect((await map(OFFICE_TOKEN, { sources: ['PUBLIC_COMPLAINT'] })).points).toEqual([]);
    });

    it('leaves the problems that are closed or duplicates off the map', async () => {
      const original = (await file({ longitude: 107.11, latitude: 29.11 })).data!.fileIssue;
      const duplicate = (await file({ longitude: 107.12, latitude: 29.12 })).data!.fileIssue;
      await t.ok(
        OFFICE_TOKEN,
        `mutation($i: ID!, $o: ID!) { markDuplicate(issueId: $i, ofId: $o, comment: "同一排口") { id } }`,
        {
          i: duplicate.id,
          o: original.id,
        },
      );
      const ids = (await map(OFFICE_TOKEN)).points.map((p) => p.id);
      expect(ids).toContain(original.id);
      expect(ids).not.toContain(duplicate.id);
    });
  });

  it('keeps the coordinates off the public view (a complaint’s point can be the complainant’s door)', async () => {
    const filed = (await file({ source: 'PUBLIC_COMPLAINT', longitude: 107.13, latitude: 29.13, adminCode: '500119' }))
      .data!.fileIssue;
    await t.ok(
      OFFICE_TOKEN,
      `mutation($id: ID!) { publishIssue(issueId: $id, published: true, publicSummary: "河道排口整治") { id } }`,
      { id: filed.id },
    );
    const { publicIssues } = await t.ok<{ publicIssues: { edges: { node: Located }[] } }>(
      null,
      `{ publicIssues(first: 50) { edges { node { ${PLACE} } } } }`,
    );
    expect(publicIssues.edges.map((e) => e.node)).toContainEqual({
      id: filed.id,
      code: filed.code,
      longitude: null,
      latitude: null,
      coordinateSystem: null,
      adminCode: '500119',
    });
  });

  it('charges the map its weight in the query cost (a table’s worth), refused past the limit', async () => {
    const small = await createTestApp({ env: { RECTIFY_MAX_QUERY_COST: '150' } });
    try {
      const reply = await small.gql(OFFICE_TOKEN, MAP);
      expect(reply.status).toBe(400);
      expect(reply.errors![0].extensions.code).toBe('QUERY_TOO_COSTLY');
      expect((await small.gql(OFFICE_TOKEN, '{ issues(first: 10) { totalCount } }')).errors).toBeUndefined();
    } finally {
      await small.close();
    }
  });

  it('leaves logs that replay', async () => {
    const check = await t.ok<{ verifyLog: { mismatches: unknown[] } }>(
      OFFICE_TOKEN,
      '{ verifyLog { mismatches { issueId } } }',
    );
    expect(check.verifyLog.mismatches).toEqual([]);
  });
});
