// The event forms: one per event allowedEvents may list, each a description of its inputs; the modal that shows it.
import {
  addDays,
  ApiError,
  DEADLINE_KIND,
  endOfDay,
  errorText,
  ESCALATION,
  EVENT,
  FINDING,
  h,
  restError,
  SATISFACTION,
  shanghaiDay,
  SIGN_OFF_STEP,
} from './common.js';
import { showIssue } from './issue-page.js';
import { $, api, state, toast } from './session.js';

const UNITS = `{ units { id name kind } }`;

// ---------------------------------------------------------------- event forms: one per event allowedEvents may list

const select = (name, label, options, extra = {}) => ({ name, label, type: 'select', options, ...extra });
const text = (name, label, extra = {}) => ({ name, label, type: 'textarea', ...extra });
const day = (name, label, extra = {}) => ({ name, label, type: 'date', ...extra });
const enumOptions = (labels) => Object.entries(labels);
const files = () => ({ name: 'files', label: '整改佐证（照片或PDF，可多选）', type: 'file' });
const nonEmpty = (v) => (v === '' || v === undefined ? null : v);

async function unitOptions(kind = null) {
  state.units ??= (await api(UNITS)).units;
  return state.units.filter((u) => kind === null || u.kind === kind).map((u) => [u.id, u.name]);
}

const assignForm = (mutation) => ({
  fields: async (i) => [
    // No unit chosen for the office: the first of the list would be assigned by a hurried click.
    select('leadUnitId', '牵头单位', await unitOptions(), {
      required: true,
      value: i.leadUnit?.id,
      placeholder: '请选择牵头单位',
    }),
    {
      name: 'cooperatingUnitIds',
      label: '配合单位（可多选）',
      type: 'multi',
      options: await unitOptions(),
      value: i.cooperatingUnits.map((u) => u.id),
    },
    select(
      'supervisingUnitId',
      '行业主管部门（先审核销号申请，可不选）',
      [['', '—'], ...(await unitOptions('DEPARTMENT'))],
      {
        value: i.supervisingUnit?.id ?? '',
      },
    ),
    select('deadlineKind', '时限类型', enumOptions(DEADLINE_KIND), { required: true, value: i.deadlineKind ?? 'DATE' }),
    day('dueAt', '整改时限（限期整改必填）', { min: addDays(shanghaiDay(), 1) }),
    text('comment', '交办意见'),
  ],
  check: (v) =>
    v.deadlineKind === 'DATE' && !v.dueAt
      ? '限期整改须填写整改时限'
      : v.cooperatingUnitIds.includes(v.leadUnitId)
        ? '配合单位不能与牵头单位相同'
        : v.supervisingUnitId &&
            (v.supervisingUnitId === v.leadUnitId || v.cooperatingUnitIds.includes(v.supervisingUnitId))
          ? '行业主管部门不能是牵头或配合单位'
          : null,
  mutation: `mutation($input: AssignInput!) { ${mutation}(input: $input) { id } }`,
  variables: (i, v) => ({
    input: {
      issueId: i.id,
      expectedVersion: i.version,
      leadUnitId: v.leadUnitId,
      cooperatingUnitIds: v.cooperatingUnitIds,
      supervisingUnitId: nonEmpty(v.supervisingUnitId),
      deadlineKind: v.deadlineKind,
      dueAt: v.deadlineKind === 'DATE' ? endOfDay(v.dueAt) : null,
      comment: nonEmpty(v.comment),
    },
  }),
});

const complaint = (i) => i.complaint;
/** The order on this problem awaiting the unit's reply, and the one awaiting the office's decision; the instruction to sign. */
const orderAwaiting = (i, status) => i.supervisionOrders.find((o) => o.status === status);
const instructionPending = (i) => i.instructions.find((n) => !n.acknowledgedAt);
const count = (name, label) => ({ name, label, type: 'number', min: 0, max: 10000, value: '' });
/** The parts still to do, as [unit id, name] options. */
const pendingParts = (i) => i.parts.filter((p) => p.pending && p.unit).map((p) => [p.unit.id, p.unit.name]);
const ownPart = (i) => i.parts.find((p) => p.unit?.id === state.me.unit?.id);
const line = (name, label, value) => ({ name, label, type: 'text', required: true, value: value ?? '' });

/** The plan form's milestone lines, "YYYY-MM-DD 内容" each, as MilestoneInput; null when a line is not one. */
function parseMilestones(text) {
  const lines = String(text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const parsed = lines.map((l) => /^(\d{4}-\d{2}-\d{2})\s+(.+)$/.exec(l));
  if (!lines.length || parsed.some((m) => !m)) return null;
  return parsed.map((m) => ({ title: m[2].trim(), dueAt: endOfDay(m[1]) }));
}

/** The chain step a problem is at, by its sub-state (an objection stops the notice, still its step). */
const STEP_AT = {
  'RECTIFYING.departmentReview': 'DEPARTMENT_REVIEW',
  'VERIFIED.leadershipApproval': 'LEADERSHIP_APPROVAL',
  'VERIFIED.publicNotice': 'PUBLIC_NOTICE',
  'VERIFIED.objected': 'PUBLIC_NOTICE',
  'VERIFIED.cityReview': 'CITY_REVIEW',
};
const stepAt = (i) => STEP_AT[i.substate];
/** A decision's select starts on this, not on either answer: the clerk chooses (the browser refuses an empty one). */
const DECIDE = '请选择';
const BOOL = (yes, no) => [
  ['true', yes],
  ['false', no],
];

/** Each event: its fields (asked in a form), a check before sending, the mutation and its variables. */
export const EVENT_FORMS = {
  assign: assignForm('assignIssue'),
  reassign: assignForm('reassignIssue'),
  accept: {
    fields: () => [text('comment', '签收意见', { value: '已签收，抓紧整改' })],
    mutation: `mutation($issueId: ID!, $expectedVersion: Int, $comment: String) { acceptIssue(issueId: $issueId, expectedVersion: $expectedVersion, comment: $comment) { id } }`,
    variables: (i, v) => ({ issueId: i.id, expectedVersion: i.version, comment: nonEmpty(v.comment) }),
  },
  return: {
    fields: () => [text('reason', '退回理由', { required: true })],
    mutation: `mutation($issueId: ID!, $expectedVersion: Int, $reason: String!) { returnIssue(issueId: $issueId, expectedVersion: $expectedVersion, reason: $reason) { id } }`,
    variables: (i, v) => ({ issueId: i.id, expectedVersion: i.version, reason: v.reason }),
  },
  reportProgress: {
    fields: (i) => [
      {
        name: 'progressPercent',
        label: '完成进度（%）',
        type: 'number',
        min: 0,
        max: 100,
        required: true,
        value: i.progressPercent,
      },
      text('comment', '进展情况', { required: true }),
      files(),
    ],
    mutation: `mutation($issueId: ID!, $expectedVersion: Int, $progressPercent: Int!, $comment: String!, $evidenceIds: [ID!]) { reportProgress(issueId: $issueId, expectedVersion: $expectedVersion, progressPercent: $progressPercent, comment: $comment, evidenceIds: $evidenceIds) { id } }`,
    variables: (i, v) => ({
      issueId: i.id,
      expectedVersion: i.version,
      progressPercent: Number(v.progressPercent),
      comment: v.comment,
      evidenceIds: v.evidenceIds,
    }),
  },
  requestExtension: {
    fields: (i) => [
      day('newDueAt', '申请延至', { required: true, min: i.dueDay ? addDays(i.dueDay, 1) : undefined }),
      text('reason', '延期理由', { required: true }),
    ],
    mutation: `mutation($issueId: ID!, $expectedVersion: Int, $newDueAt: DateTime!, $reason: String!) { requestExtension(issueId: $issueId, expectedVersion: $expectedVersion, newDueAt: $newDueAt, reason: $reason) { id } }`,
    variables: (i, v) => ({
      issueId: i.id,
      expectedVersion: i.version,
      newDueAt: endOfDay(v.newDueAt),
      reason: v.reason,
    }),
  },
  decideExtension: {
    fields: (i) => [
      {
        name: 'info',
        type: 'info',
        text: i.pendingExtension ? `申请延至 ${i.pendingExtension.newDueDay}：${i.pendingExtension.reason}` : '',
      },
      select('approve', '审批结果', BOOL('同意延期', '不同意'), { required: true, placeholder: DECIDE }),
      text('comment', '审批意见'),
    ],
    mutation: `mutation($issueId: ID!, $expectedVersion: Int, $approve: Boolean!, $comment: String) { decideExtension(issueId: $issueId, expectedVersion: $expectedVersion, approve: $approve, comment: $comment) { id } }`,
    variables: (i, v) => ({
      issueId: i.id,
      expectedVersion: i.version,
      approve: v.approve === 'true',
      comment: nonEmpty(v.comment),
    }),
  },
  submit: {
    fields: (i) => [
      text('summary', '整改情况', { required: true }),
      complaint(i) ? select('finding', '核查结论', [['', '—'], ...enumOptions(FINDING)]) : null,
      { type: 'info', text: '执法成果（如有，可不填）：' },
      count('ordersToCorrect', '责令改正（起）'),
      count('casesOpened', '立案（件）'),
      { name: 'fineYuan', label: '罚款（元）', type: 'number', min: 0, step: '0.01', value: '' },
      files(),
    ],
    mutation: `mutation($issueId: ID!, $expectedVersion: Int, $summary: String!, $finding: ComplaintFinding, $enforcement: EnforcementInput, $evidenceIds: [ID!]) { submitRectification(issueId: $issueId, expectedVersion: $expectedVersion, summary: $summary, finding: $finding, enforcement: $enforcement, evidenceIds: $evidenceIds) { id } }`,
    variables: (i, v) => ({
      issueId: i.id,
      expectedVersion: i.version,
      summary: v.summary,
      finding: nonEmpty(v.finding),
      enforcement:
        v.ordersToCorrect || v.casesOpened || v.fineYuan
          ? {
              ordersToCorrect: Number(v.ordersToCorrect || 0),
              casesOpened: Number(v.casesOpened || 0),
              fineYuan: Number(v.fineYuan || 0),
            }
          : null,
      evidenceIds: v.evidenceIds,
    }),
  },
  verify: {
    fields: () => [
      select('passed', '验收结论', BOOL('验收通过', '验收不通过'), { required: true, placeholder: DECIDE }),
      text('comment', '验收意见（不通过时必填）'),
      files(),
    ],
    check: (v) => (v.passed === 'false' && !v.comment ? '验收不通过须填写意见' : null),
    mutation: `mutation($issueId: ID!, $expectedVersion: Int, $passed: Boolean!, $comment: String, $evidenceIds: [ID!]) { verifyIssue(issueId: $issueId, expectedVersion: $expectedVersion, passed: $passed, comment: $comment, evidenceIds: $evidenceIds) { id } }`,
    variables: (i, v) => ({
      issueId: i.id,
      expectedVersion: i.version,
      passed: v.passed === 'true',
      comment: nonEmpty(v.comment),
      evidenceIds: v.evidenceIds,
    }),
  },
  signOff: {
    fields: (i) => [
      stepAt(i) === 'CITY_REVIEW'
        ? { name: 'documentNumber', label: '市级审核文号', type: 'text', required: true }
        : { name: 'documentNumber', label: '文号（可选）', type: 'text' },
      text('comment', stepAt(i) === 'DEPARTMENT_REVIEW' ? '审核意见' : '签批意见', {
        value:
          stepAt(i) === 'PUBLIC_NOTICE'
            ? '公示期满，无异议'
            : stepAt(i) === 'DEPARTMENT_REVIEW'
              ? '经审核，同意提交验收'
              : '同意',
      }),
      files(),
    ],
    mutation: `mutation($issueId: ID!, $expectedVersion: Int, $step: SignOffStep!, $documentNumber: String, $comment: String, $evidenceIds: [ID!]) { signOffIssue(issueId: $issueId, expectedVersion: $expectedVersion, step: $step, documentNumber: $documentNumber, comment: $comment, evidenceIds: $evidenceIds) { id } }`,
    variables: (i, v) => ({
      issueId: i.id,
      expectedVersion: i.version,
      step: stepAt(i),
      documentNumber: nonEmpty(v.documentNumber),
      comment: nonEmpty(v.comment),
      evidenceIds: v.evidenceIds,
    }),
  },
  sendBack: {
    fields: () => [text('comment', '退回理由（责任单位可见）', { required: true })],
    mutation: `mutation($issueId: ID!, $expectedVersion: Int, $step: SignOffStep!, $comment: String!) { sendBackIssue(issueId: $issueId, expectedVersion: $expectedVersion, step: $step, comment: $comment) { id } }`,
    variables: (i, v) => ({ issueId: i.id, expectedVersion: i.version, step: stepAt(i), comment: v.comment }),
  },
  setPlan: {
    fields: (i) => [
      text('goal', '整改目标', { required: true, value: i.plan?.goal ?? '' }),
      text('measures', '整改措施', { required: true, value: i.plan?.measures ?? '' }),
      line('leaderName', '责任领导姓名', i.plan?.leader.name),
      line('leaderPost', '责任领导职务', i.plan?.leader.post),
      line('responsibleName', '责任人姓名', i.plan?.responsible.name),
      line('responsiblePost', '责任人职务', i.plan?.responsible.post),
      text('milestones', '整改节点（每行一个：日期 节点内容，如 2026-12-31 完成截污管网）', {
        required: true,
        value: (i.plan?.milestones ?? []).map((m) => `${m.dueDay} ${m.title}`).join('\n'),
      }),
      i.deadlineKind === 'LONG_TERM' ? { type: 'info', text: '长期坚持的问题须至少每年设置一个节点。' } : null,
      files(),
    ],
    check: (v) => (parseMilestones(v.milestones) ? null : '整改节点每行须为“日期 节点内容”，日期格式 YYYY-MM-DD'),
    mutation: `mutation($issueId: ID!, $expectedVersion: Int, $goal: String!, $measures: String!, $leader: PlanPersonInput!, $responsible: PlanPersonInput!, $milestones: [MilestoneInput!]!, $evidenceIds: [ID!]) { setPlan(issueId: $issueId, expectedVersion: $expectedVersion, goal: $goal, measures: $measures, leader: $leader, responsible: $responsible, milestones: $milestones, evidenceIds: $evidenceIds) { id } }`,
    variables: (i, v) => ({
      issueId: i.id,
      expectedVersion: i.version,
      goal: v.goal,
      measures: v.measures,
      leader: { name: v.leaderName, post: v.leaderPost },
      responsible: { name: v.responsibleName, post: v.responsiblePost },
      milestones: parseMilestones(v.milestones),
      evidenceIds: v.evidenceIds,
    }),
  },
  reportPart: {
    fields: (i) => [
      // A unit reports its own part; the office picks the unit it reports for.
      state.me.role === 'OFFICE'
        ? select('unitId', '配合单位', pendingParts(i), { required: true })
        : { type: 'info', text: `本单位配合任务（当前进度 ${ownPart(i)?.progressPercent ?? 0}%）` },
      { name: 'progressPercent', label: '配合任务进度（%）', type: 'number', required: true, min: 0, max: 100 },
      text('comment', '配合情况', { required: true }),
      select('done', '配合任务是否完成', BOOL('已完成', '尚未完成'), { required: true, value: 'false' }),
      files(),
    ],
    mutation: `mutation($issueId: ID!, $expectedVersion: Int, $unitId: ID, $progressPercent: Int!, $comment: String!, $done: Boolean!, $evidenceIds: [ID!]) { reportPart(issueId: $issueId, expectedVersion: $expectedVersion, unitId: $unitId, progressPercent: $progressPercent, comment: $comment, done: $done, evidenceIds: $evidenceIds) { id } }`,
    variables: (i, v) => ({
      issueId: i.id,
      expectedVersion: i.version,
      unitId: nonEmpty(v.unitId),
      progressPercent: Number(v.progressPercent),
      comment: v.comment,
      done: v.done === 'true',
      evidenceIds: v.evidenceIds,
    }),
  },
  waivePart: {
    fields: (i) => [
      select('unitId', '免除哪个配合单位的任务', pendingParts(i), { required: true }),
      text('reason', '免除理由', { required: true }),
    ],
    mutation: `mutation($issueId: ID!, $expectedVersion: Int, $unitId: ID!, $reason: String!) { waivePart(issueId: $issueId, expectedVersion: $expectedVersion, unitId: $unitId, reason: $reason) { id } }`,
    variables: (i, v) => ({ issueId: i.id, expectedVersion: i.version, unitId: v.unitId, reason: v.reason }),
  },
  returnPlan: {
    fields: () => [text('comment', '退回意见（责任单位可见）', { required: true })],
    mutation: `mutation($issueId: ID!, $expectedVersion: Int, $comment: String!) { returnPlan(issueId: $issueId, expectedVersion: $expectedVersion, comment: $comment) { id } }`,
    variables: (i, v) => ({ issueId: i.id, expectedVersion: i.version, comment: v.comment }),
  },
  completeMilestone: {
    fields: (i) => [
      select(
        'milestone',
        '完成的节点',
        (i.plan?.milestones ?? []).filter((m) => !m.doneAt).map((m) => [m.title, `${m.dueDay} ${m.title}`]),
        { required: true },
      ),
      text('comment', '完成情况'),
      files(),
    ],
    mutation: `mutation($issueId: ID!, $expectedVersion: Int, $milestone: String!, $comment: String, $evidenceIds: [ID!]) { completeMilestone(issueId: $issueId, expectedVersion: $expectedVersion, milestone: $milestone, comment: $comment, evidenceIds: $evidenceIds) { id } }`,
    variables: (i, v) => ({
      issueId: i.id,
      expectedVersion: i.version,
      milestone: v.milestone,
      comment: nonEmpty(v.comment),
      evidenceIds: v.evidenceIds,
    }),
  },
  object: {
    fields: () => [text('comment', '异议内容及提出人', { required: true })],
    mutation: `mutation($issueId: ID!, $expectedVersion: Int, $comment: String!) { objectToNotice(issueId: $issueId, expectedVersion: $expectedVersion, comment: $comment) { id } }`,
    variables: (i, v) => ({ issueId: i.id, expectedVersion: i.version, comment: v.comment }),
  },
  dismissObjection: {
    fields: () => [text('comment', '核查结论（异议不成立的理由）', { required: true })],
    mutation: `mutation($issueId: ID!, $expectedVersion: Int, $comment: String!) { dismissObjection(issueId: $issueId, expectedVersion: $expectedVersion, comment: $comment) { id } }`,
    variables: (i, v) => ({ issueId: i.id, expectedVersion: i.version, comment: v.comment }),
  },
  close: {
    fields: (i) => [
      text('comment', '销号意见', { value: '同意销号' }),
      complaint(i) ? select('satisfaction', '群众满意度', [['', '—'], ...enumOptions(SATISFACTION)]) : null,
    ],
    mutation: `mutation($issueId: ID!, $expectedVersion: Int, $comment: String, $satisfaction: Satisfaction) { closeIssue(issueId: $issueId, expectedVersion: $expectedVersion, comment: $comment, satisfaction: $satisfaction) { id } }`,
    variables: (i, v) => ({
      issueId: i.id,
      expectedVersion: i.version,
      comment: nonEmpty(v.comment),
      satisfaction: nonEmpty(v.satisfaction),
    }),
  },
  revisit: {
    fields: () => [
      select('rebounded', '回头看结论', BOOL('发现反弹', '未发现反弹'), { required: true, placeholder: DECIDE }),
      text('comment', '回头看意见（反弹时必填）'),
      day('newDueAt', '新整改时限（反弹时必填）', { min: addDays(shanghaiDay(), 1) }),
    ],
    check: (v) => (v.rebounded === 'true' && (!v.comment || !v.newDueAt) ? '发现反弹须填写意见和新的整改时限' : null),
    mutation: `mutation($issueId: ID!, $expectedVersion: Int, $rebounded: Boolean!, $comment: String, $newDueAt: DateTime) { revisitIssue(issueId: $issueId, expectedVersion: $expectedVersion, rebounded: $rebounded, comment: $comment, newDueAt: $newDueAt) { id } }`,
    variables: (i, v) => ({
      issueId: i.id,
      expectedVersion: i.version,
      rebounded: v.rebounded === 'true',
      comment: nonEmpty(v.comment),
      newDueAt: v.rebounded === 'true' && v.newDueAt ? endOfDay(v.newDueAt) : null,
    }),
  },
  publish: {
    fields: (i) => [
      select('published', '信息公开', BOOL('公开', '不公开'), { required: true, value: String(!i.published) }),
      text('publicSummary', '公开摘要（公众看到的文字，不含举报人信息）', { value: i.publicSummary ?? '' }),
    ],
    mutation: `mutation($issueId: ID!, $published: Boolean!, $publicSummary: String) { publishIssue(issueId: $issueId, published: $published, publicSummary: $publicSummary) { id } }`,
    variables: (i, v) => ({
      issueId: i.id,
      published: v.published === 'true',
      publicSummary: nonEmpty(v.publicSummary),
    }),
  },
  markDuplicate: {
    fields: () => [{ name: 'ofCode', label: '原问题编号', type: 'text', required: true }, text('comment', '说明')],
    // The form asks for the code people read; the mutation needs the id.
    prepare: async (v) => {
      const { issueByCode } = await api(`query($code: String!) { issueByCode(code: $code) { id } }`, {
        code: v.ofCode.trim(),
      });
      if (!issueByCode) throw new Error(`未找到编号为 ${v.ofCode} 的问题`);
      return { ...v, ofId: issueByCode.id };
    },
    mutation: `mutation($issueId: ID!, $expectedVersion: Int, $ofId: ID!, $comment: String) { markDuplicate(issueId: $issueId, expectedVersion: $expectedVersion, ofId: $ofId, comment: $comment) { id } }`,
    variables: (i, v) => ({ issueId: i.id, expectedVersion: i.version, ofId: v.ofId, comment: nonEmpty(v.comment) }),
  },
  // 督办单 on this problem (an order on several problems: the API's issueIds).
  superviseOrder: {
    fields: () => [
      select(
        'level',
        '督办级别',
        [
          ['SUPERVISION', ESCALATION.SUPERVISION],
          ['NAMED_SUPERVISION', ESCALATION.NAMED_SUPERVISION],
        ],
        {
          required: true,
        },
      ),
      { name: 'number', label: '督办单编号（可不填，自动编号）', type: 'text' },
      day('replyDueAt', '书面回复期限（可不填，按设置的工作日）', { min: addDays(shanghaiDay(), 1) }),
      text('reasons', '督办事由', { required: true }),
    ],
    mutation: `mutation($input: IssueSupervisionOrderInput!) { issueSupervisionOrder(input: $input) { id } }`,
    variables: (i, v) => ({
      input: {
        issueIds: [i.id],
        level: v.level,
        number: nonEmpty(v.number),
        replyDueAt: v.replyDueAt ? endOfDay(v.replyDueAt) : null,
        reasons: v.reasons,
      },
    }),
  },
  replyToOrder: {
    fields: (i) => {
      const o = orderAwaiting(i, 'AWAITING_REPLY');
      return [
        { type: 'info', text: o ? `${o.number}：${o.reasons}（回复期限 ${o.replyDueDay}）` : '' },
        text('explanation', '情况说明', { required: true }),
        text('measures', '整改措施及时限', { required: true }),
        files(),
      ];
    },
    mutation: `mutation($orderId: ID!, $explanation: String!, $measures: String!, $evidenceIds: [ID!]) { replyToSupervisionOrder(orderId: $orderId, explanation: $explanation, measures: $measures, evidenceIds: $evidenceIds) { id } }`,
    variables: (i, v) => ({
      orderId: orderAwaiting(i, 'AWAITING_REPLY')?.id,
      explanation: v.explanation,
      measures: v.measures,
      evidenceIds: v.evidenceIds,
    }),
  },
  decideOrderReply: {
    fields: (i) => {
      const o = orderAwaiting(i, 'REPLIED');
      return [
        { type: 'info', text: o ? `${o.number} 回复：${o.explanation ?? ''} / ${o.measures ?? ''}` : '' },
        select('accepted', '审核结论', BOOL('同意，督办办结', '退回，重新回复'), {
          required: true,
          placeholder: DECIDE,
        }),
        text('comment', '审核意见（退回时必填）'),
      ];
    },
    check: (v) => (v.accepted === 'false' && !v.comment ? '退回须填写意见' : null),
    mutation: `mutation($orderId: ID!, $accepted: Boolean!, $comment: String) { decideSupervisionOrderReply(orderId: $orderId, accepted: $accepted, comment: $comment) { id } }`,
    variables: (i, v) => ({
      orderId: orderAwaiting(i, 'REPLIED')?.id,
      accepted: v.accepted === 'true',
      comment: nonEmpty(v.comment),
    }),
  },
  instruct: {
    fields: () => [text('text', '批示内容', { required: true })],
    mutation: `mutation($issueIds: [ID!], $text: String!) { issueInstruction(issueIds: $issueIds, text: $text) { id } }`,
    variables: (i, v) => ({ issueIds: [i.id], text: v.text }),
  },
  acknowledgeInstruction: {
    fields: (i) => [
      { type: 'info', text: instructionPending(i) ? `批示：${instructionPending(i).text}` : '' },
      text('comment', '落实意见', { value: '已阅，立即落实' }),
    ],
    mutation: `mutation($instructionId: ID!, $comment: String) { acknowledgeInstruction(instructionId: $instructionId, comment: $comment) { id } }`,
    variables: (i, v) => ({ instructionId: instructionPending(i)?.id, comment: nonEmpty(v.comment) }),
  },
};

export function eventLabel(i, type) {
  if (type === 'publish') return i.published ? '取消公开 / 修改摘要' : '信息公开';
  if (type === 'signOff' && stepAt(i))
    return stepAt(i) === 'PUBLIC_NOTICE' ? '结束公示' : `${SIGN_OFF_STEP[stepAt(i)]}签批`;
  if (type === 'sendBack' && stepAt(i)) return `退回整改（${SIGN_OFF_STEP[stepAt(i)]}）`;
  return EVENT[type] ?? type;
}

function fieldInput(f) {
  if (f.type === 'info') return h('p', { class: 'muted' }, f.text);
  if (f.type === 'element') return f.element;
  let input;
  if (f.type === 'select' || f.type === 'multi') {
    const chosen = new Set([f.value ?? []].flat().map(String));
    input = h(
      'select',
      { name: f.name, required: f.required, multiple: f.type === 'multi', size: f.type === 'multi' ? 6 : null },
      f.placeholder && !chosen.size ? h('option', { value: '', selected: true, disabled: true }, f.placeholder) : '',
      ...f.options.map(([value, label]) => h('option', { value, selected: chosen.has(String(value)) }, label)),
    );
  } else if (f.type === 'file') {
    input = h('input', {
      name: f.name,
      type: 'file',
      multiple: true,
      accept: 'image/jpeg,image/png,image/webp,application/pdf',
    });
  } else if (f.type === 'textarea') {
    input = h('textarea', { name: f.name, required: f.required, rows: 3, maxlength: f.maxlength });
    input.value = f.value ?? '';
  } else {
    input = h('input', {
      name: f.name,
      type: f.type,
      required: f.required,
      min: f.min,
      max: f.max,
      maxlength: f.maxlength,
      placeholder: f.placeholder,
    });
    if (f.value !== undefined && f.value !== null) input.value = String(f.value);
  }
  return h('label', { class: 'field' }, h('span', {}, f.label, f.required ? h('em', {}, ' *') : null), input);
}

export async function openEventForm(issue, type) {
  const form = EVENT_FORMS[type];
  let fields;
  try {
    fields = (await form.fields(issue)).filter(Boolean);
  } catch (e) {
    toast(errorText(e));
    return;
  }
  $('modal-title').textContent = `${eventLabel(issue, type)} · ${issue.code}`;
  $('modal-fields').replaceChildren(...fields.map(fieldInput));
  $('modal-error').textContent = '';
  $('modal').hidden = false;
  $('modal').dataset.event = type;
  $('modal-submit').disabled = false;
  $('modal-fields').querySelector('input, select, textarea')?.focus();
  $('modal-form').onsubmit = async (ev) => {
    ev.preventDefault();
    const formEl = $('modal-form');
    let values = {};
    for (const f of fields) {
      if (f.type === 'info') continue;
      const el = formEl.elements.namedItem(f.name);
      values[f.name] =
        f.type === 'multi'
          ? [...el.selectedOptions].map((o) => o.value)
          : f.type === 'file'
            ? [...el.files]
            : el.value.trim();
    }
    const problem = form.check?.(values);
    if (problem) {
      $('modal-error').textContent = problem;
      return;
    }
    $('modal-submit').disabled = true;
    const flight = new AbortController();
    inFlight = flight;
    try {
      if (form.prepare) values = await form.prepare(values);
      if (values.files?.length) values.evidenceIds = await uploadEvidence(issue.id, values.files, flight.signal);
      // 取消 during the uploads: nothing is filed (the uploads stay unattached, and are never shown).
      if (flight.signal.aborted) return;
      await api(form.mutation, form.variables(issue, values));
      closeModal();
      toast(`${eventLabel(issue, type)}：已完成`);
      await showIssue(issue.id);
    } catch (e) {
      if (flight.signal.aborted) return;
      $('modal-error').textContent = e instanceof ApiError ? errorText(e) : e.message;
      $('modal-submit').disabled = false;
    } finally {
      if (inFlight === flight) inFlight = null;
      showProgress(null);
    }
  };
}

/**
 * A form of the desk pages (回头看, 追责问责) in the same modal: `fields` as the events' forms describe them (a field
 * `{ type: 'element', element }` is shown as built, its value read by `read`); `check` says what is wrong or null;
 * `submit` sends the values, then the modal closes and `done` says so.
 */
export function openModalForm({ title, name, fields, check = () => null, read = () => ({}), submit, done }) {
  $('modal-title').textContent = title;
  $('modal-fields').replaceChildren(...fields.map(fieldInput));
  $('modal-error').textContent = '';
  $('modal').hidden = false;
  $('modal').dataset.event = name;
  $('modal-submit').disabled = false;
  $('modal-fields').querySelector('input, select, textarea')?.focus();
  $('modal-form').onsubmit = async (ev) => {
    ev.preventDefault();
    const values = { ...read() };
    for (const f of fields) {
      if (f.type === 'info' || f.type === 'element') continue;
      const el = $('modal-form').elements.namedItem(f.name);
      values[f.name] = f.type === 'multi' ? [...el.selectedOptions].map((o) => o.value) : el.value.trim();
    }
    const problem = check(values);
    if (problem) {
      $('modal-error').textContent = problem;
      return;
    }
    $('modal-submit').disabled = true;
    try {
      const answer = await submit(values);
      closeModal();
      await done?.(answer);
    } catch (e) {
      $('modal-error').textContent = e instanceof ApiError ? errorText(e) : e.message;
      $('modal-submit').disabled = false;
    }
  };
}

/** The submission in flight, which 取消 aborts: an upload stops, and the event is not sent after it. */
let inFlight = null;

/** Photos are sent at most this long on their long edge (a phone's 12-megapixel photo becomes about 0.5 MB). */
const MAX_EDGE = 2000;
/** …and re-encoded when larger than this even within it. */
const SHRINK_ABOVE_BYTES = 1_500_000;

/**
 * A photo as it is sent: turned upright as its EXIF orientation says, no longer than MAX_EDGE, as JPEG. A PDF, a small
 * image, or one the browser cannot decode is sent as chosen; so is a re-encoding that came out no smaller.
 */
async function shrunk(file) {
  if (!/^image\/(jpeg|png|webp)$/.test(file.type)) return file;
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' }).catch(() => null);
  if (!bitmap) return file;
  try {
    const scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height));
    if (scale === 1 && file.size <= SHRINK_ABOVE_BYTES) return file;
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    const g = canvas.getContext('2d');
    g.fillStyle = '#fff'; // a transparent PNG on white, as JPEG has no transparency
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise((done) => canvas.toBlob(done, 'image/jpeg', 0.85));
    if (!blob || (scale === 1 && blob.size >= file.size)) return file;
    return new File([blob], `${file.name.replace(/\.[^.]+$/, '')}.jpg`, { type: 'image/jpeg' });
  } finally {
    bitmap.close();
  }
}

/** The upload's bar under the form: sent of total bytes, or hidden (null). */
function showProgress(progress) {
  const box = $('modal-progress');
  box.hidden = progress === null;
  if (progress === null) return;
  box.querySelector('progress').value = progress.total ? progress.sent / progress.total : 0;
  box.querySelector('span').textContent =
    `正在上传第 ${progress.index} / ${progress.count} 个佐证（${Math.floor((progress.sent / Math.max(1, progress.total)) * 100)}%）`;
}

/** One POST with upload progress (fetch reports none), aborted with `signal`. */
function post(url, body, signal, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('authorization', `Bearer ${state.token}`);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : 0);
    xhr.onload = () => resolve(new Response(xhr.responseText || null, { status: xhr.status }));
    xhr.onerror = () => reject(new Error('网络中断，上传未完成，请重试'));
    xhr.onabort = () => reject(new Error('已取消'));
    if (signal.aborted) return reject(new Error('已取消'));
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

/** POST /issues/:id/evidence, one file at a time, photos shrunk first; the event then names them in evidenceIds. */
async function uploadEvidence(issueId, list, signal) {
  const ids = [];
  for (const [i, chosen] of list.entries()) {
    const file = await shrunk(chosen);
    if (signal.aborted) break;
    const body = new FormData();
    body.append('file', file);
    showProgress({ index: i + 1, count: list.length, sent: 0, total: file.size });
    const res = await post(`/issues/${encodeURIComponent(issueId)}/evidence`, body, signal, (sent, total) =>
      showProgress({ index: i + 1, count: list.length, sent, total }),
    );
    if (res.status !== 201) {
      const error = await restError(res);
      const why =
        error.code === 'PAYLOAD_TOO_LARGE'
          ? '文件过大'
          : error.extensions.fields?.includes('file')
            ? '仅支持 JPEG、PNG、WebP 或 PDF'
            : errorText(error);
      throw new Error(`佐证“${chosen.name}”上传失败：${why}`);
    }
    ids.push((await res.json()).id);
  }
  return ids;
}

export function closeModal() {
  inFlight?.abort();
  inFlight = null;
  $('modal').hidden = true;
  $('modal-form').onsubmit = null;
}
