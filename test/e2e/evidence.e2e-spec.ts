// Evidence (整改佐证): uploads checked by content, stored by sha256, attached to events in their transaction,
// downloaded only by those who may see the problem, and on the public view only what the office made public.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import request from 'supertest';
import { EvidenceRepository } from '../../src/evidence/evidence.repository.js';
import {
  createToken,
  createUnitWithToken,
  issueIn,
  type IssueRef,
  type UnitWithToken,
  closingAtAcceptance,
  partsDone,
} from '../factories/factories.js';
import { JPEG } from '../factories/photo.factory.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

// ---- tiny real files, built here ----

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A 1×1 red PNG. */
function png(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0); // width
  ihdr.writeUInt32BE(1, 4); // height
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const scanline = Buffer.from([0, 0xff, 0, 0]); // filter byte + one pixel
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(scanline)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A 1×1 lossless WebP. */
const WEBP = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');

/** A one-page PDF with a cross-reference table. */
function pdf(text = '整改完成'): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
  ];
  let body = `%PDF-1.4\n% ${text}\n`;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body);
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

interface EvidenceJson {
  id: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  eventSeq: number | null;
  note: string | null;
}

interface EvidenceView {
  id: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  public: boolean;
  eventSeq: number | null;
  uploadedBy: string | null;
  note: string | null;
  url: string;
}

interface IssueView {
  version: number;
  substate: string;
  evidence: EvidenceView[];
  events: { seq: number; type: string; evidence: { id: string }[] }[];
}

const EVIDENCE = 'id fileName mediaType sizeBytes sha256 public eventSeq uploadedBy note url at';
const ISSUE_VIEW = `version substate evidence { ${EVIDENCE} } events { seq type evidence { id } }`;

describe('evidence', () => {
  let t: TestApp;
  let dir: string;
  let lead: UnitWithToken;
  let coop: UnitWithToken;
  let other: UnitWithToken;
  let leader: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rectify-evidence-'));
    t = await createTestApp({ env: { RECTIFY_EVIDENCE_DIR: dir } });
    await closingAtAcceptance(t);
    lead = await createUnitWithToken(t, { name: '水江镇', kind: 'TOWN' });
    coop = await createUnitWithToken(t, { name: '区生态环境局' });
    other = await createUnitWithToken(t, { name: '南平镇', kind: 'TOWN' });
    leader = await createToken(t, 'LEADER', undefined, '区领导');
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Rectifying, the cooperating unit's part done: the lead's to finish. */
  const inProgress = async (): Promise<IssueRef> => {
    const issue = await issueIn(t, 'RECTIFYING.inProgress', lead, { cooperatingUnitIds: [coop.id] });
    await partsDone(t, issue.id);
    return issue;
  };

  const upload = (
    token: string | null,
    issueId: string,
    file: Buffer,
    name: string,
    options: { note?: string; contentType?: string } = {},
  ) => {
    const req = request(t.app.getHttpServer()).post(`/issues/${issueId}/evidence`);
    if (token) req.set('authorization', `Bearer ${token}`);
    if (options.note) req.field('note', options.note);
    return req.attach('file', file, { filename: name, contentType: options.contentType ?? 'application/octet-stream' });
  };

  const uploaded = async (token: string, issueId: string, file: Buffer, name: string): Promise<EvidenceJson> => {
    const res = await upload(token, issueId, file, name);
    expect(res.status).toBe(201);
    return res.body as EvidenceJson;
  };

  const download = (token: string | null, id: string) => {
    const req = request(t.app.getHttpServer()).get(`/evidence/${id}`);
    if (token) req.set('authorization', `Bearer ${token}`);
    return req.buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  };

  const view = async (issueId: string, token = OFFICE_TOKEN): Promise<IssueView> =>
    (await t.ok<{ issue: IssueView }>(token, `query($id: ID!) { issue(id: $id) { ${ISSUE_VIEW} } }`, { id: issueId }))
      .issue;

  const tmpFiles = (): string[] => (existsSync(join(dir, '.tmp')) ? readdirSync(join(dir, '.tmp')) : []);

  describe('upload', () => {
    let issue: IssueRef;
    beforeAll(async () => {
      issue = await inProgress();
    });

    it.each([
      ['现场照片.jpg', JPEG, 'image/jpeg'],
      ['outfall.png', png(), 'image/png'],
      ['drone.webp', WEBP, 'image/webp'],
      ['验收报告.pdf', pdf(), 'application/pdf'],
    ])('stores %s by content, with its sha256', async (name, bytes, mediaType) => {
      const res = await upload(lead.token, issue.id, bytes, name, { note: '整改后现场' });
      expect(res.status).toBe(201);
      const body = res.body as EvidenceJson;
      expect(body).toMatchObject({
        fileName: name,
        mediaType,
        sizeBytes: bytes.length,
        sha256: sha256(bytes),
        eventSeq: null,
        note: '整改后现场',
      });
      const onDisk = join(dir, body.sha256.slice(0, 2), body.sha256);
      expect(readFileSync(onDisk).equals(bytes)).toBe(true);
      expect(tmpFiles()).toEqual([]);
    });

    it('trusts the content, not the name or the declared type', async () => {
      const bytes = png();
      const body = await uploaded(lead.token, issue.id, bytes, 'photo.jpg');
      expect(body.mediaType).toBe('image/png');
      const res = await upload(lead.token, issue.id, pdf('x'), 'scan.png', { contentType: 'image/png' });
      expect(res.body.mediaType).toBe('application/pdf');
    });

    it('refuses a .jpg that is text, and anything else that is none of the four kinds', async () => {
      const before = await t.db.query(`SELECT count(*)::int AS n FROM evidence`);
      for (const [name, bytes, type] of [
        ['photo.jpg', Buffer.from('this is not a photo, just text'), 'image/jpeg'],
        ['photo.gif', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), 'image/gif'],
        [
          'x.svg',
          Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
          'image/svg+xml',
        ],
        ['empty.pdf', Buffer.alloc(0), 'application/pdf'],
      ] as const) {
        const res = await upload(lead.token, issue.id, bytes, name, { contentType: type });
        expect(res.status).toBe(400);
        expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['file'] });
      }
      expect(await t.db.query(`SELECT count(*)::int AS n FROM evidence`)).toEqual(before);
      expect(tmpFiles()).toEqual([]);
    });

    it('needs the file field', async () => {
      const res = await request(t.app.getHttpServer())
        .post(`/issues/${issue.id}/evidence`)
        .set('authorization', `Bearer ${lead.token}`)
        .field('note', 'no file');
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['file'] });
    });

    it('is for the office, the lead unit and a unit with a part of its own to report', async () => {
      expect((await upload(OFFICE_TOKEN, issue.id, JPEG, 'office.jpg')).status).toBe(201);
      const withPart = await issueIn(t, 'RECTIFYING.inProgress', lead, { cooperatingUnitIds: [coop.id] });
      expect((await upload(coop.token, withPart.id, JPEG, 'part.jpg')).status).toBe(201);
      for (const token of [coop.token, leader]) {
        const res = await upload(token, issue.id, JPEG, 'a.jpg');
        expect(res.status).toBe(403);
        expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
      }
      const hidden = await upload(other.token, issue.id, JPEG, 'a.jpg');
      expect(hidden.status).toBe(404);
      expect(hidden.body.errors[0].extensions.code).toBe('NOT_FOUND');
      expect((await upload(null, issue.id, JPEG, 'a.jpg')).status).toBe(401);
      expect((await upload('not-a-token', issue.id, JPEG, 'a.jpg')).status).toBe(401);
      expect((await upload(OFFICE_TOKEN, '00000000-0000-4000-8000-000000000000', JPEG, 'a.jpg')).status).toBe(404);
      expect((await upload(OFFICE_TOKEN, 'not-a-uuid', JPEG, 'a.jpg')).status).toBe(404);
    });
  });

  describe('size limit', () => {
    let small: TestApp;
    let smallDir: string;
    beforeAll(async () => {
      smallDir = mkdtempSync(join(tmpdir(), 'rectify-evidence-small-'));
      small = await createTestApp({ env: { RECTIFY_EVIDENCE_DIR: smallDir, RECTIFY_EVIDENCE_MAX_BYTES: '1024' } });
      await closingAtAcceptance(small);
    });
    afterAll(async () => {
      await small.close();
      rmSync(smallDir, { recursive: true, force: true });
    });

    it('answers 413 past RECTIFY_EVIDENCE_MAX_BYTES and keeps nothing', async () => {
      const unit = await createUnitWithToken(small);
      const issue = await issueIn(small, 'RECTIFYING.inProgress', unit);
      const post = (bytes: Buffer) =>
        request(small.app.getHttpServer())
          .post(`/issues/${issue.id}/evidence`)
          .set('authorization', `Bearer ${unit.token}`)
          .attach('file', bytes, 'big.jpg');

      const tooBig = Buffer.concat([JPEG, Buffer.alloc(1025 - JPEG.length, 0)]);
      const res = await post(tooBig);
      expect(res.status).toBe(413);
      expect(res.body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
      expect(await small.db.query(`SELECT count(*)::int AS n FROM evidence`)).toEqual([{ n: 0 }]);
      expect(readdirSync(join(smallDir, '.tmp'))).toEqual([]);

      const justFits = Buffer.concat([JPEG, Buffer.alloc(1024 - JPEG.length, 0)]);
      expect((await post(justFits)).status).toBe(201);
    });
  });

  describe('attaching to events', () => {
    it('attaches to reportProgress, submitRectification and verifyIssue, each on its own event', async () => {
      const issue = await inProgress();
      const photo1 = await uploaded(lead.token, issue.id, JPEG, '截污管网1.jpg');
      const photo2 = await uploaded(lead.token, issue.id, png(), '截污管网2.png');
      const report = await uploaded(lead.token, issue.id, pdf(), '整改报告.pdf');
      const check = await uploaded(OFFICE_TOKEN, issue.id, WEBP, '验收现场.webp');

      await t.ok(
        lead.token,
        `mutation($id: ID!, $ev: [ID!]) { reportProgress(issueId: $id, progressPercent: 60, comment: "管网完成60%", evidenceIds: $ev) { version } }`,
        { id: issue.id, ev: [photo1.id, photo2.id] },
      );
      await t.ok(
        lead.token,
        `mutation($id: ID!, $ev: [ID!]) { submitRectification(issueId: $id, summary: "已完成", evidenceIds: $ev) { version } }`,
        {
          id: issue.id,
          ev: [report.id],
        },
      );
      await t.ok(
        OFFICE_TOKEN,
        `mutation($id: ID!, $ev: [ID!]) { verifyIssue(issueId: $id, passed: true, evidenceIds: $ev) { version } }`,
        {
          id: issue.id,
          ev: [check.id],
        },
      );

      const v = await view(issue.id);
      expect(v.substate).toBe('VERIFIED.signedOff');
      const seqOf = (type: string) => v.events.find((e) => e.type === type)!.seq;
      const ids = (type: string) =>
        v.events
          .find((e) => e.type === type)!
          .evidence.map((e) => e.id)
          .sort();
      expect(ids('reportProgress')).toEqual([photo1.id, photo2.id].sort());
      expect(ids('submit')).toEqual([report.id]);
      expect(ids('verify')).toEqual([check.id]);
      expect(ids('accept')).toEqual([]);
      const bySeq = new Map(v.evidence.map((e) => [e.id, e.eventSeq]));
      expect(bySeq).toEqual(
        new Map([
          [photo1.id, seqOf('reportProgress')],
          [photo2.id, seqOf('reportProgress')],
          [report.id, seqOf('submit')],
          [check.id, seqOf('verify')],
        ]),
      );
      const office = v.evidence.find((e) => e.id === check.id)!;
      expect(office).toMatchObject({
        uploadedBy: 'bootstrap',
        public: false,
        url: `/evidence/${check.id}`,
        sha256: sha256(WEBP),
      });
    });

    it('refuses someone else’s, another problem’s, an attached or an unknown upload, and writes no event', async () => {
      const issue = await inProgress();
      const elsewhere = await inProgress();
      const mine = await uploaded(lead.token, issue.id, JPEG, 'mine.jpg');
      const offices = await uploaded(OFFICE_TOKEN, issue.id, JPEG, 'office.jpg');
      const otherProblem = await uploaded(lead.token, elsewhere.id, JPEG, 'other.jpg');
      await t.ok(
        lead.token,
        `mutation($id: ID!, $ev: [ID!]) { reportProgress(issueId: $id, progressPercent: 10, comment: "开工", evidenceIds: $ev) { version } }`,
        {
          id: issue.id,
          ev: [mine.id],
        },
      );
      const before = await view(issue.id);
      const fresh = await uploaded(lead.token, issue.id, png(), 'fresh.png');

      for (const ev of [
        [fresh.id, offices.id], // someone else's, alongside a good one
        [mine.id], // already attached
        [otherProblem.id], // another problem's
        ['00000000-0000-4000-8000-000000000000'], // unknown
      ]) {
        const reply = await t.gql(
          lead.token,
          `mutation($id: ID!, $ev: [ID!]) { reportProgress(issueId: $id, progressPercent: 50, comment: "过半", evidenceIds: $ev) { version } }`,
          { id: issue.id, ev },
        );
        expect(reply.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['evidenceIds'] });
      }
      const invalid = await t.gql(
        lead.token,
        `mutation($id: ID!) { reportProgress(issueId: $id, progressPercent: 50, comment: "x", evidenceIds: ["nope"]) { version } }`,
        {
          id: issue.id,
        },
      );
      expect(invalid.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');

      const after = await view(issue.id);
      expect(after.version).toBe(before.version);
      expect(after.events).toHaveLength(before.events.length);
      expect(after.evidence.find((e) => e.id === fresh.id)!.eventSeq).toBeNull();
      expect(after.evidence.find((e) => e.id === offices.id)!.eventSeq).toBeNull();

      // The same id twice counts once.
      await t.ok(
        lead.token,
        `mutation($id: ID!, $ev: [ID!]) { reportProgress(issueId: $id, progressPercent: 50, comment: "过半", evidenceIds: $ev) { version } }`,
        {
          id: issue.id,
          ev: [fresh.id, fresh.id],
        },
      );
      expect((await view(issue.id)).evidence.find((e) => e.id === fresh.id)!.eventSeq).toBe(before.version + 1);
    });

    it('loads evidence for a whole list of problems and their events in one query', async () => {
      for (let i = 0; i < 3; i += 1) {
        const issue = await inProgress();
        const e = await uploaded(lead.token, issue.id, JPEG, `p${i}.jpg`);
        await t.ok(
          lead.token,
          `mutation($id: ID!, $ev: [ID!]) { reportProgress(issueId: $id, progressPercent: 5, comment: "x", evidenceIds: $ev) { version } }`,
          {
            id: issue.id,
            ev: [e.id],
          },
        );
      }
      const spy = jest.spyOn(t.app.get(EvidenceRepository), 'ofIssues');
      try {
        const data = await t.ok<{
          issues: { edges: { node: { evidence: unknown[]; events: { evidence: unknown[] }[] } }[] };
        }>(lead.token, `{ issues(first: 20) { edges { node { evidence { id } events { evidence { id } } } } } }`);
        expect(data.issues.edges.filter((e) => e.node.evidence.length > 0).length).toBeGreaterThanOrEqual(3);
        expect(spy).toHaveBeenCalledTimes(1);
      } finally {
        spy.mockRestore();
      }
    });
  });

  describe('download', () => {
    let issue: IssueRef;
    let photo: EvidenceJson;
    let doc: EvidenceJson;
    beforeAll(async () => {
      issue = await inProgress();
      photo = await uploaded(lead.token, issue.id, JPEG, '现场照片 "1".jpg');
      doc = await uploaded(lead.token, issue.id, pdf(), 'report.pdf');
    });

    it('serves the bytes with the checked type, the name and nosniff', async () => {
      const res = await download(lead.token, photo.id);
      expect(res.status).toBe(200);
      expect((res.body as Buffer).equals(JPEG)).toBe(true);
      expect(res.headers['content-type']).toBe('image/jpeg');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-disposition']).toBe(
        `inline; filename="____ _1_.jpg"; filename*=UTF-8''${encodeURIComponent('现场照片 "1".jpg')}`,
      );
      const pdfRes = await download(lead.token, doc.id);
      expect(pdfRes.headers['content-type']).toBe('application/pdf');
      expect(pdfRes.headers['content-disposition']).toMatch(/^attachment; filename="report.pdf"/);
      expect(sha256(pdfRes.body as Buffer)).toBe(doc.sha256);
    });

    it('is for those who see the problem: office, lead, cooperating unit, leader', async () => {
      for (const token of [OFFICE_TOKEN, lead.token, coop.token, leader]) {
        expect((await download(token, photo.id)).status).toBe(200);
      }
    });

    it('answers 404 to another unit and for unknown ids, 401 without a valid token', async () => {
      const res = await download(other.token, photo.id);
      expect(res.status).toBe(404);
      expect(JSON.parse((res.body as Buffer).toString()).errors[0].extensions.code).toBe('NOT_FOUND');
      expect((await download(other.token, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await download(lead.token, 'nope')).status).toBe(404);
      expect((await download(null, photo.id)).status).toBe(401);
      expect((await download(null, '00000000-0000-4000-8000-000000000000')).status).toBe(401);
      expect((await download('not-a-token', photo.id)).status).toBe(401);
    });
  });

  describe('the public view', () => {
    it('shows and serves only evidence the office made public, without who uploaded it', async () => {
      const issue = await inProgress();
      const shown = await uploaded(lead.token, issue.id, JPEG, 'after.jpg');
      const hidden = await uploaded(lead.token, issue.id, png(), 'internal.png');
      await t.ok(
        OFFICE_TOKEN,
        `mutation($id: ID!) { publishIssue(issueId: $id, published: true, publicSummary: "整改中") { published } }`,
        { id: issue.id },
      );

      // Not public yet: neither listed nor served.
      const publicEvidence = async (token: string | null) => {
        const data = await t.ok<{ publicIssues: { edges: { node: { id: string; evidence: EvidenceView[] } }[] } }>(
          token,
          `{ publicIssues(first: 100) { edges { node { id evidence { ${EVIDENCE} } } } } }`,
        );
        return data.publicIssues.edges.find((e) => e.node.id === issue.id)!.node.evidence;
      };
      expect(await publicEvidence(null)).toEqual([]);
      expect((await download(null, shown.id)).status).toBe(401);

      const refused = await t.gql(
        lead.token,
        `mutation($id: ID!) { setEvidencePublic(id: $id, public: true) { id } }`,
        { id: shown.id },
      );
      expect(refused.errors?.[0].extensions.code).toBe('FORBIDDEN');
      const missing = await t.gql(
        OFFICE_TOKEN,
        `mutation { setEvidencePublic(id: "00000000-0000-4000-8000-000000000000", public: true) { id } }`,
      );
      expect(missing.errors?.[0].extensions.code).toBe('NOT_FOUND');
      const set = await t.ok<{ setEvidencePublic: { id: string; public: boolean } }>(
        OFFICE_TOKEN,
        `mutation($id: ID!) { setEvidencePublic(id: $id, public: true) { id public } }`,
        { id: shown.id },
      );
      expect(set.setEvidencePublic).toEqual({ id: shown.id, public: true });

      for (const token of [null, OFFICE_TOKEN]) {
        const list = await publicEvidence(token);
        expect(list.map((e) => e.id)).toEqual([shown.id]);
        expect(list[0]).toMatchObject({ public: true, uploadedBy: null, note: null, url: `/evidence/${shown.id}` });
      }
      expect((await view(issue.id)).evidence.map((e) => e.id).sort()).toEqual([shown.id, hidden.id].sort());

      const anonymous = await download(null, shown.id);
      expect(anonymous.status).toBe(200);
      expect((anonymous.body as Buffer).equals(JPEG)).toBe(true);
      expect((await download(other.token, shown.id)).status).toBe(200);
      expect((await download(null, hidden.id)).status).toBe(401);
      expect((await download(other.token, hidden.id)).status).toBe(404);

      // Unpublished, the problem's public evidence is private again.
      await t.ok(OFFICE_TOKEN, `mutation($id: ID!) { publishIssue(issueId: $id, published: false) { published } }`, {
        id: issue.id,
      });
      expect((await download(null, shown.id)).status).toBe(401);
      expect((await download(other.token, shown.id)).status).toBe(404);
    });
  });
});
