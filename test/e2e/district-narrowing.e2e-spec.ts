// The city reading one district (X-Rectify-District, src/tenancy/district-narrowing.ts): a city caller naming a
// district reads that district only, and changes nothing there; a district's token may name only its own district; an
// unknown or malformed id is refused.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { DEFAULT_DISTRICT_ID } from '../../src/tenancy/district-scope.js';
import { addDistrict, insertToken } from '../support/districts.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

interface Reply<T> {
  status: number;
  data: T | null;
  codes: string[];
}

describe('the city narrowed to one district (X-Rectify-District)', () => {
  let t: TestApp;
  let nanAn: { id: string; officeToken: string };
  let cityOffice: string;
  let cityLeader: string;
  const titles: Record<'A' | 'B', string[]> = { A: [], B: [] };

  /** A GraphQL call with the header. */
  async function as<T>(
    token: string | null,
    district: string | undefined,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<Reply<T>> {
    const req = request(t.app.getHttpServer()).post('/graphql').set('content-type', 'application/json');
    if (token) req.set('authorization', `Bearer ${token}`);
    if (district !== undefined) req.set('x-rectify-district', district);
    const res = await req.send({ query, variables });
    const errors = (res.body?.errors ?? []) as { extensions: { code: string } }[];
    return {
      status: res.status,
      data: (res.body?.data ?? null) as T | null,
      codes: errors.map((e) => e.extensions.code),
    };
  }

  const LIST = `{ issues(first: 100) { totalCount edges { node { title } } } }`;
  type List = { issues: { totalCount: number; edges: { node: { title: string } }[] } };
  const titlesOf = (r: Reply<List>) => r.data!.issues.edges.map((e) => e.node.title).sort();

  async function file(office: string, title: string): Promise<void> {
    await t.ok(
      office,
      `mutation($t: String!) { fileIssue(input: { source: MUNICIPAL_INSPECTION, batch: "第二轮市级督察", title: $t, description: "沿河排口污水直排", category: WATER }) { id } }`,
      { t: title },
    );
  }

  beforeAll(async () => {
    t = await createTestApp();
    nanAn = await addDistrict(t, '南岸区', '500108');
    const city = await addDistrict(t, '重庆市', '500000', 'CITY');
    cityOffice = city.officeToken;
    cityLeader = await insertToken(t, city.id, 'CITY_LEADER', '市领导');
    for (const title of ['南川区 凤嘴江排口', '南川区 大观镇养殖场']) {
      await file(OFFICE_TOKEN, title);
      titles.A.push(title);
    }
    await file(nanAn.officeToken, '南岸区 长江滨江路排口');
    titles.B.push('南岸区 长江滨江路排口');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('without the header a city caller reads every district', async () => {
    const all = await as<List>(cityLeader, undefined, LIST);
    expect(titlesOf(all)).toEqual([...titles.A, ...titles.B].sort());
  });

  it.each([
    ['CITY_OFFICE', () => cityOffice],
    ['CITY_LEADER', () => cityLeader],
  ])('%s naming a district reads that district only: its list, its table, the districts it names', async (_, token) => {
    for (const [key, id] of [
      ['A', DEFAULT_DISTRICT_ID],
      ['B', nanAn.id],
    ] as const) {
      const list = await as<List>(token(), id, LIST);
      expect(list.codes).toEqual([]);
      expect(titlesOf(list)).toEqual([...titles[key]].sort());
      expect(list.data!.issues.totalCount).toBe(titles[key].length);
      const table = await as<{ closureReport: { total: { total: number } } }>(
        token(),
        id,
        `{ closureReport { total { total } } }`,
      );
      expect(table.data!.closureReport.total.total).toBe(titles[key].length);
      const districts = await as<{ districts: { id: string }[] }>(token(), id, `{ districts { id } }`);
      expect(districts.data!.districts.map((d) => d.id)).toEqual([id]);
    }
  });

  it('a city caller narrowed to a district changes nothing there (read-only)', async () => {
    const r = await as(
      cityOffice,
      nanAn.id,
      `mutation { createUnit(code: "NPJD", name: "南坪街道", kind: STREET) { id } }`,
    );
    expect(r.codes).toEqual(['FORBIDDEN']);
    const units = await as<{ units: { name: string }[] }>(nanAn.officeToken, undefined, `{ units { name } }`);
    expect(units.data!.units.map((u) => u.name)).not.toContain('南坪街道');
    // Read-only, yet no screen token: `me` says what the token is.
    const me = await as<{ me: { role: string; screen: boolean } }>(cityOffice, nanAn.id, `{ me { role screen } }`);
    expect(me.data!.me).toEqual({ role: 'CITY_OFFICE', screen: false });
  });

  it('a district token naming another district is refused; naming its own reads as without the header', async () => {
    const other = await as<List>(nanAn.officeToken, DEFAULT_DISTRICT_ID, LIST);
    expect(other.status).toBe(403);
    expect(other.codes).toEqual(['FORBIDDEN']);
    expect(other.data).toBeNull();
    const back = await as<List>(OFFICE_TOKEN, nanAn.id, LIST);
    expect(back.codes).toEqual(['FORBIDDEN']);
    const own = await as<List>(nanAn.officeToken, nanAn.id, LIST);
    expect(titlesOf(own)).toEqual(titles.B);
  });

  it('an unknown district, the city’s own row or a malformed id is refused; anonymous callers may not name one', async () => {
    const unknown = await as<List>(cityLeader, '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f', LIST);
    expect([unknown.status, unknown.codes]).toEqual([404, ['NOT_FOUND']]);
    const [{ id: cityId }] = (await t.db.query(`SELECT id FROM districts WHERE kind = 'CITY'`)) as { id: string }[];
    const cityRow = await as<List>(cityLeader, cityId, LIST);
    expect([cityRow.status, cityRow.codes]).toEqual([404, ['NOT_FOUND']]);
    for (const bad of ['500108', 'all', `${nanAn.id}' OR '1'='1`, '']) {
      const r = await as<List>(cityLeader, bad, LIST);
      expect([bad, r.status, r.codes]).toEqual([bad, 400, ['BAD_USER_INPUT']]);
    }
    const anonymous = await as(null, nanAn.id, `{ __typename }`);
    expect([anonymous.status, anonymous.codes]).toEqual([403, ['FORBIDDEN']]);
  });

  it('a district added after the first narrowed request is known at once', async () => {
    await as<List>(cityLeader, nanAn.id, LIST);
    const later = await addDistrict(t, '万州区', '500101');
    const r = await as<List>(cityLeader, later.id, LIST);
    expect([r.status, r.data?.issues.totalCount]).toEqual([200, 0]);
  });

  it('the weekly export (a REST download) follows the header too', async () => {
    const res = await request(t.app.getHttpServer())
      .get('/reports/weekly.xlsx')
      .set('authorization', `Bearer ${cityLeader}`)
      .set('x-rectify-district', 'not-an-id');
    expect(res.status).toBe(400);
  });
});
