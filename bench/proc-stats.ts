// CPU time and memory of the service and of PostgreSQL, read from /proc (Linux): the two share the machine's cores,
// so transitions per CPU-second of each says where the time goes.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** utime + stime of one process, in seconds; with `children`, also the time of its reaped children. */
export function cpuSeconds(pid: number, children = false): number {
  const fields = statFields(pid);
  if (!fields) return 0;
  // Fields after "(comm)": state is index 0, utime 11, stime 12, cutime 13, cstime 14.
  const own = Number(fields[11]) + Number(fields[12]);
  const reaped = children ? Number(fields[13]) + Number(fields[14]) : 0;
  return (own + reaped) / TICKS_PER_SECOND;
}

/**
 * All CPU seconds PostgreSQL has spent so far: every live `postgres` process plus what the postmaster has reaped from
 * backends that have exited (pgbench's, the pool's). Differences of two readings give a run's share.
 */
export function postgresCpuSeconds(): number {
  let total = 0;
  for (const pid of pids()) {
    const fields = statFields(pid);
    if (!fields || commOf(pid) !== 'postgres') continue;
    const parent = Number(fields[1]);
    const isPostmaster = commOf(parent) !== 'postgres';
    total += cpuSeconds(pid, isPostmaster);
  }
  return total;
}

/** Peak and current resident set size in MB (VmHWM, VmRSS). */
export function memoryMb(pid: number): { peak: number; current: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { peak: Math.round(kb('VmHWM') / 1024), current: Math.round(kb('VmRSS') / 1024) };
}

/** Starts a new peak-RSS measurement for a process this user owns (writes 5 to clear_refs). */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

function pids(): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
}

function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

function commOf(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return null;
  }
}
