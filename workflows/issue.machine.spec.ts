import { describe, expect, it } from '@jest/globals';
import { issueMachine } from './issue.machine.js';
import {
  COMMENT_MAX,
  LEAD_UNIT_EVENTS,
  SUMMARY_MAX,
  actorMaySend,
  escalationRank,
  eventAllowed,
  preconditionHolds,
  stampedFacts,
} from './issue.rules.js';
import {
  allowedEvents,
  eventsOfState,
  evidenceRefusal,
  refusalOf,
  initialSnapshot,
  snapshotOf,
  step,
  substateOf,
  topStateOf,
  type IssueSnapshot,
} from './issue.runtime.js';
import {
  ESCALATION_LEVELS,
  ISSUE_EVENT_TYPES,
  ISSUE_STATES,
  SUBSTATES,
  type Actor,
  type OpenOrder,
  type PendingInstruction,
  type EscalationLevel,
  type IssueContext,
  type IssueEvent,
  type IssueEventType,
  type CooperationPart,
  type PendingExtension,
  type RectificationPlan,
  type SignOffStep,
  type Substate,
  TRANSITION_REFUSAL_REASONS,
  type TransitionRefusalReason,
} from './issue.types.js';

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

/** When the service accepted the events in the matrix. */
const AT = '2026-03-02T02:00:00.000Z';
/** When the fixtures' order was replied to and their instruction written: before AT. */
const AT_BEFORE_ORDERS = '2026-03-01T02:00:00.000Z';
/** The deadline in force in the fixtures: well after AT. */
const DUE = '2026-03-31T10:00:00.000Z';
/** A later deadline asked for by an extension request. */
const LATER = '2026-04-30T10:00:00.000Z';
/** Deadline given by assign / reassign in the matrix. */
const NEW_DUE = '2026-04-15T10:00:00.000Z';
/** The milestones of the plans in the matrix: after AT, before every deadline. */
const MILESTONE_DUE = '2026-03-20T16:00:00.000Z';
const DONE_PART: CooperationPart = {
  unitId: 'unit-coop',
  progressPercent: 100,
  doneAt: '2026-03-01T02:00:00.000Z',
  waivedReason: null,
};
const PENDING_PART: CooperationPart = { unitId: 'unit-coop', progressPercent: 30, doneAt: null, waivedReason: null };
const PLAN: RectificationPlan = {
  goal: 'No sewage into the river',
  measures: 'Seal the outfall, reline the drains',
  leader: { name: '王某', post: '副镇长' },
  responsible: { name: '李某', post: '环保办主任' },
  // (at the top rung already: the sweep has nothing to raise, but where the matrix asks it to)
  milestones: [{ title: 'Drains relined', dueAt: MILESTONE_DUE, doneAt: null, escalationLevel: 'NAMED_SUPERVISION' }],
  status: 'IN_FORCE',
  setAt: '2026-03-01T02:00:00.000Z',
};
/** Deadline given by a rebound. */
const REBOUND_DUE = '2026-05-31T10:00:00.000Z';
const REQUESTED_AT = '2026-02-25T02:00:00.000Z';
const SUBMITTED_AT = '2026-02-27T02:00:00.000Z';
const CLOSED_AT = '2026-03-01T02:00:00.000Z';
/** When a public notice that has run its days ended: before AT. */
const NOTICE_ENDED = '2026-02-28T16:00:00.000Z';
/** When a notice started by an event of the matrix ends: after AT. */
const NOTICE_END = '2026-03-09T16:00:00.000Z';
/** Every step of the chain, as a central inspection's policy names them. */
const CHAIN: SignOffStep[] = ['LEADERSHIP_APPROVAL', 'PUBLIC_NOTICE', 'CITY_REVIEW'];

const OFFICE: Actor = { role: 'OFFICE', unitId: null };
const LEAD: Actor = { role: 'UNIT', unitId: 'unit-lead' };
const COOP: Actor = { role: 'UNIT', unitId: 'unit-coop' };
const OTHER_UNIT: Actor = { role: 'UNIT', unitId: 'unit-other' };
const LEADER: Actor = { role: 'LEADER', unitId: null };
/** The supervising department (行业主管部门) the problem names. */
const DEPT: Actor = { role: 'UNIT', unitId: 'unit-dept' };
/** Anyone on the public page. */
const PUBLIC: Actor = { role: 'PUBLIC', unitId: null };
const SYSTEM: Actor = { role: 'SYSTEM', unitId: null };
const CITY_OFFICE: Actor = { role: 'CITY_OFFICE', unitId: null };
const CITY_LEADER: Actor = { role: 'CITY_LEADER', unitId: null };

/** The problem a duplicate is marked a duplicate of. */
const ORIGINAL = 'issue-original';

const PENDING: PendingExtension = {
  newDueAt: LATER,
  reason: 'Pipe delivery delayed by the supplier',
  requestedAt: REQUESTED_AT,
};

/** An order awaiting the unit's reply, one replied awaiting the office's decision, and a leader's instruction. */
const ORDER_OPEN: OpenOrder = {
  id: 'order-open',
  number: '督〔2026〕1号',
  level: 'SUPERVISION',
  replyDueAt: LATER,
  repliedAt: null,
};
const ORDER_REPLIED: OpenOrder = {
  ...ORDER_OPEN,
  id: 'order-replied',
  number: '督〔2026〕2号',
  repliedAt: AT_BEFORE_ORDERS,
};
const INSTRUCTION: PendingInstruction = { id: 'instruction-1', at: AT_BEFORE_ORDERS, orderId: 'order-open' };

/** A problem that has been assigned to 'unit-lead' (with 'unit-coop' cooperating) and a DATE deadline. */
const ASSIGNED_CONTEXT: IssueContext = {
  source: 'CENTRAL_INSPECTION',
  complaint: false,
  enforcement: null,
  leadUnitId: 'unit-lead',
  cooperatingUnitIds: ['unit-coop'],
  supervisingUnitId: 'unit-dept',
  deadlineKind: 'DATE',
  dueAt: DUE,
  originalDueAt: DUE,
  pendingExtension: null,
  progressPercent: 0,
  finding: null,
  firstSubmittedAt: null,
  submittedAt: null,
  dueAtSubmission: null,
  completedOnTime: null,
  closedAt: null,
  satisfaction: null,
  reboundCount: 0,
  published: false,
  escalationLevel: 'NONE',
  duplicateOfId: null,
  publicSummary: null,
  // The whole chain, so that a sign-off is well-formed in every substate (only the state decides in the matrix).
  signOffSteps: CHAIN,
  noticeEndsAt: null,
  sentBackCount: 0,
  // A plan in force, so that its events are well-formed in every substate.
  plan: PLAN,
  // The cooperating unit's part done, so that the lead may submit (the part's own events get a pending one).
  parts: [DONE_PART],
  // None pending: the matrix gives them to the events that answer them (see matrixContext).
  orders: [],
  instructions: [],
};

/** Events that answer an order or an instruction: they find one of each kind pending. */
const ANSWERS: readonly IssueEventType[] = ['replyToOrder', 'decideOrderReply', 'acknowledgeInstruction'];

/**
 * A realistic context for each substate. FILED also carries the lead unit and a deadline so that
 * every well-formed event passes the rules' guard in every substate: only the state decides.
 */
function contextFor(substate: Substate, pending: boolean): IssueContext {
  const base: IssueContext = { ...ASSIGNED_CONTEXT, pendingExtension: pending ? { ...PENDING } : null };
  const submitted: IssueContext = {
    ...base,
    progressPercent: 90,
    firstSubmittedAt: SUBMITTED_AT,
    submittedAt: SUBMITTED_AT,
    dueAtSubmission: DUE,
  };
  switch (substate) {
    case 'FILED':
    case 'ASSIGNED':
      return base;
    case 'RECTIFYING.inProgress':
      return { ...base, progressPercent: 40 };
    case 'RECTIFYING.departmentReview':
    case 'RECTIFYING.submitted':
      return submitted;
    case 'VERIFIED.leadershipApproval':
      return { ...submitted, progressPercent: 100, completedOnTime: true };
    case 'VERIFIED.publicNotice':
    case 'VERIFIED.objected':
    case 'VERIFIED.cityReview':
    case 'VERIFIED.signedOff':
      // The notice has run its days (it ended before AT).
      return { ...submitted, progressPercent: 100, completedOnTime: true, noticeEndsAt: NOTICE_ENDED };
    case 'CLOSED':
    case 'REVISITED':
      return { ...submitted, progressPercent: 100, completedOnTime: true, closedAt: CLOSED_AT };
  }
}

const VARIANTS = [
  'assign',
  'reassign',
  'accept',
  'return',
  'reportProgress',
  'requestExtension',
  'decideExtension:approve',
  'decideExtension:refuse',
  'submit',
  'submit:review',
  'verify:pass',
  'verify:fail',
  'signOff:department',
  'signOff:leaders',
  'signOff:notice',
  'signOff:city',
  'sendBack:department',
  'sendBack:leaders',
  'sendBack:notice',
  'sendBack:city',
  'setPlan',
  'returnPlan',
  'completeMilestone',
  'escalateMilestone',
  'reportPart',
  'waivePart',
  'object',
  'dismissObjection',
  'close',
  'revisit:rebound',
  'revisit:ok',
  'publish',
  'escalate',
  'markDuplicate',
  'superviseOrder',
  'replyToOrder',
  'decideOrderReply:accept',
  'decideOrderReply:return',
  'instruct',
  'acknowledgeInstruction',
] as const;
type Variant = (typeof VARIANTS)[number];

function typeOf(variant: Variant): IssueEventType {
  return variant.split(':')[0] as IssueEventType;
}

/** The actor who owns the event: the lead unit for its own events, a leader for the leaders' step, the office for the rest. */
function rightActor(variant: Variant): Actor {
  if (variant === 'signOff:leaders' || variant === 'sendBack:leaders') return LEADER;
  if (variant === 'signOff:department' || variant === 'sendBack:department') return DEPT;
  if (variant === 'reportPart') return COOP;
  if (variant === 'instruct') return LEADER;
  return LEAD_UNIT_EVENTS.has(typeOf(variant)) ? LEAD : OFFICE;
}

/** A valid, well-formed event of each variant. */
function eventFor(variant: Variant, actor: Actor = rightActor(variant), at: string = AT): IssueEvent {
  switch (variant) {
    case 'assign':
    case 'reassign':
      return {
        type: variant,
        actor,
        at,
        leadUnitId: 'unit-new',
        cooperatingUnitIds: ['unit-coop', 'unit-third'],
        supervisingUnitId: 'unit-dept',
        deadlineKind: 'DATE',
        dueAt: NEW_DUE,
        comment: 'Lead by the water bureau',
      };
    case 'accept':
      return { type: 'accept', actor, at, comment: 'Signed for' };
    case 'return':
      return { type: 'return', actor, at, reason: 'Not within our jurisdiction' };
    case 'reportProgress':
      return { type: 'reportProgress', actor, at, progressPercent: 60, comment: 'Half the drains relined' };
    case 'requestExtension':
      return { type: 'requestExtension', actor, at, newDueAt: LATER, reason: 'Pipe delivery delayed by the supplier' };
    case 'decideExtension:approve':
      return { type: 'decideExtension', actor, at, approve: true, comment: 'Approved' };
    case 'decideExtension:refuse':
      return { type: 'decideExtension', actor, at, approve: false, comment: 'Refused' };
    case 'submit':
      // As the service sends it: stamped with the request it withdraws (none is pending where the matrix submits).
      return {
        type: 'submit',
        actor,
        at,
        summary: 'Outfall sealed, sewage diverted to the plant',
        withdrawnExtension: null,
      };
    case 'submit:review':
      // …and, where the policy has the department review first, says so.
      return {
        type: 'submit',
        actor,
        at,
        summary: 'Outfall sealed, sewage diverted to the plant',
        withdrawnExtension: null,
        departmentReview: true,
      };
    case 'verify:pass':
      // As the service sends it: stamped with the chain its source's policy names (none here: 销号 next).
      return { type: 'verify', actor, at, passed: true, comment: 'Checked on site', signOffSteps: [] };
    case 'signOff:department':
      return { type: 'signOff', actor, at, step: 'DEPARTMENT_REVIEW', comment: 'Reviewed on site by the bureau' };
    case 'sendBack:department':
      return { type: 'sendBack', actor, at, step: 'DEPARTMENT_REVIEW', comment: 'The liner is not certified' };
    case 'signOff:leaders':
      // Stamped with the end of the public notice it starts.
      return { type: 'signOff', actor, at, step: 'LEADERSHIP_APPROVAL', comment: 'Agreed', noticeEndsAt: NOTICE_END };
    case 'signOff:notice':
      return { type: 'signOff', actor, at, step: 'PUBLIC_NOTICE', comment: 'No objection in the notice' };
    case 'signOff:city':
      return { type: 'signOff', actor, at, step: 'CITY_REVIEW', documentNumber: 'City review 2026-12' };
    case 'sendBack:leaders':
      return { type: 'sendBack', actor, at, step: 'LEADERSHIP_APPROVAL', comment: 'The outfall must be removed too' };
    case 'sendBack:notice':
      return { type: 'sendBack', actor, at, step: 'PUBLIC_NOTICE', comment: 'The objection holds' };
    case 'sendBack:city':
      return { type: 'sendBack', actor, at, step: 'CITY_REVIEW', comment: 'The city asks for more' };
    case 'setPlan':
      return {
        type: 'setPlan',
        actor,
        at,
        goal: 'No sewage into the river',
        measures: 'Seal the outfall',
        leader: { name: '王某', post: '副镇长' },
        responsible: { name: '李某', post: '环保办主任' },
        milestones: [{ title: 'Outfall sealed', dueAt: MILESTONE_DUE }],
      };
    case 'returnPlan':
      return { type: 'returnPlan', actor, at, comment: 'Name the drains to reline' };
    case 'escalateMilestone':
      return {
        type: 'escalateMilestone',
        actor,
        at,
        milestone: 'Drains relined',
        level: 'WARNING',
        dueAt: MILESTONE_DUE,
      };
    case 'reportPart':
      return {
        type: 'reportPart',
        actor,
        at,
        unitId: 'unit-coop',
        progressPercent: 80,
        comment: 'Pipes laid',
        done: true,
      };
    case 'waivePart':
      return { type: 'waivePart', actor, at, unitId: 'unit-coop', reason: 'Done by the lead itself' };
    case 'completeMilestone':
      return { type: 'completeMilestone', actor, at, milestone: 'Drains relined', comment: 'Photos attached' };
    case 'object':
      return { type: 'object', actor, at, comment: 'A resident reports discharge at night' };
    case 'dismissObjection':
      return { type: 'dismissObjection', actor, at, comment: 'Checked: unfounded', noticeEndsAt: NOTICE_END };
    case 'verify:fail':
      return { type: 'verify', actor, at, passed: false, comment: 'Outfall still discharging' };
    case 'close':
      return { type: 'close', actor, at, comment: 'Closed' };
    case 'revisit:rebound':
      return { type: 'revisit', actor, at, rebounded: true, comment: 'Discharge resumed', newDueAt: REBOUND_DUE };
    case 'revisit:ok':
      return { type: 'revisit', actor, at, rebounded: false, comment: 'Still fixed', newDueAt: null };
    case 'publish':
      return { type: 'publish', actor, at, published: true };
    case 'escalate':
      return { type: 'escalate', actor, at, level: 'WARNING', comment: 'Deadline near, no progress reported' };
    case 'markDuplicate':
      return {
        type: 'markDuplicate',
        actor,
        at,
        duplicateOfId: ORIGINAL,
        comment: 'Same outfall as the original report',
      };
    case 'superviseOrder':
      return {
        type: 'superviseOrder',
        actor,
        at,
        orderId: 'order-new',
        number: '督〔2026〕3号',
        level: 'SUPERVISION',
        replyDueAt: LATER,
        reasons: 'Outfall still discharging after the deadline',
      };
    case 'replyToOrder':
      return {
        type: 'replyToOrder',
        actor,
        at,
        orderId: 'order-open',
        explanation: 'The liner arrived late',
        measures: 'Night shifts until the outfall is sealed',
      };
    case 'decideOrderReply:accept':
      return { type: 'decideOrderReply', actor, at, orderId: 'order-replied', accepted: true };
    case 'decideOrderReply:return':
      return { type: 'decideOrderReply', actor, at, orderId: 'order-replied', accepted: false, comment: 'Name a date' };
    case 'instruct':
      return { type: 'instruct', actor, at, instructionId: 'instruction-2', text: '请务必于月底前完成整改' };
    case 'acknowledgeInstruction':
      return { type: 'acknowledgeInstruction', actor, at, instructionId: 'instruction-1', comment: '已阅，立即落实' };
  }
}

/** The context changes an accepted event of each variant makes (starting from `ctx`). */
function effectOf(variant: Variant, ctx: IssueContext): Partial<IssueContext> {
  switch (variant) {
    case 'assign':
    case 'reassign':
      return {
        leadUnitId: 'unit-new',
        cooperatingUnitIds: ['unit-coop', 'unit-third'],
        supervisingUnitId: 'unit-dept',
        deadlineKind: 'DATE',
        dueAt: NEW_DUE,
        originalDueAt: NEW_DUE,
        pendingExtension: null,
        escalationLevel: 'NONE',
        plan: null,
        parts: [],
      };
    case 'accept':
    case 'verify:fail':
    case 'revisit:ok':
      return {};
    case 'return':
      return {
        leadUnitId: null,
        cooperatingUnitIds: [],
        supervisingUnitId: null,
        deadlineKind: null,
        dueAt: null,
        originalDueAt: null,
        pendingExtension: null,
        escalationLevel: 'NONE',
        plan: null,
        parts: [],
      };
    case 'reportProgress':
      return { progressPercent: 60 };
    case 'requestExtension':
      return {
        pendingExtension: { newDueAt: LATER, reason: 'Pipe delivery delayed by the supplier', requestedAt: AT },
      };
    case 'decideExtension:approve':
      return { dueAt: LATER, pendingExtension: null, escalationLevel: 'NONE' };
    case 'decideExtension:refuse':
      return { pendingExtension: null };
    case 'submit':
    case 'submit:review':
      return {
        finding: null,
        firstSubmittedAt: ctx.firstSubmittedAt ?? AT,
        submittedAt: AT,
        dueAtSubmission: ctx.dueAt,
      };
    case 'verify:pass':
      return { completedOnTime: true, progressPercent: 100, signOffSteps: [] };
    case 'signOff:leaders':
    case 'dismissObjection':
      return { noticeEndsAt: NOTICE_END };
    case 'signOff:department':
    case 'signOff:notice':
    case 'signOff:city':
    case 'object':
      return {};
    case 'sendBack:department':
    case 'sendBack:leaders':
    case 'sendBack:notice':
    case 'sendBack:city':
      return { sentBackCount: ctx.sentBackCount + 1, completedOnTime: null, signOffSteps: [], noticeEndsAt: null };
    case 'close':
      return { closedAt: AT, satisfaction: null };
    case 'revisit:rebound':
      return {
        reboundCount: ctx.reboundCount + 1,
        deadlineKind: 'DATE',
        dueAt: REBOUND_DUE,
        originalDueAt: REBOUND_DUE,
        pendingExtension: null,
        progressPercent: 0,
        finding: null,
        submittedAt: null,
        dueAtSubmission: null,
        completedOnTime: null,
        closedAt: null,
        satisfaction: null,
        escalationLevel: 'NONE',
        signOffSteps: [],
        noticeEndsAt: null,
        plan: null,
        parts: ctx.parts.map((p) => ({ ...p, progressPercent: 0, doneAt: null, waivedReason: null })),
      };
    case 'setPlan':
      return {
        plan: {
          goal: 'No sewage into the river',
          measures: 'Seal the outfall',
          leader: { name: '王某', post: '副镇长' },
          responsible: { name: '李某', post: '环保办主任' },
          milestones: [{ title: 'Outfall sealed', dueAt: MILESTONE_DUE, doneAt: null }],
          status: 'IN_FORCE',
          setAt: AT,
        },
      };
    case 'returnPlan':
      return { plan: { ...ctx.plan!, status: 'RETURNED' } };
    case 'completeMilestone':
      return { plan: { ...ctx.plan!, milestones: [{ ...ctx.plan!.milestones[0], doneAt: AT }] } };
    case 'escalateMilestone':
      return { plan: { ...ctx.plan!, milestones: [{ ...ctx.plan!.milestones[0], escalationLevel: 'WARNING' }] } };
    case 'reportPart':
      return { parts: [{ unitId: 'unit-coop', progressPercent: 80, doneAt: AT, waivedReason: null }] };
    case 'waivePart':
      return { parts: [{ ...ctx.parts[0], waivedReason: 'Done by the lead itself' }] };
    case 'publish':
      return { published: true };
    case 'escalate':
      return { escalationLevel: 'WARNING' };
    case 'markDuplicate':
      return { duplicateOfId: ORIGINAL };
    case 'superviseOrder':
      return {
        orders: [
          ...ctx.orders,
          { id: 'order-new', number: '督〔2026〕3号', level: 'SUPERVISION', replyDueAt: LATER, repliedAt: null },
        ],
        escalationLevel: 'SUPERVISION',
      };
    case 'replyToOrder':
      return { orders: ctx.orders.map((o) => (o.id === 'order-open' ? { ...o, repliedAt: AT } : o)) };
    case 'decideOrderReply:accept':
      return { orders: ctx.orders.filter((o) => o.id !== 'order-replied') };
    case 'decideOrderReply:return':
      return { orders: ctx.orders.map((o) => (o.id === 'order-replied' ? { ...o, repliedAt: null } : o)) };
    case 'instruct':
      return { instructions: [...ctx.instructions, { id: 'instruction-2', at: AT, orderId: null }] };
    case 'acknowledgeInstruction':
      return { instructions: [] };
  }
}

const R = 'refused' as const;
type Outcome = Substate | typeof R;

/** The whole transition table: substate × event variant → target substate, or refused. */
const EXPECTED: Record<Substate, Record<Variant, Outcome>> = {
  FILED: {
    assign: 'ASSIGNED',
    reassign: R,
    accept: R,
    return: R,
    reportProgress: R,
    requestExtension: R,
    'decideExtension:approve': R,
    'decideExtension:refuse': R,
    submit: R,
    'submit:review': R,
    'verify:pass': R,
    'verify:fail': R,
    'signOff:department': R,
    'signOff:leaders': R,
    'signOff:notice': R,
    'signOff:city': R,
    'sendBack:department': R,
    'sendBack:leaders': R,
    'sendBack:notice': R,
    'sendBack:city': R,
    setPlan: R,
    returnPlan: R,
    completeMilestone: R,
    escalateMilestone: R,
    reportPart: R,
    waivePart: R,
    object: R,
    dismissObjection: R,
    close: R,
    'revisit:rebound': R,
    'revisit:ok': R,
    publish: 'FILED',
    escalate: R,
    // In any state, keeping the substate, as publish does.
    markDuplicate: 'FILED',
    superviseOrder: R,
    replyToOrder: 'FILED',
    'decideOrderReply:accept': 'FILED',
    'decideOrderReply:return': 'FILED',
    instruct: 'FILED',
    acknowledgeInstruction: 'FILED',
  },
  ASSIGNED: {
    assign: R,
    reassign: 'ASSIGNED',
    accept: 'RECTIFYING.inProgress',
    return: 'FILED',
    reportProgress: R,
    requestExtension: R,
    'decideExtension:approve': R,
    'decideExtension:refuse': R,
    submit: R,
    'submit:review': R,
    'verify:pass': R,
    'verify:fail': R,
    'signOff:department': R,
    'signOff:leaders': R,
    'signOff:notice': R,
    'signOff:city': R,
    'sendBack:department': R,
    'sendBack:leaders': R,
    'sendBack:notice': R,
    'sendBack:city': R,
    setPlan: R,
    returnPlan: R,
    completeMilestone: R,
    escalateMilestone: R,
    reportPart: R,
    waivePart: R,
    object: R,
    dismissObjection: R,
    close: R,
    'revisit:rebound': R,
    'revisit:ok': R,
    publish: 'ASSIGNED',
    escalate: 'ASSIGNED',
    markDuplicate: 'ASSIGNED',
    superviseOrder: 'ASSIGNED',
    replyToOrder: 'ASSIGNED',
    'decideOrderReply:accept': 'ASSIGNED',
    'decideOrderReply:return': 'ASSIGNED',
    instruct: 'ASSIGNED',
    acknowledgeInstruction: 'ASSIGNED',
  },
  'RECTIFYING.inProgress': {
    assign: R,
    reassign: R,
    accept: R,
    return: R,
    reportProgress: 'RECTIFYING.inProgress',
    requestExtension: 'RECTIFYING.inProgress',
    'decideExtension:approve': 'RECTIFYING.inProgress',
    'decideExtension:refuse': 'RECTIFYING.inProgress',
    submit: 'RECTIFYING.submitted',
    'submit:review': 'RECTIFYING.departmentReview',
    'verify:pass': R,
    'verify:fail': R,
    'signOff:department': R,
    'signOff:leaders': R,
    'signOff:notice': R,
    'signOff:city': R,
    'sendBack:department': R,
    'sendBack:leaders': R,
    'sendBack:notice': R,
    'sendBack:city': R,
    setPlan: 'RECTIFYING.inProgress',
    returnPlan: 'RECTIFYING.inProgress',
    completeMilestone: 'RECTIFYING.inProgress',
    escalateMilestone: 'RECTIFYING.inProgress',
    reportPart: 'RECTIFYING.inProgress',
    waivePart: 'RECTIFYING.inProgress',
    object: R,
    dismissObjection: R,
    close: R,
    'revisit:rebound': R,
    'revisit:ok': R,
    publish: 'RECTIFYING.inProgress',
    escalate: 'RECTIFYING.inProgress',
    markDuplicate: 'RECTIFYING.inProgress',
    superviseOrder: 'RECTIFYING.inProgress',
    replyToOrder: 'RECTIFYING.inProgress',
    'decideOrderReply:accept': 'RECTIFYING.inProgress',
    'decideOrderReply:return': 'RECTIFYING.inProgress',
    instruct: 'RECTIFYING.inProgress',
    acknowledgeInstruction: 'RECTIFYING.inProgress',
  },
  // Submitted, with the supervising department: the office waits for its review.
  'RECTIFYING.departmentReview': {
    assign: R,
    reassign: R,
    accept: R,
    return: R,
    reportProgress: R,
    requestExtension: R,
    'decideExtension:approve': 'RECTIFYING.departmentReview',
    'decideExtension:refuse': 'RECTIFYING.departmentReview',
    submit: R,
    'submit:review': R,
    'verify:pass': R,
    'verify:fail': R,
    'signOff:department': 'RECTIFYING.submitted',
    'signOff:leaders': R,
    'signOff:notice': R,
    'signOff:city': R,
    'sendBack:department': 'RECTIFYING.inProgress',
    'sendBack:leaders': R,
    'sendBack:notice': R,
    'sendBack:city': R,
    setPlan: R,
    returnPlan: R,
    completeMilestone: R,
    escalateMilestone: R,
    reportPart: R,
    waivePart: R,
    object: R,
    dismissObjection: R,
    close: R,
    'revisit:rebound': R,
    'revisit:ok': R,
    publish: 'RECTIFYING.departmentReview',
    escalate: R,
    markDuplicate: 'RECTIFYING.departmentReview',
    superviseOrder: 'RECTIFYING.departmentReview',
    replyToOrder: 'RECTIFYING.departmentReview',
    'decideOrderReply:accept': 'RECTIFYING.departmentReview',
    'decideOrderReply:return': 'RECTIFYING.departmentReview',
    instruct: 'RECTIFYING.departmentReview',
    acknowledgeInstruction: 'RECTIFYING.departmentReview',
  },
  'RECTIFYING.submitted': {
    assign: R,
    reassign: R,
    accept: R,
    return: R,
    reportProgress: R,
    requestExtension: R,
    'decideExtension:approve': 'RECTIFYING.submitted',
    'decideExtension:refuse': 'RECTIFYING.submitted',
    submit: R,
    'submit:review': R,
    'verify:pass': 'VERIFIED.signedOff',
    'verify:fail': 'RECTIFYING.inProgress',
    'signOff:department': R,
    'signOff:leaders': R,
    'signOff:notice': R,
    'signOff:city': R,
    'sendBack:department': R,
    'sendBack:leaders': R,
    'sendBack:notice': R,
    'sendBack:city': R,
    setPlan: R,
    returnPlan: R,
    completeMilestone: R,
    escalateMilestone: R,
    reportPart: R,
    waivePart: R,
    object: R,
    dismissObjection: R,
    close: R,
    'revisit:rebound': R,
    'revisit:ok': R,
    publish: 'RECTIFYING.submitted',
    // Not while the office checks work submitted in time.
    escalate: R,
    markDuplicate: 'RECTIFYING.submitted',
    superviseOrder: 'RECTIFYING.submitted',
    replyToOrder: 'RECTIFYING.submitted',
    'decideOrderReply:accept': 'RECTIFYING.submitted',
    'decideOrderReply:return': 'RECTIFYING.submitted',
    instruct: 'RECTIFYING.submitted',
    acknowledgeInstruction: 'RECTIFYING.submitted',
  },
  'VERIFIED.leadershipApproval': {
    assign: R,
    reassign: R,
    accept: R,
    return: R,
    reportProgress: R,
    requestExtension: R,
    'decideExtension:approve': R,
    'decideExtension:refuse': R,
    submit: R,
    'submit:review': R,
    'verify:pass': R,
    'verify:fail': R,
    'signOff:department': R,
    'signOff:leaders': 'VERIFIED.publicNotice',
    'signOff:notice': R,
    'signOff:city': R,
    'sendBack:department': R,
    'sendBack:leaders': 'RECTIFYING.inProgress',
    'sendBack:notice': R,
    'sendBack:city': R,
    setPlan: R,
    returnPlan: R,
    completeMilestone: R,
    escalateMilestone: R,
    reportPart: R,
    waivePart: R,
    object: R,
    dismissObjection: R,
    close: R,
    'revisit:rebound': R,
    'revisit:ok': R,
    publish: 'VERIFIED.leadershipApproval',
    escalate: R,
    markDuplicate: 'VERIFIED.leadershipApproval',
    superviseOrder: R,
    replyToOrder: 'VERIFIED.leadershipApproval',
    'decideOrderReply:accept': 'VERIFIED.leadershipApproval',
    'decideOrderReply:return': 'VERIFIED.leadershipApproval',
    instruct: 'VERIFIED.leadershipApproval',
    acknowledgeInstruction: 'VERIFIED.leadershipApproval',
  },
  'VERIFIED.publicNotice': {
    assign: R,
    reassign: R,
    accept: R,
    return: R,
    reportProgress: R,
    requestExtension: R,
    'decideExtension:approve': R,
    'decideExtension:refuse': R,
    submit: R,
    'submit:review': R,
    'verify:pass': R,
    'verify:fail': R,
    'signOff:department': R,
    'signOff:leaders': R,
    'signOff:notice': 'VERIFIED.cityReview',
    'signOff:city': R,
    'sendBack:department': R,
    'sendBack:leaders': R,
    'sendBack:notice': 'RECTIFYING.inProgress',
    'sendBack:city': R,
    setPlan: R,
    returnPlan: R,
    completeMilestone: R,
    escalateMilestone: R,
    reportPart: R,
    waivePart: R,
    object: 'VERIFIED.objected',
    dismissObjection: R,
    close: R,
    'revisit:rebound': R,
    'revisit:ok': R,
    publish: 'VERIFIED.publicNotice',
    escalate: R,
    markDuplicate: 'VERIFIED.publicNotice',
    superviseOrder: R,
    replyToOrder: 'VERIFIED.publicNotice',
    'decideOrderReply:accept': 'VERIFIED.publicNotice',
    'decideOrderReply:return': 'VERIFIED.publicNotice',
    instruct: 'VERIFIED.publicNotice',
    acknowledgeInstruction: 'VERIFIED.publicNotice',
  },
  'VERIFIED.objected': {
    assign: R,
    reassign: R,
    accept: R,
    return: R,
    reportProgress: R,
    requestExtension: R,
    'decideExtension:approve': R,
    'decideExtension:refuse': R,
    submit: R,
    'submit:review': R,
    'verify:pass': R,
    'verify:fail': R,
    'signOff:department': R,
    'signOff:leaders': R,
    'signOff:notice': R,
    'signOff:city': R,
    'sendBack:department': R,
    'sendBack:leaders': R,
    'sendBack:notice': 'RECTIFYING.inProgress',
    'sendBack:city': R,
    setPlan: R,
    returnPlan: R,
    completeMilestone: R,
    escalateMilestone: R,
    reportPart: R,
    waivePart: R,
    object: R,
    dismissObjection: 'VERIFIED.publicNotice',
    close: R,
    'revisit:rebound': R,
    'revisit:ok': R,
    publish: 'VERIFIED.objected',
    escalate: R,
    markDuplicate: 'VERIFIED.objected',
    superviseOrder: R,
    replyToOrder: 'VERIFIED.objected',
    'decideOrderReply:accept': 'VERIFIED.objected',
    'decideOrderReply:return': 'VERIFIED.objected',
    instruct: 'VERIFIED.objected',
    acknowledgeInstruction: 'VERIFIED.objected',
  },
  'VERIFIED.cityReview': {
    assign: R,
    reassign: R,
    accept: R,
    return: R,
    reportProgress: R,
    requestExtension: R,
    'decideExtension:approve': R,
    'decideExtension:refuse': R,
    submit: R,
    'submit:review': R,
    'verify:pass': R,
    'verify:fail': R,
    'signOff:department': R,
    'signOff:leaders': R,
    'signOff:notice': R,
    'signOff:city': 'VERIFIED.signedOff',
    'sendBack:department': R,
    'sendBack:leaders': R,
    'sendBack:notice': R,
    'sendBack:city': 'RECTIFYING.inProgress',
    setPlan: R,
    returnPlan: R,
    completeMilestone: R,
    escalateMilestone: R,
    reportPart: R,
    waivePart: R,
    object: R,
    dismissObjection: R,
    close: R,
    'revisit:rebound': R,
    'revisit:ok': R,
    publish: 'VERIFIED.cityReview',
    escalate: R,
    markDuplicate: 'VERIFIED.cityReview',
    superviseOrder: R,
    replyToOrder: 'VERIFIED.cityReview',
    'decideOrderReply:accept': 'VERIFIED.cityReview',
    'decideOrderReply:return': 'VERIFIED.cityReview',
    instruct: 'VERIFIED.cityReview',
    acknowledgeInstruction: 'VERIFIED.cityReview',
  },
  'VERIFIED.signedOff': {
    assign: R,
    reassign: R,
    accept: R,
    return: R,
    reportProgress: R,
    requestExtension: R,
    'decideExtension:approve': R,
    'decideExtension:refuse': R,
    submit: R,
    'submit:review': R,
    'verify:pass': R,
    'verify:fail': R,
    'signOff:department': R,
    'signOff:leaders': R,
    'signOff:notice': R,
    'signOff:city': R,
    'sendBack:department': R,
    'sendBack:leaders': R,
    'sendBack:notice': R,
    'sendBack:city': R,
    setPlan: R,
    returnPlan: R,
    completeMilestone: R,
    escalateMilestone: R,
    reportPart: R,
    waivePart: R,
    object: R,
    dismissObjection: R,
    close: 'CLOSED',
    'revisit:rebound': R,
    'revisit:ok': R,
    publish: 'VERIFIED.signedOff',
    escalate: R,
    markDuplicate: 'VERIFIED.signedOff',
    superviseOrder: R,
    replyToOrder: 'VERIFIED.signedOff',
    'decideOrderReply:accept': 'VERIFIED.signedOff',
    'decideOrderReply:return': 'VERIFIED.signedOff',
    instruct: 'VERIFIED.signedOff',
    acknowledgeInstruction: 'VERIFIED.signedOff',
  },
  CLOSED: {
    assign: R,
    reassign: R,
    accept: R,
    return: R,
    reportProgress: R,
    requestExtension: R,
    'decideExtension:approve': R,
    'decideExtension:refuse': R,
    submit: R,
    'submit:review': R,
    'verify:pass': R,
    'verify:fail': R,
    'signOff:department': R,
    'signOff:leaders': R,
    'signOff:notice': R,
    'signOff:city': R,
    'sendBack:department': R,
    'sendBack:leaders': R,
    'sendBack:notice': R,
    'sendBack:city': R,
    setPlan: R,
    returnPlan: R,
    completeMilestone: R,
    escalateMilestone: R,
    reportPart: R,
    waivePart: R,
    object: R,
    dismissObjection: R,
    close: R,
    'revisit:rebound': 'RECTIFYING.inProgress',
    'revisit:ok': 'REVISITED',
    publish: 'CLOSED',
    escalate: R,
    markDuplicate: 'CLOSED',
    superviseOrder: R,
    replyToOrder: 'CLOSED',
    'decideOrderReply:accept': 'CLOSED',
    'decideOrderReply:return': 'CLOSED',
    instruct: 'CLOSED',
    acknowledgeInstruction: 'CLOSED',
  },
  REVISITED: {
    assign: R,
    reassign: R,
    accept: R,
    return: R,
    reportProgress: R,
    requestExtension: R,
    'decideExtension:approve': R,
    'decideExtension:refuse': R,
    submit: R,
    'submit:review': R,
    'verify:pass': R,
    'verify:fail': R,
    'signOff:department': R,
    'signOff:leaders': R,
    'signOff:notice': R,
    'signOff:city': R,
    'sendBack:department': R,
    'sendBack:leaders': R,
    'sendBack:notice': R,
    'sendBack:city': R,
    setPlan: R,
    returnPlan: R,
    completeMilestone: R,
    escalateMilestone: R,
    reportPart: R,
    waivePart: R,
    object: R,
    dismissObjection: R,
    close: R,
    'revisit:rebound': 'RECTIFYING.inProgress',
    // Yearly look-backs may repeat.
    'revisit:ok': 'REVISITED',
    publish: 'REVISITED',
    escalate: R,
    markDuplicate: 'REVISITED',
    superviseOrder: R,
    replyToOrder: 'REVISITED',
    'decideOrderReply:accept': 'REVISITED',
    'decideOrderReply:return': 'REVISITED',
    instruct: 'REVISITED',
    acknowledgeInstruction: 'REVISITED',
  },
};

interface Row {
  substate: Substate;
  variant: Variant;
  expected: Outcome;
}

const ROWS: Row[] = SUBSTATES.flatMap((substate) =>
  VARIANTS.map((variant) => ({ substate, variant, expected: EXPECTED[substate][variant] })),
);

/**
 * decideExtension needs a pending request; everything else is tried with none pending.
 * escalate is tried from NONE (to WARNING); every other event from an escalated problem (WARNING),
 * so that the events which reset the escalation show it in the matrix, and those which keep it too.
 */
function matrixContext(row: Row): IssueContext {
  const escalationLevel: EscalationLevel = row.variant === 'escalate' ? 'NONE' : 'WARNING';
  // A part's events need one to do; every other event finds it done (the lead may submit).
  const parts = row.variant === 'reportPart' || row.variant === 'waivePart' ? [PENDING_PART] : [DONE_PART];
  const base = contextFor(row.substate, typeOf(row.variant) === 'decideExtension');
  // The milestone's climb starts from NONE where the matrix raises it.
  const plan =
    row.variant === 'escalateMilestone'
      ? { ...PLAN, milestones: [{ ...PLAN.milestones[0], escalationLevel: 'NONE' as const }] }
      : base.plan;
  const answering = ANSWERS.includes(typeOf(row.variant));
  return {
    ...base,
    escalationLevel,
    parts,
    plan,
    orders: answering ? [ORDER_OPEN, ORDER_REPLIED] : [],
    instructions: answering ? [INSTRUCTION] : [],
  };
}

function apply(snapshot: IssueSnapshot, events: IssueEvent[]): IssueSnapshot {
  return events.reduce((s, e) => step(s, e).snapshot, snapshot);
}

function expectRefused(snapshot: IssueSnapshot, event: IssueEvent): void {
  const result = step(snapshot, event);
  expect(result.changed).toBe(false);
  expect(result.snapshot).toBe(snapshot);
}

function expectAccepted(snapshot: IssueSnapshot, event: IssueEvent, target: Substate): IssueSnapshot {
  const result = step(snapshot, event);
  expect(result.changed).toBe(true);
  expect(substateOf(result.snapshot)).toBe(target);
  return result.snapshot;
}

// ---------------------------------------------------------------------------------------------
// The transition matrix
// ---------------------------------------------------------------------------------------------

describe('issue machine: transition matrix', () => {
  it('covers every substate and every event type', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...SUBSTATES].sort());
    expect([...new Set(VARIANTS.map(typeOf))].sort()).toEqual([...ISSUE_EVENT_TYPES].sort());
    expect(ROWS).toHaveLength(SUBSTATES.length * VARIANTS.length);
    expect(ROWS).toHaveLength(480);
  });

  it('has exactly 128 accepted (substate, variant) pairs', () => {
    expect(ROWS.filter((r) => r.expected !== R)).toHaveLength(128);
  });

  it('markDuplicate is accepted in every substate, and keeps the substate', () => {
    const accepted = ROWS.filter((r) => r.variant === 'markDuplicate' && r.expected !== R);
    expect(accepted.map((r) => [r.substate, r.expected])).toEqual(SUBSTATES.map((s) => [s, s]));
  });

  it('publish is accepted in every substate, and keeps the substate', () => {
    const accepted = ROWS.filter((r) => r.variant === 'publish' && r.expected !== R);
    expect(accepted.map((r) => [r.substate, r.expected])).toEqual(SUBSTATES.map((s) => [s, s]));
  });

  it('escalate is accepted in ASSIGNED and RECTIFYING.inProgress only, and keeps the substate', () => {
    const accepted = ROWS.filter((r) => r.variant === 'escalate' && r.expected !== R);
    expect(accepted.map((r) => [r.substate, r.expected])).toEqual([
      ['ASSIGNED', 'ASSIGNED'],
      ['RECTIFYING.inProgress', 'RECTIFYING.inProgress'],
    ]);
  });

  it.each(ROWS)('every event in the matrix passes the rules in its context ($substate, $variant)', (row) => {
    // So that a refusal below is the state's doing, not the guard's.
    expect(eventAllowed(matrixContext(row), eventFor(row.variant))).toBe(true);
  });

  it.each(ROWS)('$substate + $variant → $expected', (row) => {
    const ctx = matrixContext(row);
    const snapshot = snapshotOf(row.substate, ctx);
    const event = eventFor(row.variant);
    const result = step(snapshot, event);
    if (row.expected === R) {
      expect(result.changed).toBe(false);
      expect(result.snapshot).toBe(snapshot);
      expect(substateOf(result.snapshot)).toBe(row.substate);
      expect(result.snapshot.context).toEqual(ctx);
    } else {
      expect(result.changed).toBe(true);
      // A transition without actions may hand back the same object; acceptance is what "changed" says.
      expect(substateOf(result.snapshot)).toBe(row.expected);
      expect(result.snapshot.context).toEqual({ ...ctx, ...effectOf(row.variant, ctx) });
      // The snapshot we stepped from is not mutated.
      expect(snapshot.context).toEqual(ctx);
      expect(substateOf(snapshot)).toBe(row.substate);
    }
  });

  const leadRows = ROWS.filter((r) => LEAD_UNIT_EVENTS.has(typeOf(r.variant)));
  it.each(leadRows)('the office may send the lead unit’s $variant in $substate on its behalf → $expected', (row) => {
    const ctx = matrixContext(row);
    const snapshot = snapshotOf(row.substate, ctx);
    const result = step(snapshot, eventFor(row.variant, OFFICE));
    if (row.expected === R) {
      expect(result.changed).toBe(false);
      expect(result.snapshot).toBe(snapshot);
    } else {
      expect(result.changed).toBe(true);
      expect(substateOf(result.snapshot)).toBe(row.expected);
      expect(result.snapshot.context).toEqual({ ...ctx, ...effectOf(row.variant, ctx) });
    }
  });

  /** The leaders' step, the one thing a leader may do. */
  const LEADERS_STEP: readonly Variant[] = ['signOff:leaders', 'sendBack:leaders'];
  /** The department's step, the one thing the supervising department may do. */
  const DEPARTMENT_STEP: readonly Variant[] = ['signOff:department', 'sendBack:department'];
  const wrongActors: [string, Actor, readonly Variant[]][] = [
    ['a cooperating unit', COOP, ['reportPart']],
    ['another unit', OTHER_UNIT, []],
    ['the supervising department', DEPT, DEPARTMENT_STEP],
    ['the public', PUBLIC, ['object']],
    ['a leader', LEADER, [...LEADERS_STEP, 'instruct']],
    ['a leader carrying the lead’s unit id', { role: 'LEADER', unitId: 'unit-lead' }, [...LEADERS_STEP, 'instruct']],
  ];
  it.each(wrongActors)('%s changes nothing in any substate with any event but its own', (_name, actor, own) => {
    for (const row of ROWS.filter((r) => !own.includes(r.variant))) {
      const snapshot = snapshotOf(row.substate, matrixContext(row));
      expectRefused(snapshot, eventFor(row.variant, actor));
    }
  });

  const leadersRows = ROWS.filter((r) => LEADERS_STEP.includes(r.variant));
  it.each(leadersRows)('only a leader signs or sends back the leaders’ step: $variant in $substate', (row) => {
    for (const actor of [OFFICE, LEAD, SYSTEM])
      expectRefused(snapshotOf(row.substate, matrixContext(row)), eventFor(row.variant, actor));
  });

  const departmentRows = ROWS.filter((r) => DEPARTMENT_STEP.includes(r.variant));
  it.each(departmentRows)(
    'only the supervising department signs or sends back its review: $variant in $substate',
    (row) => {
      for (const actor of [OFFICE, LEAD, COOP, OTHER_UNIT, LEADER, SYSTEM])
        expectRefused(snapshotOf(row.substate, matrixContext(row)), eventFor(row.variant, actor));
      // …the one the problem names now: a reassignment that names another takes the review with it.
      const other = { ...matrixContext(row), supervisingUnitId: 'unit-other' };
      expectRefused(snapshotOf(row.substate, other), eventFor(row.variant, DEPT));
    },
  );

  it('the public may object to a closure in its public notice, and only there', () => {
    for (const row of ROWS.filter((r) => r.variant === 'object')) {
      const result = step(snapshotOf(row.substate, matrixContext(row)), eventFor('object', PUBLIC));
      expect([row.substate, result.changed]).toEqual([row.substate, row.expected !== R]);
    }
    expect(
      allowedEvents(snapshotOf('VERIFIED.publicNotice', contextFor('VERIFIED.publicNotice', false)), PUBLIC, AT),
    ).toEqual(['object']);
  });

  const systemActors: [string, Actor][] = [
    ['the system', SYSTEM],
    ['the system carrying the lead’s unit id', { role: 'SYSTEM', unitId: 'unit-lead' }],
  ];
  it.each(systemActors)(
    '%s changes nothing in any substate with any event but escalate and a notice’s end',
    (_name, actor) => {
      const others = ROWS.filter(
        (r) => r.variant !== 'escalate' && r.variant !== 'escalateMilestone' && r.variant !== 'signOff:notice',
      );
      expect(others).toHaveLength(SUBSTATES.length * (VARIANTS.length - 3));
      for (const row of others) {
        const snapshot = snapshotOf(row.substate, matrixContext(row));
        expectRefused(snapshot, eventFor(row.variant, actor));
      }
    },
  );

  const escalateRows = ROWS.filter((r) => r.variant === 'escalate');
  it.each(escalateRows)('the system may send escalate in $substate → $expected', (row) => {
    const ctx = matrixContext(row);
    const snapshot = snapshotOf(row.substate, ctx);
    const result = step(snapshot, eventFor('escalate', SYSTEM));
    if (row.expected === R) {
      expect(result.changed).toBe(false);
      expect(result.snapshot).toBe(snapshot);
    } else {
      expect(result.changed).toBe(true);
      expect(substateOf(result.snapshot)).toBe(row.expected);
      expect(result.snapshot.context).toEqual({ ...ctx, escalationLevel: 'WARNING' });
    }
  });

  const noticeRows = ROWS.filter((r) => r.variant === 'signOff:notice');
  it.each(noticeRows)('the system may end a public notice that has run its days, in $substate → $expected', (row) => {
    const ctx = matrixContext(row);
    const result = step(snapshotOf(row.substate, ctx), eventFor('signOff:notice', SYSTEM));
    expect(result.changed).toBe(row.expected !== R);
    if (row.expected !== R) expect(substateOf(result.snapshot)).toBe(row.expected);
  });

  const officeRows = ROWS.filter((r) => !LEAD_UNIT_EVENTS.has(typeOf(r.variant)));
  it.each(officeRows)('the lead unit may not send the office’s $variant in $substate', (row) => {
    expectRefused(snapshotOf(row.substate, matrixContext(row)), eventFor(row.variant, LEAD));
  });
});

// ---------------------------------------------------------------------------------------------
// Snapshots and the runtime helpers
// ---------------------------------------------------------------------------------------------

describe('issue runtime helpers', () => {
  it('starts FILED with an empty context', () => {
    const s = initialSnapshot({ source: 'PUBLIC_COMPLAINT' });
    expect(substateOf(s)).toBe('FILED');
    expect(s.value).toBe('FILED');
    expect(s.context).toEqual({
      source: 'PUBLIC_COMPLAINT',
      complaint: true,
      enforcement: null,
      leadUnitId: null,
      cooperatingUnitIds: [],
      supervisingUnitId: null,
      deadlineKind: null,
      dueAt: null,
      originalDueAt: null,
      pendingExtension: null,
      progressPercent: 0,
      finding: null,
      firstSubmittedAt: null,
      submittedAt: null,
      dueAtSubmission: null,
      completedOnTime: null,
      closedAt: null,
      satisfaction: null,
      reboundCount: 0,
      published: false,
      escalationLevel: 'NONE',
      duplicateOfId: null,
      publicSummary: null,
      signOffSteps: [],
      noticeEndsAt: null,
      sentBackCount: 0,
      plan: null,
      parts: [],
      orders: [],
      instructions: [],
    });
  });

  it.each([...SUBSTATES])('snapshotOf(%s) round-trips through substateOf and keeps the context', (substate) => {
    const ctx = contextFor(substate, false);
    const s = snapshotOf(substate, ctx);
    expect(substateOf(s)).toBe(substate);
    expect(s.context).toEqual(ctx);
    expect(ISSUE_STATES).toContain(topStateOf(substate));
  });

  it('reads the machine value of nested states', () => {
    expect(snapshotOf('RECTIFYING.inProgress', ASSIGNED_CONTEXT).value).toEqual({ RECTIFYING: 'inProgress' });
    expect(snapshotOf('RECTIFYING.submitted', ASSIGNED_CONTEXT).value).toEqual({ RECTIFYING: 'submitted' });
    expect(snapshotOf('CLOSED', ASSIGNED_CONTEXT).value).toBe('CLOSED');
  });

  it.each<[Substate, string]>([
    ['FILED', 'FILED'],
    ['ASSIGNED', 'ASSIGNED'],
    ['RECTIFYING.inProgress', 'RECTIFYING'],
    ['RECTIFYING.departmentReview', 'RECTIFYING'],
    ['RECTIFYING.submitted', 'RECTIFYING'],
    ['VERIFIED.leadershipApproval', 'VERIFIED'],
    ['VERIFIED.publicNotice', 'VERIFIED'],
    ['VERIFIED.objected', 'VERIFIED'],
    ['VERIFIED.cityReview', 'VERIFIED'],
    ['VERIFIED.signedOff', 'VERIFIED'],
    ['CLOSED', 'CLOSED'],
    ['REVISITED', 'REVISITED'],
  ])('topStateOf(%s) = %s', (substate, top) => {
    expect(topStateOf(substate)).toBe(top);
  });

  it('the machine is named issue', () => {
    expect(issueMachine.id).toBe('issue');
  });
});

describe('eventsOfState', () => {
  const expected: Record<Substate, IssueEventType[]> = {
    FILED: [
      'assign',
      'publish',
      'markDuplicate',
      'replyToOrder',
      'decideOrderReply',
      'instruct',
      'acknowledgeInstruction',
    ],
    ASSIGNED: [
      'reassign',
      'accept',
      'return',
      'publish',
      'escalate',
      'markDuplicate',
      'superviseOrder',
      'replyToOrder',
      'decideOrderReply',
      'instruct',
      'acknowledgeInstruction',
    ],
    'RECTIFYING.inProgress': [
      'reportProgress',
      'requestExtension',
      'decideExtension',
      'submit',
      'setPlan',
      'returnPlan',
      'completeMilestone',
      'escalateMilestone',
      'reportPart',
      'waivePart',
      'publish',
      'escalate',
      'markDuplicate',
      'superviseOrder',
      'replyToOrder',
      'decideOrderReply',
      'instruct',
      'acknowledgeInstruction',
    ],
    'RECTIFYING.departmentReview': [
      'decideExtension',
      'signOff',
      'sendBack',
      'publish',
      'markDuplicate',
      'superviseOrder',
      'replyToOrder',
      'decideOrderReply',
      'instruct',
      'acknowledgeInstruction',
    ],
    'RECTIFYING.submitted': [
      'decideExtension',
      'verify',
      'publish',
      'markDuplicate',
      'superviseOrder',
      'replyToOrder',
      'decideOrderReply',
      'instruct',
      'acknowledgeInstruction',
    ],
    'VERIFIED.leadershipApproval': [
      'signOff',
      'sendBack',
      'publish',
      'markDuplicate',
      'replyToOrder',
      'decideOrderReply',
      'instruct',
      'acknowledgeInstruction',
    ],
    'VERIFIED.publicNotice': [
      'signOff',
      'sendBack',
      'object',
      'publish',
      'markDuplicate',
      'replyToOrder',
      'decideOrderReply',
      'instruct',
      'acknowledgeInstruction',
    ],
    'VERIFIED.objected': [
      'sendBack',
      'dismissObjection',
      'publish',
      'markDuplicate',
      'replyToOrder',
      'decideOrderReply',
      'instruct',
      'acknowledgeInstruction',
    ],
    'VERIFIED.cityReview': [
      'signOff',
      'sendBack',
      'publish',
      'markDuplicate',
      'replyToOrder',
      'decideOrderReply',
      'instruct',
      'acknowledgeInstruction',
    ],
    'VERIFIED.signedOff': [
      'close',
      'publish',
      'markDuplicate',
      'replyToOrder',
      'decideOrderReply',
      'instruct',
      'acknowledgeInstruction',
    ],
    CLOSED: [
      'revisit',
      'publish',
      'markDuplicate',
      'replyToOrder',
      'decideOrderReply',
      'instruct',
      'acknowledgeInstruction',
    ],
    REVISITED: [
      'revisit',
      'publish',
      'markDuplicate',
      'replyToOrder',
      'decideOrderReply',
      'instruct',
      'acknowledgeInstruction',
    ],
  };

  it.each([...SUBSTATES])('%s', (substate) => {
    expect(eventsOfState(snapshotOf(substate, contextFor(substate, false)))).toEqual(expected[substate]);
  });

  it.each([...SUBSTATES])('agrees with the transition matrix in %s', (substate) => {
    const accepted = new Set(VARIANTS.filter((v) => EXPECTED[substate][v] !== R).map((v) => typeOf(v)));
    expect(ISSUE_EVENT_TYPES.filter((t) => accepted.has(t))).toEqual(expected[substate]);
  });

  it('does not depend on the context', () => {
    for (const substate of SUBSTATES) {
      expect(eventsOfState(snapshotOf(substate, contextFor(substate, true)))).toEqual(expected[substate]);
      // Not even on a duplicate: what it refuses, the precondition refuses.
      expect(eventsOfState(snapshotOf(substate, { ...contextFor(substate, true), duplicateOfId: ORIGINAL }))).toEqual(
        expected[substate],
      );
    }
  });
});

describe('allowedEvents', () => {
  interface AllowedRow {
    substate: Substate;
    pending: boolean;
    office: IssueEventType[];
    lead: IssueEventType[];
    system: IssueEventType[];
  }
  const table: AllowedRow[] = [
    { substate: 'FILED', pending: false, office: ['assign', 'publish', 'markDuplicate'], lead: [], system: [] },
    {
      substate: 'ASSIGNED',
      pending: false,
      office: ['reassign', 'accept', 'return', 'publish', 'escalate', 'markDuplicate', 'superviseOrder'],
      lead: ['accept', 'return'],
      system: ['escalate'],
    },
    {
      substate: 'RECTIFYING.inProgress',
      pending: false,
      office: [
        'reportProgress',
        'requestExtension',
        'submit',
        'setPlan',
        'returnPlan',
        'completeMilestone',
        'publish',
        'escalate',
        'markDuplicate',
        'superviseOrder',
      ],
      lead: ['reportProgress', 'requestExtension', 'submit', 'setPlan', 'completeMilestone'],
      system: ['escalate'],
    },
    {
      substate: 'RECTIFYING.inProgress',
      pending: true,
      office: [
        'reportProgress',
        'decideExtension',
        'submit',
        'setPlan',
        'returnPlan',
        'completeMilestone',
        'publish',
        'escalate',
        'markDuplicate',
        'superviseOrder',
      ],
      lead: ['reportProgress', 'submit', 'setPlan', 'completeMilestone'],
      system: ['escalate'],
    },
    {
      substate: 'RECTIFYING.departmentReview',
      pending: true,
      office: ['decideExtension', 'publish', 'markDuplicate', 'superviseOrder'],
      lead: [],
      system: [],
    },
    {
      substate: 'RECTIFYING.submitted',
      pending: false,
      office: ['verify', 'publish', 'markDuplicate', 'superviseOrder'],
      lead: [],
      system: [],
    },
    {
      substate: 'RECTIFYING.submitted',
      pending: true,
      office: ['decideExtension', 'verify', 'publish', 'markDuplicate', 'superviseOrder'],
      lead: [],
      system: [],
    },
    {
      substate: 'VERIFIED.leadershipApproval',
      pending: false,
      office: ['publish', 'markDuplicate'],
      lead: [],
      system: [],
    },
    {
      substate: 'VERIFIED.publicNotice',
      pending: false,
      office: ['signOff', 'sendBack', 'object', 'publish', 'markDuplicate'],
      lead: [],
      system: ['signOff'],
    },
    {
      substate: 'VERIFIED.objected',
      pending: false,
      office: ['sendBack', 'dismissObjection', 'publish', 'markDuplicate'],
      lead: [],
      system: [],
    },
    {
      substate: 'VERIFIED.cityReview',
      pending: false,
      office: ['signOff', 'sendBack', 'publish', 'markDuplicate'],
      lead: [],
      system: [],
    },
    {
      substate: 'VERIFIED.signedOff',
      pending: false,
      office: ['close', 'publish', 'markDuplicate'],
      lead: [],
      system: [],
    },
    { substate: 'CLOSED', pending: false, office: ['revisit', 'publish', 'markDuplicate'], lead: [], system: [] },
    { substate: 'REVISITED', pending: false, office: ['revisit', 'publish', 'markDuplicate'], lead: [], system: [] },
  ];

  it.each(table)('$substate (pending extension: $pending)', (row) => {
    const s = snapshotOf(row.substate, contextFor(row.substate, row.pending));
    expect(allowedEvents(s, OFFICE, AT)).toEqual(row.office);
    expect(allowedEvents(s, LEAD, AT)).toEqual(row.lead);
    expect(allowedEvents(s, OTHER_UNIT, AT)).toEqual([]);
    expect(allowedEvents(s, COOP, AT)).toEqual([]);
    // A leader signs the leaders' step, or sends the work back from it, and writes instructions; nothing else.
    const leader = [...(row.substate === 'VERIFIED.leadershipApproval' ? ['signOff', 'sendBack'] : []), 'instruct'];
    expect(allowedEvents(s, LEADER, AT)).toEqual(leader);
    expect(allowedEvents(s, { role: 'LEADER', unitId: 'unit-lead' }, AT)).toEqual(leader);
    expect(allowedEvents(s, SYSTEM, AT)).toEqual(row.system);
    expect(allowedEvents(s, { role: 'SYSTEM', unitId: 'unit-lead' }, AT)).toEqual(row.system);
  });

  it.each(table)('$substate (pending extension: $pending) with facts', (row) => {
    const s = snapshotOf(row.substate, contextFor(row.substate, row.pending));
    // No facts and no open derived problem are the same thing.
    expect(allowedEvents(s, OFFICE, AT, {})).toEqual(row.office);
    expect(allowedEvents(s, OFFICE, AT, { openChildren: 0 })).toEqual(row.office);
    // Open derived problems take close away, and nothing else.
    for (const openChildren of [1, 2]) {
      expect(allowedEvents(s, OFFICE, AT, { openChildren })).toEqual(row.office.filter((t) => t !== 'close'));
      expect(allowedEvents(s, LEAD, AT, { openChildren })).toEqual(row.lead);
      expect(allowedEvents(s, SYSTEM, AT, { openChildren })).toEqual(row.system);
      expect(allowedEvents(s, LEADER, AT, { openChildren })).toEqual([
        ...(row.substate === 'VERIFIED.leadershipApproval' ? ['signOff', 'sendBack'] : []),
        'instruct',
      ]);
    }
  });

  it('drops close for the office in VERIFIED while derived problems are open', () => {
    const s = snapshotOf('VERIFIED.signedOff', contextFor('VERIFIED.signedOff', false));
    expect(allowedEvents(s, OFFICE, AT, { openChildren: 1 })).toEqual(['publish', 'markDuplicate']);
    expect(allowedEvents(s, OFFICE, AT, { openChildren: 0 })).toEqual(['close', 'publish', 'markDuplicate']);
    expect(allowedEvents(s, OFFICE, AT)).toEqual(['close', 'publish', 'markDuplicate']);
    // The state still has the transition: only the precondition drops it.
    expect(eventsOfState(s)).toContain('close');
  });

  it.each(table)(
    '$substate (pending extension: $pending): an original with duplicates is not offered markDuplicate',
    (row) => {
      const s = snapshotOf(row.substate, contextFor(row.substate, row.pending));
      expect(allowedEvents(s, OFFICE, AT, { duplicates: 0 })).toEqual(row.office);
      for (const duplicates of [1, 3]) {
        expect(allowedEvents(s, OFFICE, AT, { duplicates })).toEqual(row.office.filter((t) => t !== 'markDuplicate'));
        expect(allowedEvents(s, LEAD, AT, { duplicates })).toEqual(row.lead);
        expect(allowedEvents(s, SYSTEM, AT, { duplicates })).toEqual(row.system);
      }
      // The state still has the transition: only the precondition drops it.
      expect(eventsOfState(s)).toContain('markDuplicate');
    },
  );

  describe('on a duplicate, offers nothing but publish', () => {
    it.each(table)('$substate (pending extension: $pending)', (row) => {
      const s = snapshotOf(row.substate, { ...contextFor(row.substate, row.pending), duplicateOfId: ORIGINAL });
      for (const facts of [undefined, {}, { openChildren: 0 }, { openChildren: 2 }]) {
        expect(allowedEvents(s, OFFICE, AT, facts)).toEqual(['publish']);
        expect(allowedEvents(s, LEAD, AT, facts)).toEqual([]);
        expect(allowedEvents(s, COOP, AT, facts)).toEqual([]);
        expect(allowedEvents(s, LEADER, AT, facts)).toEqual([]);
        expect(allowedEvents(s, SYSTEM, AT, facts)).toEqual([]);
        expect(allowedEvents(s, { role: 'SYSTEM', unitId: 'unit-lead' }, AT, facts)).toEqual([]);
      }
    });
  });

  it('never offers the system anything but escalate and a notice’s end, nor anyone but the office markDuplicate', () => {
    for (const substate of SUBSTATES) {
      for (const pending of [false, true]) {
        for (const over of [{}, { escalationLevel: 'WARNING' as const }, { duplicateOfId: ORIGINAL }]) {
          const s = snapshotOf(substate, { ...contextFor(substate, pending), ...over });
          for (const facts of [{}, { openChildren: 1 }]) {
            const system = allowedEvents(s, SYSTEM, AT, facts);
            expect(
              system.every(
                (t) =>
                  t === 'escalate' ||
                  (t === 'escalateMilestone' && substate === 'RECTIFYING.inProgress') ||
                  (t === 'signOff' && substate === 'VERIFIED.publicNotice'),
              ),
            ).toBe(true);
            for (const actor of [LEAD, COOP, OTHER_UNIT, LEADER, SYSTEM]) {
              expect(allowedEvents(s, actor, AT, facts)).not.toContain('markDuplicate');
            }
          }
        }
      }
    }
  });

  it.each<[string, Partial<IssueContext>, boolean]>([
    ['at NONE', { escalationLevel: 'NONE' }, true],
    ['at WARNING', { escalationLevel: 'WARNING' }, true],
    ['at SUPERVISION', { escalationLevel: 'SUPERVISION' }, true],
    ['at NAMED_SUPERVISION (the top rung)', { escalationLevel: 'NAMED_SUPERVISION' }, false],
    ['on long-term work', { deadlineKind: 'LONG_TERM', dueAt: null, originalDueAt: null }, false],
    ['on long-term work with a stray dueAt', { deadlineKind: 'LONG_TERM' }, false],
    ['without a deadline', { dueAt: null }, false],
    ['on an IMMEDIATE deadline', { deadlineKind: 'IMMEDIATE' }, true],
  ])('offers escalate in ASSIGNED and RECTIFYING.inProgress %s → %s', (_name, over, offered) => {
    for (const substate of ['ASSIGNED', 'RECTIFYING.inProgress'] as const) {
      const s = snapshotOf(substate, { ...contextFor(substate, false), ...over });
      expect(allowedEvents(s, OFFICE, AT).includes('escalate')).toBe(offered);
      expect(allowedEvents(s, SYSTEM, AT)).toEqual(offered ? ['escalate'] : []);
      expect(allowedEvents(s, LEAD, AT)).not.toContain('escalate');
      // The state still has the transition: only the precondition drops it.
      expect(eventsOfState(s)).toContain('escalate');
    }
  });

  it('offers escalate whatever the time (the sweep decides when a rung is due)', () => {
    const s = snapshotOf('RECTIFYING.inProgress', contextFor('RECTIFYING.inProgress', false));
    for (const at of [AT, DUE, '2027-01-01T00:00:00.000Z']) {
      expect(allowedEvents(s, SYSTEM, at)).toEqual(['escalate']);
    }
  });

  it('a FILED problem as the machine makes it offers the lead unit nothing', () => {
    const s = initialSnapshot({ source: 'CENTRAL_INSPECTION' });
    expect(allowedEvents(s, OFFICE, AT)).toEqual(['assign', 'publish', 'markDuplicate']);
    expect(allowedEvents(s, LEAD, AT)).toEqual([]);
    expect(allowedEvents(s, { role: 'UNIT', unitId: null }, AT)).toEqual([]);
  });

  it('drops requestExtension once the deadline has come', () => {
    const s = snapshotOf('RECTIFYING.inProgress', contextFor('RECTIFYING.inProgress', false));
    expect(allowedEvents(s, LEAD, '2026-03-31T09:59:59.999Z')).toEqual([
      'reportProgress',
      'requestExtension',
      'submit',
      'setPlan',
      'completeMilestone',
    ]);
    expect(allowedEvents(s, LEAD, DUE)).toEqual(['reportProgress', 'submit', 'setPlan', 'completeMilestone']);
    expect(allowedEvents(s, LEAD, '2026-04-01T00:00:00.000Z')).toEqual([
      'reportProgress',
      'submit',
      'setPlan',
      'completeMilestone',
    ]);
  });

  it('offers no requestExtension on long-term work', () => {
    const s = snapshotOf('RECTIFYING.inProgress', {
      ...contextFor('RECTIFYING.inProgress', false),
      deadlineKind: 'LONG_TERM',
      dueAt: null,
      originalDueAt: null,
    });
    expect(allowedEvents(s, LEAD, AT)).toEqual(['reportProgress', 'submit', 'setPlan', 'completeMilestone']);
  });

  it('follows the lead unit after a reassignment', () => {
    const s0 = snapshotOf('ASSIGNED', ASSIGNED_CONTEXT);
    const s1 = expectAccepted(s0, eventFor('reassign'), 'ASSIGNED');
    expect(allowedEvents(s1, LEAD, AT)).toEqual([]);
    expect(allowedEvents(s1, { role: 'UNIT', unitId: 'unit-new' }, AT)).toEqual(['accept', 'return']);
    expectRefused(s1, eventFor('accept', LEAD));
    expectAccepted(s1, eventFor('accept', { role: 'UNIT', unitId: 'unit-new' }), 'RECTIFYING.inProgress');
  });
});

// ---------------------------------------------------------------------------------------------
// A full life, and a rebound
// ---------------------------------------------------------------------------------------------

const T = (day: number, hour = 2): string =>
  `2026-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;
const WALK_DUE = T(20, 10);
const WALK_EXTENDED = T(28, 10);

const WALK: IssueEvent[] = [
  {
    type: 'assign',
    actor: OFFICE,
    at: T(2),
    leadUnitId: 'unit-lead',
    cooperatingUnitIds: ['unit-coop'],
    deadlineKind: 'DATE',
    dueAt: WALK_DUE,
    comment: null,
  },
  { type: 'accept', actor: LEAD, at: T(3), comment: null },
  { type: 'reportProgress', actor: LEAD, at: T(5), progressPercent: 30, comment: 'Survey done' },
  { type: 'requestExtension', actor: LEAD, at: T(10), newDueAt: WALK_EXTENDED, reason: 'Rain' },
  { type: 'decideExtension', actor: OFFICE, at: T(11), approve: true, comment: null },
  { type: 'submit', actor: LEAD, at: T(18), summary: 'Done', finding: 'SUBSTANTIATED' },
  { type: 'verify', actor: OFFICE, at: T(19), passed: false, comment: 'Photos missing' },
  { type: 'reportProgress', actor: LEAD, at: T(21), progressPercent: 95, comment: 'Photos taken' },
  { type: 'submit', actor: LEAD, at: T(22), summary: 'Done, with photos', finding: 'PARTLY_SUBSTANTIATED' },
  { type: 'verify', actor: OFFICE, at: T(23), passed: true, comment: null },
  { type: 'close', actor: OFFICE, at: T(24), comment: null, satisfaction: 'BASICALLY_SATISFIED' },
  { type: 'revisit', actor: OFFICE, at: T(25), rebounded: false, comment: null, newDueAt: null },
];

const WALK_SUBSTATES: Substate[] = [
  'ASSIGNED',
  'RECTIFYING.inProgress',
  'RECTIFYING.inProgress',
  'RECTIFYING.inProgress',
  'RECTIFYING.inProgress',
  'RECTIFYING.submitted',
  'RECTIFYING.inProgress',
  'RECTIFYING.inProgress',
  'RECTIFYING.submitted',
  'VERIFIED.signedOff',
  'CLOSED',
  'REVISITED',
];

const REVISITED_CONTEXT: IssueContext = {
  source: 'PUBLIC_COMPLAINT',
  complaint: true,
  enforcement: null,
  leadUnitId: 'unit-lead',
  cooperatingUnitIds: ['unit-coop'],
  supervisingUnitId: null,
  deadlineKind: 'DATE',
  dueAt: WALK_EXTENDED,
  originalDueAt: WALK_DUE,
  pendingExtension: null,
  progressPercent: 100,
  finding: 'PARTLY_SUBSTANTIATED',
  firstSubmittedAt: T(18),
  submittedAt: T(22),
  dueAtSubmission: WALK_EXTENDED,
  completedOnTime: true,
  closedAt: T(24),
  satisfaction: 'BASICALLY_SATISFIED',
  reboundCount: 0,
  published: false,
  escalationLevel: 'NONE',
  duplicateOfId: null,
  publicSummary: null,
  signOffSteps: [],
  noticeEndsAt: null,
  sentBackCount: 0,
  plan: null,
  parts: [],
  orders: [],
  instructions: [],
};

describe('refusalOf: why an event is refused, from one definition', () => {
  const snap = (substate: Substate, over: Partial<IssueContext> = {}, pending = false) =>
    snapshotOf(substate, { ...contextFor(substate, pending), ...over });
  const PAST = '2026-04-01T00:00:00.000Z';

  it.each<[string, IssueSnapshot, Actor, IssueEventType, string, TransitionRefusalReason | null]>([
    ['the lead unit submits in progress', snap('RECTIFYING.inProgress'), LEAD, 'submit', AT, null],
    ['a leader, even where the state is wrong', snap('CLOSED'), LEADER, 'accept', AT, 'READ_ONLY'],
    ['a cooperating unit signs for it', snap('ASSIGNED'), COOP, 'accept', AT, 'NOT_LEAD_UNIT'],
    ['another unit reports progress', snap('RECTIFYING.inProgress'), OTHER_UNIT, 'reportProgress', AT, 'NOT_LEAD_UNIT'],
    ['the lead unit verifies', snap('RECTIFYING.submitted'), LEAD, 'verify', AT, 'OFFICE_ONLY'],
    ['the lead unit escalates', snap('ASSIGNED'), LEAD, 'escalate', AT, 'OFFICE_ONLY'],
    ['the system closes', snap('VERIFIED.signedOff'), SYSTEM, 'close', AT, 'OFFICE_ONLY'],
    [
      'the caller before a duplicate',
      snap('ASSIGNED', { duplicateOfId: ORIGINAL }),
      COOP,
      'accept',
      AT,
      'NOT_LEAD_UNIT',
    ],
    ['a duplicate before the state', snap('FILED', { duplicateOfId: ORIGINAL }), OFFICE, 'accept', AT, 'DUPLICATE'],
    [
      'a duplicate, in a state that takes the event',
      snap('RECTIFYING.inProgress', { duplicateOfId: ORIGINAL }),
      LEAD,
      'submit',
      AT,
      'DUPLICATE',
    ],
    ['publish on a duplicate', snap('CLOSED', { duplicateOfId: ORIGINAL }), OFFICE, 'publish', AT, null],
    ['accept in FILED', snap('FILED'), OFFICE, 'accept', AT, 'WRONG_STATE'],
    ['submit once submitted', snap('RECTIFYING.submitted'), LEAD, 'submit', AT, 'WRONG_STATE'],
    [
      'the state before the problem’s conditions: requestExtension once submitted, one pending',
      snap('RECTIFYING.submitted', {}, true),
      LEAD,
      'requestExtension',
      AT,
      'WRONG_STATE',
    ],
    ['decideExtension in FILED', snap('FILED', {}, true), OFFICE, 'decideExtension', AT, 'WRONG_STATE'],
    ['escalate once submitted', snap('RECTIFYING.submitted'), SYSTEM, 'escalate', AT, 'WRONG_STATE'],
    [
      'a second extension request',
      snap('RECTIFYING.inProgress', {}, true),
      LEAD,
      'requestExtension',
      AT,
      'EXTENSION_PENDING',
    ],
    [
      'an extension request after the deadline',
      snap('RECTIFYING.inProgress'),
      LEAD,
      'requestExtension',
      PAST,
      'DEADLINE_PASSED',
    ],
    [
      'an extension request on long-term work',
      snap('RECTIFYING.inProgress', { deadlineKind: 'LONG_TERM', dueAt: null, originalDueAt: null }),
      LEAD,
      'requestExtension',
      AT,
      'NO_DEADLINE',
    ],
    [
      'a decision with nothing pending',
      snap('RECTIFYING.inProgress'),
      OFFICE,
      'decideExtension',
      AT,
      'NO_PENDING_EXTENSION',
    ],
    [
      'escalating long-term work',
      snap('ASSIGNED', { deadlineKind: 'LONG_TERM', dueAt: null, originalDueAt: null }),
      SYSTEM,
      'escalate',
      AT,
      'NO_DEADLINE',
    ],
    [
      'escalating past the top rung',
      snap('ASSIGNED', { escalationLevel: 'NAMED_SUPERVISION' }),
      SYSTEM,
      'escalate',
      AT,
      'TOP_ESCALATION_REACHED',
    ],
  ])('%s → %s', (_name, snapshot, actor, type, at, reason) => {
    expect(refusalOf(snapshot, actor, type, at)).toBe(reason);
  });

  it('reads the facts: open derived problems before a close, duplicates before a markDuplicate', () => {
    expect(refusalOf(snap('VERIFIED.signedOff'), OFFICE, 'close', AT, { openChildren: 2 })).toBe('OPEN_CHILDREN');
    expect(refusalOf(snap('VERIFIED.signedOff'), OFFICE, 'close', AT, { openChildren: 0 })).toBeNull();
    expect(refusalOf(snap('CLOSED'), OFFICE, 'close', AT, { openChildren: 2 })).toBe('WRONG_STATE');
    expect(refusalOf(snap('ASSIGNED'), OFFICE, 'markDuplicate', AT, { duplicates: 1 })).toBe('HAS_DUPLICATES');
    expect(
      refusalOf(snap('ASSIGNED', { duplicateOfId: ORIGINAL }), OFFICE, 'markDuplicate', AT, { duplicates: 1 }),
    ).toBe('DUPLICATE');
  });

  it('is null exactly for what allowedEvents offers, in every state, for every caller, type and fact', () => {
    const reached = new Set<string>();
    for (const substate of SUBSTATES) {
      for (const pending of [false, true]) {
        for (const over of [
          {},
          { duplicateOfId: ORIGINAL },
          { escalationLevel: 'NAMED_SUPERVISION' as const },
          { deadlineKind: 'LONG_TERM' as const, dueAt: null },
          // a public notice still running
          { noticeEndsAt: NOTICE_END },
          // no plan in force
          { plan: null },
          // a cooperating unit's part to do
          { parts: [PENDING_PART] },
          { plan: { ...PLAN, status: 'RETURNED' as const } },
        ]) {
          const s = snapshotOf(substate, { ...contextFor(substate, pending), ...over });
          for (const actor of [OFFICE, LEAD, COOP, OTHER_UNIT, LEADER, SYSTEM, CITY_OFFICE, CITY_LEADER]) {
            for (const at of [AT, PAST]) {
              for (const facts of [{}, { openChildren: 1 }, { duplicates: 1 }]) {
                const allowed = allowedEvents(s, actor, at, facts);
                for (const type of ISSUE_EVENT_TYPES) {
                  const reason = refusalOf(s, actor, type, at, facts);
                  expect(reason === null).toBe(allowed.includes(type));
                  if (reason) reached.add(reason);
                }
              }
            }
          }
        }
      }
    }
    expect([...reached].sort()).toEqual([...TRANSITION_REFUSAL_REASONS].sort());
  });
});

describe('evidenceRefusal: whether an upload could ever be attached now', () => {
  const snap = (substate: Substate, over: Partial<IssueContext> = {}) =>
    snapshotOf(substate, { ...contextFor(substate, false), ...over });
  const table: [Substate, TransitionRefusalReason | null, TransitionRefusalReason | null][] = [
    // substate, the office, the lead unit
    ['FILED', 'WRONG_STATE', 'WRONG_STATE'],
    ['ASSIGNED', 'WRONG_STATE', 'WRONG_STATE'],
    ['RECTIFYING.inProgress', null, null],
    // (the department attaches its review opinion; below)
    ['RECTIFYING.departmentReview', 'WRONG_STATE', 'WRONG_STATE'],
    ['RECTIFYING.submitted', null, 'WRONG_STATE'],
    ['VERIFIED.leadershipApproval', 'WRONG_STATE', 'WRONG_STATE'],
    // (the notice has run its days: the office may end it, with its documents)
    ['VERIFIED.publicNotice', null, 'WRONG_STATE'],
    ['VERIFIED.objected', 'WRONG_STATE', 'WRONG_STATE'],
    ['VERIFIED.cityReview', null, 'WRONG_STATE'],
    ['VERIFIED.signedOff', 'WRONG_STATE', 'WRONG_STATE'],
    ['CLOSED', 'WRONG_STATE', 'WRONG_STATE'],
    ['REVISITED', 'WRONG_STATE', 'WRONG_STATE'],
  ];

  it('covers every substate', () => {
    expect(table.map(([s]) => s)).toEqual([...SUBSTATES]);
  });

  it.each(table)('in %s: the office → %s, the lead unit → %s', (substate, office, lead) => {
    expect(evidenceRefusal(snap(substate), OFFICE, AT)).toBe(office);
    expect(evidenceRefusal(snap(substate), LEAD, AT)).toBe(lead);
    // Null exactly when reportProgress, submit, verify or a sign-off is open to the caller.
    for (const actor of [OFFICE, LEAD]) {
      const open = allowedEvents(snap(substate), actor, AT).some((t) =>
        ['reportProgress', 'submit', 'verify', 'signOff'].includes(t),
      );
      expect(evidenceRefusal(snap(substate), actor, AT) === null).toBe(open);
    }
  });

  it.each([...SUBSTATES])('a duplicate in %s takes no evidence', (substate) => {
    expect(evidenceRefusal(snap(substate, { duplicateOfId: ORIGINAL }), OFFICE, AT)).toBe('DUPLICATE');
    expect(evidenceRefusal(snap(substate, { duplicateOfId: ORIGINAL }), LEAD, AT)).toBe('DUPLICATE');
  });

  it('tells others why they may not (the upload endpoint refuses them before asking)', () => {
    expect(evidenceRefusal(snap('RECTIFYING.inProgress'), COOP, AT)).toBe('NOT_LEAD_UNIT');
    expect(evidenceRefusal(snap('RECTIFYING.inProgress'), LEADER, AT)).toBe('READ_ONLY');
  });

  it('takes the supervising department’s review opinion while it reviews, and nothing of it otherwise', () => {
    expect(evidenceRefusal(snap('RECTIFYING.departmentReview'), DEPT, AT)).toBeNull();
    expect(evidenceRefusal(snap('RECTIFYING.inProgress'), DEPT, AT)).toBe('NOT_LEAD_UNIT');
    expect(evidenceRefusal(snap('RECTIFYING.submitted'), DEPT, AT)).toBe('NOT_LEAD_UNIT');
  });
});

describe('a full life', () => {
  it('walks FILED → ASSIGNED → RECTIFYING → VERIFIED → CLOSED → REVISITED, every step accepted', () => {
    let s = initialSnapshot({ source: 'PUBLIC_COMPLAINT' });
    WALK.forEach((event, i) => {
      s = expectAccepted(s, event, WALK_SUBSTATES[i]);
    });
    expect(s.context).toEqual(REVISITED_CONTEXT);
  });

  it('records each step’s context along the way', () => {
    const s0 = initialSnapshot({ source: 'PUBLIC_COMPLAINT' });
    const [assign, accept, progress, request, decide, submit1, fail] = WALK;
    const s1 = step(s0, assign).snapshot;
    expect(s1.context).toMatchObject({
      leadUnitId: 'unit-lead',
      dueAt: WALK_DUE,
      originalDueAt: WALK_DUE,
      deadlineKind: 'DATE',
    });
    const s2 = step(s1, accept).snapshot;
    expect(s2.context).toEqual(s1.context);
    const s3 = step(s2, progress).snapshot;
    expect(s3.context.progressPercent).toBe(30);
    const s4 = step(s3, request).snapshot;
    expect(s4.context.pendingExtension).toEqual({ newDueAt: WALK_EXTENDED, reason: 'Rain', requestedAt: T(10) });
    expect(s4.context.dueAt).toBe(WALK_DUE);
    const s5 = step(s4, decide).snapshot;
    expect(s5.context).toMatchObject({ dueAt: WALK_EXTENDED, originalDueAt: WALK_DUE, pendingExtension: null });
    const s6 = step(s5, submit1).snapshot;
    expect(s6.context).toMatchObject({
      finding: 'SUBSTANTIATED',
      firstSubmittedAt: T(18),
      submittedAt: T(18),
      dueAtSubmission: WALK_EXTENDED,
    });
    const s7 = step(s6, fail).snapshot;
    expect(substateOf(s7)).toBe('RECTIFYING.inProgress');
    expect(s7.context).toEqual(s6.context);
  });

  it('rebounds from REVISITED back to RECTIFYING.inProgress and can go round again', () => {
    const revisited = apply(initialSnapshot({ source: 'PUBLIC_COMPLAINT' }), WALK);
    expect(substateOf(revisited)).toBe('REVISITED');

    const reboundDue = '2026-06-30T10:00:00.000Z';
    const reopened = expectAccepted(
      revisited,
      {
        type: 'revisit',
        actor: OFFICE,
        at: '2026-05-01T02:00:00.000Z',
        rebounded: true,
        comment: 'Smell is back',
        newDueAt: reboundDue,
      },
      'RECTIFYING.inProgress',
    );
    expect(reopened.value).toEqual({ RECTIFYING: 'inProgress' });
    expect(reopened.context).toEqual({
      ...REVISITED_CONTEXT,
      reboundCount: 1,
      deadlineKind: 'DATE',
      dueAt: reboundDue,
      originalDueAt: reboundDue,
      pendingExtension: null,
      progressPercent: 0,
      finding: null,
      submittedAt: null,
      dueAtSubmission: null,
      completedOnTime: null,
      closedAt: null,
      satisfaction: null,
    });
    // The first submission ever is kept across the rebound.
    expect(reopened.context.firstSubmittedAt).toBe(T(18));
    // The same lead unit carries on without signing again.
    // (its plan went with the round it closed: a new one is due)
    expect(allowedEvents(reopened, LEAD, '2026-05-02T00:00:00.000Z')).toEqual([
      'reportProgress',
      'requestExtension',
      'submit',
      'setPlan',
    ]);

    const again = apply(reopened, [
      { type: 'submit', actor: LEAD, at: '2026-07-01T02:00:00.000Z', summary: 'Fixed again', finding: null },
      { type: 'verify', actor: OFFICE, at: '2026-07-02T02:00:00.000Z', passed: true, comment: null },
      { type: 'close', actor: OFFICE, at: '2026-07-03T02:00:00.000Z', comment: null, satisfaction: 'SATISFIED' },
    ]);
    expect(substateOf(again)).toBe('CLOSED');
    // Submitted after the rebound deadline: late.
    expect(again.context).toMatchObject({
      completedOnTime: false,
      dueAtSubmission: reboundDue,
      closedAt: '2026-07-03T02:00:00.000Z',
      satisfaction: 'SATISFIED',
      firstSubmittedAt: T(18),
      reboundCount: 1,
    });
    const twice = expectAccepted(
      again,
      {
        type: 'revisit',
        actor: OFFICE,
        at: '2026-08-01T02:00:00.000Z',
        rebounded: true,
        comment: 'Back again',
        newDueAt: '2026-09-01T00:00:00.000Z',
      },
      'RECTIFYING.inProgress',
    );
    expect(twice.context.reboundCount).toBe(2);
  });
});

// ---------------------------------------------------------------------------------------------
// Context effects
// ---------------------------------------------------------------------------------------------

describe('context effects', () => {
  const filed = (): IssueSnapshot => initialSnapshot({ source: 'CENTRAL_INSPECTION' });
  const inProgress = (over: Partial<IssueContext> = {}): IssueSnapshot =>
    snapshotOf('RECTIFYING.inProgress', { ...contextFor('RECTIFYING.inProgress', false), ...over });

  it('assign sets the lead, the cooperating units, the deadline and the original deadline', () => {
    const s = expectAccepted(
      filed(),
      {
        type: 'assign',
        actor: OFFICE,
        at: AT,
        leadUnitId: 'unit-lead',
        cooperatingUnitIds: ['unit-coop', 'unit-third'],
        deadlineKind: 'IMMEDIATE',
        dueAt: '2026-03-02T15:59:59.999Z',
      },
      'ASSIGNED',
    );
    expect(s.context).toEqual({
      ...filed().context,
      leadUnitId: 'unit-lead',
      cooperatingUnitIds: ['unit-coop', 'unit-third'],
      deadlineKind: 'IMMEDIATE',
      dueAt: '2026-03-02T15:59:59.999Z',
      originalDueAt: '2026-03-02T15:59:59.999Z',
      pendingExtension: null,
    });
  });

  it('assign copies the cooperating units (no aliasing of the event’s array)', () => {
    const coop = ['unit-coop'];
    const s = step(filed(), {
      type: 'assign',
      actor: OFFICE,
      at: AT,
      leadUnitId: 'unit-lead',
      cooperatingUnitIds: coop,
      deadlineKind: 'DATE',
      dueAt: DUE,
    }).snapshot;
    coop.push('unit-late');
    expect(s.context.cooperatingUnitIds).toEqual(['unit-coop']);
  });

  it('a long-term assignment has no deadline', () => {
    const s = expectAccepted(
      filed(),
      {
        type: 'assign',
        actor: OFFICE,
        at: AT,
        leadUnitId: 'unit-lead',
        cooperatingUnitIds: [],
        deadlineKind: 'LONG_TERM',
        dueAt: null,
      },
      'ASSIGNED',
    );
    expect(s.context).toMatchObject({
      deadlineKind: 'LONG_TERM',
      dueAt: null,
      originalDueAt: null,
      cooperatingUnitIds: [],
    });
  });

  it('reassign replaces the whole assignment', () => {
    const s = expectAccepted(
      snapshotOf('ASSIGNED', ASSIGNED_CONTEXT),
      {
        type: 'reassign',
        actor: OFFICE,
        at: AT,
        leadUnitId: 'unit-other',
        cooperatingUnitIds: [],
        deadlineKind: 'LONG_TERM',
        dueAt: null,
      },
      'ASSIGNED',
    );
    expect(s.context).toEqual({
      ...ASSIGNED_CONTEXT,
      leadUnitId: 'unit-other',
      cooperatingUnitIds: [],
      // (not named again: none; the plan was the last unit's; no parts: the event does not ask for them)
      supervisingUnitId: null,
      plan: null,
      parts: [],
      deadlineKind: 'LONG_TERM',
      dueAt: null,
      originalDueAt: null,
    });
  });

  it('return clears the assignment and keeps the rest', () => {
    const ctx: IssueContext = { ...ASSIGNED_CONTEXT, published: true };
    const s = expectAccepted(snapshotOf('ASSIGNED', ctx), eventFor('return'), 'FILED');
    expect(s.context).toEqual({
      ...ctx,
      leadUnitId: null,
      cooperatingUnitIds: [],
      supervisingUnitId: null,
      plan: null,
      parts: [],
      deadlineKind: null,
      dueAt: null,
      originalDueAt: null,
      pendingExtension: null,
    });
    // Nobody but the office can act on it now.
    expect(allowedEvents(s, LEAD, AT)).toEqual([]);
    expect(allowedEvents(s, OFFICE, AT)).toEqual(['assign', 'publish', 'markDuplicate']);
  });

  it('reportProgress records the percentage, 0 and 100 included', () => {
    for (const p of [0, 100, 7]) {
      const s = expectAccepted(
        inProgress(),
        { type: 'reportProgress', actor: LEAD, at: AT, progressPercent: p, comment: 'Update' },
        'RECTIFYING.inProgress',
      );
      expect(s.context).toEqual({ ...contextFor('RECTIFYING.inProgress', false), progressPercent: p });
    }
  });

  it('a pending extension request blocks a second one', () => {
    const s1 = expectAccepted(inProgress(), eventFor('requestExtension'), 'RECTIFYING.inProgress');
    expectRefused(s1, { ...eventFor('requestExtension'), at: '2026-03-03T02:00:00.000Z' } as IssueEvent);
  });

  it('approving an extension moves dueAt to the requested date and keeps originalDueAt', () => {
    const s1 = step(inProgress(), eventFor('requestExtension')).snapshot;
    const s2 = expectAccepted(s1, eventFor('decideExtension:approve'), 'RECTIFYING.inProgress');
    expect(s2.context).toMatchObject({ dueAt: LATER, originalDueAt: DUE, pendingExtension: null });
    // A second extension may then be asked for, relative to the new deadline.
    const s3 = expectAccepted(
      s2,
      { type: 'requestExtension', actor: LEAD, at: AT, newDueAt: '2026-05-15T10:00:00.000Z', reason: 'More rain' },
      'RECTIFYING.inProgress',
    );
    const s4 = expectAccepted(s3, eventFor('decideExtension:approve'), 'RECTIFYING.inProgress');
    expect(s4.context).toMatchObject({ dueAt: '2026-05-15T10:00:00.000Z', originalDueAt: DUE, pendingExtension: null });
  });

  it('refusing an extension keeps dueAt and clears the request', () => {
    const s1 = step(inProgress(), eventFor('requestExtension')).snapshot;
    const s2 = expectAccepted(s1, eventFor('decideExtension:refuse'), 'RECTIFYING.inProgress');
    expect(s2.context).toEqual(contextFor('RECTIFYING.inProgress', false));
    expect(s2.context.dueAt).toBe(DUE);
    // Nothing left to decide.
    expectRefused(s2, eventFor('decideExtension:approve'));
  });

  it('submit records submittedAt, firstSubmittedAt and the deadline in force', () => {
    const s1 = expectAccepted(inProgress(), eventFor('submit'), 'RECTIFYING.submitted');
    expect(s1.context).toMatchObject({ submittedAt: AT, firstSubmittedAt: AT, dueAtSubmission: DUE, finding: null });
    const s2 = step(s1, eventFor('verify:fail')).snapshot;
    const later = '2026-03-05T02:00:00.000Z';
    const s3 = expectAccepted(s2, { ...eventFor('submit'), at: later } as IssueEvent, 'RECTIFYING.submitted');
    expect(s3.context).toMatchObject({ submittedAt: later, firstSubmittedAt: AT, dueAtSubmission: DUE });
  });

  it('a problem of any source filed as a complaint records its finding and the complainant’s satisfaction', () => {
    const filed = initialSnapshot({ source: 'CENTRAL_INSPECTION', complaint: true });
    expect(filed.context).toMatchObject({ source: 'CENTRAL_INSPECTION', complaint: true, enforcement: null });
    expect(initialSnapshot({ source: 'CENTRAL_INSPECTION' }).context.complaint).toBe(false);
    const s = expectAccepted(
      inProgress({ complaint: true }),
      {
        type: 'submit',
        actor: LEAD,
        at: AT,
        summary: '经查属实，已责令整改',
        finding: 'SUBSTANTIATED',
        enforcement: { ordersToCorrect: 2, casesOpened: 1, fineYuan: 50000 },
      },
      'RECTIFYING.submitted',
    );
    expect(s.context).toMatchObject({
      finding: 'SUBSTANTIATED',
      enforcement: { ordersToCorrect: 2, casesOpened: 1, fineYuan: 50000 },
    });
    // A later submission without outcomes keeps those reported.
    const again = step(step(s, eventFor('verify:fail')).snapshot, eventFor('submit')).snapshot;
    expect(again.context.enforcement).toEqual({ ordersToCorrect: 2, casesOpened: 1, fineYuan: 50000 });
  });

  it('submit records the finding of a complaint', () => {
    const s = expectAccepted(
      inProgress({ source: 'PUBLIC_COMPLAINT', complaint: true }),
      { type: 'submit', actor: LEAD, at: AT, summary: 'Complaint not substantiated', finding: 'UNFOUNDED' },
      'RECTIFYING.submitted',
    );
    expect(s.context.finding).toBe('UNFOUNDED');
  });

  describe('verify pass', () => {
    const verifyAfter = (submittedAt: string, dueAtSubmission: string | null): IssueContext =>
      step(
        snapshotOf('RECTIFYING.submitted', {
          ...contextFor('RECTIFYING.submitted', false),
          progressPercent: 80,
          submittedAt,
          firstSubmittedAt: submittedAt,
          dueAtSubmission,
        }),
        { type: 'verify', actor: OFFICE, at: '2026-06-01T00:00:00.000Z', passed: true },
      ).snapshot.context;

    it('on time when submitted before the deadline in force, progress 100', () => {
      expect(verifyAfter('2026-03-30T00:00:00.000Z', DUE)).toMatchObject({
        completedOnTime: true,
        progressPercent: 100,
      });
    });
    it('on time when submitted exactly at the deadline', () => {
      expect(verifyAfter(DUE, DUE).completedOnTime).toBe(true);
    });
    it('late when submitted after the deadline in force, still progress 100', () => {
      expect(verifyAfter('2026-03-31T10:00:00.001Z', DUE)).toMatchObject({
        completedOnTime: false,
        progressPercent: 100,
      });
    });
    it('on time for long-term work (no deadline)', () => {
      expect(verifyAfter('2027-01-01T00:00:00.000Z', null).completedOnTime).toBe(true);
    });
    it('judged against the extended deadline in force at submission, not the original one', () => {
      const s = apply(inProgress(), [
        eventFor('requestExtension'),
        eventFor('decideExtension:approve'),
        { type: 'submit', actor: LEAD, at: '2026-04-10T00:00:00.000Z', summary: 'Done' },
        { type: 'verify', actor: OFFICE, at: '2026-04-11T00:00:00.000Z', passed: true },
      ]);
      expect(substateOf(s)).toBe('VERIFIED.signedOff');
      expect(s.context).toMatchObject({
        completedOnTime: true,
        originalDueAt: DUE,
        dueAt: LATER,
        dueAtSubmission: LATER,
      });
    });
    it('judged on the last submission, not the first', () => {
      const s = apply(inProgress(), [
        { type: 'submit', actor: LEAD, at: '2026-03-20T00:00:00.000Z', summary: 'Done' },
        { type: 'verify', actor: OFFICE, at: '2026-03-21T00:00:00.000Z', passed: false, comment: 'Not done' },
        { type: 'submit', actor: LEAD, at: '2026-04-02T00:00:00.000Z', summary: 'Done now' },
        { type: 'verify', actor: OFFICE, at: '2026-04-03T00:00:00.000Z', passed: true },
      ]);
      expect(s.context).toMatchObject({
        completedOnTime: false,
        firstSubmittedAt: '2026-03-20T00:00:00.000Z',
        submittedAt: '2026-04-02T00:00:00.000Z',
      });
    });
  });

  it('verify fail sends the work back without touching the context', () => {
    const ctx = contextFor('RECTIFYING.submitted', false);
    const s = expectAccepted(snapshotOf('RECTIFYING.submitted', ctx), eventFor('verify:fail'), 'RECTIFYING.inProgress');
    expect(s.context).toEqual(ctx);
  });

  it('close records closedAt and the complainant’s satisfaction', () => {
    const ctx: IssueContext = {
      ...contextFor('VERIFIED.signedOff', false),
      source: 'PUBLIC_COMPLAINT',
      complaint: true,
    };
    const s = expectAccepted(
      snapshotOf('VERIFIED.signedOff', ctx),
      { type: 'close', actor: OFFICE, at: AT, comment: 'Reply sent', satisfaction: 'UNSATISFIED' },
      'CLOSED',
    );
    expect(s.context).toEqual({ ...ctx, closedAt: AT, satisfaction: 'UNSATISFIED' });
  });

  it('close without satisfaction records null', () => {
    const s = expectAccepted(
      snapshotOf('VERIFIED.signedOff', contextFor('VERIFIED.signedOff', false)),
      eventFor('close'),
      'CLOSED',
    );
    expect(s.context).toMatchObject({ closedAt: AT, satisfaction: null });
  });

  describe('close and open derived problems (举一反三)', () => {
    const close = (openChildren?: number): IssueEvent =>
      openChildren === undefined
        ? { type: 'close', actor: OFFICE, at: AT, comment: 'Closed' }
        : { type: 'close', actor: OFFICE, at: AT, comment: 'Closed', openChildren };

    it.each([1, 2, 10])('is refused when the event says %i derived problem(s) are still open', (openChildren) => {
      const ctx = contextFor('VERIFIED.signedOff', false);
      const s = snapshotOf('VERIFIED.signedOff', ctx);
      expect(eventAllowed(ctx, close(openChildren))).toBe(false);
      expectRefused(s, close(openChildren));
      expect(s.context).toEqual(ctx);
      expect(substateOf(s)).toBe('VERIFIED.signedOff');
      // Even from the office on a complaint with a valid satisfaction.
      const complaint = snapshotOf('VERIFIED.signedOff', { ...ctx, source: 'PUBLIC_COMPLAINT', complaint: true });
      expectRefused(complaint, { type: 'close', actor: OFFICE, at: AT, satisfaction: 'SATISFIED', openChildren });
    });

    it('is accepted with openChildren 0, which it does not store', () => {
      const ctx = contextFor('VERIFIED.signedOff', false);
      const s = expectAccepted(snapshotOf('VERIFIED.signedOff', ctx), close(0), 'CLOSED');
      expect(s.context).toEqual({ ...ctx, closedAt: AT, satisfaction: null });
    });

    it('is accepted without openChildren (nothing looked up means nothing open)', () => {
      const ctx = contextFor('VERIFIED.signedOff', false);
      const s = expectAccepted(snapshotOf('VERIFIED.signedOff', ctx), close(), 'CLOSED');
      expect(s.context).toEqual({ ...ctx, closedAt: AT, satisfaction: null });
    });

    it('once the derived problems are closed, the same problem closes', () => {
      const s = snapshotOf('VERIFIED.signedOff', contextFor('VERIFIED.signedOff', false));
      expectRefused(s, close(2));
      expectRefused(s, close(1));
      expectAccepted(s, close(0), 'CLOSED');
    });

    it('openChildren 0 does not open close in any other substate', () => {
      for (const substate of SUBSTATES.filter((x) => x !== 'VERIFIED.signedOff')) {
        expectRefused(snapshotOf(substate, contextFor(substate, false)), close(0));
      }
    });
  });

  it('a rebound increments reboundCount, sets a new DATE deadline and clears closedAt', () => {
    const ctx: IssueContext = {
      ...contextFor('CLOSED', false),
      source: 'PUBLIC_COMPLAINT',
      deadlineKind: 'LONG_TERM',
      dueAt: null,
      originalDueAt: null,
      dueAtSubmission: null,
      finding: 'SUBSTANTIATED',
      satisfaction: 'SATISFIED',
      reboundCount: 2,
      published: true,
    };
    const s = expectAccepted(snapshotOf('CLOSED', ctx), eventFor('revisit:rebound'), 'RECTIFYING.inProgress');
    expect(s.context).toEqual({
      ...ctx,
      reboundCount: 3,
      deadlineKind: 'DATE',
      dueAt: REBOUND_DUE,
      originalDueAt: REBOUND_DUE,
      progressPercent: 0,
      finding: null,
      submittedAt: null,
      dueAtSubmission: null,
      completedOnTime: null,
      closedAt: null,
      satisfaction: null,
      // the chain its last acceptance fixed is over, and the plan of its last round
      signOffSteps: [],
      noticeEndsAt: null,
      plan: null,
      parts: [{ ...DONE_PART, progressPercent: 0, doneAt: null }],
    });
    expect(s.context.published).toBe(true);
    expect(s.context.firstSubmittedAt).toBe(SUBMITTED_AT);
  });

  it('revisit ok keeps the context', () => {
    const ctx = contextFor('CLOSED', false);
    const s1 = expectAccepted(snapshotOf('CLOSED', ctx), eventFor('revisit:ok'), 'REVISITED');
    expect(s1.context).toEqual(ctx);
  });

  describe('publish toggles published in every state without changing the substate', () => {
    it.each([...SUBSTATES])('%s', (substate) => {
      const ctx = contextFor(substate, substate.startsWith('RECTIFYING'));
      const s0 = snapshotOf(substate, ctx);
      const s1 = expectAccepted(s0, { type: 'publish', actor: OFFICE, at: AT, published: true }, substate);
      expect(s1.context).toEqual({ ...ctx, published: true });
      expect(s1.value).toEqual(s0.value);
      const s2 = expectAccepted(s1, { type: 'publish', actor: OFFICE, at: AT, published: false }, substate);
      expect(s2.context).toEqual(ctx);
      expectRefused(s1, { type: 'publish', actor: LEAD, at: AT, published: false });
      expectRefused(s1, { type: 'publish', actor: LEADER, at: AT, published: false });
    });

    it('publishing what is already published is still an accepted (logged) event', () => {
      const s0 = snapshotOf('VERIFIED.signedOff', { ...contextFor('VERIFIED.signedOff', false), published: true });
      const r = step(s0, { type: 'publish', actor: OFFICE, at: AT, published: true });
      expect(r.changed).toBe(true);
      expect(r.snapshot.context.published).toBe(true);
    });

    it('does not lose a pending extension', () => {
      const ctx = contextFor('RECTIFYING.inProgress', true);
      const s = step(snapshotOf('RECTIFYING.inProgress', ctx), {
        type: 'publish',
        actor: OFFICE,
        at: AT,
        published: true,
      }).snapshot;
      expect(s.context.pendingExtension).toEqual(PENDING);
    });
  });

  describe('publish and the public summary', () => {
    const SUMMARY = 'Sewage outfall on the river sealed; discharge diverted to the treatment plant';
    const publish = (published: boolean, publicSummary?: string | null, actor: Actor = OFFICE): IssueEvent =>
      publicSummary === undefined
        ? { type: 'publish', actor, at: AT, published }
        : { type: 'publish', actor, at: AT, published, publicSummary };

    it.each([...SUBSTATES])('stores the summary in %s, keeping the substate', (substate) => {
      const ctx = contextFor(substate, false);
      const s0 = snapshotOf(substate, ctx);
      const s1 = expectAccepted(s0, publish(true, SUMMARY), substate);
      expect(s1.context).toEqual({ ...ctx, published: true, publicSummary: SUMMARY });
      expect(s1.value).toEqual(s0.value);
      expect(s0.context).toEqual(ctx);
    });

    it.each([...SUBSTATES])('keeps the previous summary in %s when the event carries none', (substate) => {
      const ctx: IssueContext = { ...contextFor(substate, false), published: true, publicSummary: SUMMARY };
      const s1 = expectAccepted(snapshotOf(substate, ctx), publish(false), substate);
      expect(s1.context).toEqual({ ...ctx, published: false, publicSummary: SUMMARY });
      const s2 = expectAccepted(s1, publish(true), substate);
      expect(s2.context).toEqual(ctx);
    });

    it('keeps the previous summary when the event carries null (a summary is never cleared)', () => {
      const ctx: IssueContext = { ...contextFor('CLOSED', false), published: true, publicSummary: SUMMARY };
      const s = expectAccepted(snapshotOf('CLOSED', ctx), publish(true, null), 'CLOSED');
      expect(s.context.publicSummary).toBe(SUMMARY);
    });

    it('stays null when none was ever given', () => {
      const s = expectAccepted(initialSnapshot({ source: 'CENTRAL_INSPECTION' }), publish(true), 'FILED');
      expect(s.context).toMatchObject({ published: true, publicSummary: null });
    });

    it('replaces the summary with a new one, also when unpublishing', () => {
      const s1 = expectAccepted(
        snapshotOf('VERIFIED.signedOff', contextFor('VERIFIED.signedOff', false)),
        publish(true, SUMMARY),
        'VERIFIED.signedOff',
      );
      const s2 = expectAccepted(s1, publish(true, 'Reworded'), 'VERIFIED.signedOff');
      expect(s2.context.publicSummary).toBe('Reworded');
      const s3 = expectAccepted(s2, publish(false, 'Withdrawn pending review'), 'VERIFIED.signedOff');
      expect(s3.context).toMatchObject({ published: false, publicSummary: 'Withdrawn pending review' });
    });

    it('refuses an empty, blank or over-long summary and keeps the old one', () => {
      const ctx: IssueContext = { ...contextFor('VERIFIED.signedOff', false), publicSummary: SUMMARY };
      const s = snapshotOf('VERIFIED.signedOff', ctx);
      for (const bad of ['', '   ', '\n\t', 'y'.repeat(SUMMARY_MAX + 1)]) {
        expectRefused(s, publish(true, bad));
        expectRefused(s, publish(false, bad));
      }
      expect(s.context).toEqual(ctx);
    });

    it('accepts a summary of exactly SUMMARY_MAX, longer than any comment', () => {
      const s0 = snapshotOf('CLOSED', contextFor('CLOSED', false));
      const max = 'y'.repeat(SUMMARY_MAX);
      expect(max.length).toBeGreaterThan(COMMENT_MAX);
      expect(expectAccepted(s0, publish(true, max), 'CLOSED').context.publicSummary).toBe(max);
      expect(
        expectAccepted(s0, publish(true, 'y'.repeat(COMMENT_MAX + 1)), 'CLOSED').context.publicSummary,
      ).toHaveLength(COMMENT_MAX + 1);
    });

    it('only the office publishes a summary', () => {
      const s = snapshotOf('CLOSED', contextFor('CLOSED', false));
      for (const actor of [LEAD, COOP, OTHER_UNIT, LEADER, SYSTEM]) expectRefused(s, publish(true, SUMMARY, actor));
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Escalation (预警 → 督办 → 挂牌督办)
// ---------------------------------------------------------------------------------------------

describe('escalation', () => {
  const HOLDING = ['ASSIGNED', 'RECTIFYING.inProgress'] as const;
  const NOT_HOLDING = SUBSTATES.filter((s) => s !== 'ASSIGNED' && s !== 'RECTIFYING.inProgress');
  const RUNGS = ['WARNING', 'SUPERVISION', 'NAMED_SUPERVISION'] as const;

  const escalate = (level: EscalationLevel, actor: Actor = SYSTEM, at: string = AT): IssueEvent => ({
    type: 'escalate',
    actor,
    at,
    level,
  });
  const snap = (substate: Substate, over: Partial<IssueContext> = {}, pending = false): IssueSnapshot =>
    snapshotOf(substate, { ...contextFor(substate, pending), ...over });

  it('the levels are ordered NONE < WARNING < SUPERVISION < NAMED_SUPERVISION', () => {
    expect([...ESCALATION_LEVELS]).toEqual(['NONE', 'WARNING', 'SUPERVISION', 'NAMED_SUPERVISION']);
    expect(ESCALATION_LEVELS.map(escalationRank)).toEqual([0, 1, 2, 3]);
  });

  it('is held in ASSIGNED and RECTIFYING.inProgress only', () => {
    expect(NOT_HOLDING).toEqual([
      'FILED',
      'RECTIFYING.departmentReview',
      'RECTIFYING.submitted',
      'VERIFIED.leadershipApproval',
      'VERIFIED.publicNotice',
      'VERIFIED.objected',
      'VERIFIED.cityReview',
      'VERIFIED.signedOff',
      'CLOSED',
      'REVISITED',
    ]);
  });

  describe.each(HOLDING)('in %s', (substate) => {
    it('sets escalationLevel and nothing else, keeping the substate', () => {
      const ctx = contextFor(substate, false);
      const s0 = snapshotOf(substate, ctx);
      const s1 = expectAccepted(
        s0,
        {
          type: 'escalate',
          actor: OFFICE,
          at: AT,
          level: 'SUPERVISION',
          comment: 'Put under supervision by the office',
        },
        substate,
      );
      expect(s1.value).toEqual(s0.value);
      expect(s1.context).toEqual({ ...ctx, escalationLevel: 'SUPERVISION' });
      // The snapshot stepped from is not mutated.
      expect(s0.context).toEqual(ctx);
    });

    it('the system may escalate, and may send nothing else', () => {
      const ctx = contextFor(substate, false);
      const s0 = snapshotOf(substate, ctx);
      const s1 = expectAccepted(s0, escalate('WARNING'), substate);
      expect(s1.context).toEqual({ ...ctx, escalationLevel: 'WARNING' });
      expectAccepted(s0, escalate('WARNING', { role: 'SYSTEM', unitId: 'unit-lead' }), substate);
      for (const variant of VARIANTS.filter((v) => v !== 'escalate')) {
        const pending = typeOf(variant) === 'decideExtension';
        expectRefused(snap(substate, {}, pending), eventFor(variant, SYSTEM));
        expectRefused(snap(substate, { escalationLevel: 'WARNING' }, pending), eventFor(variant, SYSTEM));
      }
    });

    it('the lead unit, a cooperating unit, another unit and a leader may not escalate', () => {
      for (const actor of [LEAD, COOP, OTHER_UNIT, LEADER, { role: 'LEADER', unitId: 'unit-lead' } as Actor]) {
        for (const level of RUNGS) expectRefused(snap(substate), escalate(level, actor));
      }
    });

    it('climbs only upwards: WARNING → SUPERVISION → NAMED_SUPERVISION, then nothing more', () => {
      const s0 = snap(substate);
      expectRefused(s0, escalate('NONE'));

      const s1 = expectAccepted(s0, escalate('WARNING'), substate);
      expect(s1.context.escalationLevel).toBe('WARNING');
      expectRefused(s1, escalate('WARNING'));
      expectRefused(s1, escalate('NONE'));

      const s2 = expectAccepted(s1, escalate('SUPERVISION'), substate);
      expect(s2.context.escalationLevel).toBe('SUPERVISION');
      expectRefused(s2, escalate('SUPERVISION'));
      expectRefused(s2, escalate('WARNING'));
      expectRefused(s2, escalate('NONE'));

      const s3 = expectAccepted(s2, escalate('NAMED_SUPERVISION'), substate);
      expect(s3.context).toEqual({ ...contextFor(substate, false), escalationLevel: 'NAMED_SUPERVISION' });
      for (const level of ESCALATION_LEVELS) {
        expectRefused(s3, escalate(level));
        expectRefused(s3, escalate(level, OFFICE));
      }
      expect(allowedEvents(s3, OFFICE, AT)).not.toContain('escalate');
      expect(allowedEvents(s3, SYSTEM, AT)).toEqual([]);
      // The state still has the transition; the top rung only fails the precondition.
      expect(eventsOfState(s3)).toContain('escalate');
    });

    it('the office climbs the same rungs, and is refused the same way', () => {
      const s1 = expectAccepted(snap(substate), escalate('WARNING', OFFICE), substate);
      expectRefused(s1, escalate('WARNING', OFFICE));
      const s2 = expectAccepted(s1, escalate('SUPERVISION', OFFICE), substate);
      expectRefused(s2, escalate('WARNING', OFFICE));
      const s3 = expectAccepted(s2, escalate('NAMED_SUPERVISION', OFFICE), substate);
      expectRefused(s3, escalate('NAMED_SUPERVISION', OFFICE));
    });

    it.each<[EscalationLevel, EscalationLevel]>([
      ['NONE', 'SUPERVISION'],
      ['NONE', 'NAMED_SUPERVISION'],
      ['WARNING', 'NAMED_SUPERVISION'],
    ])('may skip a rung (only a strictly higher level is required): %s → %s', (from, to) => {
      const s = expectAccepted(snap(substate, { escalationLevel: from }), escalate(to), substate);
      expect(s.context.escalationLevel).toBe(to);
    });

    it('refuses an unknown or missing level and an over-long comment', () => {
      const s = snap(substate);
      expectRefused(s, { type: 'escalate', actor: SYSTEM, at: AT, level: 'RED' } as unknown as IssueEvent);
      expectRefused(s, { type: 'escalate', actor: SYSTEM, at: AT } as unknown as IssueEvent);
      expectRefused(s, {
        type: 'escalate',
        actor: OFFICE,
        at: AT,
        level: 'WARNING',
        comment: 'x'.repeat(COMMENT_MAX + 1),
      });
      const ok = expectAccepted(
        s,
        { type: 'escalate', actor: OFFICE, at: AT, level: 'WARNING', comment: 'x'.repeat(COMMENT_MAX) },
        substate,
      );
      // The comment belongs to the event log, not to the context.
      expect(ok.context).toEqual({ ...contextFor(substate, false), escalationLevel: 'WARNING' });
    });

    it.each<[string, Partial<IssueContext>]>([
      ['long-term work (no deadline)', { deadlineKind: 'LONG_TERM', dueAt: null, originalDueAt: null }],
      ['long-term work with a stray dueAt', { deadlineKind: 'LONG_TERM' }],
      ['a DATE deadline without dueAt', { dueAt: null }],
      ['an IMMEDIATE deadline without dueAt', { deadlineKind: 'IMMEDIATE', dueAt: null }],
    ])('refuses every rung on %s', (_name, over) => {
      const s = snap(substate, over);
      for (const level of RUNGS) {
        expectRefused(s, escalate(level));
        expectRefused(s, escalate(level, OFFICE));
      }
      expect(allowedEvents(s, OFFICE, AT)).not.toContain('escalate');
      expect(allowedEvents(s, SYSTEM, AT)).toEqual([]);
    });

    it('is accepted before, at and after the deadline: the rules do not read the clock for it', () => {
      for (const at of ['2026-03-01T00:00:00.000Z', DUE, '2026-06-01T00:00:00.000Z']) {
        expectAccepted(snap(substate), escalate('WARNING', SYSTEM, at), substate);
      }
    });
  });

  it('keeps a pending extension request in progress', () => {
    const ctx = contextFor('RECTIFYING.inProgress', true);
    const s = expectAccepted(snapshotOf('RECTIFYING.inProgress', ctx), escalate('WARNING'), 'RECTIFYING.inProgress');
    expect(s.context).toEqual({ ...ctx, escalationLevel: 'WARNING' });
    expect(s.context.pendingExtension).toEqual(PENDING);
  });

  it('escalating in ASSIGNED does not stand in for the lead unit’s acceptance', () => {
    const s1 = expectAccepted(snap('ASSIGNED'), escalate('SUPERVISION'), 'ASSIGNED');
    expect(allowedEvents(s1, LEAD, AT)).toEqual(['accept', 'return']);
    const s2 = expectAccepted(s1, eventFor('accept'), 'RECTIFYING.inProgress');
    // Accepting does not change the deadline, so the level is carried into RECTIFYING.
    expect(s2.context.escalationLevel).toBe('SUPERVISION');
    expectRefused(s2, escalate('SUPERVISION'));
    expectAccepted(s2, escalate('NAMED_SUPERVISION'), 'RECTIFYING.inProgress');
  });

  describe('a submitted problem cannot be escalated', () => {
    it('submit keeps the level reached, and no rung is taken while submitted', () => {
      const s0 = snap('RECTIFYING.inProgress', { escalationLevel: 'WARNING' });
      const s1 = expectAccepted(s0, eventFor('submit'), 'RECTIFYING.submitted');
      expect(s1.context.escalationLevel).toBe('WARNING');
      for (const level of ['SUPERVISION', 'NAMED_SUPERVISION'] as const) {
        // The rules would allow it: the state alone refuses.
        expect(eventAllowed(s1.context, escalate(level))).toBe(true);
        expectRefused(s1, escalate(level));
        expectRefused(s1, escalate(level, OFFICE));
      }
      expect(eventsOfState(s1)).not.toContain('escalate');
      expect(allowedEvents(s1, OFFICE, AT)).toEqual(['verify', 'publish', 'markDuplicate', 'superviseOrder']);
      expect(allowedEvents(s1, SYSTEM, AT)).toEqual([]);
      expect(allowedEvents(s1, SYSTEM, '2027-01-01T00:00:00.000Z')).toEqual([]);
    });

    it('sent back after a failed check, the climb resumes where it stopped', () => {
      const s1 = apply(snap('RECTIFYING.inProgress', { escalationLevel: 'WARNING' }), [eventFor('submit')]);
      const s2 = expectAccepted(s1, eventFor('verify:fail'), 'RECTIFYING.inProgress');
      expect(s2.context.escalationLevel).toBe('WARNING');
      expect(allowedEvents(s2, SYSTEM, AT)).toEqual(['escalate']);
      expectRefused(s2, escalate('WARNING'));
      const s3 = expectAccepted(s2, escalate('SUPERVISION'), 'RECTIFYING.inProgress');
      expect(s3.context.escalationLevel).toBe('SUPERVISION');
    });
  });

  describe.each(NOT_HOLDING)('in %s', (substate) => {
    it('no rung is taken, by the system or the office, whatever the level', () => {
      for (const from of ['NONE', 'WARNING', 'SUPERVISION'] as const) {
        const s = snap(substate, { escalationLevel: from });
        for (const level of RUNGS) {
          expectRefused(s, escalate(level));
          expectRefused(s, escalate(level, OFFICE));
        }
        expect(allowedEvents(s, SYSTEM, AT)).not.toContain('escalate');
        expect(allowedEvents(s, OFFICE, AT)).not.toContain('escalate');
      }
    });
  });

  describe('resets to NONE when the deadline is set anew', () => {
    it.each<[string, IssueEvent]>([
      ['a new lead and deadline', eventFor('reassign')],
      [
        'the same lead and deadline',
        {
          type: 'reassign',
          actor: OFFICE,
          at: AT,
          leadUnitId: 'unit-lead',
          cooperatingUnitIds: ['unit-coop'],
          deadlineKind: 'DATE',
          dueAt: DUE,
        },
      ],
      [
        'long-term work',
        {
          type: 'reassign',
          actor: OFFICE,
          at: AT,
          leadUnitId: 'unit-other',
          cooperatingUnitIds: [],
          deadlineKind: 'LONG_TERM',
          dueAt: null,
        },
      ],
    ])('on reassign to %s', (_name, event) => {
      for (const from of ESCALATION_LEVELS) {
        const s = expectAccepted(snap('ASSIGNED', { escalationLevel: from }), event, 'ASSIGNED');
        expect(s.context.escalationLevel).toBe('NONE');
      }
    });

    it('after a reassignment the climb starts again from the bottom', () => {
      const s1 = expectAccepted(
        snap('ASSIGNED', { escalationLevel: 'NAMED_SUPERVISION' }),
        eventFor('reassign'),
        'ASSIGNED',
      );
      expect(s1.context).toMatchObject({
        escalationLevel: 'NONE',
        dueAt: NEW_DUE,
        originalDueAt: NEW_DUE,
        leadUnitId: 'unit-new',
      });
      expect(allowedEvents(s1, SYSTEM, AT)).toEqual(['escalate']);
      const s2 = expectAccepted(s1, escalate('WARNING'), 'ASSIGNED');
      expect(s2.context.escalationLevel).toBe('WARNING');
    });

    it('on return; the FILED problem cannot be escalated, and a new assignment starts from NONE', () => {
      const ctx: IssueContext = { ...contextFor('ASSIGNED', false), escalationLevel: 'SUPERVISION' };
      const s1 = expectAccepted(snapshotOf('ASSIGNED', ctx), eventFor('return'), 'FILED');
      expect(s1.context).toEqual({
        ...ctx,
        leadUnitId: null,
        cooperatingUnitIds: [],
        supervisingUnitId: null,
        plan: null,
        parts: [],
        deadlineKind: null,
        dueAt: null,
        originalDueAt: null,
        pendingExtension: null,
        escalationLevel: 'NONE',
      });
      expectRefused(s1, escalate('WARNING'));
      expectRefused(s1, escalate('WARNING', OFFICE));
      expect(allowedEvents(s1, SYSTEM, AT)).toEqual([]);
      const s2 = expectAccepted(s1, eventFor('assign'), 'ASSIGNED');
      expect(s2.context.escalationLevel).toBe('NONE');
    });

    it('on assign, even from a FILED problem carrying a stale level', () => {
      const s = expectAccepted(snap('FILED', { escalationLevel: 'WARNING' }), eventFor('assign'), 'ASSIGNED');
      expect(s.context.escalationLevel).toBe('NONE');
    });

    it.each(['RECTIFYING.inProgress', 'RECTIFYING.submitted'] as const)(
      'on an approved extension in %s',
      (substate) => {
        for (const from of RUNGS) {
          const ctx: IssueContext = { ...contextFor(substate, true), escalationLevel: from };
          const s = expectAccepted(snapshotOf(substate, ctx), eventFor('decideExtension:approve'), substate);
          expect(s.context).toEqual({ ...ctx, dueAt: LATER, pendingExtension: null, escalationLevel: 'NONE' });
          // The original deadline is kept, as ever.
          expect(s.context.originalDueAt).toBe(DUE);
        }
      },
    );

    it('request, escalate, approve: the level goes back to NONE and the climb restarts against the new deadline', () => {
      const s = apply(snap('RECTIFYING.inProgress'), [
        eventFor('requestExtension'),
        escalate('WARNING'),
        escalate('SUPERVISION'),
      ]);
      expect(s.context).toMatchObject({ escalationLevel: 'SUPERVISION', pendingExtension: { newDueAt: LATER } });
      const approved = expectAccepted(s, eventFor('decideExtension:approve'), 'RECTIFYING.inProgress');
      expect(approved.context).toMatchObject({ escalationLevel: 'NONE', dueAt: LATER, pendingExtension: null });
      expectAccepted(approved, escalate('WARNING'), 'RECTIFYING.inProgress');
    });

    it('but not on a refused extension', () => {
      for (const substate of ['RECTIFYING.inProgress', 'RECTIFYING.submitted'] as const) {
        for (const from of RUNGS) {
          const ctx: IssueContext = { ...contextFor(substate, true), escalationLevel: from };
          const s = expectAccepted(snapshotOf(substate, ctx), eventFor('decideExtension:refuse'), substate);
          expect(s.context).toEqual({ ...ctx, pendingExtension: null });
          expect(s.context.escalationLevel).toBe(from);
          expect(s.context.dueAt).toBe(DUE);
        }
      }
    });

    it('nor on an approval the machine refuses (wrong actor, nothing pending)', () => {
      const pending = snap('RECTIFYING.inProgress', { escalationLevel: 'SUPERVISION' }, true);
      expectRefused(pending, eventFor('decideExtension:approve', LEAD));
      expectRefused(pending, eventFor('decideExtension:approve', SYSTEM));
      const none = snap('RECTIFYING.inProgress', { escalationLevel: 'SUPERVISION' });
      expectRefused(none, eventFor('decideExtension:approve'));
      expect(none.context.escalationLevel).toBe('SUPERVISION');
    });

    it.each(['CLOSED', 'REVISITED'] as const)('on a rebound from %s, and the climb starts again', (substate) => {
      const ctx: IssueContext = {
        ...contextFor(substate, false),
        escalationLevel: 'NAMED_SUPERVISION',
        reboundCount: 1,
      };
      const s1 = expectAccepted(snapshotOf(substate, ctx), eventFor('revisit:rebound'), 'RECTIFYING.inProgress');
      expect(s1.context).toEqual({
        ...ctx,
        reboundCount: 2,
        deadlineKind: 'DATE',
        dueAt: REBOUND_DUE,
        originalDueAt: REBOUND_DUE,
        pendingExtension: null,
        progressPercent: 0,
        finding: null,
        submittedAt: null,
        dueAtSubmission: null,
        completedOnTime: null,
        closedAt: null,
        satisfaction: null,
        escalationLevel: 'NONE',
        signOffSteps: [],
        noticeEndsAt: null,
        plan: null,
        parts: [{ ...DONE_PART, progressPercent: 0, doneAt: null }],
      });
      expect(allowedEvents(s1, SYSTEM, AT)).toEqual(['escalate']);
      const s2 = expectAccepted(s1, escalate('WARNING'), 'RECTIFYING.inProgress');
      expect(s2.context.escalationLevel).toBe('WARNING');
    });
  });

  describe('is kept by everything else', () => {
    it('accept, reportProgress, requestExtension, publish, submit, verify, close and a look-back that finds no rebound', () => {
      let s = snap('ASSIGNED', { escalationLevel: 'SUPERVISION' });
      const events: [IssueEvent, Substate][] = [
        [eventFor('accept'), 'RECTIFYING.inProgress'],
        [eventFor('reportProgress'), 'RECTIFYING.inProgress'],
        [eventFor('requestExtension'), 'RECTIFYING.inProgress'],
        [eventFor('publish'), 'RECTIFYING.inProgress'],
        // Withdrawing the request just made.
        [
          {
            ...eventFor('submit'),
            withdrawnExtension: { newDueAt: LATER, reason: 'Pipe delivery delayed by the supplier', requestedAt: AT },
          } as IssueEvent,
          'RECTIFYING.submitted',
        ],
        [eventFor('verify:fail'), 'RECTIFYING.inProgress'],
        [eventFor('submit'), 'RECTIFYING.submitted'],
        [eventFor('verify:pass'), 'VERIFIED.signedOff'],
        [eventFor('close'), 'CLOSED'],
        [eventFor('revisit:ok'), 'REVISITED'],
        [eventFor('revisit:ok'), 'REVISITED'],
      ];
      for (const [event, target] of events) {
        s = expectAccepted(s, event, target);
        expect(s.context.escalationLevel).toBe('SUPERVISION');
      }
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Duplicates
// ---------------------------------------------------------------------------------------------

describe('marking a duplicate', () => {
  const mark = (actor: Actor = OFFICE, duplicateOfId: string = ORIGINAL, comment?: string | null): IssueEvent =>
    comment === undefined
      ? { type: 'markDuplicate', actor, at: AT, duplicateOfId }
      : { type: 'markDuplicate', actor, at: AT, duplicateOfId, comment };
  const duplicateOf = (substate: Substate, pending = false, over: Partial<IssueContext> = {}): IssueSnapshot =>
    snapshotOf(substate, { ...contextFor(substate, pending), ...over, duplicateOfId: ORIGINAL });

  describe.each([...SUBSTATES])('in %s', (substate) => {
    it('is accepted from the office, sets duplicateOfId and nothing else, keeping the substate', () => {
      for (const pending of [false, true]) {
        const ctx = { ...contextFor(substate, pending), escalationLevel: 'WARNING' as const, published: true };
        const s0 = snapshotOf(substate, ctx);
        const s1 = expectAccepted(s0, mark(OFFICE, ORIGINAL, 'Same outfall'), substate);
        expect(s1.value).toEqual(s0.value);
        expect(s1.context).toEqual({ ...ctx, duplicateOfId: ORIGINAL });
        // The snapshot stepped from is not mutated.
        expect(s0.context).toEqual(ctx);
        expect(s0.context.duplicateOfId).toBeNull();
      }
    });

    it('is refused from the lead unit, any other unit, a leader and the system', () => {
      const s = snapshotOf(substate, contextFor(substate, false));
      for (const actor of [
        LEAD,
        COOP,
        OTHER_UNIT,
        LEADER,
        { role: 'LEADER', unitId: 'unit-lead' } as Actor,
        SYSTEM,
        { role: 'SYSTEM', unitId: 'unit-lead' } as Actor,
      ]) {
        expectRefused(s, mark(actor));
      }
    });

    it('is refused a second time, to the same or another original', () => {
      const s1 = expectAccepted(snapshotOf(substate, contextFor(substate, false)), mark(), substate);
      expectRefused(s1, mark());
      expectRefused(s1, mark(OFFICE, 'issue-another', 'Actually a duplicate of another'));
      expect(s1.context.duplicateOfId).toBe(ORIGINAL);
      expect(allowedEvents(s1, OFFICE, AT)).toEqual(['publish']);
    });

    it('refuses every other event, each type, that the substate would otherwise take', () => {
      const taken = ROWS.filter((r) => r.substate === substate && r.expected !== R && r.variant !== 'publish');
      for (const row of taken) {
        const ctx = matrixContext(row);
        // Taken before the mark...
        expect(step(snapshotOf(substate, ctx), eventFor(row.variant)).changed).toBe(true);
        // ...refused after it, from the right actor and from the office alike.
        const dup = snapshotOf(substate, { ...ctx, duplicateOfId: ORIGINAL });
        expectRefused(dup, eventFor(row.variant));
        expectRefused(dup, eventFor(row.variant, OFFICE));
        if (row.variant === 'escalate') expectRefused(dup, eventFor(row.variant, SYSTEM));
      }
    });

    it('still takes publish, with and without a summary, and stays a duplicate', () => {
      const s0 = duplicateOf(substate);
      const s1 = expectAccepted(
        s0,
        { type: 'publish', actor: OFFICE, at: AT, published: true, publicSummary: 'Merged into the original' },
        substate,
      );
      expect(s1.context).toEqual({ ...s0.context, published: true, publicSummary: 'Merged into the original' });
      const s2 = expectAccepted(s1, { type: 'publish', actor: OFFICE, at: AT, published: false }, substate);
      expect(s2.context).toEqual({ ...s0.context, published: false, publicSummary: 'Merged into the original' });
      expect(s2.context.duplicateOfId).toBe(ORIGINAL);
      expectRefused(s2, { type: 'publish', actor: LEAD, at: AT, published: true });
      expectRefused(s2, { type: 'publish', actor: OFFICE, at: AT, published: true, publicSummary: ' ' });
    });
  });

  it.each(ISSUE_EVENT_TYPES.filter((t) => t !== 'publish'))('a duplicate refuses %s in every substate', (type) => {
    const variants = VARIANTS.filter((v) => typeOf(v) === type);
    expect(variants.length).toBeGreaterThan(0);
    // Somewhere the event is taken by a problem that is not a duplicate.
    expect(ROWS.some((r) => typeOf(r.variant) === type && r.expected !== R)).toBe(true);
    for (const row of ROWS.filter((r) => typeOf(r.variant) === type)) {
      const ctx: IssueContext = { ...matrixContext(row), duplicateOfId: ORIGINAL };
      expect(preconditionHolds(ctx, type, AT)).toBe(false);
      expect(eventAllowed(ctx, eventFor(row.variant))).toBe(false);
      expectRefused(snapshotOf(row.substate, ctx), eventFor(row.variant));
      expectRefused(snapshotOf(row.substate, ctx), eventFor(row.variant, OFFICE));
    }
  });

  it('refuses a blank or missing original and an over-long comment; the comment is not stored', () => {
    const ctx = contextFor('ASSIGNED', false);
    const s = snapshotOf('ASSIGNED', ctx);
    expectRefused(s, mark(OFFICE, ''));
    expectRefused(s, mark(OFFICE, '   '));
    expectRefused(s, { type: 'markDuplicate', actor: OFFICE, at: AT } as unknown as IssueEvent);
    expectRefused(s, mark(OFFICE, ORIGINAL, 'x'.repeat(COMMENT_MAX + 1)));
    const ok = expectAccepted(s, mark(OFFICE, ORIGINAL, 'x'.repeat(COMMENT_MAX)), 'ASSIGNED');
    expect(ok.context).toEqual({ ...ctx, duplicateOfId: ORIGINAL });
    expectAccepted(s, mark(OFFICE, ORIGINAL, null), 'ASSIGNED');
  });

  it('the system still may only escalate (a deadline or a milestone), on a duplicate or not', () => {
    for (const type of ISSUE_EVENT_TYPES) {
      expect(actorMaySend(SYSTEM, contextFor('ASSIGNED', false), type)).toBe(
        type === 'escalate' || type === 'escalateMilestone',
      );
    }
    for (const substate of ['ASSIGNED', 'RECTIFYING.inProgress'] as const) {
      expect(allowedEvents(snapshotOf(substate, contextFor(substate, false)), SYSTEM, AT)).toEqual(['escalate']);
      const dup = duplicateOf(substate);
      expect(allowedEvents(dup, SYSTEM, AT)).toEqual([]);
      expectRefused(dup, { type: 'escalate', actor: SYSTEM, at: AT, level: 'WARNING' });
    }
    for (const substate of SUBSTATES) {
      expectRefused(snapshotOf(substate, contextFor(substate, false)), mark(SYSTEM));
    }
  });

  it('a duplicate in VERIFIED cannot be closed, even with no open derived problems', () => {
    const s = duplicateOf('VERIFIED.signedOff');
    expectRefused(s, { type: 'close', actor: OFFICE, at: AT, openChildren: 0 });
    expectRefused(s, { type: 'close', actor: OFFICE, at: AT });
    expect(allowedEvents(s, OFFICE, AT, { openChildren: 0 })).toEqual(['publish']);
  });

  it('a closed duplicate cannot be reopened by a look-back', () => {
    const s = duplicateOf('CLOSED');
    expectRefused(s, eventFor('revisit:rebound'));
    expectRefused(s, eventFor('revisit:ok'));
    expect(substateOf(s)).toBe('CLOSED');
  });

  it('keeps being a duplicate through a rebuild with snapshotOf', () => {
    const s1 = expectAccepted(
      snapshotOf('RECTIFYING.inProgress', contextFor('RECTIFYING.inProgress', true)),
      mark(),
      'RECTIFYING.inProgress',
    );
    const rebuilt = snapshotOf(substateOf(s1), structuredClone(s1.context));
    expect(rebuilt.context).toEqual(s1.context);
    expectRefused(rebuilt, eventFor('decideExtension:approve'));
    expectRefused(rebuilt, eventFor('reportProgress'));
    expectRefused(rebuilt, mark());
    expectAccepted(rebuilt, eventFor('publish'), 'RECTIFYING.inProgress');
  });
});

// ---------------------------------------------------------------------------------------------
// A submission while an extension request is pending
// ---------------------------------------------------------------------------------------------

describe('a submission while an extension request is pending', () => {
  const asked: IssueEvent = eventFor('requestExtension');
  const REQUEST: PendingExtension = {
    newDueAt: LATER,
    reason: 'Pipe delivery delayed by the supplier',
    requestedAt: AT,
  };
  /** What the service sends: stamped with the pending request (stampedFacts). */
  const submitting = (ctx: IssueContext, at = AT): IssueEvent =>
    ({ type: 'submit', actor: LEAD, at, summary: 'Done', ...stampedFacts(ctx, 'submit') }) as IssueEvent;

  it('withdraws the request: the deadline stays, and the office has nothing left to decide', () => {
    const s1 = step(inProgress(), asked).snapshot;
    const s2 = expectAccepted(s1, submitting(s1.context), 'RECTIFYING.submitted');
    expect(s2.context).toMatchObject({ pendingExtension: null, dueAt: DUE, dueAtSubmission: DUE, submittedAt: AT });
    expectRefused(s2, eventFor('decideExtension:approve'));
    expectRefused(s2, eventFor('decideExtension:refuse'));
    expect(refusalOf(s2, OFFICE, 'decideExtension', AT)).toBe('NO_PENDING_EXTENSION');
    expect(allowedEvents(s2, OFFICE, AT)).toEqual(['verify', 'publish', 'markDuplicate', 'superviseOrder']);
  });

  it('so a late submission stays late: no extension can be approved past it', () => {
    const s = apply(inProgress(), [
      { type: 'requestExtension', actor: LEAD, at: '2026-03-30T00:00:00.000Z', newDueAt: LATER, reason: 'Rain' },
    ]);
    const submitted = apply(s, [submitting(s.context, '2026-04-05T00:00:00.000Z')]);
    const verified = apply(submitted, [
      { type: 'decideExtension', actor: OFFICE, at: '2026-04-06T00:00:00.000Z', approve: true },
      { type: 'verify', actor: OFFICE, at: '2026-04-07T00:00:00.000Z', passed: true },
    ]);
    expect(substateOf(verified)).toBe('VERIFIED.signedOff');
    expect(verified.context).toMatchObject({ dueAt: DUE, dueAtSubmission: DUE, completedOnTime: false });
  });

  it('after a failed verification the unit may ask again, before the deadline', () => {
    const s = apply(inProgress(), [asked]);
    const back = apply(s, [submitting(s.context), eventFor('verify:fail')]);
    expect(substateOf(back)).toBe('RECTIFYING.inProgress');
    expect(back.context.pendingExtension).toBeNull();
    expect(allowedEvents(back, LEAD, AT)).toEqual([
      'reportProgress',
      'requestExtension',
      'submit',
      'setPlan',
      'completeMilestone',
    ]);
  });

  it('refuses a stamp that does not name the pending request', () => {
    const s = step(inProgress(), asked).snapshot;
    expect(s.context.pendingExtension).toEqual(REQUEST);
    for (const withdrawnExtension of [null, { ...REQUEST, newDueAt: REBOUND_DUE }, { ...REQUEST, reason: 'Other' }]) {
      expectRefused(s, { type: 'submit', actor: LEAD, at: AT, summary: 'Done', withdrawnExtension });
    }
    expectRefused(inProgress(), { type: 'submit', actor: LEAD, at: AT, summary: 'Done', withdrawnExtension: REQUEST });
  });

  describe('as logged by machine version 1 (no withdrawnExtension): replayed as it ran', () => {
    const v1Submit: IssueEvent = {
      type: 'submit',
      actor: LEAD,
      at: AT,
      summary: 'Outfall sealed, sewage diverted to the plant',
    };

    it('a request pending at submission stays, and may still be decided while submitted', () => {
      const s = apply(inProgress(), [asked, v1Submit]);
      expect(substateOf(s)).toBe('RECTIFYING.submitted');
      expect(s.context.pendingExtension).toEqual(REQUEST);
      const approved = expectAccepted(s, eventFor('decideExtension:approve'), 'RECTIFYING.submitted');
      // dueAtSubmission keeps the deadline in force at submission.
      expect(approved.context).toMatchObject({ dueAt: LATER, dueAtSubmission: DUE, pendingExtension: null });
    });

    it('an extension approved after a late submission does not make it on time', () => {
      const s = apply(inProgress(), [
        { type: 'requestExtension', actor: LEAD, at: '2026-03-30T00:00:00.000Z', newDueAt: LATER, reason: 'Rain' },
        { type: 'submit', actor: LEAD, at: '2026-04-05T00:00:00.000Z', summary: 'Done' },
        { type: 'decideExtension', actor: OFFICE, at: '2026-04-06T00:00:00.000Z', approve: true },
        { type: 'verify', actor: OFFICE, at: '2026-04-07T00:00:00.000Z', passed: true },
      ]);
      expect(substateOf(s)).toBe('VERIFIED.signedOff');
      expect(s.context).toMatchObject({ dueAt: LATER, dueAtSubmission: DUE, completedOnTime: false });
    });

    it('a request still pending when the work is accepted is dropped as moot', () => {
      const s = apply(inProgress(), [asked, v1Submit, eventFor('verify:pass')]);
      expect(substateOf(s)).toBe('VERIFIED.signedOff');
      expect(s.context.pendingExtension).toBeNull();
      expect(allowedEvents(s, OFFICE, AT)).toEqual(['close', 'publish', 'markDuplicate']);
    });

    it('the same log with the submission stamped ends elsewhere: the decision is refused', () => {
      const v1 = apply(inProgress(), [asked, v1Submit, eventFor('decideExtension:approve')]);
      const s = step(inProgress(), asked).snapshot;
      const v2 = step(s, submitting(s.context)).snapshot;
      expect(v1.context.dueAt).toBe(LATER);
      expect(step(v2, eventFor('decideExtension:approve')).changed).toBe(false);
      expect(v2.context.dueAt).toBe(DUE);
    });
  });

  function inProgress(): IssueSnapshot {
    return snapshotOf('RECTIFYING.inProgress', contextFor('RECTIFYING.inProgress', false));
  }
});

describe('a repeated look-back (REVISITED --revisit(ok)--> REVISITED)', () => {
  const ctx = contextFor('REVISITED', false);
  const later: IssueEvent = {
    type: 'revisit',
    actor: OFFICE,
    at: '2027-03-02T02:00:00.000Z',
    rebounded: false,
    comment: 'Yearly look-back: still fixed',
  };

  it('is offered, passes the guard and is enabled in the machine', () => {
    const s = snapshotOf('REVISITED', ctx);
    expect(eventsOfState(s)).toContain('revisit');
    expect(allowedEvents(s, OFFICE, later.at)).toEqual(['revisit', 'publish', 'markDuplicate']);
    expect(eventAllowed(ctx, later)).toBe(true);
    expect(s.can(later)).toBe(true);
  });

  it('is accepted by step() and stays in REVISITED with its context unchanged', () => {
    const s = snapshotOf('REVISITED', ctx);
    const r = step(s, later);
    expect(r.changed).toBe(true);
    expect(substateOf(r.snapshot)).toBe('REVISITED');
    expect(r.snapshot.context).toEqual(ctx);
  });

  it('a repeated look-back that finds a rebound is accepted', () => {
    const s = snapshotOf('REVISITED', ctx);
    const r = step(s, { ...later, rebounded: true, newDueAt: '2027-04-01T00:00:00.000Z' } as IssueEvent);
    expect(r.changed).toBe(true);
    expect(substateOf(r.snapshot)).toBe('RECTIFYING.inProgress');
    expect(r.snapshot.context.reboundCount).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------
// Replay
// ---------------------------------------------------------------------------------------------

describe('replay determinism', () => {
  const REPLAY: IssueEvent[] = [
    ...WALK,
    { type: 'publish', actor: OFFICE, at: T(26), published: true },
    {
      type: 'revisit',
      actor: OFFICE,
      at: '2026-04-01T02:00:00.000Z',
      rebounded: true,
      comment: 'Back',
      newDueAt: '2026-05-01T00:00:00.000Z',
    },
    { type: 'reportProgress', actor: LEAD, at: '2026-04-02T02:00:00.000Z', progressPercent: 50, comment: 'Halfway' },
    { type: 'escalate', actor: SYSTEM, at: '2026-04-28T00:00:00.000Z', level: 'WARNING' },
    {
      type: 'publish',
      actor: OFFICE,
      at: '2026-04-29T00:00:00.000Z',
      published: true,
      publicSummary: 'Odour complaint: outfall being resealed',
    },
    {
      type: 'markDuplicate',
      actor: OFFICE,
      at: '2026-04-30T00:00:00.000Z',
      duplicateOfId: 'issue-0001',
      comment: 'Same outfall as 0001',
    },
    // Refused: a duplicate takes no more events but publish.
    {
      type: 'reportProgress',
      actor: LEAD,
      at: '2026-05-01T00:00:00.000Z',
      progressPercent: 80,
      comment: 'Nearly done',
    },
    { type: 'escalate', actor: SYSTEM, at: '2026-05-02T00:00:00.000Z', level: 'SUPERVISION' },
    { type: 'markDuplicate', actor: OFFICE, at: '2026-05-03T00:00:00.000Z', duplicateOfId: 'issue-0002' },
    // Accepted: publication still changes, and keeps the summary.
    { type: 'publish', actor: OFFICE, at: '2026-05-04T00:00:00.000Z', published: true },
  ];

  it('stepping the same events twice gives equal value and context', () => {
    const a = apply(initialSnapshot({ source: 'PUBLIC_COMPLAINT' }), REPLAY);
    const b = apply(initialSnapshot({ source: 'PUBLIC_COMPLAINT' }), REPLAY);
    expect(a).not.toBe(b);
    expect(b.value).toEqual(a.value);
    expect(b.context).toEqual(a.context);
    expect(substateOf(a)).toBe('RECTIFYING.inProgress');
    expect(a.context).toMatchObject({
      reboundCount: 1,
      published: true,
      progressPercent: 50,
      dueAt: '2026-05-01T00:00:00.000Z',
      escalationLevel: 'WARNING',
      duplicateOfId: 'issue-0001',
      publicSummary: 'Odour complaint: outfall being resealed',
    });
  });

  it('accepts and refuses the same events each time, the events after markDuplicate included', () => {
    const run = (): boolean[] => {
      let s = initialSnapshot({ source: 'PUBLIC_COMPLAINT' });
      return REPLAY.map((e) => {
        const r = step(s, e);
        s = r.snapshot;
        return r.changed;
      });
    };
    const first = run();
    expect(run()).toEqual(first);
    expect(first.slice(-6)).toEqual([true, true, false, false, false, true]);
    expect(first.slice(0, -6).every(Boolean)).toBe(true);
  });

  it('rebuilding with snapshotOf after the mark gives the same result as stepping on', () => {
    const marked = REPLAY.findIndex((e) => e.type === 'markDuplicate') + 1;
    const half = apply(initialSnapshot({ source: 'PUBLIC_COMPLAINT' }), REPLAY.slice(0, marked));
    expect(half.context.duplicateOfId).toBe('issue-0001');
    const rebuilt = snapshotOf(substateOf(half), structuredClone(half.context));
    const a = apply(half, REPLAY.slice(marked));
    const b = apply(rebuilt, REPLAY.slice(marked));
    expect(b.value).toEqual(a.value);
    expect(b.context).toEqual(a.context);
    expect(b.context).toEqual(half.context);
  });

  it('replaying from a snapshot rebuilt with snapshotOf gives the same result as stepping on', () => {
    const half = apply(initialSnapshot({ source: 'PUBLIC_COMPLAINT' }), REPLAY.slice(0, 6));
    const rebuilt = snapshotOf(substateOf(half), structuredClone(half.context));
    const a = apply(half, REPLAY.slice(6));
    const b = apply(rebuilt, REPLAY.slice(6));
    expect(b.value).toEqual(a.value);
    expect(b.context).toEqual(a.context);
  });

  it('refused events in the list leave no trace', () => {
    const noisy: IssueEvent[] = REPLAY.flatMap((e) => [
      e,
      { type: 'close', actor: LEADER, at: e.at },
      { type: 'accept', actor: COOP, at: e.at },
      { type: 'escalate', actor: LEAD, at: e.at, level: 'NAMED_SUPERVISION' },
      { type: 'escalate', actor: SYSTEM, at: e.at, level: 'NONE' },
      { type: 'markDuplicate', actor: LEAD, at: e.at, duplicateOfId: 'issue-9999' },
      { type: 'markDuplicate', actor: SYSTEM, at: e.at, duplicateOfId: 'issue-9999' },
      { type: 'markDuplicate', actor: OFFICE, at: e.at, duplicateOfId: ' ' },
      { type: 'publish', actor: OFFICE, at: e.at, published: false, publicSummary: '' },
    ]);
    const a = apply(initialSnapshot({ source: 'PUBLIC_COMPLAINT' }), REPLAY);
    const b = apply(initialSnapshot({ source: 'PUBLIC_COMPLAINT' }), noisy);
    expect(b.value).toEqual(a.value);
    expect(b.context).toEqual(a.context);
  });

  it('never mutates the snapshots it steps from', () => {
    const snapshots: IssueSnapshot[] = [initialSnapshot({ source: 'PUBLIC_COMPLAINT' })];
    const before: string[] = [JSON.stringify(snapshots[0].context)];
    for (const e of REPLAY) {
      const next = step(snapshots[snapshots.length - 1], e).snapshot;
      snapshots.push(next);
      before.push(JSON.stringify(next.context));
    }
    snapshots.forEach((s, i) => expect(JSON.stringify(s.context)).toBe(before[i]));
  });
});

// ---------------------------------------------------------------------------------------------
// Cooperating units' parts (配合单位分工)
// ---------------------------------------------------------------------------------------------

describe('cooperating units’ parts', () => {
  it('an assignment stamped withParts gives each cooperating unit a part; the lead submits once each is done or waived', () => {
    const filed = snapshotOf('FILED', { ...contextFor('FILED', false), parts: [] });
    const assigned = expectAccepted(filed, { ...eventFor('assign'), withParts: true } as IssueEvent, 'ASSIGNED');
    expect(assigned.context.parts.map((p) => [p.unitId, p.doneAt, p.waivedReason])).toEqual([
      ['unit-coop', null, null],
      ['unit-third', null, null],
    ]);
    // Logged before version 6, an assignment carries no stamp and gives none.
    expect(expectAccepted(filed, eventFor('assign'), 'ASSIGNED').context.parts).toEqual([]);
    const NEW_LEAD: Actor = { role: 'UNIT', unitId: 'unit-new' };
    const THIRD: Actor = { role: 'UNIT', unitId: 'unit-third' };
    let s = expectAccepted(assigned, eventFor('accept', NEW_LEAD), 'RECTIFYING.inProgress');
    expect(refusalOf(s, NEW_LEAD, 'submit', AT)).toBe('PARTS_PENDING');
    // Each unit reports its own part, not another's; the lead has none.
    expect(refusalOf(s, NEW_LEAD, 'reportPart', AT)).toBe('NOT_COOPERATING_UNIT');
    expectRefused(s, { ...eventFor('reportPart', THIRD), unitId: 'unit-coop' } as IssueEvent);
    s = expectAccepted(
      s,
      { ...eventFor('reportPart', COOP), done: false, progressPercent: 40 } as IssueEvent,
      'RECTIFYING.inProgress',
    );
    expect(s.context.parts[0]).toMatchObject({ progressPercent: 40, doneAt: null });
    s = expectAccepted(s, eventFor('reportPart', COOP), 'RECTIFYING.inProgress');
    expect(refusalOf(s, COOP, 'reportPart', AT)).toBe('NOT_COOPERATING_UNIT');
    expect(refusalOf(s, NEW_LEAD, 'submit', AT)).toBe('PARTS_PENDING');
    s = expectAccepted(
      s,
      { ...eventFor('waivePart', OFFICE), unitId: 'unit-third' } as IssueEvent,
      'RECTIFYING.inProgress',
    );
    expect(refusalOf(s, OFFICE, 'waivePart', AT)).toBe('NO_PENDING_PART');
    expectAccepted(s, eventFor('submit', NEW_LEAD), 'RECTIFYING.submitted');
  });
});

// ---------------------------------------------------------------------------------------------
// The rectification plan (整改方案)
// ---------------------------------------------------------------------------------------------

describe('the rectification plan', () => {
  const working = () =>
    snapshotOf('RECTIFYING.inProgress', { ...contextFor('RECTIFYING.inProgress', false), plan: null });
  const plan = (milestones: { title: string; dueAt: string }[], at = AT) =>
    ({ ...eventFor('setPlan', LEAD, at), milestones }) as IssueEvent;

  it('is set by the unit, its milestones in date order; the office sends it back; set again, it is in force', () => {
    const none = working();
    expect(refusalOf(none, OFFICE, 'returnPlan', AT)).toBe('NO_PLAN');
    expect(refusalOf(none, LEAD, 'completeMilestone', AT)).toBe('NO_PLAN');
    const set = expectAccepted(
      none,
      plan([
        { title: 'Drains relined', dueAt: '2026-03-25T16:00:00.000Z' },
        { title: 'Outfall sealed', dueAt: MILESTONE_DUE },
      ]),
      'RECTIFYING.inProgress',
    );
    expect(set.context.plan?.milestones.map((m) => m.title)).toEqual(['Outfall sealed', 'Drains relined']);
    const returned = expectAccepted(set, eventFor('returnPlan', OFFICE), 'RECTIFYING.inProgress');
    expect(returned.context.plan?.status).toBe('RETURNED');
    // Nothing is done against a plan sent back, and the unit may not send its own plan back.
    expect(refusalOf(returned, LEAD, 'completeMilestone', AT)).toBe('NO_PLAN');
    expect(refusalOf(set, LEAD, 'returnPlan', AT)).toBe('OFFICE_ONLY');
    const again = expectAccepted(
      returned,
      plan([{ title: 'Outfall sealed', dueAt: MILESTONE_DUE }]),
      'RECTIFYING.inProgress',
    );
    expect(again.context.plan?.status).toBe('IN_FORCE');
  });

  it('keeps a milestone done when the plan is revised under the same title, and refuses it done twice', () => {
    const set = expectAccepted(
      working(),
      plan([
        { title: 'Outfall sealed', dueAt: MILESTONE_DUE },
        { title: 'Drains relined', dueAt: '2026-03-25T16:00:00.000Z' },
      ]),
      'RECTIFYING.inProgress',
    );
    const LATER_AT = '2026-03-21T02:00:00.000Z';
    const done = expectAccepted(
      set,
      { type: 'completeMilestone', actor: LEAD, at: LATER_AT, milestone: 'Outfall sealed' } as IssueEvent,
      'RECTIFYING.inProgress',
    );
    expectRefused(done, {
      type: 'completeMilestone',
      actor: LEAD,
      at: LATER_AT,
      milestone: 'Outfall sealed',
    } as IssueEvent);
    // Revised after the done one's date: it may stay (done), a new one may not lie in the past.
    const revised = expectAccepted(
      done,
      plan(
        [
          { title: 'Outfall sealed', dueAt: MILESTONE_DUE },
          { title: 'Drains relined', dueAt: '2026-03-28T16:00:00.000Z' },
        ],
        LATER_AT,
      ),
      'RECTIFYING.inProgress',
    );
    expect(revised.context.plan?.milestones.map((m) => [m.title, m.doneAt])).toEqual([
      ['Outfall sealed', LATER_AT],
      ['Drains relined', null],
    ]);
    expectRefused(done, plan([{ title: 'Backfill', dueAt: MILESTONE_DUE }], LATER_AT));
  });

  it('goes with the unit: a reassignment or a return drops it, a send-back from the chain keeps it', () => {
    const withPlan = contextFor('ASSIGNED', false);
    expect(expectAccepted(snapshotOf('ASSIGNED', withPlan), eventFor('reassign'), 'ASSIGNED').context.plan).toBeNull();
    expect(expectAccepted(snapshotOf('ASSIGNED', withPlan), eventFor('return'), 'FILED').context.plan).toBeNull();
    const chain = snapshotOf('VERIFIED.cityReview', contextFor('VERIFIED.cityReview', false));
    expect(expectAccepted(chain, eventFor('sendBack:city'), 'RECTIFYING.inProgress').context.plan).toEqual(PLAN);
  });
});

// ---------------------------------------------------------------------------------------------
// The sign-off chain after acceptance (领导审批 → 销号公示 → 市级审核 → 销号)
// ---------------------------------------------------------------------------------------------

describe('the sign-off chain', () => {
  const ALL: SignOffStep[] = ['LEADERSHIP_APPROVAL', 'PUBLIC_NOTICE', 'CITY_REVIEW'];
  /** Every policy a source may have: each subset of the steps, in the chain's order. */
  const POLICIES: SignOffStep[][] = Array.from({ length: 8 }, (_, mask) => ALL.filter((_, i) => mask & (1 << i)));
  const STATE_OF: Record<SignOffStep, Substate> = {
    DEPARTMENT_REVIEW: 'RECTIFYING.departmentReview',
    LEADERSHIP_APPROVAL: 'VERIFIED.leadershipApproval',
    PUBLIC_NOTICE: 'VERIFIED.publicNotice',
    CITY_REVIEW: 'VERIFIED.cityReview',
  };
  const SIGNER: Record<SignOffStep, Actor> = {
    DEPARTMENT_REVIEW: DEPT,
    LEADERSHIP_APPROVAL: LEADER,
    PUBLIC_NOTICE: SYSTEM,
    CITY_REVIEW: OFFICE,
  };
  const submitted = () =>
    snapshotOf('RECTIFYING.submitted', { ...contextFor('RECTIFYING.submitted', false), signOffSteps: [] });
  const accept = (steps: SignOffStep[], at = AT) =>
    ({
      type: 'verify',
      actor: OFFICE,
      at,
      passed: true,
      signOffSteps: steps,
      ...(steps[0] === 'PUBLIC_NOTICE' ? { noticeEndsAt: NOTICE_END } : {}),
    }) as IssueEvent;
  const sign = (step: SignOffStep, next: SignOffStep | null, at: string, actor = SIGNER[step]) =>
    ({
      type: 'signOff',
      actor,
      at,
      step,
      ...(step === 'CITY_REVIEW' ? { documentNumber: '渝环督〔2026〕12号' } : {}),
      ...(next === 'PUBLIC_NOTICE' ? { noticeEndsAt: NOTICE_END } : {}),
    }) as IssueEvent;
  const AFTER_NOTICE = '2026-03-10T00:00:00.000Z';

  it.each(POLICIES.map((p) => [p.join(' → ') || '(none)', p] as const))(
    'walks %s in order, each step signed by its signer, to 销号',
    (_name, steps) => {
      let s = expectAccepted(submitted(), accept(steps), steps[0] ? STATE_OF[steps[0]] : 'VERIFIED.signedOff');
      expect(s.context.signOffSteps).toEqual(steps);
      expect(s.context.completedOnTime).toBe(true);
      let at = AT;
      steps.forEach((step, i) => {
        const next = steps[i + 1] ?? null;
        if (step === 'PUBLIC_NOTICE') {
          expect(s.context.noticeEndsAt).toBe(NOTICE_END);
          // Not before it has run its days, by anyone.
          for (const actor of [SYSTEM, OFFICE]) expectRefused(s, sign(step, next, AT, actor));
          expect(refusalOf(s, SYSTEM, 'signOff', AT, {}, step)).toBe('NOTICE_NOT_OVER');
          at = AFTER_NOTICE;
        }
        // Nobody else signs it, and no other step is signed here.
        for (const actor of [LEAD, COOP, LEADER, OFFICE, SYSTEM].filter((a) => a !== SIGNER[step])) {
          if (step === 'PUBLIC_NOTICE' && actor === OFFICE) continue; // the office may end a notice that has run
          expectRefused(s, sign(step, next, at, actor));
        }
        for (const other of ALL.filter((o) => o !== step)) {
          expect(refusalOf(s, SIGNER[other], 'signOff', at, {}, other)).not.toBeNull();
          expectRefused(s, sign(other, next, at));
        }
        s = expectAccepted(s, sign(step, next, at), next ? STATE_OF[next] : 'VERIFIED.signedOff');
      });
      const closed = expectAccepted(s, { type: 'close', actor: OFFICE, at } as IssueEvent, 'CLOSED');
      expect(closed.context.signOffSteps).toEqual(steps);
    },
  );

  it('replays an acceptance logged before the chain (machine versions 1 and 2: no steps) into 销号 next', () => {
    const s = expectAccepted(
      submitted(),
      { type: 'verify', actor: OFFICE, at: AT, passed: true } as IssueEvent,
      'VERIFIED.signedOff',
    );
    expect(s.context.signOffSteps).toEqual([]);
    expect(snapshotOf('VERIFIED' as Substate, s.context).value).toEqual({ VERIFIED: 'signedOff' });
  });

  it.each(ALL.map((step) => [step] as const))('sends the work back from %s, by its signer, counting it', (step) => {
    let s = expectAccepted(submitted(), accept(ALL), 'VERIFIED.leadershipApproval');
    for (const before of ALL.slice(0, ALL.indexOf(step))) {
      const at = before === 'PUBLIC_NOTICE' ? AFTER_NOTICE : AT;
      s =
        step === 'PUBLIC_NOTICE' && before === 'PUBLIC_NOTICE'
          ? s
          : expectAccepted(s, sign(before, ALL[ALL.indexOf(before) + 1], at), STATE_OF[ALL[ALL.indexOf(before) + 1]]);
    }
    const back = { type: 'sendBack', at: AFTER_NOTICE, step, comment: '整改不到位' } as const;
    const signer = step === 'LEADERSHIP_APPROVAL' ? LEADER : OFFICE;
    for (const actor of [LEAD, COOP, SYSTEM, signer === LEADER ? OFFICE : LEADER])
      expectRefused(s, { ...back, actor } as IssueEvent);
    // From another step than the one it is at: refused.
    for (const other of ALL.filter((o) => o !== step))
      expectRefused(s, { ...back, step: other, actor: SIGNER[other] === LEADER ? LEADER : OFFICE } as IssueEvent);
    const r = expectAccepted(s, { ...back, actor: signer } as IssueEvent, 'RECTIFYING.inProgress');
    expect(r.context).toMatchObject({ sentBackCount: 1, completedOnTime: null, signOffSteps: [], noticeEndsAt: null });
    // The unit submits again; a new acceptance fixes the chain anew.
    const again = expectAccepted(r, eventFor('submit', LEAD, AFTER_NOTICE), 'RECTIFYING.submitted');
    expectAccepted(again, accept(['CITY_REVIEW'], AFTER_NOTICE), 'VERIFIED.cityReview');
  });

  it('has the supervising department review a submission before the office, when the service says so', () => {
    const working = snapshotOf('RECTIFYING.inProgress', contextFor('RECTIFYING.inProgress', false));
    const review = expectAccepted(working, eventFor('submit:review', LEAD), 'RECTIFYING.departmentReview');
    // Not without a department named, nor as anything but a yes or no.
    const unnamed = snapshotOf('RECTIFYING.inProgress', { ...working.context, supervisingUnitId: null });
    expectRefused(unnamed, eventFor('submit:review', LEAD));
    expectRefused(working, { ...eventFor('submit', LEAD), departmentReview: 'yes' } as unknown as IssueEvent);
    // The office waits: it accepts nothing the department has not passed on.
    expectRefused(review, eventFor('verify:pass', OFFICE));
    expect(refusalOf(review, OFFICE, 'signOff', AT)).toBe('NOT_SUPERVISING_UNIT');
    expect(allowedEvents(review, DEPT, AT)).toEqual(['signOff', 'sendBack']);
    expect(allowedEvents(review, LEAD, AT)).toEqual([]);
    const passed = expectAccepted(review, eventFor('signOff:department', DEPT), 'RECTIFYING.submitted');
    expect(passed.context.sentBackCount).toBe(0);
    expectAccepted(passed, accept(ALL), 'VERIFIED.leadershipApproval');
    const back = expectAccepted(review, eventFor('sendBack:department', DEPT), 'RECTIFYING.inProgress');
    expect(back.context.sentBackCount).toBe(1);
    // An acceptance never names the department's review: it comes before.
    expectRefused(passed, accept(['DEPARTMENT_REVIEW', 'LEADERSHIP_APPROVAL']));
  });

  it('stops the notice on an objection; the office dismisses it (the notice runs again) or upholds it (sent back)', () => {
    const s = expectAccepted(submitted(), accept(['PUBLIC_NOTICE']), 'VERIFIED.publicNotice');
    const objection = { type: 'object', at: AT, comment: '群众反映夜间仍有偷排' } as const;
    for (const actor of [LEAD, LEADER, SYSTEM]) expectRefused(s, { ...objection, actor } as IssueEvent);
    const objected = expectAccepted(s, { ...objection, actor: OFFICE } as IssueEvent, 'VERIFIED.objected');
    // Stopped: not ended by the sweep, however long it waits.
    expectRefused(objected, sign('PUBLIC_NOTICE', null, AFTER_NOTICE));
    const LATER_END = '2026-03-20T16:00:00.000Z';
    const dismiss = { type: 'dismissObjection', actor: OFFICE, at: AFTER_NOTICE, comment: '经核查不属实' } as const;
    // Its new end comes with it, after the event.
    expectRefused(objected, dismiss as IssueEvent);
    expectRefused(objected, { ...dismiss, noticeEndsAt: AT } as IssueEvent);
    const again = expectAccepted(
      objected,
      { ...dismiss, noticeEndsAt: LATER_END } as IssueEvent,
      'VERIFIED.publicNotice',
    );
    expect(again.context.noticeEndsAt).toBe(LATER_END);
    expectRefused(again, sign('PUBLIC_NOTICE', null, AFTER_NOTICE));
    expectAccepted(again, sign('PUBLIC_NOTICE', null, LATER_END), 'VERIFIED.signedOff');
    const upheld = expectAccepted(
      objected,
      { type: 'sendBack', actor: OFFICE, at: AFTER_NOTICE, step: 'PUBLIC_NOTICE', comment: '异议属实' } as IssueEvent,
      'RECTIFYING.inProgress',
    );
    expect(upheld.context.sentBackCount).toBe(1);
  });

  it('refuses a chain out of order or unknown, a notice without its end, a city review without its document', () => {
    for (const steps of [['CITY_REVIEW', 'LEADERSHIP_APPROVAL'], ['PUBLIC_NOTICE', 'PUBLIC_NOTICE'], ['MAYOR']]) {
      expectRefused(submitted(), { ...accept([]), signOffSteps: steps } as IssueEvent);
    }
    expectRefused(submitted(), { ...accept(['PUBLIC_NOTICE']), noticeEndsAt: undefined } as IssueEvent);
    expectRefused(submitted(), { ...accept(['CITY_REVIEW']), noticeEndsAt: NOTICE_END } as IssueEvent);
    const city = expectAccepted(submitted(), accept(['CITY_REVIEW']), 'VERIFIED.cityReview');
    expectRefused(city, { ...sign('CITY_REVIEW', null, AT), documentNumber: undefined } as IssueEvent);
    expectRefused(city, { ...sign('CITY_REVIEW', null, AT), documentNumber: ' ' } as IssueEvent);
    expectAccepted(city, sign('CITY_REVIEW', null, AT), 'VERIFIED.signedOff');
    const leaders = expectAccepted(
      submitted(),
      accept(['LEADERSHIP_APPROVAL', 'PUBLIC_NOTICE']),
      'VERIFIED.leadershipApproval',
    );
    expectRefused(leaders, {
      ...sign('LEADERSHIP_APPROVAL', 'PUBLIC_NOTICE', AT),
      noticeEndsAt: undefined,
    } as IssueEvent);
  });

  it('the city’s review is the city office’s (or the district office’s, with the city’s 文号); nobody else’s', () => {
    const city = expectAccepted(submitted(), accept(['CITY_REVIEW']), 'VERIFIED.cityReview');
    expect(allowedEvents(city, CITY_OFFICE, AT)).toEqual(['signOff', 'sendBack']);
    expect(allowedEvents(city, CITY_LEADER, AT)).toEqual([]);
    expect(allowedEvents(city, OFFICE, AT)).toEqual(expect.arrayContaining(['signOff', 'sendBack']));
    for (const type of ['signOff', 'sendBack'] as const) {
      expect(refusalOf(city, CITY_OFFICE, type, AT, {}, 'CITY_REVIEW')).toBeNull();
      expect(refusalOf(city, OFFICE, type, AT, {}, 'CITY_REVIEW')).toBeNull();
      for (const actor of [CITY_LEADER, LEADER, LEAD, SYSTEM])
        expect(refusalOf(city, actor, type, AT, {}, 'CITY_REVIEW')).toBe('CITY_OFFICE_ONLY');
    }
    expectAccepted(city, sign('CITY_REVIEW', null, AT, CITY_OFFICE), 'VERIFIED.signedOff');
    expectAccepted(
      city,
      {
        type: 'sendBack',
        actor: CITY_OFFICE,
        at: AT,
        step: 'CITY_REVIEW',
        comment: '市级审核：佐证不足',
      } as IssueEvent,
      'RECTIFYING.inProgress',
    );
    // Nothing else of a district's problem is the city office's, at this step or any other.
    const notice = expectAccepted(submitted(), accept(['PUBLIC_NOTICE']), 'VERIFIED.publicNotice');
    expect(allowedEvents(notice, CITY_OFFICE, AFTER_NOTICE)).toEqual([]);
    expect(refusalOf(city, CITY_OFFICE, 'close', AT, {})).toBe('CITY_OFFICE_ONLY');
  });
});
