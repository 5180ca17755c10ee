// awaitingMe, the oracle: the list's SQL (migration 16's functions, issue-list.query.ts) and the machine's allowedEvents
// (workflows/issue.runtime.ts through src/issues/awaiting.ts) must say the same for every caller in every state. Problems
// are walked at random through every mutation — returns, reassignments, extensions asked and decided, failed
// verifications, derived problems keeping their parent open, rebounds, duplicates — and after every few steps each
// role's list with awaitingMe true, false and unset is compared with what allowedEvents says, problem by problem.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { workEventsOf } from '../../src/issues/awaiting.js';
import type { IssueEventType } from '../../workflows/issue.types.js';
import {
  assign,
  createToken,
  createUnitWithToken,
  daysAfter,
  fileIssue,
  issueIn,
  type UnitWithToken,
  type WalkTarget,
  closingAtAcceptance,
  partsDone,
} from '../factories/factories.js';
import { createTestApp, OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

const BATCH = '待办核对批次';

interface Node {
  id: string;
  substate: string;
  allowedEvents: IssueEventType[];
  awaitingMe: boolean;
  pendingExtension: { reason: string } | null;
  duplicateOf: { id: string } | null;
  children: { id: string; state: string }[];
}

interface Connection {
  totalCount: number;
  edges: { node: Node }[];
}

const LIST = `query($filter: IssueFilter) { issues(filter: $filter, first: 200) {
  totalCount edges { node { id substate allowedEvents awaitingMe pendingExtension { reason } duplicateOf { id } children { id state } } } } }`;

describe('awaitingMe: the list (SQL) against allowedEvents (the machine), for every role, in every state', () => {
  let t: TestApp;
  let units: UnitWithToken[];
  let leader: string;
  const ids: string[] = [];
  let seed = 20261206;
  const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  /** What the walk reached, per role: sub-state, and whether the role was awaited there. */
  const seen = new Set<string>();

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-05-04T02:00:00.000Z' });
    await closingAtAcceptance(t);
    // A central problem's submission goes to its supervising department first, when it names one.
    await t.ok(
      OFFICE_TOKEN,
      `mutation { setClosurePolicy(source: CENTRAL_INSPECTION, steps: [DEPARTMENT_REVIEW]) { source } }`,
    );
    units = [
      await createUnitWithToken(t, { name: '区水利局', kind: 'DEPARTMENT' }),
      await createUnitWithToken(t, { name: '大观镇', kind: 'TOWN' }),
      await createUnitWithToken(t, { name: '东城街道', kind: 'STREET' }),
    ];
    leader = await createToken(t, 'LEADER', undefined, '区领导');
    // One problem in each place the rules turn on, led by the first unit with the second cooperating.
    const [lead, coop] = units;
    const file = { batch: BATCH };
    const at = (target: WalkTarget) => issueIn(t, target, lead, { file, cooperatingUnitIds: [coop.id] });
    const extend = (id: string) =>
      t.ok(
        lead.token,
        `mutation($id: ID!, $at: DateTime!) { requestExtension(issueId: $id, newDueAt: $at, reason: "汛期施工受限") { id } }`,
        { id, at: daysAfter(t, 90) },
      );
    const duplicate = (id: string, of: string) =>
      t.ok(OFFICE_TOKEN, `mutation($id: ID!, $of: ID!) { markDuplicate(issueId: $id, ofId: $of) { id } }`, { id, of });
    const original = await at('FILED');
    const filedDuplicate = await at('FILED');
    await duplicate(filedDuplicate.id, original.id);
    const assignedDuplicate = await at('ASSIGNED');
    await duplicate(assignedDuplicate.id, original.id);
    const pending = await at('RECTIFYING.inProgress');
    await extend(pending.id);
    const submittedPending = await at('RECTIFYING.inProgress');
    await extend(submittedPending.id);
    await partsDone(t, submittedPending.id);
    await t.ok(lead.token, `mutation($id: ID!) { submitRectification(issueId: $id, summary: "已完成整改") { id } }`, {
      id: submittedPending.id,
    });
    const heldOpen = await at('VERIFIED.signedOff');
    const child = await fileIssue(t, {
      ...file,
      source: 'SELF_INSPECTION',
      title: '举一反三 自查问题',
      parentId: heldOpen.id,
    });
    // Submitted to its supervising department (the third unit), whose turn it is.
    const reviewed = await fileIssue(t, file);
    await t.ok(OFFICE_TOKEN, `mutation($input: AssignInput!) { assignIssue(input: $input) { id } }`, {
      input: {
        issueId: reviewed.id,
        leadUnitId: lead.id,
        supervisingUnitId: units[2].id,
        deadlineKind: 'DATE',
        dueAt: daysAfter(t, 30),
      },
    });
    for (const m of ['acceptIssue(issueId: $id)', 'submitRectification(issueId: $id, summary: "已完成整改")'])
      await t.ok(lead.token, `mutation($id: ID!) { r: ${m} { id } }`, { id: reviewed.id });
    const longTerm = await fileIssue(t, file);
    await assign(t, longTerm.id, lead.id, { deadlineKind: 'LONG_TERM' });
    ids.push(
      original.id,
      filedDuplicate.id,
      assignedDuplicate.id,
      pending.id,
      submittedPending.id,
      heldOpen.id,
      child.id,
      reviewed.id,
      longTerm.id,
    );
    for (const target of [
      'ASSIGNED',
      'RECTIFYING.inProgress',
      'RECTIFYING.submitted',
      'VERIFIED.signedOff',
      'CLOSED',
      'REVISITED',
    ] as const) {
      ids.push((await at(target)).id);
    }
  });
  afterAll(() => t.close());

  const leadOf = async (id: string) => {
    const [row] = await t.db.query<{ lead: string | null }[]>(`SELECT lead_unit_id AS lead FROM issues WHERE id = $1`, [
      id,
    ]);
    return units.find((u) => u.id === row.lead) ?? null;
  };
  const TYPES: Record<string, string> = { id: 'ID!', of: 'ID!', at: 'DateTime!', p: 'Boolean!' };
  const office = (m: string, vars: Record<string, unknown>) =>
    t.gql(
      OFFICE_TOKEN,
      `mutation(${Object.keys(vars)
        .map((k) => `$${k}: ${TYPES[k]}`)
        .join(', ')}) { r: ${m} { id } }`,
      vars,
    );

  /** One random step through the real mutations; a refused one (wrong state, wrong caller) changes nothing. */
  async function act(id: string): Promise<void> {
    const lead = await leadOf(id);
    const asLead = (m: string, vars: Record<string, unknown> = {}) =>
      lead
        ? t.gql(lead.token, `mutation($id: ID!${vars.at ? ', $at: DateTime!' : ''}) { r: ${m} { id } }`, {
            id,
            ...vars,
          })
        : null;
    switch (Math.floor(rnd() * 14)) {
      case 0: {
        const to = pick(units);
        const longTerm = rnd() < 0.2;
        const cooperating = units.filter((u) => u !== to && rnd() < 0.5);
        const free = units.filter((u) => u !== to && !cooperating.includes(u));
        await t.gql(
          OFFICE_TOKEN,
          `mutation($input: AssignInput!) { r: ${lead ? 'reassignIssue' : 'assignIssue'}(input: $input) { id } }`,
          {
            input: {
              issueId: id,
              leadUnitId: to.id,
              cooperatingUnitIds: cooperating.map((u) => u.id),
              // now and then the supervising department (行业主管部门) that reviews the submission
              supervisingUnitId: free.length > 0 && rnd() < 0.6 ? pick(free).id : undefined,
              deadlineKind: longTerm ? 'LONG_TERM' : 'DATE',
              dueAt: longTerm ? undefined : daysAfter(t, 30),
            },
          },
        );
        return;
      }
      case 1:
        await asLead('acceptIssue(issueId: $id)');
        return;
      case 2:
        await asLead('returnIssue(issueId: $id, reason: "不属于本单位职责")');
        return;
      case 3:
        await asLead('reportProgress(issueId: $id, progressPercent: 50, comment: "正在整改")');
        return;
      case 4:
        await asLead('requestExtension(issueId: $id, newDueAt: $at, reason: "汛期施工受限")', { at: daysAfter(t, 90) });
        return;
      case 5:
        await office('decideExtension(issueId: $id, approve: $p)', { id, p: rnd() < 0.5 });
        return;
      case 6:
        // A cooperating unit reports its part (the office for it now and then); then, or later, the lead submits.
        await partsDone(t, id);
        return;
      case 7:
        await asLead('submitRectification(issueId: $id, summary: "已完成整改")');
        return;
      case 8:
        await office(
          rnd() < 0.7
            ? 'verifyIssue(issueId: $id, passed: true)'
            : 'verifyIssue(issueId: $id, passed: false, comment: "整改不到位")',
          { id },
        );
        return;
      case 9:
        await office('closeIssue(issueId: $id, comment: "同意销号")', { id });
        return;
      case 10:
        if (rnd() < 0.5)
          await office('revisitIssue(issueId: $id, rebounded: true, comment: "回头看发现反弹", newDueAt: $at)', {
            id,
            at: daysAfter(t, 30),
          });
        else await office('revisitIssue(issueId: $id, rebounded: false)', { id });
        return;
      case 11:
        // A derived problem (举一反三) keeps its parent from closing while it is open.
        if (rnd() < 0.4)
          ids.push(
            (await fileIssue(t, { batch: BATCH, source: 'SELF_INSPECTION', title: '举一反三 自查问题', parentId: id }))
              .id,
          );
        else await office('publishIssue(issueId: $id, published: $p)', { id, p: true });
        return;
      case 12: {
        // The supervising department's review: passed on, or sent back.
        const [row] = await t.db.query<{ unit: string | null }[]>(
          `SELECT supervising_unit_id AS unit FROM issues WHERE id = $1`,
          [id],
        );
        const department = units.find((u) => u.id === row.unit);
        if (department)
          await t.gql(
            department.token,
            rnd() < 0.7
              ? `mutation($id: ID!) { r: signOffIssue(issueId: $id, step: DEPARTMENT_REVIEW) { id } }`
              : `mutation($id: ID!) { r: sendBackIssue(issueId: $id, step: DEPARTMENT_REVIEW, comment: "请补充佐证") { id } }`,
            { id },
          );
        return;
      }
      default:
        if (rnd() < 0.1) await office('markDuplicate(issueId: $id, ofId: $of)', { id, of: pick(ids) });
    }
  }

  /** One role's three lists against allowedEvents, problem by problem. */
  async function agree(role: 'OFFICE' | 'UNIT' | 'LEADER', token: string, label: string): Promise<void> {
    const list = async (awaitingMe?: boolean) =>
      (
        await t.ok<{ issues: Connection }>(token, LIST, {
          filter: { batch: BATCH, ...(awaitingMe === undefined ? {} : { awaitingMe }) },
        })
      ).issues;
    const [all, yes, no] = [await list(), await list(true), await list(false)];
    const work = workEventsOf(role);
    const expected = all.edges
      .filter((e) => e.node.allowedEvents.some((a) => work.has(a)))
      .map((e) => e.node.id)
      .sort();
    const rest = all.edges
      .map((e) => e.node.id)
      .filter((id) => !expected.includes(id))
      .sort();
    const got = {
      awaiting: yes.edges.map((e) => e.node.id).sort(),
      notAwaiting: no.edges.map((e) => e.node.id).sort(),
    };
    expect({ label, ...got }).toEqual({ label, awaiting: expected, notAwaiting: rest });
    expect({ label, counts: [yes.totalCount, no.totalCount] }).toEqual({
      label,
      counts: [expected.length, rest.length],
    });
    for (const { node } of all.edges) {
      // The field and the filter are the same answer.
      expect({ label, id: node.id, awaitingMe: node.awaitingMe }).toEqual({
        label,
        id: node.id,
        awaitingMe: expected.includes(node.id),
      });
      const shape = [
        node.substate,
        node.pendingExtension ? 'pending' : '',
        node.duplicateOf ? 'duplicate' : '',
        node.children.some((c) => c.state !== 'CLOSED' && c.state !== 'REVISITED') ? 'open children' : '',
      ]
        .filter(Boolean)
        .join(' ');
      seen.add(`${label}: ${shape}: ${node.awaitingMe}`);
    }
  }

  async function allAgree(): Promise<void> {
    await agree('OFFICE', OFFICE_TOKEN, 'office');
    await agree('LEADER', leader, 'leader');
    // Each unit leads some problems and cooperates on others: its list holds both.
    for (const [k, u] of units.entries()) await agree('UNIT', u.token, `unit ${k}`);
  }

  it('agree on a problem in each sub-state, with an extension pending, a derived problem open, duplicates', async () => {
    await allAgree();
  });

  it('agree after every tenth of 200 random steps through the real mutations', async () => {
    for (let step = 1; step <= 200; step++) {
      t.clock.set(new Date(t.clock.now().getTime() + 3_600_000));
      await act(pick(ids));
      if (step % 20 === 0) await allAgree();
    }
    // The walk reached what the rules turn on: each sub-state awaited and not, a pending extension on both sides of a
    // submission, a verified problem held open by a derived one, duplicates.
    const reached = [...seen];
    const has = (re: RegExp) => reached.some((s) => re.test(s));
    expect({
      officeFiled: has(/^office: FILED: true$/),
      officeFiledDuplicate: has(/^office: FILED duplicate: false$/),
      officePendingInProgress: has(/^office: RECTIFYING\.inProgress pending: true$/),
      officeSubmitted: has(/^office: RECTIFYING\.submitted/),
      officeVerifiedOpenChildren: has(/^office: VERIFIED\.signedOff( pending)? open children: false$/),
      officeVerified: has(/^office: VERIFIED\.signedOff: true$/),
      officeClosed: has(/^office: (CLOSED|REVISITED).*: false$/),
      unitAssigned: has(/^unit \d: ASSIGNED.*: true$/),
      unitInProgress: has(/^unit \d: RECTIFYING\.inProgress.*: true$/),
      unitCooperatingOrSubmitted: has(/^unit \d: RECTIFYING\.(inProgress|submitted).*: false$/),
      unitReviewing: has(/^unit \d: RECTIFYING\.departmentReview.*: true$/),
      officeWaitingForReview: has(/^office: RECTIFYING\.departmentReview.*: false$/),
      leaderNever: !has(/^leader: .*: true$/),
    }).toEqual({
      officeFiled: true,
      officeFiledDuplicate: true,
      officePendingInProgress: true,
      officeSubmitted: true,
      officeVerifiedOpenChildren: true,
      officeVerified: true,
      officeClosed: true,
      unitAssigned: true,
      unitInProgress: true,
      unitCooperatingOrSubmitted: true,
      unitReviewing: true,
      officeWaitingForReview: true,
      leaderNever: true,
    });
  });
});
