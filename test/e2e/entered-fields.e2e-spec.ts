// The entered text fields (ISSUE_SHAPE's `entered`: 批次, 所在地, 行政区划代码, …) through every way in and out, driven by
// the shape itself: a field added to the shape is filed, refused, imported, offered in the template and the form's
// labels, and read back, with no line of this test changed.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { ENTERED_FIELDS, enteredText, type EnteredField } from '../../src/issues/entered-fields.js';
import { templateWorkbook } from '../support/binary-body.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

const NOW = '2026-03-02T02:00:00.000Z';
const BASE = {
  source: 'CENTRAL_INSPECTION',
  title: '河道沿岸生活污水直排',
  description: '河道沿岸三处排口晴天排水',
  category: 'WATER',
};
const FIELDS = ENTERED_FIELDS.join(' ');
/** Each field's example value, as the template shows it. */
const EXAMPLES = Object.fromEntries(ENTERED_FIELDS.map((f) => [f, enteredText(f).example])) as Record<
  EnteredField,
  string
>;

describe('the entered text fields, from ISSUE_SHAPE', () => {
  let t: TestApp;
  let n = 0;
  const code = () => `ENT-${++n}`;

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
  });
  afterAll(() => t.close());

  const byCode = async (c: string) =>
    (
      await t.ok<{ issueByCode: Record<EnteredField, string | null> }>(
        OFFICE_TOKEN,
        `query($code: String!) { issueByCode(code: $code) { ${FIELDS} } }`,
        { code: c },
      )
    ).issueByCode;

  it('every one has an example its own rules accept', () => {
    for (const f of ENTERED_FIELDS) {
      const { example, maxLength, pattern } = enteredText(f);
      expect(example).not.toBe('');
      expect(Array.from(example).length).toBeLessThanOrEqual(maxLength);
      if (pattern) expect(example).toMatch(new RegExp(pattern.source));
    }
  });

  it('fileIssue takes each, trimmed, and Issue reads it back; blank is null', async () => {
    const padded = Object.fromEntries(ENTERED_FIELDS.map((f) => [f, `  ${EXAMPLES[f]} `]));
    const filed = await t.ok<{ fileIssue: Record<string, string | null> }>(
      OFFICE_TOKEN,
      `mutation($input: FileIssueInput!) { fileIssue(input: $input) { code ${FIELDS} } }`,
      { input: { ...BASE, code: code(), ...padded } },
    );
    expect(filed.fileIssue).toMatchObject(EXAMPLES);
    expect(await byCode(filed.fileIssue.code!)).toEqual(EXAMPLES);

    const blank = Object.fromEntries(ENTERED_FIELDS.map((f) => [f, '   ']));
    const c = code();
    await t.ok(OFFICE_TOKEN, `mutation($input: FileIssueInput!) { fileIssue(input: $input) { id } }`, {
      input: { ...BASE, code: c, ...blank },
    });
    expect(await byCode(c)).toEqual(Object.fromEntries(ENTERED_FIELDS.map((f) => [f, null])));
  });

  it.each(ENTERED_FIELDS)('fileIssue refuses %s longer than its limit, naming it, and files nothing', async (f) => {
    const c = code();
    const reply = await t.gql(OFFICE_TOKEN, `mutation($input: FileIssueInput!) { fileIssue(input: $input) { id } }`, {
      input: { ...BASE, code: c, [f]: '1'.repeat(enteredText(f).maxLength + 1) },
    });
    expect(reply.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [f] });
    const found = await t.gql(OFFICE_TOKEN, `query($code: String!) { issueByCode(code: $code) { id } }`, { code: c });
    expect(found.data).toEqual({ issueByCode: null });
  });

  it('the handover list takes each by its Chinese header, and refuses a bad cell by that header', async () => {
    const header = ['编号', '来源', '问题描述', '类别', ...ENTERED_FIELDS.map((f) => enteredText(f).label)];
    const csv = (rows: string[][]) => [header, ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n';
    const post = (body: string) =>
      request(t.app.getHttpServer())
        .post('/imports')
        .set('authorization', `Bearer ${OFFICE_TOKEN}`)
        .attach('file', Buffer.from(body, 'utf8'), 'list.csv');

    const c = code();
    const good = await post(csv([[c, '中央督察', '河道排口', '水', ...ENTERED_FIELDS.map((f) => EXAMPLES[f])]]));
    expect(good.status).toBe(200);
    expect(await byCode(c)).toEqual(EXAMPLES);

    const tooLong = ENTERED_FIELDS.map((f) => '1'.repeat(enteredText(f).maxLength + 1));
    const bad = await post(csv([[code(), '中央督察', '河道排口', '水', ...tooLong]]));
    expect(bad.status).toBe(400);
    const columns = (bad.body.errors[0].extensions.errors as { column: string }[]).map((e) => e.column);
    expect(columns).toEqual(ENTERED_FIELDS.map((f) => enteredText(f).label));
  });

  it('the template has a column for each, with its note and example', async () => {
    const book = await templateWorkbook(t.app);
    const sheet = book.worksheets[0];
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    for (const f of ENTERED_FIELDS) {
      const { label, note, example } = enteredText(f);
      const col = headers.indexOf(label) + 1;
      expect(col).toBeGreaterThan(0);
      expect(sheet.getRow(1).getCell(col).note).toBe(note);
      expect(sheet.getRow(2).getCell(col).value).toBe(example);
    }
  });

  it('the dashboard’s labels list each for the filing form and the problem page', async () => {
    const res = await request(t.app.getHttpServer()).get('/assets/labels.js');
    expect(res.status).toBe(200);
    const line = res.text.split('\n').find((l) => l.startsWith('export const ENTERED = '))!;
    const listed = JSON.parse(line.slice('export const ENTERED = '.length, -1)) as { name: string; label: string }[];
    expect(listed.map((x) => [x.name, x.label])).toEqual(ENTERED_FIELDS.map((f) => [f, enteredText(f).label]));
  });
});
