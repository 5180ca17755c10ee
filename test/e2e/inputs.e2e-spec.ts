// Inputs that used to end in a 500: text PostgreSQL cannot store (U+0000, a lone UTF-16 surrogate) in any argument or
// REST field, dates no calendar holds (year 0, far futures) and cursors that decode to them. Each is BAD_USER_INPUT
// naming the field, and changes nothing; an evidence upload refused or failed leaves no file and no row.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { EVIDENCE_STORE } from '../../src/evidence/evidence.constants.js';
import type { EvidenceStore } from '../../src/evidence/evidence-store.js';
import { createUnitWithToken, fileIssue, issueIn, type IssueRef, type UnitWithToken } from '../factories/factories.js';
import { createTestApp, OFFICE_TOKEN, type GqlReply, type TestApp } from '../support/test-app.js';

/** A well-known 125-byte 1×1 JPEG. */
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/yQALCAABAAEBAREA/8wABgAQEAX/2gAIAQEAAD8A0s8g/9k=',
  'base64',
);

const NUL = '整改\u0000说明';
const LONE_SURROGATE = '整改\ud800说明';
const BAD_TEXT = [
  ['a NUL', NUL],
  ['a lone surrogate', LONE_SURROGATE],
] as const;

/** A cursor as the service writes them, around any date. */
const cursorAt = (at: string) => Buffer.from(JSON.stringify([at, randomUUID()])).toString('base64url');

function expectBadInput<T>(reply: GqlReply<T>, fields: string[]): void {
  expect(reply.errors).toHaveLength(1);
  expect(reply.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields });
  expect(reply.data === null || Object.values(reply.data as object).every((v) => v === null)).toBe(true);
}

describe('inputs PostgreSQL or the calendar cannot hold', () => {
  let t: TestApp;
  let dir: string;
  let lead: UnitWithToken;
  let issue: IssueRef;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rectify-inputs-'));
    t = await createTestApp({ now: '2026-03-02T02:00:00.000Z', env: { RECTIFY_EVIDENCE_DIR: dir } });
    lead = await createUnitWithToken(t, { name: '水江镇', kind: 'TOWN' });
    issue = await issueIn(t, 'RECTIFYING.inProgress', lead);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Row counts and the problem's version: what a refusal must leave as it was. */
  async function state(): Promise<Record<string, number>> {
    const [row] = (await t.db.query(`
      SELECT (SELECT count(*)::int FROM issues) AS issues, (SELECT count(*)::int FROM issue_events) AS events,
             (SELECT count(*)::int FROM units) AS units, (SELECT count(*)::int FROM api_tokens) AS tokens,
             (SELECT count(*)::int FROM calendar_days) AS days, (SELECT count(*)::int FROM evidence) AS evidence,
             (SELECT version FROM issues WHERE id = '${issue.id}') AS version`)) as Record<string, number>[];
    return row;
  }

  describe('text with a NUL or a lone surrogate', () => {
    it.each(BAD_TEXT)('refuses %s in a title (fileIssue, OFFICE), filing nothing', async (_, bad) => {
      const before = await state();
      const reply = await t.gql(OFFICE_TOKEN, `mutation($input: FileIssueInput!) { fileIssue(input: $input) { id } }`, {
        input: {
          source: 'CENTRAL_INSPECTION',
          title: bad,
          description: '临街餐饮店油烟净化设施未正常运行',
          category: 'AIR',
        },
      });
      expectBadInput(reply, ['title']);
      expect(await state()).toEqual(before);
    });

    it('refuses it before validation looks at the rest (a blank description goes unmentioned)', async () => {
      const reply = await t.gql(OFFICE_TOKEN, `mutation($input: FileIssueInput!) { fileIssue(input: $input) { id } }`, {
        input: { source: 'CENTRAL_INSPECTION', title: NUL, description: '  ', category: 'AIR' },
      });
      expectBadInput(reply, ['title']);
    });

    it('refuses a NUL written as \\u0000 in a literal of the document too', async () => {
      const before = await state();
      const reply = await t.gql(
        OFFICE_TOKEN,
        `mutation { fileIssue(input: { source: CENTRAL_INSPECTION, title: "油烟\\u0000扰民", description: "d", category: AIR }) { id } }`,
      );
      expectBadInput(reply, ['title']);
      expect(await state()).toEqual(before);
    });

    it.each(BAD_TEXT)('refuses %s in a comment (reportProgress, the lead UNIT), changing nothing', async (_, bad) => {
      const before = await state();
      const reply = await t.gql(
        lead.token,
        `mutation($id: ID!, $c: String!) { reportProgress(issueId: $id, progressPercent: 50, comment: $c) { version } }`,
        {
          id: issue.id,
          c: bad,
        },
      );
      expectBadInput(reply, ['comment']);
      expect(await state()).toEqual(before);
    });

    it.each(BAD_TEXT)('refuses %s in a search (issues, a UNIT token)', async (_, bad) => {
      const reply = await t.gql(lead.token, `query($f: IssueFilter) { issues(first: 5, filter: $f) { totalCount } }`, {
        f: { search: bad },
      });
      expectBadInput(reply, ['search']);
    });

    it.each(BAD_TEXT)('refuses %s in a unit name (createUnit), creating nothing', async (_, bad) => {
      const before = await state();
      const reply = await t.gql(
        OFFICE_TOKEN,
        `mutation($name: String!) { createUnit(code: "NUL1", name: $name, kind: TOWN) { id } }`,
        { name: bad },
      );
      expectBadInput(reply, ['name']);
      expect(await state()).toEqual(before);
    });

    it.each(BAD_TEXT)('refuses %s in a token label (createToken), creating nothing', async (_, bad) => {
      const before = await state();
      const reply = await t.gql(
        OFFICE_TOKEN,
        `mutation($label: String) { createToken(role: LEADER, label: $label) { token } }`,
        { label: bad },
      );
      expectBadInput(reply, ['label']);
      expect(await state()).toEqual(before);
    });

    it.each(BAD_TEXT)('names a list by its own name: %s in an evidence id', async (_, bad) => {
      const before = await state();
      const reply = await t.gql(
        lead.token,
        `mutation($id: ID!, $ev: [ID!]) { reportProgress(issueId: $id, progressPercent: 50, comment: "过半", evidenceIds: $ev) { version } }`,
        { id: issue.id, ev: [randomUUID(), `${randomUUID()}${bad}`] },
      );
      expectBadInput(reply, ['evidenceIds']);
      expect(await state()).toEqual(before);
    });

    it('takes text with characters PostgreSQL does store (emoji, bidi and zero-width marks, U+FFFD)', async () => {
      const comment = '截污\u202e管网\u200b完成🚧\ufffd';
      const data = await t.ok<{ reportProgress: { events: { comment: string | null }[] } }>(
        lead.token,
        `mutation($id: ID!, $c: String!) { reportProgress(issueId: $id, progressPercent: 60, comment: $c) { events { comment } } }`,
        { id: issue.id, c: comment },
      );
      expect(data.reportProgress.events.at(-1)!.comment).toBe(comment);
      issue = { ...issue, version: issue.version + 1 };
    });
  });

  describe('dates and cursors', () => {
    it.each([
      ['year 0', '0000-01-01T00:00:00.000Z'],
      ['a year before 0', '-000001-01-01T00:00:00.000Z'],
      ['the last day JavaScript holds', '+275760-09-13T00:00:00.000Z'],
      ['year 10000', '+010000-01-01T00:00:00.000Z'],
    ])('refuses a cursor at %s anonymously through publicIssues as BAD_USER_INPUT on after', async (_, at) => {
      const reply = await t.gql(
        null,
        `query($after: String) { publicIssues(first: 5, after: $after) { totalCount } }`,
        { after: cursorAt(at) },
      );
      expectBadInput(reply, ['after']);
    });

    it('refuses such a cursor through issues for a UNIT token too', async () => {
      const reply = await t.gql(
        lead.token,
        `query($after: String) { issues(first: 5, after: $after) { totalCount } }`,
        { after: cursorAt('0000-01-01T00:00:00.000Z') },
      );
      expectBadInput(reply, ['after']);
    });

    it.each(['0000-01-03', '0999-12-28'])('refuses the Date %p (weeklyReport weekOf)', async (weekOf) => {
      const reply = await t.gql(OFFICE_TOKEN, `query($w: Date!) { weeklyReport(weekOf: $w) { asOf } }`, { w: weekOf });
      expectBadInput(reply, ['weekOf']);
    });

    it('refuses a calendar day in year 0 (setCalendarDay), setting nothing', async () => {
      const before = await state();
      const reply = await t.gql(
        OFFICE_TOKEN,
        `mutation { setCalendarDay(day: "0000-01-03", kind: HOLIDAY, name: "元旦") { day } }`,
      );
      expectBadInput(reply, ['day']);
      expect(await state()).toEqual(before);
    });

    it.each([
      ['asOf far in the future', `{ closureReport(asOf: "9999-12-31T23:00:00-08:00") { asOf } }`, ['asOf']],
      ['asOf in year 0', `{ closureReport(asOf: "0000-01-01T00:00:00Z") { asOf } }`, ['asOf']],
      [
        'periodStart on 30 February',
        `{ closureReport(periodStart: "2026-02-30T00:00:00+08:00") { asOf } }`,
        ['periodStart'],
      ],
    ])('refuses a DateTime %s', async (_, query, fields) => {
      expectBadInput(await t.gql(OFFICE_TOKEN, query), fields);
    });

    it.each(['9999-12-31T23:00:00-08:00', '0000-01-01T00:00:00Z'])(
      'refuses the DateTime %p as a deadline (assignIssue dueAt), changing nothing',
      async (dueAt) => {
        const filed = await fileIssue(t);
        const before = await state();
        const reply = await t.gql(
          OFFICE_TOKEN,
          `mutation($input: AssignInput!) { assignIssue(input: $input) { id } }`,
          {
            input: { issueId: filed.id, leadUnitId: lead.id, deadlineKind: 'DATE', dueAt },
          },
        );
        expectBadInput(reply, ['dueAt']);
        expect(await state()).toEqual(before);
      },
    );

    it('refuses a token expiring far in the future, creating nothing', async () => {
      const before = await state();
      const reply = await t.gql(
        OFFICE_TOKEN,
        `mutation { createToken(role: LEADER, expiresAt: "9999-12-31T23:59:59-12:00") { token } }`,
      );
      expectBadInput(reply, ['expiresAt']);
      expect(await state()).toEqual(before);
    });
  });

  describe('REST query parameters', () => {
    const get = (path: string, token: string | null = OFFICE_TOKEN) => {
      const req = request(t.app.getHttpServer()).get(path);
      if (token) req.set('authorization', `Bearer ${token}`);
      return req;
    };

    it.each([
      ['a NUL in weekOf', '/reports/weekly.csv?weekOf=2026-03-02%00', ['weekOf']],
      ['weekOf in year 0', '/reports/weekly.csv?weekOf=0000-01-03', ['weekOf']],
      ['weekOf twice', '/reports/weekly.xlsx?weekOf=2026-03-02&weekOf=2026-03-09', ['weekOf']],
      [
        'sources twice',
        '/reports/weekly.csv?weekOf=2026-03-02&sources=CENTRAL_INSPECTION&sources=PUBLIC_COMPLAINT',
        ['sources'],
      ],
      ['a NUL in sources', '/reports/weekly.csv?weekOf=2026-03-02&sources=CENTRAL_INSPECTION%00', ['sources']],
      ['a NUL in the eco period', '/reports/eco.xlsx?period=2026%00', ['period']],
      ['the eco period twice', '/reports/eco.xlsx?period=2026&period=2027', ['period']],
    ])('refuses %s with 400 naming the parameter', async (_, path, fields) => {
      const res = await get(path);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields });
    });
  });

  describe('evidence notes', () => {
    /** Every file under the evidence directory, spool included. */
    const filesOnDisk = (): string[] =>
      existsSync(dir)
        ? readdirSync(dir, { recursive: true, withFileTypes: true })
            .filter((d) => d.isFile())
            .map((d) => join(d.parentPath, d.name))
        : [];
    const evidenceRows = async () =>
      ((await t.db.query(`SELECT count(*)::int AS n FROM evidence`)) as { n: number }[])[0].n;

    const upload = (note: string, noteFirst: boolean) => {
      const req = request(t.app.getHttpServer())
        .post(`/issues/${issue.id}/evidence`)
        .set('authorization', `Bearer ${lead.token}`);
      if (noteFirst) req.field('note', note);
      req.attach('file', JPEG, { filename: '现场照片.jpg', contentType: 'image/jpeg' });
      if (!noteFirst) req.field('note', note);
      return req;
    };

    it.each([
      ['a NUL, sent before the file', NUL, true],
      ['a NUL, sent after the file', NUL, false],
      ['only a NUL', '\u0000', true],
    ])('refuses a note with %s: 400 naming note, no file on disk, no row', async (_, note, noteFirst) => {
      const rows = await evidenceRows();
      const res = await upload(note, noteFirst);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['note'] });
      expect(filesOnDisk()).toEqual([]);
      expect(await evidenceRows()).toBe(rows);
    });

    it('leaves no file when the row cannot be written, and no row when the file cannot be moved', async () => {
      const rows = await evidenceRows();
      // A fault of the database's own making: this database refuses one note.
      await t.db.query(
        `ALTER TABLE evidence ADD CONSTRAINT inputs_spec_fault CHECK (note IS DISTINCT FROM '写入失败')`,
      );
      try {
        const refused = await upload('写入失败', true);
        expect(refused.status).toBe(500);
      } finally {
        await t.db.query(`ALTER TABLE evidence DROP CONSTRAINT inputs_spec_fault`);
      }
      expect(filesOnDisk()).toEqual([]);
      expect(await evidenceRows()).toBe(rows);

      const store = t.app.get<EvidenceStore>(EVIDENCE_STORE);
      const commit = jest.spyOn(store, 'commit').mockRejectedValueOnce(new Error('ENOSPC: no space left on device'));
      try {
        expect((await upload('磁盘已满', true)).status).toBe(500);
      } finally {
        commit.mockRestore();
      }
      expect(filesOnDisk()).toEqual([]);
      expect(await evidenceRows()).toBe(rows);
    });

    it('stores an upload with a clean note: one file, one row', async () => {
      const rows = await evidenceRows();
      const res = await upload('截污管网\u200b完成', false);
      expect(res.status).toBe(201);
      expect(res.body.note).toBe('截污管网\u200b完成');
      expect(filesOnDisk()).toHaveLength(1);
      expect(await evidenceRows()).toBe(rows + 1);
    });
  });
});
