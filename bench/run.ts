// npm run bench [-- --quick] [-- --issues N] [-- --database-url URL]: generate (or reuse) the data set, measure the
// table and the list, print a table, write bench/results.md and bench/results.json.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { benchDir, parseArgs } from './cli.js';
import { openBenchDatabase, serverInfo } from './database.js';
import { generate, type GenerateResult } from './generate.js';
import { benchReports, type ReportBenchResult } from './report.bench.js';

interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  postgres: string;
  postgresSettings: Record<string, string>;
  date: string;
  commit: string;
  /** 1-minute load average before and after: other work on the machine skews the figures. */
  loadBefore: number;
  loadAfter: number;
}

const dir = benchDir(import.meta.url);
const root = resolve(dir, '..');
const args = parseArgs();
const started = Date.now();
const loadBefore = loadavg()[0];
const db = await openBenchDatabase(args.databaseUrl, args.issues, dir);
try {
  console.log(`Rectify bench: ${args.issues.toLocaleString('en')} problems${args.quick ? ' (quick)' : ''}`);
  console.log('1. data');
  const data = await generate(db.url, args.issues, { owned: db.owned, reset: args.reset });
  console.log('2. the table and the list, over HTTP, next to hand-written SQL');
  const figures = await benchReports(db.url, { quick: args.quick, root, workDir: join(dir, '.work') });
  const pgInfo = await serverInfo(db.url);
  const machine: Machine = {
    cpus: Number(sh('nproc') || cpus().length),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    postgres: pgInfo.version,
    postgresSettings: pgInfo.settings,
    date: new Date().toISOString(),
    commit: sh('git', ['rev-parse', '--short', 'HEAD']) || 'unknown',
    loadBefore: Math.round(loadBefore * 100) / 100,
    loadAfter: Math.round(loadavg()[0] * 100) / 100,
  };
  const results = { mode: args.quick ? 'quick' : 'full', issues: args.issues, machine, data, ...figures, seconds: Math.round((Date.now() - started) / 1000) };
  const md = markdown(args.issues, args.quick, machine, data, figures);
  console.log(`\n${md}`);
  writeFileSync(join(dir, 'results.md'), md);
  writeFileSync(join(dir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`written: bench/results.md, bench/results.json (plans of every statement in bench/.work/explain) in ${results.seconds} s`);
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  await db.stop();
}

function sh(cmd: string, argv: string[] = []): string {
  try {
    return execFileSync(cmd, argv, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

function markdown(issues: number, quick: boolean, m: Machine, data: GenerateResult, f: ReportBenchResult): string {
  const n = (x: number) => x.toLocaleString('en');
  const lines = [
    `# Rectify bench — ${n(issues)} problems${quick ? ' (quick)' : ''}`,
    '',
    `${m.date.slice(0, 16).replace('T', ' ')} UTC · commit \`${m.commit}\` · ${m.cpus} CPUs (${m.cpuModel}) · ${m.memoryGiB} GiB · Node ${m.node} · ` +
      `PostgreSQL ${m.postgres} (${Object.entries(m.postgresSettings).map(([k, v]) => `${k}=${v}`).join(', ')}) · ` +
      `load average ${m.loadBefore} before, ${m.loadAfter} after`,
    '',
    `Command: \`npm run bench${quick ? ' -- --quick' : issues === 1_000_000 ? '' : ` -- --issues ${issues}`}\`. Service: \`node dist/src/main.js\` ` +
      '(NODE_ENV=production, sweep off) over HTTP on the same machine; SQL: the best hand-written statement for the same figures, ' +
      'run with `pg` on the same database (bench/hand-sql.ts); both checked to give the same figures unit by unit.',
    '',
    '## Data',
    '',
    data.skipped
      ? `${n(data.issues)} problems, ${n(data.events)} events (loaded by an earlier run and reused).`
      : `${n(data.issues)} problems, ${n(data.events)} events (${(data.events / data.issues).toFixed(1)} a problem), loaded in ${Math.round(data.seconds)} s: ` +
        `COPY ${Math.round(data.copySeconds)} s at ${n(data.rowsPerSecond)} rows/s (every event by stepping the real machine), ` +
        `indexes and VACUUM ANALYZE ${Math.round(data.indexSeconds)} s. ` +
        (data.verify
          ? `Verified: ${n(data.verify.replayed)} problems replayed, ${data.verify.mismatches} mismatches; ` +
            `${n(data.verify.eventRowsChecked)} event rows' after-columns checked, ${data.verify.eventMismatches} mismatches; ` +
            `versions ≠ event counts: ${data.verify.versionMismatches}.`
          : ''),
    '',
    '## The table (ms)',
    '',
    '| report | service p50 | service p99 | SQL p50 | SQL p99 | service ÷ SQL (p50) | same figures | runs |',
    '|---|---:|---:|---:|---:|---:|:---:|---:|',
    ...f.reports.map(
      (r) => `| \`${r.call}\` | ${r.service.p50} | ${r.service.p99} | ${r.sql.p50} | ${r.sql.p99} | ${r.ratio} | ${r.sameFigures ? 'yes' : '**no**'} | ${r.service.runs} / ${r.sql.runs} |`,
    ),
    '',
    '## The list (ms, over HTTP, 50 a page)',
    '',
    '| list | p50 | p99 | rows | totalCount | runs |',
    '|---|---:|---:|---:|---:|---:|',
    ...f.lists.map((l) => `| ${l.name} | ${l.service.p50} | ${l.service.p99} | ${l.rows} | ${n(l.totalCount)} | ${l.service.runs} |`),
    '',
    'p50/p99 by nearest rank over the runs after warm-up (at most 30, fewer when a run is slow: see runs). ' +
      'Plans: `EXPLAIN (ANALYZE, BUFFERS)` of every statement, the service\'s as it sends it and the hand-written one, in `bench/.work/explain/`.',
    '',
  ];
  return lines.join('\n');
}
