// Builders for a test's own units, tokens and problems, all made through the public GraphQL API.
import { ISSUE_SOURCES } from '../../workflows/issue.types.js';
import { OFFICE_TOKEN, type TestApp } from '../support/test-app.js';

// Names from the seed documents (../shared/seeds): departments and towns of a district.
const UNIT_NAMES = [
  '区生态环境局',
  '区城市管理局',
  '区住房城乡建委',
  '区农业农村委',
  '区水利局',
  '水江镇',
  '南平镇',
  '大观镇',
  '东城街道',
];
let sequence = 0;

export interface UnitRef {
  id: string;
  code: string;
  name: string;
}

export interface UnitWithToken extends UnitRef {
  token: string;
}

export interface IssueRef {
  id: string;
  code: string;
  version: number;
  substate: string;
}

export const ISSUE_FIELDS = 'id code version state substate';

export async function createUnit(
  t: TestApp,
  input: { name?: string; kind?: string; parentId?: string } = {},
): Promise<UnitRef> {
  const n = ++sequence;
  const data = await t.ok<{ createUnit: UnitRef }>(
    OFFICE_TOKEN,
    `mutation($code: String!, $name: String!, $kind: UnitKind!, $parentId: ID) {
       createUnit(code: $code, name: $name, kind: $kind, parentId: $parentId) { id code name }
     }`,
    {
      code: `U${n}`,
      name: input.name ?? `${UNIT_NAMES[n % UNIT_NAMES.length]}${n}`,
      kind: input.kind ?? 'DEPARTMENT',
      parentId: input.parentId,
    },
  );
  return data.createUnit;
}

export async function createToken(
  t: TestApp,
  role: 'OFFICE' | 'UNIT' | 'LEADER',
  unitId?: string,
  label?: string,
): Promise<string> {
  const data = await t.ok<{ createToken: { token: string } }>(
    OFFICE_TOKEN,
    `mutation($role: Role!, $unitId: ID, $label: String) { createToken(role: $role, unitId: $unitId, label: $label) { token } }`,
    { role, unitId, label },
  );
  return data.createToken.token;
}

export async function createUnitWithToken(
  t: TestApp,
  input: { name?: string; kind?: string; parentId?: string } = {},
): Promise<UnitWithToken> {
  const unit = await createUnit(t, input);
  return { ...unit, token: await createToken(t, 'UNIT', unit.id, `${unit.name}整改专班`) };
}

export async function fileIssue(t: TestApp, input: Record<string, unknown> = {}): Promise<IssueRef> {
  const data = await t.ok<{ fileIssue: IssueRef }>(
    OFFICE_TOKEN,
    `mutation($input: FileIssueInput!) { fileIssue(input: $input) { ${ISSUE_FIELDS} } }`,
    {
      input: {
        source: 'CENTRAL_INSPECTION',
        batch: '第三轮中央生态环境保护督察 第5批',
        title: '磷石膏堆场渗滤液收集不完善',
        description: '堆场周边雨污分流设施不完善，存在渗滤液外溢风险',
        category: 'SOLID_WASTE',
        ...input,
      },
    },
  );
  return data.fileIssue;
}

/**
 * Every source closes right after the office's acceptance (销号 next), for a test about something other than the
 * sign-off chain: the default policies send central and municipal problems through the leaders, a public notice of
 * five working days and the city (test/e2e/sign-off-chain.e2e-spec.ts walks them).
 */
export async function closingAtAcceptance(t: TestApp): Promise<void> {
  for (const source of ISSUE_SOURCES)
    await t.ok(OFFICE_TOKEN, `mutation($s: IssueSource!) { setClosurePolicy(source: $s, steps: []) { source } }`, {
      s: source,
    });
}

export function daysAfter(t: TestApp, days: number): string {
  return new Date(t.clock.now().getTime() + days * 86_400_000).toISOString();
}

export async function assign(
  t: TestApp,
  issueId: string,
  leadUnitId: string,
  extra: { dueAt?: string; deadlineKind?: string; cooperatingUnitIds?: string[] } = {},
): Promise<IssueRef> {
  const data = await t.ok<{ assignIssue: IssueRef }>(
    OFFICE_TOKEN,
    `mutation($input: AssignInput!) { assignIssue(input: $input) { ${ISSUE_FIELDS} } }`,
    {
      input: {
        issueId,
        leadUnitId,
        deadlineKind: extra.deadlineKind ?? 'DATE',
        dueAt: extra.deadlineKind && extra.deadlineKind !== 'DATE' ? undefined : (extra.dueAt ?? daysAfter(t, 30)),
        cooperatingUnitIds: extra.cooperatingUnitIds,
      },
    },
  );
  return data.assignIssue;
}

export type WalkTarget =
  | 'FILED'
  | 'ASSIGNED'
  | 'RECTIFYING.inProgress'
  | 'RECTIFYING.submitted'
  | 'VERIFIED.signedOff'
  | 'CLOSED'
  | 'REVISITED';

const WALK: { to: WalkTarget; as: 'office' | 'lead'; mutation: string }[] = [
  { to: 'RECTIFYING.inProgress', as: 'lead', mutation: 'acceptIssue(issueId: $id)' },
  { to: 'RECTIFYING.submitted', as: 'lead', mutation: 'submitRectification(issueId: $id, summary: "已完成整改")' },
  { to: 'VERIFIED.signedOff', as: 'office', mutation: 'verifyIssue(issueId: $id, passed: true)' },
  { to: 'CLOSED', as: 'office', mutation: 'closeIssue(issueId: $id, comment: "同意销号")' },
  { to: 'REVISITED', as: 'office', mutation: 'revisitIssue(issueId: $id, rebounded: false, comment: "回头看未反弹")' },
];

/** Every cooperating unit's part of the problem reported done, by the office for the unit: the lead may then submit. */
export async function partsDone(t: TestApp, issueId: string): Promise<void> {
  const { issue } = await t.ok<{ issue: { parts: { unit: { id: string }; pending: boolean }[] } | null }>(
    OFFICE_TOKEN,
    'query($id: ID!) { issue(id: $id) { parts { unit { id } pending } } }',
    { id: issueId },
  );
  for (const part of issue?.parts.filter((p) => p.pending) ?? [])
    await t.gql(
      OFFICE_TOKEN,
      'mutation($id: ID!, $u: ID!) { reportPart(issueId: $id, unitId: $u, progressPercent: 100, comment: "配合任务已完成", done: true) { id } }',
      { id: issueId, u: part.unit.id },
    );
}

/** A problem led by `lead`, walked through the real mutations to `target`. */
export async function issueIn(
  t: TestApp,
  target: WalkTarget,
  lead: UnitWithToken,
  options: { file?: Record<string, unknown>; cooperatingUnitIds?: string[]; dueAt?: string } = {},
): Promise<IssueRef> {
  let issue = await fileIssue(t, options.file);
  if (target === 'FILED') return issue;
  issue = await assign(t, issue.id, lead.id, { cooperatingUnitIds: options.cooperatingUnitIds, dueAt: options.dueAt });
  for (const step of WALK) {
    if (issue.substate === target) break;
    // The lead submits once every cooperating unit's part is done: the office reports them for the units here.
    if (step.to === 'RECTIFYING.submitted') await partsDone(t, issue.id);
    const token = step.as === 'office' ? OFFICE_TOKEN : lead.token;
    const data = await t.ok<Record<string, IssueRef>>(
      token,
      `mutation($id: ID!) { r: ${step.mutation} { ${ISSUE_FIELDS} } }`,
      { id: issue.id },
    );
    issue = data.r;
  }
  if (issue.substate !== target) throw new Error(`could not walk to ${target}`);
  return issue;
}
