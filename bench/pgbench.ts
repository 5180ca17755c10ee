// The same unit of work as one transition, sent by pgbench straight to the same PostgreSQL: lock one problem's row,
// update it, append one event, commit. The event is a genuine progress report (payload, after-columns, seq), or — the
// `publish` script — a genuine publication toggled on and off, which moves the problem between the list's count rows
// as a change of state does; so the log still replays to the stored row and versions still equal event counts.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type pg from 'pg';
import { stat, type Stat } from './report.bench.js';

const run = promisify(execFile);

export interface PgbenchLine {
  clients: number;
  seconds: number;
  transactions: number;
  failed: number;
  tps: number;
  latency: Stat;
}

/** Problems pgbench may write to: client k owns rows k*perClient+1 … (k+1)*perClient, so clients never wait on each other. */
export const PGBENCH_TABLE = 'bench_pgbench_problems';

export async function preparePgbenchProblems(pool: pg.Pool, ids: readonly string[]): Promise<void> {
  await pool.query(`DROP TABLE IF EXISTS ${PGBENCH_TABLE}`);
  await pool.query(`CREATE TABLE ${PGBENCH_TABLE} (n int PRIMARY KEY, id uuid NOT NULL)`);
  await pool.query(
    `INSERT INTO ${PGBENCH_TABLE} (n, id) SELECT k, id FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, k)`,
    [ids],
  );
  await pool.query(`ANALYZE ${PGBENCH_TABLE}`);
}

/** What each transaction does to its problem: a progress report, or a publication toggled (the list's counts move). */
export type PgbenchScript = 'progress' | 'publish';

const CHANGE: Record<
  PgbenchScript,
  { set: string; type: string; actor: string; unit: string; comment: string; payload: string }
> = {
  progress: {
    set: 'progress_percent = :pct',
    type: 'reportProgress',
    actor: "'UNIT'",
    unit: 'i.lead_unit_id',
    comment: "'pgbench'",
    payload:
      "'progressPercent', (:pct)::int, 'comment', 'pgbench', 'actor', jsonb_build_object('role', 'UNIT', 'unitId', i.lead_unit_id)",
  },
  publish: {
    set: "published = NOT published, public_summary = coalesce(public_summary, 'pgbench')",
    type: 'publish',
    actor: "'OFFICE'",
    unit: 'NULL::uuid',
    comment: 'NULL',
    payload:
      "'published', i.published, 'publicSummary', i.public_summary, 'actor', jsonb_build_object('role', 'OFFICE', 'unitId', NULL)",
  },
};

function script(perClient: number, kind: PgbenchScript): string {
  const c = CHANGE[kind];
  // :client_id is pgbench's own (0-based); \gset turns the locked row's columns into variables.
  return `\\set n :client_id * ${perClient} + random(1, ${perClient})
\\set pct random(1, 99)
BEGIN;
SELECT i.id AS pid FROM issues i WHERE i.id = (SELECT id FROM ${PGBENCH_TABLE} WHERE n = :n) FOR UPDATE \\gset
WITH i AS (
  UPDATE issues SET version = version + 1, ${c.set}, updated_at = clock_timestamp() WHERE id = (:pid)::uuid RETURNING *
)
INSERT INTO issue_events (issue_id, seq, type, from_state, to_state, actor, actor_role, actor_token_id, unit_id, comment, payload,
  machine_version, at, lead_unit_id, due_at, deadline_kind, completed_on_time, first_submitted_at, satisfaction, escalation_level,
  duplicate_of_id)
SELECT i.id, i.version, '${c.type}', i.substate, i.substate, 'pgbench', ${c.actor}, NULL, ${c.unit}, ${c.comment},
  jsonb_build_object('type', '${c.type}', ${c.payload},
    'at', translate(to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24_MI_SS.MS"Z"'), '_', ':')),
  i.machine_version, clock_timestamp(), i.lead_unit_id, i.due_at, i.deadline_kind, i.completed_on_time, i.first_submitted_at,
  i.satisfaction, i.escalation_level, i.duplicate_of_id
FROM i;
COMMIT;
`;
}

/**
 * `bare`: the same transactions with no derived work at all — the database's triggers off (session_replication_role =
 * replica: the list's counts, former holders; a superuser's setting, as the bench's own PostgreSQL gives) — the
 * caller holds the projector off meanwhile (transitions.bench.ts).
 */
export async function runPgbench(
  url: string,
  clients: number,
  seconds: number,
  perClient: number,
  bare = false,
  kind: PgbenchScript = 'progress',
): Promise<PgbenchLine> {
  const dir = mkdtempSync(join(tmpdir(), 'rectify-pgbench-'));
  try {
    const file = join(dir, 'transition.sql');
    writeFileSync(file, script(perClient, kind));
    const threads = Math.min(clients, 2);
    const { stdout } = await run(
      'pgbench',
      [
        '-n',
        '-M',
        'prepared',
        '-f',
        file,
        '-c',
        String(clients),
        '-j',
        String(threads),
        '-T',
        String(seconds),
        '-l',
        '--log-prefix',
        join(dir, 'log'),
        url,
      ],
      {
        maxBuffer: 16 * 1024 * 1024,
        env: bare ? { ...process.env, PGOPTIONS: '-c session_replication_role=replica' } : process.env,
      },
    );
    const number = (re: RegExp) => Number(re.exec(stdout)?.[1] ?? NaN);
    const transactions = number(/number of transactions actually processed: (\d+)/);
    const failed = number(/number of failed transactions: (\d+)/) || 0;
    const tps = number(/tps = ([\d.]+) \(without initial connection time\)/);
    // Per-transaction log lines: client_id transaction_no time(µs) script_no time_epoch time_us
    const latencies: number[] = [];
    for (const name of readdirSync(dir).filter((f) => f.startsWith('log'))) {
      for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
        const us = Number(line.split(' ')[2]);
        if (Number.isFinite(us) && line) latencies.push(us / 1000);
      }
    }
    if (!Number.isFinite(transactions) || !Number.isFinite(tps)) throw new Error(`pgbench gave no figures:\n${stdout}`);
    return { clients, seconds, transactions, failed, tps: Math.round(tps), latency: stat(latencies) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
