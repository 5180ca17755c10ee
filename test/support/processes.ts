// Ports, processes and PostgreSQL data directories, for the tests and the bench that start real services and servers.
// (The bench's build includes this file: tsconfig.build.json lists it.)
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root (where package.json and dist/ are), from test/support or dist/test/support. */
export const ROOT = fileURLToPath(
  new URL(
    new URL('.', import.meta.url).pathname.endsWith('/dist/test/support/') ? '../../../' : '../../',
    import.meta.url,
  ),
);

/** A TCP port free on the loopback right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Alive and not a zombie waiting to be reaped. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return true;
  }
}

/** True once the process is gone, false if it is still there after `ms`. */
export async function waitGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!isRunning(pid)) return true;
    await sleep(50);
  }
  return !isRunning(pid);
}

/** The postmaster's pid of the embedded PostgreSQL kept in `<dataDir>/pg`, while it runs. */
export function postmasterPid(dataDir: string): number | null {
  const file = join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The built service running in a process of its own. */
export interface Service {
  child: ChildProcess;
  port: number;
  exited: Promise<Exit>;
  /** Its stdout, then its stderr after a `--- stderr ---` line. */
  output(): string;
}

/** Starts the built service (dist/src/main.js) with exactly this environment, on `port`; its output is collected. */
export function startService(env: NodeJS.ProcessEnv, port: number): Service {
  const child = spawn(process.execPath, [join(ROOT, 'dist/src/main.js')], {
    cwd: ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, port, exited, output: () => `${stdout}\n--- stderr ---\n${stderr}` };
}

/** Polls GET /health until it answers 200, for at most `ms`; fails at once, with the output, if the process exits. */
export async function waitHealthy(s: Service, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  let exit: Exit | null = null;
  void s.exited.then((e) => (exit = e));
  while (Date.now() < deadline) {
    if (exit) throw new Error(`the service exited (${JSON.stringify(exit)}) before it was healthy:\n${s.output()}`);
    const res = await fetch(`http://127.0.0.1:${s.port}/health`).catch(() => null);
    if (res?.status === 200) return;
    await sleep(200);
  }
  throw new Error(`the service on ${s.port} was not healthy within ${ms / 1000} s:\n${s.output()}`);
}
