// The README's worked example, run as a reader runs it: its bash blocks, unchanged but for the token and the address,
// in bash with curl against the real service — on a fresh database and on one filled by `npm run seed:demo`.
import { afterEach, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { JPEG } from '../factories/photo.factory.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';
import { ROOT } from '../support/processes.js';

const run = promisify(execFile);
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The first ```bash block after a heading. */
function bashBlockAfter(heading: string): string {
  const at = README.indexOf(`\n${heading}\n`);
  if (at < 0) throw new Error(`README has no heading "${heading}"`);
  const start = README.indexOf('```bash\n', at);
  return README.slice(start + '```bash\n'.length, README.indexOf('\n```', start));
}

const EXAMPLE = bashBlockAfter('## A worked example');
const DOWNLOAD = bashBlockAfter('## Evidence (整改佐证)');
const NOTIFY = bashBlockAfter("## People told: text messages, the inbox, the leaders' digest");
const LOOKBACK = bashBlockAfter('## Look-back campaigns (回头看)');
/** The README's SMS rule needs a gateway; none is reached (nothing is dispatched here). */
const WITH_GATEWAY = { RECTIFY_SMS_GATEWAY_URL: 'http://127.0.0.1:9/sms' };

interface Ran {
  issueId: string;
  evidenceId: string;
  stdout: string;
  dir: string;
}

/** The app listening on a free loopback port, as the README's `API=`. */
async function serve(t: TestApp): Promise<string> {
  const server = await t.app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function runExample(t: TestApp): Promise<Ran> {
  const api = await serve(t);
  const script = [
    EXAMPLE.replace('export OFFICE=rct_…', `export OFFICE=${OFFICE_TOKEN}`).replace(
      'API=http://localhost:3000',
      `API=${api}`,
    ),
    DOWNLOAD,
    NOTIFY,
    LOOKBACK,
    'echo "RESULT $ISSUE $EV"',
  ].join('\n');
  expect(script).toContain(`API=${api}`);
  const dir = mkdtempSync(join(tmpdir(), 'rectify-readme-'));
  writeFileSync(join(dir, '现场照片.jpg'), JPEG);
  const { stdout } = await run('bash', ['-c', script], { cwd: dir, timeout: 60_000, maxBuffer: 16 << 20 });
  const [, issueId, evidenceId] = /RESULT (\S+) (\S+)/.exec(stdout) ?? [];
  return { issueId, evidenceId, stdout, dir };
}

/** The example's central problem in its public notice, past the leaders, with the photo on its progress report. */
async function expectInNoticeWithPhoto(t: TestApp, ran: Ran): Promise<void> {
  const { issue } = await t.ok<{
    issue: { substate: string; events: { type: string; actor: string; evidence: { id: string }[] }[] };
  }>(OFFICE_TOKEN, 'query($id: ID!) { issue(id: $id) { substate events { type actor evidence { id } } } }', {
    id: ran.issueId,
  });
  expect(issue.substate).toBe('VERIFIED.publicNotice');
  expect(issue.events.map((e) => e.type)).toEqual([
    'file',
    'assign',
    'accept',
    'reportProgress',
    'submit',
    'verify',
    'signOff',
  ]);
  expect(issue.events[6].actor).toBe('分管副区长');
  expect(ran.stdout).toMatch(/"substate":"VERIFIED\.publicNotice","noticeEndDay":"\d{4}-\d{2}-\d{2}"/);
  expect(issue.events.find((e) => e.type === 'reportProgress')!.evidence.map((e) => e.id)).toEqual([ran.evidenceId]);
  expect(readFileSync(join(ran.dir, 'photo.jpg')).equals(JPEG)).toBe(true);
  expect(ran.stdout).toContain('"setNotificationRule":{"trigger":"ASSIGNED","channels":["SMS","INBOX","LOG"]');
  // The table at the end names the example's unit with its problem, not closed yet.
  expect(ran.stdout).toMatch(
    /"closureReport":\{"asOf":"[^"]+","rows":\[.*\{"unit":\{"name":"水江镇"\},"total":1,"closed":0/,
  );
  // The look-back over the self-check batch: three closed problems, two holding, one rebound.
  expect(ran.stdout).toContain('"trigger":"LOOKBACK_ASSIGNED"');
  expect(ran.stdout).toContain(
    '"progress":{"items":3,"reported":3,"concluded":3,"ok":2,"rebounds":1,"overdue":0,"open":0},"units":[{"unit":{"name":"水江镇"},"items":3,"ok":2,"rebounds":1}]',
  );
  expect(ran.stdout).toContain('"issue":{"substate":"RECTIFYING.inProgress","reboundCount":1,"dueDay":"2030-09-30"}');
  const { closureReport } = await t.ok<{
    closureReport: { total: { total: number; closed: number; rebounds: number } };
  }>(OFFICE_TOKEN, '{ closureReport(batch: "2026年第1批举一反三自查") { total { total closed rebounds } } }');
  expect(closureReport.total).toEqual({ total: 3, closed: 2, rebounds: 1 });
}

describe("README's worked example", () => {
  let t: TestApp | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    t = undefined;
    dir = undefined;
  });

  it('runs as written on a fresh database', async () => {
    t = await createTestApp({ now: new Date().toISOString(), env: WITH_GATEWAY });
    const ran = await runExample(t);
    dir = ran.dir;
    await expectInNoticeWithPhoto(t, ran);
  }, 90_000);

  it('runs as written after npm run seed:demo (whose district already has 水江镇, code SJZ)', async () => {
    t = await createTestApp({ now: new Date().toISOString(), env: WITH_GATEWAY });
    const seeded = await run(process.execPath, [join(ROOT, 'dist/src/cli/seed-demo.js'), '12'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: t.databaseUrl, LOG_LEVEL: 'silent' },
      timeout: 120_000,
    });
    expect(seeded.stdout).toMatch(/Demo district: 20 units/);
    const ran = await runExample(t);
    dir = ran.dir;
    await expectInNoticeWithPhoto(t, ran);
  }, 180_000);

  it('stops at the first failure instead of going on with empty variables', async () => {
    t = await createTestApp({ now: new Date().toISOString() });
    const api = await serve(t);
    // A token the service does not know: the first call fails and nothing after it runs.
    const script = `${EXAMPLE.replace('export OFFICE=rct_…', 'export OFFICE=rct_unknown_token_0000000000').replace('API=http://localhost:3000', `API=${api}`)}\necho REACHED_THE_END`;
    const failed = await run('bash', ['-c', script], { timeout: 60_000 }).then(
      () => null,
      (e: { code: number; stdout: string }) => e,
    );
    expect(failed?.code).not.toBe(0);
    expect(failed?.stdout).not.toContain('REACHED_THE_END');
    const { issues } = await t.ok<{ issues: { totalCount: number } }>(OFFICE_TOKEN, '{ issues { totalCount } }');
    expect(issues.totalCount).toBe(0);
  }, 60_000);
});
