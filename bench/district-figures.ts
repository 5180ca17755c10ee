// The city's ranking's statements (src/city-scores/district-figures.query.ts) timed straight on a database, city-wide
// and with JIT off as the service's sessions run: p50/p99 after three warm-ups. Usage:
//   node dist/bench/district-figures.js URL [RUNS] [AS_OF]
// (on `node dist/bench/generate.js --issues N`; the city bench spreads the problems over 38 districts).
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { DistrictFiguresQuery } from '../src/city-scores/district-figures.query.js';
import { stat } from './report.bench.js';

const [url, runsArg, asOfArg] = process.argv.slice(2);
if (!url) throw new Error('usage: district-figures URL [RUNS] [AS_OF]');
const statements: [string, unknown[] | undefined][] = [];
const capture = {
  query: (sql: string, params?: unknown[]) => {
    statements.push([sql, params]);
    return Promise.resolve([]);
  },
} as unknown as DataSource;
const query = new DistrictFiguresQuery(capture);
const asOf = new Date(asOfArg ?? Date.now());
await query.listFigures(asOf);
await query.accountability('2026-01-01', '2026-12-31');
await query.indicatorDistricts();
const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  await client.query(`SELECT set_config('rectify.district', 'all', false)`);
  await client.query('SET jit = off');
  const runs = Number(runsArg ?? 30);
  for (const [i, name] of ['listFigures', 'accountability', 'indicatorDistricts'].entries()) {
    const [sql, params] = statements[i];
    for (let w = 0; w < 3; w++) await client.query(sql, params);
    const samples: number[] = [];
    let rows = 0;
    for (let r = 0; r < runs; r++) {
      const t = performance.now();
      rows = (await client.query(sql, params)).rowCount ?? 0;
      samples.push(performance.now() - t);
    }
    const s = stat(samples);
    console.log(
      `${name} (as of ${asOf.toISOString()}): p50 ${s.p50} ms  p99 ${s.p99} ms  (${s.runs} runs, ${rows} districts)`,
    );
  }
} finally {
  await client.end();
}
