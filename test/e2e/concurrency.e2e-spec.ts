import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createUnitWithToken, issueIn, type UnitWithToken, closingAtAcceptance } from '../factories/factories.js';
import { createTestApp, OFFICE_TOKEN, type GqlReply, type TestApp } from '../support/test-app.js';

interface Reply {
  id: string;
  version: number;
  substate: string;
  progressPercent: number;
}

interface LogEntry {
  seq: number;
  type: string;
  comment: string | null;
}

interface Logged {
  version: number;
  substate: string;
  progressPercent: number;
  events: LogEntry[];
}

const N = 20;
const FIELDS = 'id version substate progressPercent';

describe('concurrent events on the same and on different problems', () => {
  let t: TestApp;
  let lead: UnitWithToken;

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-03-02T02:00:00.000Z' });
    await closingAtAcceptance(t);
    lead = await createUnitWithToken(t, { name: '水江镇', kind: 'TOWN' });
  });
  afterAll(() => t.close());

  const mutate = (
    token: string,
    mutation: string,
    variables: Record<string, unknown>,
  ): Promise<GqlReply<{ r: Reply }>> =>
    t.gql<{ r: Reply }>(
      token,
      `mutation($id: ID!, $v: Int, $p: Int!, $c: String!) { r: ${mutation} { ${FIELDS} } }`,
      variables,
    );

  const accept = (token: string, id: string): Promise<GqlReply<{ r: Reply }>> =>
    t.gql<{ r: Reply }>(token, `mutation($id: ID!) { r: acceptIssue(issueId: $id) { ${FIELDS} } }`, { id });

  const progress = (token: string, id: string, p: number, c: string, v?: number): Promise<GqlReply<{ r: Reply }>> =>
    mutate(token, 'reportProgress(issueId: $id, progressPercent: $p, comment: $c, expectedVersion: $v)', {
      id,
      p,
      c,
      v,
    });

  async function logOf(id: string): Promise<Logged> {
    const data = await t.ok<{ issue: Logged | null }>(
      OFFICE_TOKEN,
      `query($id: ID!) { issue(id: $id) { version substate progressPercent events { seq type comment } } }`,
      { id },
    );
    if (!data.issue) throw new Error(`issue ${id} not found`);
    return data.issue;
  }

  const succeeded = (replies: GqlReply<{ r: Reply }>[]) => replies.filter((r) => r.errors === undefined && r.data?.r);
  const failed = (replies: GqlReply<{ r: Reply }>[]) => replies.filter((r) => r.errors !== undefined);
  const seqs = (log: Logged) => log.events.map((e) => e.seq);
  const oneToN = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

  it(`lets exactly one of ${N} concurrent accepts through; the others are INVALID_TRANSITION`, async () => {
    const issue = await issueIn(t, 'ASSIGNED', lead);
    expect(issue.version).toBe(2);

    const replies = await Promise.all(Array.from({ length: N }, () => accept(lead.token, issue.id)));

    const wins = succeeded(replies);
    expect(wins).toHaveLength(1);
    expect(wins[0].data!.r).toMatchObject({ id: issue.id, version: 3, substate: 'RECTIFYING.inProgress' });
    const losses = failed(replies);
    expect(losses).toHaveLength(N - 1);
    for (const loss of losses) {
      expect(loss.data).toBeNull();
      expect(loss.errors).toHaveLength(1);
      expect(loss.errors![0].extensions).toEqual({
        code: 'INVALID_TRANSITION',
        reason: 'WRONG_STATE',
        state: 'RECTIFYING.inProgress',
        allowedEvents: ['reportProgress', 'requestExtension', 'submit', 'setPlan'],
      });
    }

    const log = await logOf(issue.id);
    expect(log.version).toBe(3);
    expect(log.substate).toBe('RECTIFYING.inProgress');
    expect(log.events.map((e) => e.type)).toEqual(['file', 'assign', 'accept']);
    expect(log.events.filter((e) => e.type === 'accept')).toHaveLength(1);
    expect(seqs(log)).toEqual(oneToN(3));
  });

  it(`loses none of ${N} concurrent progress reports sent without expectedVersion`, async () => {
    const issue = await issueIn(t, 'RECTIFYING.inProgress', lead);
    const start = issue.version;
    expect(start).toBe(3);
    const comments = Array.from({ length: N }, (_, i) => `第${i + 1}次进展报告`);

    const replies = await Promise.all(comments.map((c, i) => progress(lead.token, issue.id, (i + 1) * 5, c)));

    expect(failed(replies).map((r) => r.errors)).toEqual([]);
    expect(succeeded(replies)).toHaveLength(N);
    // Each report saw its own version: they were applied one after another.
    const versions = replies.map((r) => r.data!.r.version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: N }, (_, i) => start + 1 + i));

    const log = await logOf(issue.id);
    expect(log.version).toBe(start + N);
    expect(log.events).toHaveLength(start + N);
    expect(seqs(log)).toEqual(oneToN(start + N));
    const reports = log.events.filter((e) => e.type === 'reportProgress');
    expect(reports).toHaveLength(N);
    expect(reports.map((e) => e.comment).sort()).toEqual([...comments].sort());
    // The problem shows the report that came last.
    const last = replies.find((r) => r.data!.r.version === start + N)!;
    expect(log.progressPercent).toBe(last.data!.r.progressPercent);
    expect(reports.at(-1)!.comment).toBe(comments[last.data!.r.progressPercent / 5 - 1]);
  });

  it(`lets exactly one of ${N} concurrent reports with the same expectedVersion through; the others are VERSION_CONFLICT`, async () => {
    const issue = await issueIn(t, 'RECTIFYING.inProgress', lead);
    const current = issue.version;

    const replies = await Promise.all(
      Array.from({ length: N }, (_, i) => progress(lead.token, issue.id, i + 1, `并发报告${i + 1}`, current)),
    );

    const wins = succeeded(replies);
    expect(wins).toHaveLength(1);
    expect(wins[0].data!.r.version).toBe(current + 1);
    const losses = failed(replies);
    expect(losses).toHaveLength(N - 1);
    for (const loss of losses) {
      expect(loss.data).toBeNull();
      expect(loss.errors).toHaveLength(1);
      expect(loss.errors![0].extensions).toEqual({ code: 'VERSION_CONFLICT', currentVersion: current + 1 });
    }

    const log = await logOf(issue.id);
    expect(log.version).toBe(current + 1);
    expect(log.progressPercent).toBe(wins[0].data!.r.progressPercent);
    expect(log.events.filter((e) => e.type === 'reportProgress')).toHaveLength(1);
    expect(seqs(log)).toEqual(oneToN(current + 1));
  });

  it('applies concurrent events on 10 different problems in parallel, all of them', async () => {
    const units = await Promise.all(Array.from({ length: 10 }, () => createUnitWithToken(t, { kind: 'TOWN' })));
    const issues = await Promise.all(units.map((u) => issueIn(t, 'ASSIGNED', u)));

    const finals = await Promise.all(
      issues.map(async (issue, k) => {
        const unit = units[k];
        const accepted = await accept(unit.token, issue.id);
        expect(accepted.errors).toBeUndefined();
        const reports = await Promise.all([30, 60, 90].map((p) => progress(unit.token, issue.id, p, `完成${p}%`)));
        expect(failed(reports)).toEqual([]);
        const submitted = await t.gql<{ r: Reply }>(
          unit.token,
          `mutation($id: ID!) { r: submitRectification(issueId: $id, summary: "整改完成") { ${FIELDS} } }`,
          { id: issue.id },
        );
        expect(submitted.errors).toBeUndefined();
        return t.ok<{ r: Reply }>(
          OFFICE_TOKEN,
          `mutation($id: ID!) { r: verifyIssue(issueId: $id, passed: true) { ${FIELDS} } }`,
          { id: issue.id },
        );
      }),
    );

    expect(finals.map((f) => f.r)).toEqual(
      issues.map((issue) => ({ id: issue.id, version: 8, substate: 'VERIFIED.signedOff', progressPercent: 100 })),
    );
    for (const issue of issues) {
      const log = await logOf(issue.id);
      expect(log.events.map((e) => e.type)).toEqual([
        'file',
        'assign',
        'accept',
        'reportProgress',
        'reportProgress',
        'reportProgress',
        'submit',
        'verify',
      ]);
      expect(seqs(log)).toEqual(oneToN(8));
    }

    // And the same event on all ten at once.
    const closed = await Promise.all(
      issues.map((issue) =>
        t.gql<{ r: Reply }>(
          OFFICE_TOKEN,
          `mutation($id: ID!) { r: closeIssue(issueId: $id, comment: "同意销号") { ${FIELDS} } }`,
          { id: issue.id },
        ),
      ),
    );
    expect(failed(closed)).toEqual([]);
    expect(closed.map((c) => c.data!.r)).toEqual(
      issues.map((issue) => ({ id: issue.id, version: 9, substate: 'CLOSED', progressPercent: 100 })),
    );
  });

  it(`files exactly one of ${N} concurrent problems with the same code; the others are BAD_USER_INPUT on code`, async () => {
    const code = `ZY3-CC-${randomUUID().slice(0, 8)}`;
    const replies = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        t.gql<{ fileIssue: { id: string; code: string } }>(
          OFFICE_TOKEN,
          `mutation($input: FileIssueInput!) { fileIssue(input: $input) { id code } }`,
          {
            input: {
              source: 'CENTRAL_INSPECTION',
              code,
              title: `同号问题${i + 1}`,
              description: '并发登记同一编号',
              category: 'WATER',
            },
          },
        ),
      ),
    );
    const wins = replies.filter((r) => r.errors === undefined);
    expect(wins).toHaveLength(1);
    expect(wins[0].data!.fileIssue.code).toBe(code);
    const losses = replies.filter((r) => r.errors !== undefined);
    expect(losses.map((r) => r.errors![0].extensions)).toEqual(
      Array.from({ length: N - 1 }, () => ({
        code: 'BAD_USER_INPUT',
        fields: ['code'],
        reasons: [{ field: 'code', reason: 'TAKEN', message: '已有问题使用此编号' }],
      })),
    );
    const byCode = await t.ok<{ issueByCode: { id: string } | null }>(
      OFFICE_TOKEN,
      `query($code: String!) { issueByCode(code: $code) { id } }`,
      { code },
    );
    expect(byCode.issueByCode).toEqual({ id: wins[0].data!.fileIssue.id });
  });

  it('leaves a log that replays to every stored state, with version = number of events', async () => {
    const check = await t.ok<{ verifyLog: { checked: number; mismatches: { issueId: string; fields: string[] }[] } }>(
      OFFICE_TOKEN,
      `{ verifyLog { checked mismatches { issueId fields } } }`,
    );
    const all = await t.ok<{
      issues: { totalCount: number; edges: { node: { id: string; version: number; events: { seq: number }[] } }[] };
    }>(OFFICE_TOKEN, `{ issues(first: 200) { totalCount edges { node { id version events { seq } } } } }`);
    // 3 single problems, 10 in parallel, 1 filed under a shared code
    expect(all.issues.totalCount).toBe(14);
    expect(check.verifyLog).toEqual({ checked: 14, mismatches: [] });
    for (const { node } of all.issues.edges) {
      expect({ id: node.id, version: node.version }).toEqual({ id: node.id, version: node.events.length });
      expect(node.events.map((e) => e.seq)).toEqual(oneToN(node.version));
    }
  });
});
