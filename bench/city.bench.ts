// The city (issue #28): a city's districts as tenants of one service on one PostgreSQL, the service connected as an
// ordinary role so row security narrows every read (a superuser would bypass it). Over HTTP, next to the service's own
// statement sent raw in the same district's setting: a district's table and first page (its office's token), and the
// city's own reads (its office's token): its list across districts and, when the service has it, the ranking.
// The district's figures are checked against the independent statement (bench/hand-sql.ts) in its setting.
// Usage: node dist/bench/city.bench.js [--issues N] [--districts 38] [--database-url URL] [--reset]
//   (an external --database-url must be a superuser's; the service then connects as BENCH_SERVICE_DATABASE_URL)
import { writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { displayPrefix, hashToken } from '../src/auth/token-hash.js';
import { shanghaiDate } from '../src/common/shanghai-time.js';
import { loadConfig } from '../src/config/config.js';
import { appUrlOf, grantAppRole } from '../src/database/embedded-database.js';
import { FiguresQuery } from '../src/reports/figures.query.js';
import { benchDir, isMain, parseArgs } from './cli.js';
import { openBenchDatabase } from './database.js';
import { generate } from './generate.js';
import { HAND_SQL, handParams } from './hand-sql.js';
import {
  captureSql,
  measure,
  measureTurns,
  REPORT_SELECTION,
  round,
  sameFigures,
  scopeOf,
  Service,
  type ReportData,
  type Stat,
} from './report.bench.js';

const CITY_TOKEN = 'bench-city-office-token-0123456789abcdef';
const DISTRICT_TOKEN = 'bench-district-office-token-0123456789ab';
const BUDGET = { warmup: 3, maxRuns: 60, minRuns: 20, budgetMs: 15_000 };

export interface CityLine {
  name: string;
  service: Stat;
  /** The service's own statement sent raw, when the read is one statement. */
  sql: Stat | null;
  ratio: number | null;
  note: string;
}

async function tokens(url: string): Promise<{ district: { id: string; name: string }; districts: number }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`SELECT set_config('rectify.district', 'all', false)`);
    const city = (await c.query<{ id: string }>(`SELECT id FROM districts WHERE kind = 'CITY'`)).rows[0];
    const districts = (
      await c.query<{ id: string; name: string }>(
        `SELECT id, name FROM districts WHERE kind = 'DISTRICT' ORDER BY code`,
      )
    ).rows;
    if (!city || districts.length < 2) throw new Error('not a city: generate with --districts N (N ≥ 2)');
    // A district in the middle of the list, not the default one (the single district's data).
    const district = districts[Math.floor(districts.length / 2)];
    for (const [secret, role, districtId] of [
      [CITY_TOKEN, 'CITY_OFFICE', city.id],
      [DISTRICT_TOKEN, 'OFFICE', district.id],
    ]) {
      await c.query(
        `INSERT INTO api_tokens (token_hash, prefix, role, label, district_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING`,
        [hashToken(secret), displayPrefix(secret), role, `bench ${role}`, districtId],
      );
    }
    return { district, districts: districts.length };
  } finally {
    await c.end();
  }
}

export async function benchCity(
  superuserUrl: string,
  serviceUrl: string,
  root: string,
  log: (m: string) => void = console.log,
): Promise<CityLine[]> {
  const { district, districts } = await tokens(superuserUrl);
  const config = loadConfig(process.env);
  const service = await Service.start(superuserUrl, root, { DATABASE_URL: serviceUrl });
  // Raw statements as the service's role, in the district's setting, as the service's pool sends them.
  const pool = new pg.Pool({ connectionString: serviceUrl, max: 2, options: `-c rectify.district=${district.id}` });
  const lines: CityLine[] = [];
  const line = (l: CityLine) => {
    lines.push(l);
    log(
      `  ${l.name}: service p50 ${l.service.p50} ms p99 ${l.service.p99} ms (${l.service.runs} runs)` +
        (l.sql ? `; SQL p50 ${l.sql.p50} ms; ratio ${l.ratio}` : '') +
        (l.note ? `; ${l.note}` : ''),
    );
  };
  try {
    log(`  ${districts} districts; the district measured: ${district.name}`);
    const table = () =>
      service
        .gql<{ closureReport: ReportData }>(`{ closureReport ${REPORT_SELECTION} }`, {}, DISTRICT_TOKEN)
        .then((d) => d.closureReport);
    const first = await table();
    const scope = scopeOf(new Date(first.asOf), new Date(first.periodStart), config.dueSoonDays);
    const same = sameFigures(first, (await pool.query(HAND_SQL, handParams(scope))).rows);
    const [stmt] = await captureSql((db) =>
      new FiguresQuery(db).figures({ ...scope, sources: null, unitId: null, unitRole: 'LEAD', batch: null }),
    );
    const [svc, sql] = await measureTurns([table, () => pool.query(stmt.sql, stmt.params)], BUDGET);
    line({
      name: `a district's table (closureReport now, ${district.name}'s office)`,
      service: svc,
      sql,
      ratio: round(svc.p50 / sql.p50, 2),
      note: `${first.total.total} problems; same figures as the independent statement in its setting: ${same ? 'yes' : 'NO'}`,
    });

    const page = `{ issues(first: 50) { totalCount edges { node { id code title state dueAt leadUnit { name } } } } }`;
    line({
      name: `a district's list, first page with totalCount (${district.name}'s office)`,
      service: await measure(() => service.gql(page, {}, DISTRICT_TOKEN), BUDGET),
      sql: null,
      ratio: null,
      note: '',
    });
    const cityPage = await service.gql<{ issues: { totalCount: number } }>(page, {}, CITY_TOKEN);
    line({
      name: `the city's list across districts, first page with totalCount (the city's office)`,
      service: await measure(() => service.gql(page, {}, CITY_TOKEN), BUDGET),
      sql: null,
      ratio: null,
      note: `${cityPage.issues.totalCount} problems`,
    });

    {
      // The quarter the table's moment is in, by Shanghai's calendar.
      const [year, month] = shanghaiDate(new Date(first.asOf)).split('-').map(Number);
      const quarter = `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
      const ranking = `query($p: String!) { districtScores(period: $p) { rank rankChange score closureRate district { name } } }`;
      const rows = await service.gql<{ districtScores: unknown[] }>(ranking, { p: quarter }, CITY_TOKEN);
      line({
        name: `the city's ranking (districtScores, ${quarter})`,
        service: await measure(() => service.gql(ranking, { p: quarter }, CITY_TOKEN), BUDGET),
        sql: null,
        ratio: null,
        note: `${rows.districtScores.length} districts ranked`,
      });
    }
    return lines;
  } finally {
    await service.stop();
    await pool.end();
  }
}

if (isMain(import.meta.url)) {
  const args = parseArgs();
  const districts = args.districts > 1 ? args.districts : 38;
  const dir = benchDir(import.meta.url);
  const db = await openBenchDatabase(args.databaseUrl, args.issues, dir, districts);
  try {
    await generate(db.url, args.issues, { owned: db.owned, reset: args.reset, districts });
    let serviceUrl = process.env.BENCH_SERVICE_DATABASE_URL ?? null;
    if (!serviceUrl) {
      if (!db.owned) throw new Error('an external --database-url needs BENCH_SERVICE_DATABASE_URL (an ordinary role)');
      await grantAppRole(db.url);
      serviceUrl = appUrlOf(db.url);
    }
    console.log(`the city bench: ${args.issues.toLocaleString('en')} problems in ${districts} districts`);
    const lines = await benchCity(db.url, serviceUrl, resolve(dir, '..'));
    mkdirSync(join(dir, '.work'), { recursive: true });
    writeFileSync(join(dir, '.work', 'city.json'), JSON.stringify({ issues: args.issues, districts, lines }, null, 2));
  } catch (e) {
    console.error(e);
    process.exitCode = 1;
  } finally {
    await db.stop();
  }
}
