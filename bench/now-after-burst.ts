// The table "now" after a busy spell: its statement as the service sends it (starting from the last five-minute mark)
// against the same statement started from the hour's mark (how it was before), with the spans each reads live.
// Usage: node dist/bench/now-after-burst.js URL [RUNS]   — run it 15 minutes or more after a burst (a bench run).
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/config.js';
import { addDays, shanghaiDate, startOfShanghaiWeek } from '../src/common/shanghai-time.js';
import { RollupReportQuery } from '../src/reports/rollup-report.query.js';
import { stat } from './report.bench.js';

const [url, runsArg] = process.argv.slice(2);
if (!url) throw new Error('usage: now-after-burst URL [RUNS]');
const runs = Number(runsArg ?? 20);
const config = loadConfig(process.env);
const now = new Date();
const scope = { asOf: now, periodStart: startOfShanghaiWeek(now), dueSoonUntil: addDays(now, config.dueSoonDays), sources: null, unitId: null };

/** The statement and parameters figures() sends for `now` (an hour or more later: it starts from the hour's mark). */
async function statement(nowSeen: Date): Promise<{ sql: string; params: unknown[] }> {
  let caught: { sql: string; params: unknown[] } | null = null;
  const db = { query: (sql: string, params: unknown[]) => ((caught = { sql, params }), Promise.resolve([])) };
  await new RollupReportQuery(db as unknown as DataSource).figures(scope, nowSeen);
  if (!caught) throw new Error('no statement');
  return caught;
}

const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  const ways = [
    { name: 'five-minute mark (the service)', ...(await statement(now)) },
    { name: 'the hour (before)', ...(await statement(new Date(now.getTime() + 3_600_000))) },
  ];
  console.log(`now ${now.toISOString()} (${shanghaiDate(now)} in Shanghai)`);
  const figures: string[] = [];
  for (const w of ways) {
    const at = w.params[5] as Date;
    const [{ n }] = (await client.query(
      `SELECT count(*)::int AS n FROM report_intervals WHERE from_at > $1 OR to_at > $1`, [at])).rows as { n: number }[];
    for (let i = 0; i < 2; i++) await client.query(w.sql, w.params);
    const samples: number[] = [];
    let rows: unknown[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      rows = (await client.query(w.sql, w.params)).rows;
      samples.push(performance.now() - t);
    }
    figures.push(JSON.stringify(rows.map((r) => ({ ...(r as object) })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))));
    const s = stat(samples);
    console.log(`${w.name}: from ${at.toISOString()}, ${n.toLocaleString('en')} spans opened or closed since; p50 ${s.p50} ms, p99 ${s.p99} ms (${s.runs} runs)`);
  }
  console.log(`same figures: ${figures[0] === figures[1]}`);
} finally {
  await client.end();
}
