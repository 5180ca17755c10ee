// Times one SQL statement (a file, or the text itself) straight on a database: p50/p99 after two warm-up runs.
// Usage: node dist/bench/time-sql.js URL FILE_OR_SQL [RUNS]   — for trying indexes and rewrites by hand.
import { existsSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { stat } from './report.bench.js';

const [url, what, runsArg] = process.argv.slice(2);
if (!url || !what) throw new Error('usage: time-sql URL FILE_OR_SQL [RUNS]');
const sql = existsSync(what) ? readFileSync(what, 'utf8') : what;
const runs = Number(runsArg ?? 10);
const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  for (let i = 0; i < 2; i++) await client.query(sql);
  const samples: number[] = [];
  let rows = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    rows = (await client.query(sql)).rowCount ?? 0;
    samples.push(performance.now() - t);
  }
  const s = stat(samples);
  console.log(`p50 ${s.p50} ms  p99 ${s.p99} ms  min ${s.min} ms  (${s.runs} runs, ${rows} rows)`);
} finally {
  await client.end();
}
