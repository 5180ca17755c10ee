// What the derived work costs a transaction, two builds side by side: pgbench's progress and state-changing scripts
// (bench/pgbench.ts) with a service running (and so its projector folding) and with no derived work at all, at 4 and 16
// clients, the builds taken in turns (A, B, B, A, …) so that both see the same neighbours on a shared machine. Then,
// with no service, the fold's own CPU per batch (foldCpu), read from /proc: the database must run on this machine;
// contention does not inflate it as it does a wall-clock time. Each build has its own database (a copy
// of one data set); the problems pgbench writes to keep their logs from round to round, so they grow long.
// Usage: node dist/bench/fold-ab.js --a ROOT=URL --b ROOT=URL [--rounds 3] [--seconds 10]
//   ROOT: a checkout with dist/ built; URL: its database (the bench's, with bench_pgbench_problems: run the
//   transitions bench on it once).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { PROJECTOR_LOCK } from '../src/reports/figure-projector.service.js';
import { withClient } from './database.js';
import { runPgbench, type PgbenchScript } from './pgbench.js';
import { Service } from './report.bench.js';

const PER_CLIENT = 40;
const CLIENTS = [4, 16];
const SCRIPTS: PgbenchScript[] = ['progress', 'publish'];

interface Build {
  name: string;
  root: string;
  url: string;
}

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

function build(name: string): Build {
  const spec = flag(name);
  if (!spec?.includes('=')) throw new Error(`--${name} ROOT=URL is required`);
  const at = spec.indexOf('=');
  return { name: name.toUpperCase(), root: spec.slice(0, at), url: spec.slice(at + 1) };
}

/**
 * pgbench writes for 3 s with no projector; then a build's own projector, on one connection of its own, folds it: the
 * rows written, the batches and the backend's CPU ms. The connection folds a first write unmeasured, so that what is
 * measured is a beat of a running service (its statements planned), not a connection's first.
 */
async function foldCpu(b: Build, kind: PgbenchScript): Promise<{ rows: number; folds: number; cpuMs: number }> {
  const load = (path: string) => import(join(b.root, path)) as Promise<Record<string, unknown>>;
  const { DataSource } = (await import(join(b.root, 'node_modules/typeorm/index.mjs'))) as {
    DataSource: new (o: unknown) => {
      initialize(): Promise<unknown>;
      destroy(): Promise<void>;
      query(sql: string): Promise<{ pid: number }[]>;
    };
  };
  const { dataSourceOptions } = (await load('dist/src/database/data-source-options.js')) as {
    dataSourceOptions: (url: string) => { extra?: Record<string, unknown> };
  };
  const { FigureProjector } = (await load('dist/src/reports/figure-projector.service.js')) as {
    FigureProjector: new (db: unknown, clock: { now(): Date }, config: unknown) => { foldOnce(): Promise<boolean> };
  };
  const options = dataSourceOptions(b.url);
  const db = new DataSource({ ...options, extra: { ...options.extra, max: 1 } });
  await db.initialize();
  try {
    const [{ pid }] = await db.query(`SELECT pg_backend_pid() AS pid`);
    const cpu = () => Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
    const projector = new FigureProjector(db, { now: () => new Date() }, { dueSoonDays: 7 });
    const foldAll = async () => {
      let folds = 1;
      while (await projector.foldOnce()) folds++;
      return folds;
    };
    await runPgbench(b.url, 16, 3, PER_CLIENT, true, kind);
    await foldAll();
    const written = await runPgbench(b.url, 16, 3, PER_CLIENT, true, kind);
    const before = cpu();
    const folds = await foldAll();
    return { rows: written.transactions, folds, cpuMs: cpu() - before };
  } finally {
    await db.destroy();
  }
}

async function withoutProjector<T>(url: string, fn: () => Promise<T>): Promise<T> {
  return withClient(url, async (c) => {
    await c.query(`SELECT pg_advisory_lock($1)`, [PROJECTOR_LOCK]);
    try {
      return await fn();
    } finally {
      await c.query(`SELECT pg_advisory_unlock($1)`, [PROJECTOR_LOCK]);
    }
  });
}

/** Waits until no log row is left to fold (a position below the horizon with nothing logged past it is folded up). */
async function foldedUp(url: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
      const { rows } = await pool.query<{ done: boolean }>(
        `SELECT NOT EXISTS (SELECT 1 FROM issue_events WHERE tx >= p.folded_below) AS done FROM figure_projection p`,
      );
      if (rows[0].done) return;
      await new Promise((wake) => setTimeout(wake, 200));
    }
  } finally {
    await pool.end();
  }
}

async function round(b: Build, seconds: number): Promise<void> {
  const service = await Service.start(b.url, b.root);
  try {
    await foldedUp(b.url);
    for (const clients of CLIENTS) {
      for (const kind of SCRIPTS) {
        const withWork = await runPgbench(b.url, clients, seconds, PER_CLIENT, false, kind);
        await foldedUp(b.url);
        const bare = await withoutProjector(b.url, () => runPgbench(b.url, clients, seconds, PER_CLIENT, true, kind));
        await foldedUp(b.url);
        console.log(
          `${b.name} ${kind.padEnd(8)} ${String(clients).padStart(2)} clients: with ${withWork.tps}/s, ` +
            `without ${bare.tps}/s, ratio ${(withWork.tps / bare.tps).toFixed(3)}`,
        );
      }
    }
  } finally {
    await service.stop();
  }
  for (const kind of SCRIPTS) {
    const { rows, folds, cpuMs } = await foldCpu(b, kind);
    console.log(
      `${b.name} ${kind.padEnd(8)} fold of ${rows} rows (16 clients, 3 s): ${folds} batches, ` +
        `${cpuMs.toFixed(0)} ms of CPU (${(cpuMs / folds).toFixed(1)} ms a batch, ${((1000 * cpuMs) / rows).toFixed(0)} µs a row)`,
    );
  }
}

const builds = [build('a'), build('b')];
const rounds = Number(flag('rounds') ?? 3);
const seconds = Number(flag('seconds') ?? 10);
for (let r = 0; r < rounds; r++) {
  // A first in even rounds, B first in odd ones: neither always follows the other.
  for (const b of r % 2 === 0 ? builds : [...builds].reverse()) await round(b, seconds);
}
