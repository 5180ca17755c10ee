import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { backup, restore, RestoreError } from '../../src/backup/backup.js';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { ReplayService } from '../../src/issues/replay.service.js';
import { createUnitWithToken, fileIssue, issueIn, closingAtAcceptance } from '../factories/factories.js';
import { adminQuery, ADMIN_URL_ENV, templateDb, withDatabase } from '../support/test-database.js';
import { cityWideClient } from '../support/districts.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** Every row of the tables that hold the list, as text, in a stable order. */
const FINGERPRINT = `
  SELECT (SELECT md5(string_agg(t::text, '|' ORDER BY t.id)) FROM issues t) AS issues,
         (SELECT md5(string_agg(t::text, '|' ORDER BY t.id)) FROM issue_events t) AS events,
         (SELECT md5(string_agg(t::text, '|' ORDER BY t.id)) FROM units t) AS units,
         (SELECT md5(string_agg(t::text, '|' ORDER BY t.id)) FROM api_tokens t) AS tokens,
         (SELECT count(*)::int FROM issue_events) AS "eventCount",
         -- not in the file: rebuilt from the log by the restore; the bookings folded and those of rows not folded yet
         (SELECT md5(string_agg(b::text, '|' ORDER BY b::text)) FROM (
            SELECT at, unit_id, source, family_source, filed_at, closed_at, sum(total)::int, sum(closed)::int, sum(completed_on_time)::int, sum(rebounds)::int, sum(complaints)::int, sum(replied_on_time)::int, sum(rated)::int, sum(satisfied)::int, sum(overdue)::int, sum(due_within)::int, sum(reply_due)::int
              FROM (SELECT at, unit_id, source, family_source, filed_at, closed_at, total, closed, completed_on_time, rebounds, complaints, replied_on_time, rated, satisfied, overdue, due_within, reply_due FROM figure_bookings
                    UNION ALL
                    SELECT at, unit_id, source, family_source, filed_at, closed_at, total, closed, completed_on_time, rebounds, complaints, replied_on_time, rated, satisfied, overdue, due_within, reply_due
                      FROM figure_tail_bookings) x
             GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(total) <> 0 OR sum(closed) <> 0 OR sum(completed_on_time) <> 0 OR sum(rebounds) <> 0 OR sum(complaints) <> 0 OR sum(replied_on_time) <> 0 OR sum(rated) <> 0 OR sum(satisfied) <> 0 OR sum(overdue) <> 0 OR sum(due_within) <> 0 OR sum(reply_due) <> 0) b) AS bookings`;

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  // A raw connection reads nothing under row security until it names its district: the fingerprint is every one's.
  const client = await cityWideClient(url);
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `rectify_restore_${randomBytes(5).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${templateDb()}`);
  return {
    url: withDatabase(process.env[ADMIN_URL_ENV]!, name),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

describe('backup and restore', () => {
  let t: TestApp;
  let file: Buffer;

  beforeAll(async () => {
    t = await createTestApp();
    await closingAtAcceptance(t);
    const lead = await createUnitWithToken(t, { name: '大观镇', kind: 'TOWN' });
    const parent = await issueIn(t, 'CLOSED', lead);
    await issueIn(t, 'RECTIFYING.submitted', lead, { file: { parentId: parent.id } });
    await issueIn(t, 'REVISITED', lead, { file: { source: 'PUBLIC_COMPLAINT', complainantName: '钱七' } });
    await fileIssue(t);
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (c: Buffer) => chunks.push(c));
    await withClient(t.databaseUrl, (c) => backup(c, sink));
    file = Buffer.concat(chunks);
  });
  afterAll(() => t.close());

  it('brings back every problem, event, unit and token, byte for byte, and the log still replays', async () => {
    const target = await freshDatabase();
    try {
      await withClient(target.url, (c) => restore(c, PassThrough.from(file)));
      const [before] = await t.db.query(FINGERPRINT);
      const after = await withClient(target.url, async (c) => (await c.query(FINGERPRINT)).rows[0]);
      expect(after).toEqual(before);
      expect(before.eventCount).toBeGreaterThan(15);
      expect(before.counts).not.toBeNull();
      const db = new DataSource(dataSourceOptions(target.url, 2));
      await db.initialize();
      try {
        expect(await new ReplayService(db).verifyAll()).toEqual({ checked: 4, mismatches: [] });
        // New events continue the identity sequence after the restored ones.
        const [{ next }] = await db.query(`SELECT nextval(pg_get_serial_sequence('issue_events', 'id'))::int AS next`);
        expect(next).toBe(before.eventCount + 1);
      } finally {
        await db.destroy();
      }
    } finally {
      await target.drop();
    }
  });

  it('refuses to restore over data, and changes nothing then', async () => {
    await expect(withClient(t.databaseUrl, (c) => restore(c, PassThrough.from(file)))).rejects.toThrow(RestoreError);
    const [after] = await t.db.query(FINGERPRINT);
    expect(after.eventCount).toBeGreaterThan(15);
  });

  it('refuses what is not a backup', async () => {
    const target = await freshDatabase();
    try {
      const { gzipSync } = await import('node:zlib');
      await expect(withClient(target.url, (c) => restore(c, PassThrough.from(gzipSync('hello\n'))))).rejects.toThrow(
        'Not a Rectify backup',
      );
    } finally {
      await target.drop();
    }
  });
});
