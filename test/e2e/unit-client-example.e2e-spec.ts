// The typed client example (examples/unit-client), against the real service on a real database: its generated types
// match schema.gql, it compiles under its own strict tsconfig and runs as a reader runs it (node dist/cli.js), and its
// runUnitDay does a unit's day — the list paged by cursor, accept, a photo uploaded and reported, submit — through a
// lost reply and a real statement timeout (retried with the same Idempotency-Key, applied once), a VERSION_CONFLICT
// (re-read, redone) and a problem reassigned away meanwhile (left alone); its error switch covers README's codes.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { ERROR_CODES } from '../../examples/unit-client/src/rectify-client.js';
import { runUnitDay, type UnitDaySummary } from '../../examples/unit-client/src/unit-day.js';
import {
  assign,
  createToken,
  createUnitWithToken,
  daysAfter,
  fileIssue,
  issueIn,
  type UnitWithToken,
} from '../factories/factories.js';
import { JPEG } from '../factories/photo.factory.js';
import { cityWideClient } from '../support/districts.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

const ROOT = resolve(import.meta.dirname, '../..');
const EXAMPLE = join(ROOT, 'examples/unit-client');
const BIN = join(ROOT, 'node_modules/.bin');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

interface EventView {
  type: string;
  actor: string;
  unit: { id: string } | null;
  evidence: { id: string; mediaType: string; sha256: string; uploadedBy: string | null }[];
}

interface IssueView {
  code: string;
  substate: string;
  progressPercent: number;
  leadUnit: { id: string } | null;
  events: EventView[];
}

/** One GraphQL request the example sent, as it left the client. */
interface Sent {
  operationName: string;
  issueId: string | null;
  key: string | null;
}

describe('the typed client example (examples/unit-client)', () => {
  let t: TestApp;
  let url: string;
  let dir: string;
  let photoPath: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rectify-unit-client-'));
    photoPath = join(dir, '现场照片.jpg');
    writeFileSync(photoPath, JPEG);
    // Writes waiting on a row lock give up after 500 ms (SERVICE_UNAVAILABLE, retryable): the day meets one for real.
    t = await createTestApp({ env: { RECTIFY_EVIDENCE_DIR: join(dir, 'evidence'), RECTIFY_WRITE_TIMEOUT_MS: '500' } });
    await t.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const view = async (id: string): Promise<IssueView> =>
    (
      await t.ok<{ issue: IssueView }>(
        OFFICE_TOKEN,
        `query($id: ID!) { issue(id: $id) { code substate progressPercent leadUnit { id }
           events { type actor unit { id } evidence { id mediaType sha256 uploadedBy } } } }`,
        { id },
      )
    ).issue;

  it('has its generated types up to date with schema.gql (graphql-codegen --check)', async () => {
    const check = await run(join(BIN, 'graphql-codegen'), ['--config', 'codegen.ts', '--check'], { cwd: EXAMPLE });
    expect({ code: check.code, out: check.code === 0 ? '' : check.stdout + check.stderr }).toEqual({
      code: 0,
      out: '',
    });
  });

  it('handles exactly the error codes README documents', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const table = readme.slice(
      readme.indexOf('`extensions.code` is one of:'),
      readme.indexOf('The rule behind the GraphQL column'),
    );
    const documented = table
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .flatMap((line) => [...line.split('|')[1].matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]));
    expect(documented.length).toBeGreaterThan(10);
    expect([...ERROR_CODES].sort()).toEqual([...documented].sort());
  });

  it('compiles under its strict tsconfig and runs as a reader runs it: node dist/cli.js --url … --token … --photo …', async () => {
    const tsc = await run(join(BIN, 'tsc'), ['-p', 'tsconfig.json'], { cwd: EXAMPLE });
    expect({ code: tsc.code, out: tsc.stdout + tsc.stderr }).toEqual({ code: 0, out: '' });

    const unit = await createUnitWithToken(t, { name: '南平镇', kind: 'TOWN' });
    const issue = await fileIssue(t, { title: '河道两岸垃圾清理不彻底', category: 'WATER' });
    await assign(t, issue.id, unit.id);
    const cli = await run(
      process.execPath,
      ['dist/cli.js', '--url', url, '--token', unit.token, '--photo', photoPath],
      { cwd: EXAMPLE },
    );
    expect({ code: cli.code, stderr: cli.code === 0 ? '' : cli.stderr }).toEqual({ code: 0, stderr: '' });
    const summary = JSON.parse(cli.stdout) as UnitDaySummary;
    expect(summary).toMatchObject({
      awaiting: 1,
      pages: 1,
      accepted: [issue.code],
      submitted: [issue.code],
      skipped: [],
    });
    expect(summary.reported).toEqual([{ code: issue.code, evidenceId: expect.any(String) }]);
    const after = await view(issue.id);
    expect(after.substate).toBe('RECTIFYING.submitted');
    expect(after.events.find((e) => e.type === 'reportProgress')?.evidence.map((e) => e.id)).toEqual([
      summary.reported[0].evidenceId,
    ]);

    // A token the service refuses: the day stops at once (exit 1), UNAUTHENTICATED, nothing sent after it.
    const old = await createToken(t, 'UNIT', unit.id, '南平镇 旧令牌');
    const { tokens } = await t.ok<{ tokens: { id: string; label: string | null }[] }>(
      OFFICE_TOKEN,
      `{ tokens { id label } }`,
    );
    await t.ok(OFFICE_TOKEN, `mutation($id: ID!) { revokeToken(id: $id) { id } }`, {
      id: tokens.find((x) => x.label === '南平镇 旧令牌')!.id,
    });
    const refused = await run(process.execPath, ['dist/cli.js', '--url', url, '--photo', photoPath], {
      cwd: EXAMPLE,
      env: { ...process.env, RECTIFY_TOKEN: old },
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('UNAUTHENTICATED');
  });

  describe("runUnitDay: a town's day", () => {
    let town: UnitWithToken;
    let other: UnitWithToken;
    const sent: Sent[] = [];
    const logged: string[] = [];
    let summary: UnitDaySummary;
    const ids: Record<'first' | 'second' | 'third' | 'fourth' | 'submitted' | 'others', string> = {
      first: '',
      second: '',
      third: '',
      fourth: '',
      submitted: '',
      others: '',
    };

    beforeAll(async () => {
      town = await createUnitWithToken(t, { name: '水江镇', kind: 'TOWN' });
      other = await createUnitWithToken(t, { name: '区水利局' });
      // Four await the town, most urgent first: three to sign for (one reassigned away before the town gets to it),
      // one signed for already. One it submitted and one of another unit's do not await it.
      const file = (title: string) => ({ title, category: 'WATER', location: '水江镇' });
      ids.first = (
        await issueIn(t, 'ASSIGNED', town, { file: file('农村黑臭水体整治不到位'), dueAt: daysAfter(t, 10) })
      ).id;
      ids.second = (await issueIn(t, 'ASSIGNED', town, { file: file('生活污水直排沟渠'), dueAt: daysAfter(t, 20) })).id;
      ids.third = (
        await issueIn(t, 'RECTIFYING.inProgress', town, {
          file: file('畜禽养殖废水处理设施不完善'),
          dueAt: daysAfter(t, 30),
        })
      ).id;
      ids.fourth = (
        await issueIn(t, 'ASSIGNED', town, { file: file('河道采砂后生态修复滞后'), dueAt: daysAfter(t, 40) })
      ).id;
      ids.submitted = (await issueIn(t, 'RECTIFYING.submitted', town, { file: file('已申请销号的问题') })).id;
      ids.others = (await issueIn(t, 'ASSIGNED', other, { file: file('别的单位的问题') })).id;

      let lock: pg.Client | null = null;
      const once = new Set<string>();
      const first = (what: string) => !once.has(what) && once.add(what).has(what);

      // The network between the example and the service, with the day's accidents on it.
      const faulty: typeof fetch = async (input, init) => {
        const body =
          typeof init?.body === 'string'
            ? (JSON.parse(init.body) as { operationName?: string; variables?: { id?: string } })
            : null;
        if (!body?.operationName) return fetch(input, init);
        const issueId = body.variables?.id ?? null;
        sent.push({
          operationName: body.operationName,
          issueId,
          key: new Headers(init?.headers).get('idempotency-key'),
        });
        const is = (operation: string, id: string) => body.operationName === operation && issueId === id;

        // The office reassigns the fourth problem while the town works through its list.
        if (body.operationName === 'AcceptIssue' && first('reassign')) {
          await t.ok(OFFICE_TOKEN, `mutation($input: AssignInput!) { reassignIssue(input: $input) { id } }`, {
            input: { issueId: ids.fourth, leadUnitId: other.id, deadlineKind: 'DATE', dueAt: daysAfter(t, 40) },
          });
        }
        // The office writes to the third problem just before the town's report: the town's version is stale.
        if (is('ReportProgress', ids.third) && first('office-writes')) {
          await t.ok(
            OFFICE_TOKEN,
            `mutation($id: ID!) { reportProgress(issueId: $id, progressPercent: 30, comment: "整改办补录进展") { id } }`,
            {
              id: ids.third,
            },
          );
        }
        // A long transaction elsewhere holds the second problem's row: the town's report times out (retryable).
        if (is('ReportProgress', ids.second) && first('row-lock')) {
          lock = await cityWideClient(t.databaseUrl);
          await lock.query('BEGIN');
          await lock.query('SELECT 1 FROM issues WHERE id = $1 FOR UPDATE', [ids.second]);
          const reply = await fetch(input, init);
          await lock.query('ROLLBACK');
          await lock.end();
          return reply;
        }
        // The first problem's submission reaches the service and commits, but its reply is lost on the way back.
        if (is('SubmitRectification', ids.first) && first('lost-reply')) {
          const reply = await fetch(input, init);
          await reply.text();
          throw new TypeError('fetch failed', { cause: new Error('other side closed') });
        }
        return fetch(input, init);
      };

      summary = await runUnitDay({
        url,
        token: town.token,
        photo: { fileName: '截污管网.jpg', bytes: JPEG },
        pageSize: 2,
        fetch: faulty,
        retry: { baseDelayMs: 20 },
        log: (line) => logged.push(line),
      });
    });

    it('reads the whole list by cursor, most urgent first', () => {
      expect(summary).toMatchObject({ awaiting: 4, pages: 2 });
      const listed = sent.filter((s) => s.operationName === 'AwaitingMe');
      expect(listed).toHaveLength(2);
    });

    it('signs for, reports with its photo and submits each problem it still holds', async () => {
      const codes = await Promise.all([ids.first, ids.second, ids.third].map(async (id) => (await view(id)).code));
      expect(summary.accepted).toEqual(codes.slice(0, 2));
      expect(summary.reported.map((r) => r.code)).toEqual(codes);
      expect(summary.submitted).toEqual(codes);
      for (const [i, id] of [ids.first, ids.second, ids.third].entries()) {
        const issue = await view(id);
        expect(issue.substate).toBe('RECTIFYING.submitted');
        expect(issue.progressPercent).toBe(100);
        const mine = issue.events.filter((e) => e.unit?.id === town.id);
        // Each event once, whatever was retried (the third was signed for before the day began).
        expect(mine.map((e) => e.type)).toEqual(['accept', 'reportProgress', 'submit']);
        const report = mine.find((e) => e.type === 'reportProgress')!;
        expect(report.evidence).toEqual([
          {
            id: summary.reported[i].evidenceId,
            mediaType: 'image/jpeg',
            sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
            uploadedBy: '水江镇整改专班',
          },
        ]);
      }
    });

    it('retries a lost reply and a timed-out write with the same Idempotency-Key, and each applies once', () => {
      const keysOf = (operationName: string, issueId: string) =>
        sent.filter((s) => s.operationName === operationName && s.issueId === issueId).map((s) => s.key);
      const lost = keysOf('SubmitRectification', ids.first);
      expect(lost).toHaveLength(2);
      expect(lost[0]).toMatch(/^[0-9a-f-]{36}$/);
      expect(lost[1]).toBe(lost[0]);
      const timedOut = keysOf('ReportProgress', ids.second);
      expect(timedOut).toHaveLength(2);
      expect(timedOut[1]).toBe(timedOut[0]);
      // The lost reply was answered from the first try; the timed-out write ran on its retry.
      expect(summary).toMatchObject({ retries: 2, replayed: 1 });
      expect(logged.filter((line) => line.includes('retrying in'))).toEqual([
        expect.stringMatching(/^ {2}no reply: fetch failed/),
        expect.stringMatching(/^ {2}SERVICE_UNAVAILABLE: /),
      ]);
      // Every mutation carried a key; queries none.
      for (const s of sent)
        expect(s.key === null).toBe(s.operationName === 'AwaitingMe' || s.operationName === 'IssueNow');
    });

    it('re-reads after VERSION_CONFLICT and redoes the step with the new version (a new request, a new key)', async () => {
      expect(summary.conflicts).toBe(1);
      const reports = sent.filter((s) => s.operationName === 'ReportProgress' && s.issueId === ids.third);
      expect(reports).toHaveLength(2);
      expect(reports[1].key).not.toBe(reports[0].key);
      expect(sent.filter((s) => s.operationName === 'IssueNow').map((s) => s.issueId)).toEqual([ids.third]);
      const types = (await view(ids.third)).events.map((e) => `${e.type}:${e.unit?.id === town.id ? 'town' : e.actor}`);
      expect(types.slice(-3)).toEqual(['reportProgress:bootstrap', 'reportProgress:town', 'submit:town']);
    });

    it('leaves alone a problem reassigned away meanwhile, saying why', async () => {
      const fourth = await view(ids.fourth);
      expect(summary.skipped).toEqual([
        { code: fourth.code, error: 'NOT_FOUND', reason: null, message: expect.any(String) },
      ]);
      expect(fourth.leadUnit?.id).toBe(other.id);
      expect(fourth.events.filter((e) => e.unit?.id === town.id)).toEqual([]);
      // What did not await the town was not touched.
      for (const id of [ids.submitted, ids.others]) expect(sent.filter((s) => s.issueId === id)).toEqual([]);
    });
  });
});
