// The demo city (npm run seed:demo -- --city, src/demo/demo-city.ts), small: 重庆市 and its 38 districts and counties
// by name and 行政区划代码, each with its units and problems loaded in bulk — and the log consistent with the problems
// (replayed through the machine), the figures' projection equal to the independent count, per district, read by the
// city narrowed to a district as by the district's own office.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { HAND_SQL, handParams } from '../../bench/hand-sql.js';
import { verifyData } from '../../bench/verify.js';
import { addDays } from '../../src/common/shanghai-time.js';
import { APP_CONFIG, type AppConfig } from '../../src/config/config.js';
import { chongqingDistricts } from '../../src/dashboard/district-outline.js';
import { seedDemoCity, type DemoCitySummary } from '../../src/demo/demo-city.js';
import { cityWide, DEFAULT_DISTRICT_ID, inDistrict } from '../../src/tenancy/district-scope.js';
import { KEYS, table, type Figures } from '../support/closure-table.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const PER_DISTRICT = 30;

describe('the demo city (seed:demo -- --city)', () => {
  let t: TestApp;
  let summary: DemoCitySummary;
  const token = (label: string) => summary.tokens.find((x) => x.label === label)!.token;

  beforeAll(async () => {
    t = await createTestApp();
    summary = await seedDemoCity(t.databaseUrl, {
      config: t.app.get<typeof APP_CONFIG, AppConfig>(APP_CONFIG),
      now: t.clock.now(),
      // A few districts hold more, so they differ; every district some.
      problems: (i) => PER_DISTRICT + (i % 3) * 5,
    });
  }, 300_000);

  afterAll(async () => {
    await t?.close();
  });

  it('seeds the city and its 38 districts and counties by name and code, each with units and problems', async () => {
    expect(summary.districts).toBe(38);
    const rows = (await cityWide(() =>
      t.db.query(
        `SELECT d.name, d.code, d.kind, (SELECT count(*) FROM issues i WHERE i.district_id = d.id)::int AS problems,
                (SELECT count(*) FROM units u WHERE u.district_id = d.id)::int AS units
           FROM districts d ORDER BY d.code`,
      ),
    )) as { name: string; code: string; kind: string; problems: number; units: number }[];
    expect(rows[0]).toEqual({ name: '重庆市', code: '500000', kind: 'CITY', problems: 0, units: 0 });
    const districts = rows.slice(1);
    expect(districts.map((d) => [d.name, d.code])).toEqual(chongqingDistricts().map((d) => [d.name, d.code]));
    expect(districts.find((d) => d.code === '500119')!.name).toBe('南川区');
    for (const [i, d] of districts.entries()) {
      expect(d.kind).toBe('DISTRICT');
      expect(d.units).toBe(20);
      expect(d.problems).toBe(PER_DISTRICT + (i % 3) * 5);
    }
    expect(summary.issues).toBe(districts.reduce((n, d) => n + d.problems, 0));
  });

  it('prints working tokens: the city’s office and leader read all 38 districts, a district’s office its own', async () => {
    expect(summary.tokens.map((x) => x.label).slice(0, 3)).toEqual(['市督察办', '市领导', '万州区整改办']);
    expect(summary.tokens).toHaveLength(40);
    for (const label of ['市督察办', '市领导']) {
      const r = await t.ok<{ districts: { code: string }[]; issues: { totalCount: number } }>(
        token(label),
        `{ districts { code } issues(filter: { includeFormer: true }) { totalCount } }`,
      );
      expect(r.districts).toHaveLength(38);
      expect(r.issues.totalCount).toBe(summary.issues);
    }
    const wanzhou = await t.ok<{ districts: { name: string }[]; issues: { totalCount: number } }>(
      token('万州区整改办'),
      `{ districts { name } issues(filter: { includeFormer: true }) { totalCount } }`,
    );
    expect(wanzhou.districts.map((d) => d.name)).toEqual(['万州区']);
    expect(wanzhou.issues.totalCount).toBe(PER_DISTRICT);
  });

  it('loads a log that replays through the machine to every stored problem (the default district’s)', async () => {
    const v = await verifyData(t.databaseUrl, null);
    expect(v.replayed).toBe(PER_DISTRICT + (18 % 3) * 5); // 南川区 is the 19th by code
    expect([v.mismatches, v.eventMismatches, v.versionMismatches, v.examples]).toEqual([0, 0, 0, []]);
  });

  it('keeps the figures’ projection equal to the independent count over the log (南川区, every unit)', async () => {
    const service = await table(t, {}, false);
    expect(service).toEqual(await table(t, {}, true));
    const [{ n }] = (await t.db.query(`SELECT count(*)::int AS n FROM issues WHERE duplicate_of_id IS NULL`)) as {
      n: number;
    }[];
    expect((service as { total: Figures }).total.total).toBe(n);
  });

  it.each(['万州区', '渝中区', '彭水苗族土家族自治县'])(
    '%s’s closure table, read by the city narrowed to it, equals the count over its problems and log',
    async (name) => {
      const [{ id }] = (await cityWide(() => t.db.query(`SELECT id FROM districts WHERE name = $1`, [name]))) as {
        id: string;
      }[];
      expect(id).not.toBe(DEFAULT_DISTRICT_ID);
      const res = await request(t.app.getHttpServer())
        .post('/graphql')
        .set('authorization', `Bearer ${token('市领导')}`)
        .set('x-rectify-district', id)
        .send({ query: `{ closureReport { asOf periodStart total { ${KEYS.join(' ')} } } }` });
      const report = res.body.data.closureReport as { asOf: string; periodStart: string; total: Figures };
      const asOf = new Date(report.asOf);
      const rows = (await inDistrict(id, () =>
        t.db.query(
          HAND_SQL,
          handParams({ asOf, periodStart: new Date(report.periodStart), dueSoonUntil: addDays(asOf, 7) }),
        ),
      )) as Figures[];
      const hand = Object.fromEntries(KEYS.map((k) => [k, rows.reduce((s, r) => s + r[k], 0)]));
      expect(report.total).toEqual(hand);
      const [{ n }] = (await inDistrict(id, () =>
        t.db.query(`SELECT count(*)::int AS n FROM issues WHERE duplicate_of_id IS NULL`),
      )) as { n: number }[];
      expect(report.total.total).toBe(n);
    },
  );
});
