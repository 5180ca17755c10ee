import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createUnitWithToken,
  fileIssue,
  issueIn,
  type IssueRef,
  type UnitWithToken,
  closingAtAcceptance,
} from '../factories/factories.js';
import { createTestApp, OFFICE_TOKEN, type GqlReply, type TestApp } from '../support/test-app.js';

interface Row {
  unit: { name: string } | null;
  total: number;
  closed: number;
}

const REPORT = `query($sources: [IssueSource!], $under: Boolean) {
  closureReport(sources: $sources, childrenUnderParentSource: $under) { rows { unit { name } total closed } total { total closed } }
}`;

describe('derived problems (举一反三), duplicates and the public summary', () => {
  let t: TestApp;
  let lead: UnitWithToken;

  beforeAll(async () => {
    t = await createTestApp();
    await closingAtAcceptance(t);
    lead = await createUnitWithToken(t, { name: '鸣玉镇', kind: 'TOWN' });
  });
  afterAll(() => t.close());

  const close = (id: string) =>
    t.gql<{ closeIssue: { state: string } }>(
      OFFICE_TOKEN,
      `mutation($id: ID!) { closeIssue(issueId: $id) { state } }`,
      { id },
    );
  const mark = (id: string, of: string): Promise<GqlReply<{ markDuplicate: { id: string } }>> =>
    t.gql(OFFICE_TOKEN, `mutation($id: ID!, $of: ID!) { markDuplicate(issueId: $id, ofId: $of) { id } }`, { id, of });
  const figures = async (unit: string) => {
    const { closureReport } = await t.ok<{ closureReport: { rows: Row[]; total: { total: number } } }>(
      OFFICE_TOKEN,
      REPORT,
      {},
    );
    return { unit: closureReport.rows.find((r) => r.unit?.name === unit)?.total ?? 0, all: closureReport.total.total };
  };
  const links = async (id: string) =>
    (
      await t.ok<{ issue: { version: number; duplicateOf: { id: string } | null; duplicates: { id: string }[] } }>(
        OFFICE_TOKEN,
        `query($id: ID!) { issue(id: $id) { version duplicateOf { id } duplicates { id } } }`,
        { id },
      )
    ).issue;

  it('links a derived problem to its parent both ways, and refuses to close the parent while a child is open', async () => {
    const parent = await issueIn(t, 'VERIFIED.signedOff', lead);
    const child = await issueIn(t, 'RECTIFYING.inProgress', lead, {
      file: { source: 'SELF_INSPECTION', parentId: parent.id, title: '举一反三：同类堆场排查' },
    });
    const linked = await t.ok<{ issue: { children: { id: string }[]; allowedEvents: string[] } }>(
      OFFICE_TOKEN,
      `query($id: ID!) { issue(id: $id) { children { id } allowedEvents } }`,
      { id: parent.id },
    );
    expect(linked.issue.children.map((c) => c.id)).toEqual([child.id]);
    expect(linked.issue.allowedEvents).not.toContain('close');

    const refused = await close(parent.id);
    expect(refused.errors?.[0].extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      reason: 'OPEN_CHILDREN',
      state: 'VERIFIED.signedOff',
    });
    expect(refused.errors?.[0].message).toBe('还有 1 个举一反三问题未销号，须先办结才能销号');
    const childView = await t.ok<{ issue: { parent: { id: string } } }>(
      OFFICE_TOKEN,
      `query($id: ID!) { issue(id: $id) { parent { id } } }`,
      { id: child.id },
    );
    expect(childView.issue.parent.id).toBe(parent.id);

    // Walk the child to CLOSED: now the parent may close.
    for (const m of ['submitRectification(issueId: $id, summary: "已排查整改")'])
      await t.ok(lead.token, `mutation($id: ID!) { ${m} { id } }`, { id: child.id });
    await t.ok(OFFICE_TOKEN, `mutation($id: ID!) { verifyIssue(issueId: $id, passed: true) { id } }`, { id: child.id });
    expect((await close(parent.id)).errors?.[0].extensions.code).toBe('INVALID_TRANSITION'); // child verified, not closed
    await close(child.id);
    expect((await close(parent.id)).data?.closeIssue.state).toBe('CLOSED');
  });

  it('counts a derived problem under its own source, or under its parent’s when asked', async () => {
    const other = await createUnitWithToken(t, { name: '金山镇', kind: 'TOWN' });
    const parent = await issueIn(t, 'ASSIGNED', other, { file: { source: 'CENTRAL_INSPECTION' } });
    await issueIn(t, 'ASSIGNED', other, { file: { source: 'SELF_INSPECTION', parentId: parent.id } });
    await issueIn(t, 'ASSIGNED', other, { file: { source: 'SELF_INSPECTION' } }); // no parent
    const own = await t.ok<{ closureReport: { rows: Row[] } }>(OFFICE_TOKEN, REPORT, {
      sources: ['CENTRAL_INSPECTION'],
    });
    const under = await t.ok<{ closureReport: { rows: Row[] } }>(OFFICE_TOKEN, REPORT, {
      sources: ['CENTRAL_INSPECTION'],
      under: true,
    });
    expect(own.closureReport.rows.find((r) => r.unit?.name === '金山镇')?.total).toBe(1);
    expect(under.closureReport.rows.find((r) => r.unit?.name === '金山镇')?.total).toBe(2);
    const self = await t.ok<{ closureReport: { rows: Row[] } }>(OFFICE_TOKEN, REPORT, {
      sources: ['SELF_INSPECTION'],
      under: true,
    });
    expect(self.closureReport.rows.find((r) => r.unit?.name === '金山镇')?.total).toBe(1);
  });

  it('takes a duplicate out of the figures, freezes it, and keeps it (complainant included) reachable from the original', async () => {
    const unit = await createUnitWithToken(t, { name: '大有镇', kind: 'TOWN' });
    const original = await issueIn(t, 'ASSIGNED', unit, {
      file: { source: 'PUBLIC_COMPLAINT', complainantName: '孙八', title: '夜间施工噪声' },
    });
    const repeat = await issueIn(t, 'ASSIGNED', unit, {
      file: { source: 'PUBLIC_COMPLAINT', complainantName: '周九', title: '同一工地夜间施工' },
    });
    const before = await t.ok<{ closureReport: { rows: Row[]; total: { total: number } } }>(OFFICE_TOKEN, REPORT, {});
    const marked = await t.ok<{
      markDuplicate: { duplicateOf: { id: string }; allowedEvents: string[]; version: number };
    }>(
      OFFICE_TOKEN,
      `mutation($id: ID!, $of: ID!) { markDuplicate(issueId: $id, ofId: $of, comment: "与原件重复") { duplicateOf { id } allowedEvents version } }`,
      { id: repeat.id, of: original.id },
    );
    expect(marked.markDuplicate).toEqual({
      duplicateOf: { id: original.id },
      allowedEvents: ['publish'],
      version: repeat.version + 1,
    });
    const after = await t.ok<{ closureReport: { rows: Row[]; total: { total: number } } }>(OFFICE_TOKEN, REPORT, {});
    expect(after.closureReport.total.total).toBe(before.closureReport.total.total - 1);
    expect(after.closureReport.rows.find((r) => r.unit?.name === '大有镇')?.total).toBe(1);

    const accept = await t.gql(unit.token, `mutation($id: ID!) { acceptIssue(issueId: $id) { id } }`, {
      id: repeat.id,
    });
    expect(accept.errors?.[0].extensions.code).toBe('INVALID_TRANSITION');
    const view = await t.ok<{ issue: { duplicates: { id: string; complainant: { name: string } }[] } }>(
      OFFICE_TOKEN,
      `query($id: ID!) { issue(id: $id) { duplicates { id complainant { name } } } }`,
      { id: original.id },
    );
    expect(view.issue.duplicates).toEqual([{ id: repeat.id, complainant: { name: '周九' } }]);
    const unitView = await t.ok<{ issue: { duplicates: { complainant: unknown }[] } }>(
      unit.token,
      `query($id: ID!) { issue(id: $id) { duplicates { complainant { name } } } }`,
      { id: original.id },
    );
    expect(unitView.issue.duplicates).toEqual([{ complainant: null }]);
    const self = await t.gql(OFFICE_TOKEN, `mutation($id: ID!) { markDuplicate(issueId: $id, ofId: $id) { id } }`, {
      id: original.id,
    });
    expect(self.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['ofId'] });
    const third = await issueIn(t, 'ASSIGNED', unit, {
      file: { source: 'PUBLIC_COMPLAINT', complainantName: '吴十', title: '工地夜间施工扰民' },
    });
    const chained = await mark(third.id, repeat.id);
    expect(chained.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['ofId'] });
    // The original (which has a duplicate) named as a duplicate of its own duplicate: its own condition is told first.
    const reversed = await mark(original.id, repeat.id);
    expect(reversed.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', state: 'ASSIGNED' });
  });

  it('keeps duplicates one level deep: no chain X → Y → Z, no duplicate as an original, no original with duplicates as a duplicate', async () => {
    const unit = await createUnitWithToken(t, { name: '宝顶镇', kind: 'TOWN' });
    const issues: IssueRef[] = [];
    for (let k = 0; k < 4; k++) issues.push(await issueIn(t, 'ASSIGNED', unit));
    const [x, y, z, w] = issues;
    expect((await mark(x.id, y.id)).errors).toBeUndefined();

    // Y has a duplicate: it cannot become one of Z (the chain X → Y → Z).
    const yz = await mark(y.id, z.id);
    expect(yz.status).toBeLessThan(500);
    expect(yz.errors?.[0].extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      reason: 'HAS_DUPLICATES',
      state: 'ASSIGNED',
    });
    expect(yz.errors?.[0].extensions.allowedEvents).not.toContain('markDuplicate');
    expect(yz.errors?.[0].message).toBe('该问题已是 1 个重复问题的原问题，不能再标记为重复');
    // X is a duplicate: it cannot be Z's original.
    const zx = await mark(z.id, x.id);
    expect(zx.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: ['ofId'],
      reasons: [{ field: 'ofId', reason: 'CONFLICTING', message: '所指的问题本身是重复问题，请指向它的原问题' }],
    });

    // An original may have many duplicates, and stays an original.
    expect((await mark(w.id, y.id)).errors).toBeUndefined();
    const again = await mark(y.id, z.id);
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', reason: 'HAS_DUPLICATES' });
    expect(again.errors?.[0].message).toContain('已是 2 个重复问题的原问题');

    // The refusals changed nothing: Y and Z are what they were, and both still count.
    expect(await links(y.id)).toEqual({
      version: y.version,
      duplicateOf: null,
      duplicates: expect.arrayContaining([{ id: x.id }, { id: w.id }]),
    });
    expect((await links(y.id)).duplicates).toHaveLength(2);
    expect(await links(z.id)).toEqual({ version: z.version, duplicateOf: null, duplicates: [] });
    expect((await figures('宝顶镇')).unit).toBe(2);
  });

  it('lets exactly one of two opposite markings made at the same moment through, every time; the figures keep the other', async () => {
    const unit = await createUnitWithToken(t, { name: '龙水镇', kind: 'TOWN' });
    const ROUNDS = 20;
    const pairs: [IssueRef, IssueRef][] = [];
    for (let k = 0; k < ROUNDS; k++)
      pairs.push([await issueIn(t, 'ASSIGNED', unit), await issueIn(t, 'ASSIGNED', unit)]);
    const before = await figures('龙水镇');
    expect(before.unit).toBe(2 * ROUNDS);

    for (const [x, y] of pairs) {
      const replies = await Promise.all([mark(x.id, y.id), mark(y.id, x.id)]);
      const won = replies.filter((r) => r.data?.markDuplicate);
      expect(won).toHaveLength(1);
      const lost = replies.find((r) => !r.data?.markDuplicate)!;
      // The loser saw the winner under both locks: its problem is now an original with a duplicate.
      expect(lost.status).toBeLessThan(500);
      expect(lost.errors).toHaveLength(1);
      expect(lost.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', state: 'ASSIGNED' });
      expect(lost.errors?.[0].extensions.allowedEvents).not.toContain('markDuplicate');
    }

    // Each pair: one duplicate of the other, which is nobody's duplicate; one problem left in the figures.
    for (const [x, y] of pairs) {
      const [lx, ly] = [await links(x.id), await links(y.id)];
      const [dup, original] = lx.duplicateOf ? [x, y] : [y, x];
      expect([lx, ly].filter((l) => l.duplicateOf !== null)).toHaveLength(1);
      expect(await links(dup.id)).toMatchObject({ duplicateOf: { id: original.id }, duplicates: [] });
      expect(await links(original.id)).toMatchObject({ duplicateOf: null, duplicates: [{ id: dup.id }] });
    }
    const after = await figures('龙水镇');
    expect(after.unit).toBe(ROUNDS);
    expect(after.all).toBe(before.all - ROUNDS);
  }, 120_000);

  it('shows the public the office’s public summary, never the internal description', async () => {
    const issue = await fileIssue(t, { description: '内部：企业负责人拒不配合，已移交执法' });
    await t.ok(
      OFFICE_TOKEN,
      `mutation($id: ID!) { publishIssue(issueId: $id, published: true, publicSummary: "堆场整改正在推进") { id } }`,
      { id: issue.id },
    );
    const pub = await t.ok<{
      publicIssues: { edges: { node: { id: string; description: string; publicSummary: string } }[] };
    }>(null, `{ publicIssues { edges { node { id description publicSummary } } } }`);
    const node = pub.publicIssues.edges.find((e) => e.node.id === issue.id)!.node;
    expect(node).toEqual({ id: issue.id, description: '堆场整改正在推进', publicSummary: '堆场整改正在推进' });
    const internal = await t.ok<{ issue: { description: string } }>(
      OFFICE_TOKEN,
      `query($id: ID!) { issue(id: $id) { description } }`,
      { id: issue.id },
    );
    expect(internal.issue.description).toBe('内部：企业负责人拒不配合，已移交执法');
  });
});
