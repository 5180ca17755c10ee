// npm run bench [-- --quick] [-- --issues N] [-- --database-url URL]: generate (or reuse) the data set, measure the
// table and the list, print a table, write bench/results.md and bench/results.json (--quick: bench/.work/quick-results.*).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { benchDir, parseArgs } from './cli.js';
import { openBenchDatabase, serverInfo } from './database.js';
import { generate, type GenerateResult } from './generate.js';
import {
  benchNoisyNeighbour,
  NOISY_NEIGHBOUR_GOAL,
  noisyNeighbourSection,
  type NoisyNeighbourResult,
} from './noisy-neighbour.js';
import { benchReports, type ReportBenchResult } from './report.bench.js';
import { benchTransitions, type TransitionBenchResult } from './transitions.bench.js';

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
  console.log('3. transitions over HTTP at 1, 4 and 16 clients, next to pgbench and the empty query; the import');
  const transitions = await benchTransitions(db.url, { quick: args.quick, root });
  console.log(
    "4. a noisy neighbour: a unit's reads alone and beside an office token's heaviest legal operations, under the default limits",
  );
  // The last step: a failure there is reported with the results of the steps before it, not instead of them.
  const noisyNeighbour = await benchNoisyNeighbour(db.url, { quick: args.quick, root }).catch((e: unknown) => {
    console.error(`  the noisy-neighbour step failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
    return null;
  });
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
  const results = {
    mode: args.quick ? 'quick' : 'full',
    issues: args.issues,
    machine,
    data,
    ...figures,
    transitions,
    noisyNeighbour,
    goals: goals(figures, transitions, noisyNeighbour),
    seconds: Math.round((Date.now() - started) / 1000),
  };
  const md = markdown(args.issues, args.quick, machine, data, figures, transitions, noisyNeighbour, results.goals);
  console.log(`\n${md}`);
  // bench/results.* keep the latest full run (committed); a quick one goes beside the data, not over it.
  const out = args.quick ? join('.work', 'quick-results') : 'results';
  writeFileSync(join(dir, `${out}.md`), md);
  writeFileSync(join(dir, `${out}.json`), `${JSON.stringify(results, null, 2)}\n`);
  console.log(
    `written: bench/${out}.md, bench/${out}.json (plans of every statement in bench/.work/explain) in ${results.seconds} s`,
  );
  if (!transitions.invariants.ok) {
    console.error('an invariant failed: see "Invariants" above');
    process.exitCode = 1;
  }
  if (figures.reports.some((r) => !r.sameFigures) || figures.exports.some((x) => !x.sameRows)) {
    console.error('the service and the independent statement disagree: see "same figures" and "same rows" above');
    process.exitCode = 1;
  }
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

interface Goal {
  goal: string;
  measured: string;
  /** null: this run cannot tell (the quick run imports fewer rows than the goal names). */
  met: boolean | null;
}

/** The issue's goals, each with the figure it is judged on. */
function goals(f: ReportBenchResult, t: TransitionBenchResult, n: NoisyNeighbourResult | null): Goal[] {
  const at16 = t.levels.find((l) => l.clients === 16);
  const list: Goal[] = [];
  if (at16) {
    list.push({
      goal: 'transitions ≥ 1,000/s at 16 clients',
      measured: `${at16.service.perSecond}/s`,
      met: at16.service.perSecond >= 1000,
    });
    list.push({
      goal: 'transitions ≥ 40% of the empty query at 16 clients',
      measured: `${pct(at16.ratioToEmpty)} (${at16.service.perSecond}/s ÷ ${at16.empty.perSecond}/s)`,
      met: at16.ratioToEmpty >= 0.4,
    });
    list.push({
      goal: 'transitions ≥ 25% of pgbench at 16 clients',
      measured: `${pct(at16.ratioToRaw)} (${at16.service.perSecond}/s ÷ ${at16.pgbench.tps}/s)`,
      met: at16.ratioToRaw >= 0.25,
    });
  }
  // What keeping the figures and counts costs a write: pgbench with it (projector running) against with none at all.
  for (const l of t.levels.filter((x) => x.clients >= 4)) {
    list.push({
      goal: `pgbench with the derived work ≥ 0.7× without, at ${l.clients} clients`,
      measured: `${l.derivedRatio}× (${l.pgbench.tps}/s ÷ ${l.pgbenchBare.tps}/s)`,
      met: l.derivedRatio >= 0.7,
    });
    list.push({
      goal: `state-changing pgbench with the derived work ≥ 0.7× without, at ${l.clients} clients`,
      measured: `${l.stateChangeDerivedRatio}× (${l.pgbenchStateChange.tps}/s ÷ ${l.pgbenchStateChangeBare.tps}/s)`,
      met: l.stateChangeDerivedRatio >= 0.7,
    });
  }
  const at4 = t.levels.find((l) => l.clients === 4);
  if (at4 && at16) {
    list.push({
      goal: 'pgbench: 16 clients not slower than 4',
      measured: `${at16.pgbench.tps}/s at 16, ${at4.pgbench.tps}/s at 4`,
      met: at16.pgbench.tps >= at4.pgbench.tps,
    });
  }
  for (const r of f.reports) {
    list.push({ goal: `${r.name}: p50 ≤ 50 ms`, measured: `${r.service.p50} ms`, met: r.service.p50 <= 50 });
    list.push({ goal: `${r.name}: ≤ 1.5× hand-written SQL`, measured: `${r.ratio}×`, met: r.ratio <= 1.5 });
  }
  for (const x of f.exports) {
    list.push({ goal: `${x.name}: p50 ≤ 50 ms`, measured: `${x.service.p50} ms`, met: x.service.p50 <= 50 });
    list.push({ goal: `${x.name}: ≤ 1.5× its SQL`, measured: `${x.ratio}×`, met: x.ratio <= 1.5 });
  }
  const slowestList = f.lists.reduce((a, b) => (b.service.p50 > a.service.p50 ? b : a), f.lists[0]);
  if (slowestList)
    list.push({
      goal: 'a list page ≤ 50 ms (p50)',
      measured: `slowest: ${slowestList.name} ${slowestList.service.p50} ms`,
      met: slowestList.service.p50 <= 50,
    });
  const slowestTotal = f.lists.reduce((a, b) => (b.withTotal.p50 > a.withTotal.p50 ? b : a), f.lists[0]);
  if (slowestTotal)
    list.push({
      goal: 'a list page with totalCount ≤ 50 ms (p50)',
      measured: `slowest: ${slowestTotal.name} ${slowestTotal.withTotal.p50} ms`,
      met: slowestTotal.withTotal.p50 <= 50,
    });
  list.push({
    goal: '10,000-row import ≤ 10 s',
    measured: `${t.import.rows.toLocaleString('en')} rows in ${t.import.seconds} s`,
    met: t.import.rows >= 10_000 ? t.import.seconds <= 10 : null,
  });
  const peak = Math.max(t.memory.peakRssMb, t.import.peakRssMb ?? 0);
  list.push({ goal: 'peak RSS ≤ 300 MB', measured: `${peak} MB`, met: peak <= 300 });
  if (!n) {
    list.push({
      goal: `a unit's reads beside an abusive token: p99 ≤ ${NOISY_NEIGHBOUR_GOAL}× alone`,
      measured: 'the step failed',
      met: false,
    });
    return list;
  }
  // The issue's abuser sends its heaviest legal operations: it waits the Retry-After it is told.
  const legal = n.worstReadRatio['honours Retry-After'];
  const reads = n.victim.filter((v) => v.read);
  list.push({
    goal: `a unit's reads beside an abusive token: p99 ≤ ${NOISY_NEIGHBOUR_GOAL}× alone`,
    measured:
      `${legal}× (${reads.map((v) => `${v.alone.p99} → ${v.beside['honours Retry-After'].p99} ms`).join(', ')}; ` +
      `${n.worstReadRatio['ignores Retry-After']}× beside one that ignores Retry-After)`,
    met: legal <= NOISY_NEIGHBOUR_GOAL,
  });
  return list;
}

function pct(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}

function markdown(
  issues: number,
  quick: boolean,
  m: Machine,
  data: GenerateResult,
  f: ReportBenchResult,
  t: TransitionBenchResult,
  nn: NoisyNeighbourResult | null,
  g: Goal[],
): string {
  const n = (x: number) => x.toLocaleString('en');
  const lines = [
    `# Rectify bench — ${n(issues)} problems${quick ? ' (quick)' : ''}`,
    '',
    `${m.date.slice(0, 16).replace('T', ' ')} UTC · commit \`${m.commit}\` · ${m.cpus} CPUs (${m.cpuModel}) · ${m.memoryGiB} GiB · Node ${m.node} · ` +
      `PostgreSQL ${m.postgres} (${Object.entries(m.postgresSettings)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}) · ` +
      `load average ${m.loadBefore} before, ${m.loadAfter} after`,
    '',
    `Command: \`npm run bench${quick ? ' -- --quick' : issues === 1_000_000 ? '' : ` -- --issues ${issues}`}\`. Service: \`node dist/src/main.js\` ` +
      '(NODE_ENV=production, sweep off) over HTTP on the same machine; SQL: the best hand-written statement for the same figures, ' +
      'run with `pg` on the same database.',
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
    "SQL: the service's own statement over the bookings, sent raw with `pg` (the best found), timed in turns with the " +
      "service's request (one each, in turn) so both see the same caches and neighbours. Independent: the " +
      'statement reading every problem and the log (bench/hand-sql.ts), which also checks the figures unit by unit. ' +
      "First request: the first call. The figures read one day's running sums, that day's bookings up to the moment and " +
      'the log rows the projector has not folded yet (booked live).',
    '',
    '| report | first request | service p50 | service p99 | SQL p50 | SQL p99 | service ÷ SQL (p50) | independent statement p50 | same figures | runs |',
    '|---|---:|---:|---:|---:|---:|---:|---:|:---:|---:|',
    ...f.reports.map(
      (r) =>
        `| \`${r.call}\` | ${r.firstMs} | ${r.service.p50} | ${r.service.p99} | ${r.sql.p50} | ${r.sql.p99} | ${r.ratio} | ${r.scan.p50} | ` +
        `${r.sameFigures ? 'yes' : '**no**'} | ${r.service.runs} / ${r.sql.runs} / ${r.scan.runs} |`,
    ),
    '',
    "## The weekly bulletin's download (ms)",
    '',
    "Over HTTP: the table, the overdue sheet (every problem overdue at the week's end: from the problems' rows, and the log for " +
      'those changed since) and the workbook built. SQL: its two statements sent raw, one after the other. Independent: the ' +
      "sheet from every problem's last log row by the week's end, which checks its rows and their order.",
    '',
    "| download | service p50 | service p99 | SQL p50 | the sheet's statement p50 | service ÷ SQL (p50) | independent statement p50 | overdue rows | same rows |",
    '|---|---:|---:|---:|---:|---:|---:|---:|:---:|',
    ...f.exports.map(
      (x) =>
        `| \`${x.call}\` | ${x.service.p50} | ${x.service.p99} | ${x.sql.p50} | ${x.sheetSql.p50} | ${x.ratio} | ${x.scan.p50} | ${n(x.rows)} | ` +
        `${x.sameRows ? 'yes' : '**no**'} |`,
    ),
    '',
    '## The list (ms, over HTTP, 50 a page)',
    '',
    '| list | page p50 | page p99 | with totalCount p50 | with totalCount p99 | rows | totalCount | = count(*) | runs |',
    '|---|---:|---:|---:|---:|---:|---:|:---:|---:|',
    ...f.lists.map(
      (l) =>
        `| ${l.name} | ${l.service.p50} | ${l.service.p99} | ${l.withTotal.p50} | ${l.withTotal.p99} | ${l.rows} | ${n(l.totalCount)} | ` +
        `${l.sameCount === null ? '—' : l.sameCount ? 'yes' : '**no**'} | ${l.service.runs} |`,
    ),
    '',
    'totalCount: for the whole list, one unit (or its led or cooperated part), states, sub-states, sources and publication, ' +
      'from the counts triggers keep on the problems (migrations 9 and 16); for any other filter, every match counted. "= count(*)": the same as counting the problems raw. ' +
      'p50/p99 by nearest rank over the runs after warm-up (at most 30, fewer when a run is slow: see runs). ' +
      "Plans: `EXPLAIN (ANALYZE, BUFFERS)` of every statement, the service's as it sends it and the hand-written one, in `bench/.work/explain/`.",
    '',
    '## Transitions (over HTTP, next to pgbench and the empty query)',
    '',
    'Each client walks its own problems ASSIGNED → CLOSED: accept, three progress reports, submit, verify, close. pgbench runs the same ' +
      'unit of work straight on the same PostgreSQL (lock the row, update it, append one event, commit; bench/pgbench.ts), with the service ' +
      '(and so its projector) running, and again with no derived work at all (every trigger off, the projector held off by its lock); ' +
      'then both again with a change that moves the problem between the list\'s count rows (a publication toggled: "state-changing"). ' +
      "The empty query is `{ __typename }` with the same token: the framework's ceiling. The service, PostgreSQL and the load " +
      `client share the ${m.cpus} cores; ${t.levels[0]?.service.seconds ?? 0} s a run.`,
    '',
    '| clients | transitions/s | p50 ms | p99 ms | pgbench tx/s | pgbench p50 ms | pgbench with no derived work tx/s | with ÷ without | state-changing pgbench tx/s | without derived work | with ÷ without | service ÷ pgbench | empty query/s | transitions ÷ empty | transitions per service CPU-s | per PostgreSQL CPU-s | empty queries per service CPU-s |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...t.levels.map(
      (l) =>
        `| ${l.clients} | ${n(l.service.perSecond)} | ${l.service.latency.p50} | ${l.service.latency.p99} | ${n(l.pgbench.tps)} | ${l.pgbench.latency.p50} | ` +
        `${n(l.pgbenchBare.tps)} | ${l.derivedRatio}× | ` +
        `${n(l.pgbenchStateChange.tps)} | ${n(l.pgbenchStateChangeBare.tps)} | ${l.stateChangeDerivedRatio}× | ` +
        `${pct(l.ratioToRaw)} | ${n(l.empty.perSecond)} | ${pct(l.ratioToEmpty)} | ${n(l.transitionsPerServiceCpuSecond)} | ${n(l.transitionsPerPostgresCpuSecond)} | ${n(l.emptyQueriesPerServiceCpuSecond)} |`,
    ),
    '',
    `Invariants: ${t.invariants.ok ? 'hold' : '**broken**'} — transitions acknowledged ${n(t.invariants.acknowledged)}, events written by them ` +
      `${n(t.invariants.serviceEvents)}; pgbench transactions ${n(t.invariants.pgbenchTransactions)}, events ${n(t.invariants.pgbenchEvents)}; ` +
      `problems whose version ≠ event count: ${t.invariants.versionMismatches}; refused or failed requests: ${t.invariants.serviceErrors}; ` +
      `failed pgbench transactions: ${t.invariants.pgbenchFailed}; rollbacks: ${t.invariants.rollbacks}.`,
    '',
    '## Webhooks',
    '',
    'The same walk with an office webhook registered for every event (a receiver on the loopback in the bench process), ' +
      "each transition's message timed from the event's time to its arrival; next to the walk without it above.",
    '',
    '| clients | transitions/s with the webhook | without (above) | messages received | event → receiver p50 ms | p99 ms |',
    '|---:|---:|---:|---:|---:|---:|',
    ...t.webhooks.map(
      (w) =>
        `| ${w.clients} | ${n(w.perSecond)} | ${n(t.levels.find((l) => l.clients === w.clients)?.service.perSecond ?? 0)} | ` +
        `${n(w.delivered)} of ${n(w.expected)} | ${w.latency.p50} | ${w.latency.p99} |`,
    ),
    '',
    '## Import and memory',
    '',
    `A ${n(t.import.rows)}-row handover list (xlsx, ${Math.round(t.import.bytes / 1024)} kB) through \`POST /imports\`, end to end: ` +
      `${t.import.seconds} s (${n(t.import.rowsPerSecond)} rows/s), ${n(t.import.created)} problems filed and assigned, peak RSS during the import ` +
      `${t.import.peakRssMb ?? '?'} MB. Service RSS: ${t.memory.idleRssMb} MB after warm-up, peak ${t.memory.peakRssMb} MB during the transition runs` +
      `${t.memory.peakRssResetBeforeRun ? '' : ' (peak since start: the peak could not be reset)'}.`,
    '',
    ...(nn ? noisyNeighbourSection(nn) : ['## A noisy neighbour', '', "The step failed (see the run's output)."]),
    '## Goals',
    '',
    '| goal | measured | met |',
    '|---|---|:---:|',
    ...g.map(
      (x) =>
        `| ${x.goal} | ${x.measured} | ${x.met === null ? '— (not measured at this size)' : x.met ? 'yes' : '**no**'} |`,
    ),
    '',
  ];
  return lines.join('\n');
}
