// Property-based tests: the real machine against a tiny reference model written from domain.md, driven by random
// event sequences (random actors, valid and invalid payloads, a clock that moves on). Deterministic seed.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { allowedEvents, initialSnapshot, step, substateOf, type IssueSnapshot } from './issue.runtime.js';
import {
  ISSUE_EVENT_TYPES,
  ISSUE_SOURCES,
  SUBSTATES,
  type Actor,
  type IssueEvent,
  type IssueEventType,
  type IssueSource,
  type PendingExtension,
  type PlanPerson,
  type SignOffStep,
  type Substate,
} from './issue.types.js';

const SEED = 20_260_302;
const RUNS = 1000;
const MAX_STEPS = 80;
const DAY = 86_400_000;
const START = Date.parse('2026-03-02T02:00:00.000Z');
const UNITS = ['unit-a', 'unit-b', 'unit-c'];

// ---------------------------------------------------------------------------------------------
// The reference model: what domain.md says, in a few lines per event. Nothing here comes from the machine.
// ---------------------------------------------------------------------------------------------

const LEVELS = ['NONE', 'WARNING', 'SUPERVISION', 'NAMED_SUPERVISION'];
const IP: Substate = 'RECTIFYING.inProgress';
const SUB: Substate = 'RECTIFYING.submitted';
/** Submitted to the supervising department first, as the policy may say. */
const REVIEW: Substate = 'RECTIFYING.departmentReview';

interface Model {
  source: IssueSource;
  /** Filed as a complaint (any source may be): its finding and the complainant's satisfaction are recorded. */
  complaint: boolean;
  /** 执法成果 as last submitted: orders to correct, cases opened, yuan of fines. */
  enforcement: [number, number, number] | null;
  substate: Substate;
  lead: string | null;
  supervisor: string | null;
  kind: string | null;
  dueAt: string | null;
  pending: PendingExtension | null;
  progress: number;
  escalation: string;
  rebounds: number;
  published: boolean;
  duplicateOf: string | null;
  /** The steps after acceptance its policy named, and when its public notice ends. */
  chain: SignOffStep[];
  noticeEndsAt: string | null;
  /** 整改方案: in force or sent back, its milestones by date, each done or not. */
  plan: {
    status: 'IN_FORCE' | 'RETURNED';
    milestones: { title: string; dueAt: string; done: boolean; level: string }[];
  } | null;
  /** 配合单位: each cooperating unit's part (from assignments stamped withParts), done or waived. */
  parts: { unitId: string; done: boolean; waived: boolean }[];
  /** 督办单 not yet closed: awaiting the unit's reply, or replied and awaiting the office. */
  orders: { id: string; replied: boolean }[];
  /** 领导批示 the unit has not acknowledged. */
  instructions: string[];
}

const fresh = (source: IssueSource, complaint: boolean): Model => ({
  source,
  complaint,
  enforcement: null,
  substate: 'FILED',
  lead: null,
  supervisor: null,
  kind: null,
  dueAt: null,
  pending: null,
  progress: 0,
  escalation: 'NONE',
  rebounds: 0,
  published: false,
  duplicateOf: null,
  chain: [],
  noticeEndsAt: null,
  plan: null,
  parts: [],
  orders: [],
  instructions: [],
});

/** The chain: after acceptance, the leaders approve, the public is told for some days, the city reviews; then 销号. */
const STEPS: SignOffStep[] = ['LEADERSHIP_APPROVAL', 'PUBLIC_NOTICE', 'CITY_REVIEW'];
const AT_STEP: Record<SignOffStep, Substate> = {
  DEPARTMENT_REVIEW: REVIEW,
  LEADERSHIP_APPROVAL: 'VERIFIED.leadershipApproval',
  PUBLIC_NOTICE: 'VERIFIED.publicNotice',
  CITY_REVIEW: 'VERIFIED.cityReview',
};
const SIGNED: Substate = 'VERIFIED.signedOff';
/** The step a problem is at (an objection stops the notice, which is still the step), or null. */
const stepAt = (m: Model): SignOffStep | null =>
  m.substate === 'VERIFIED.objected'
    ? 'PUBLIC_NOTICE'
    : m.substate === REVIEW
      ? 'DEPARTMENT_REVIEW'
      : (STEPS.find((s) => AT_STEP[s] === m.substate) ?? null);
const stateAfter = (chain: SignOffStep[], step: SignOffStep | null): Substate => {
  // The department's review comes before the office's acceptance.
  if (step === 'DEPARTMENT_REVIEW') return SUB;
  const next = step === null ? chain[0] : chain[chain.indexOf(step) + 1];
  return next ? AT_STEP[next] : SIGNED;
};
const isChain = (x: unknown): x is SignOffStep[] =>
  Array.isArray(x) && x.every((s, i) => STEPS.includes(s) && (i === 0 || STEPS.indexOf(s) > STEPS.indexOf(x[i - 1])));

/** The diagram: where each event may be sent from. publish and markDuplicate: anywhere. */
const FROM: Record<IssueEventType, Substate[] | 'anywhere'> = {
  assign: ['FILED'],
  reassign: ['ASSIGNED'],
  accept: ['ASSIGNED'],
  return: ['ASSIGNED'],
  reportProgress: [IP],
  requestExtension: [IP],
  // A submission withdraws a pending request; one logged by machine version 1 (not stamped) left it to the office.
  decideExtension: [IP, REVIEW, SUB],
  submit: [IP],
  verify: [SUB],
  signOff: [REVIEW, 'VERIFIED.leadershipApproval', 'VERIFIED.publicNotice', 'VERIFIED.cityReview'],
  setPlan: [IP],
  // An order goes to a unit that holds the problem and has not finished; it is answered, and instructions written
  // and acknowledged, whatever the problem's state.
  superviseOrder: ['ASSIGNED', IP, REVIEW, SUB],
  replyToOrder: 'anywhere',
  decideOrderReply: 'anywhere',
  instruct: 'anywhere',
  acknowledgeInstruction: 'anywhere',
  returnPlan: [IP],
  completeMilestone: [IP],
  escalateMilestone: [IP],
  reportPart: [IP],
  waivePart: [IP],
  sendBack: [
    REVIEW,
    'VERIFIED.leadershipApproval',
    'VERIFIED.publicNotice',
    'VERIFIED.objected',
    'VERIFIED.cityReview',
  ],
  object: ['VERIFIED.publicNotice'],
  dismissObjection: ['VERIFIED.objected'],
  close: [SIGNED],
  revisit: ['CLOSED', 'REVISITED'],
  publish: 'anywhere',
  markDuplicate: 'anywhere',
  // Overdue problems escalate while the unit holds them.
  escalate: ['ASSIGNED', IP],
};

/** "accept, return, reportProgress, requestExtension, submit are the lead unit's; the others are the office's." */
const UNIT_EVENTS = new Set<IssueEventType>([
  'accept',
  'return',
  'reportProgress',
  'requestExtension',
  'submit',
  'setPlan',
  'completeMilestone',
  'replyToOrder',
  'acknowledgeInstruction',
]);

const pendingOf = (m: Model, unitId: string | null) => m.parts.find((p) => p.unitId === unitId && !p.done && !p.waived);

function mayAct(actor: Actor, m: Model, e: IssueEvent): boolean {
  const type = e.type;
  // The leaders' step is signed, or sent back, by a leader and nobody else. Who may act is judged for the step the
  // problem is at (what allowedEvents lists, the payload aside); an event naming another step is refused in apply.
  const step = type === 'signOff' || type === 'sendBack' ? (stepAt(m) ?? e.step) : null;
  if (actor.role === 'PUBLIC') return type === 'object'; // anyone may object to a closure in its public notice
  if (type === 'instruct') return actor.role === 'LEADER'; // 批示: a leader's word
  if (step === 'LEADERSHIP_APPROVAL') return actor.role === 'LEADER';
  // The department's review by the department the problem names, and nobody else.
  if (step === 'DEPARTMENT_REVIEW')
    return actor.role === 'UNIT' && m.supervisor !== null && actor.unitId === m.supervisor;
  if (actor.role === 'OFFICE') return true;
  // A cooperating unit reports its own part, while it has one to do.
  if (type === 'reportPart') return actor.role === 'UNIT' && pendingOf(m, actor.unitId) !== undefined;
  // The scheduler escalates, and ends a public notice that has run its days.
  if (actor.role === 'SYSTEM')
    return type === 'escalate' || type === 'escalateMilestone' || (type === 'signOff' && step === 'PUBLIC_NOTICE');
  if (actor.role === 'UNIT') return UNIT_EVENTS.has(type) && m.lead !== null && actor.unitId === m.lead;
  return false; // leaders read, and sign their step
}

const time = (s: unknown): number => (typeof s === 'string' ? Date.parse(s) : Number.NaN);
const isText = (s: unknown, max = 2000): boolean => typeof s === 'string' && s.trim() !== '' && s.length <= max;
const optText = (s: unknown, max = 2000): boolean => s == null || (typeof s === 'string' && s.length <= max);
const after = (s: unknown, ref: string | null): boolean => ref !== null && time(s) > time(ref);
const holdsDeadline = (m: Model): boolean => m.kind !== 'LONG_TERM' && m.dueAt !== null;
const samePending = (a: PendingExtension, b: PendingExtension): boolean =>
  a.reason === b.reason && time(a.newDueAt) === time(b.newDueAt) && time(a.requestedAt) === time(b.requestedAt);

/** Conditions on the problem beyond its state (the payload aside). */
function precondition(m: Model, e: IssueEvent): boolean {
  if (m.duplicateOf !== null) return e.type === 'publish'; // a duplicate takes no more events
  switch (e.type) {
    case 'requestExtension':
      return holdsDeadline(m) && m.pending === null && time(e.at) < time(m.dueAt); // one at a time, before the deadline
    case 'decideExtension':
      return m.pending !== null;
    case 'close':
      return (e.openChildren ?? 0) === 0; // not while a derived problem is open
    case 'markDuplicate':
      return (e.duplicates ?? 0) === 0; // an original with duplicates stays an original
    case 'escalate':
      return holdsDeadline(m) && m.escalation !== 'NAMED_SUPERVISION';
    case 'returnPlan':
    case 'completeMilestone':
      return m.plan?.status === 'IN_FORCE'; // only against a plan in force
    case 'escalateMilestone': // a milestone to do below the top rung, of a plan in force
      return m.plan?.status === 'IN_FORCE' && m.plan.milestones.some((x) => !x.done && x.level !== 'NAMED_SUPERVISION');
    case 'submit':
      return m.parts.every((p) => p.done || p.waived); // every cooperating unit's part done, or waived
    case 'reportPart':
    case 'waivePart':
      return m.parts.some((p) => !p.done && !p.waived);
    case 'replyToOrder':
      return m.orders.some((o) => !o.replied);
    case 'decideOrderReply':
      return m.orders.some((o) => o.replied);
    case 'acknowledgeInstruction':
      return m.instructions.length > 0;
    case 'signOff':
      // No step is signed while a public notice runs.
      return m.noticeEndsAt === null || time(e.at) >= time(m.noticeEndsAt);
    default:
      return true;
  }
}

/** The next model when the event is accepted, or null when the payload is refused. */
function apply(m: Model, e: IssueEvent): Model | null {
  const complaint = m.complaint;
  switch (e.type) {
    case 'assign':
    case 'reassign': {
      const coop = e.cooperatingUnitIds ?? [];
      const okCoop =
        Array.isArray(coop) && coop.every((u) => isText(u) && u !== e.leadUnitId) && new Set(coop).size === coop.length;
      const okDue =
        e.deadlineKind === 'LONG_TERM'
          ? e.dueAt == null
          : ['DATE', 'IMMEDIATE'].includes(e.deadlineKind) && after(e.dueAt, e.at);
      // The supervising department is neither the lead nor a cooperating unit.
      const sup = e.supervisingUnitId;
      const okSup = sup == null || (isText(sup) && sup !== e.leadUnitId && !coop.includes(sup));
      // Stamped by the service from version 6 on: each cooperating unit gets a part.
      const okParts = e.withParts === undefined || typeof e.withParts === 'boolean';
      if (!isText(e.leadUnitId) || !okCoop || !okDue || !okSup || !okParts || !optText(e.comment)) return null;
      return {
        ...m,
        substate: 'ASSIGNED',
        lead: e.leadUnitId,
        supervisor: sup ?? null,
        plan: null, // the plan was the last unit's
        parts: e.withParts === true ? coop.map((unitId) => ({ unitId, done: false, waived: false })) : [],
        kind: e.deadlineKind,
        dueAt: e.dueAt ?? null,
        pending: null,
        escalation: 'NONE',
      };
    }
    case 'accept':
      return optText(e.comment) ? { ...m, substate: IP } : null;
    case 'return': // back to the office, unassigned
      return isText(e.reason)
        ? {
            ...m,
            substate: 'FILED',
            lead: null,
            supervisor: null,
            plan: null,
            parts: [],
            kind: null,
            dueAt: null,
            pending: null,
            escalation: 'NONE',
          }
        : null;
    case 'reportProgress': {
      const p = e.progressPercent;
      return Number.isInteger(p) && p >= 0 && p <= 100 && isText(e.comment) ? { ...m, progress: p } : null;
    }
    case 'requestExtension':
      return after(e.newDueAt, m.dueAt) && isText(e.reason)
        ? { ...m, pending: { newDueAt: e.newDueAt, reason: e.reason, requestedAt: e.at } }
        : null;
    case 'decideExtension':
      if (typeof e.approve !== 'boolean' || !optText(e.comment)) return null;
      // The deadline moves only when the office approves; a new deadline starts escalation again.
      return e.approve
        ? { ...m, dueAt: m.pending!.newDueAt, pending: null, escalation: 'NONE' }
        : { ...m, pending: null };
    case 'submit': {
      const okFinding =
        e.finding == null || (complaint && ['SUBSTANTIATED', 'PARTLY_SUBSTANTIATED', 'UNFOUNDED'].includes(e.finding));
      // The request it withdraws must be the pending one (none: null); a version 1 submission names none and keeps it.
      const stamp = e.withdrawnExtension;
      const okStamp =
        stamp === undefined ||
        (stamp === null || m.pending === null ? stamp === m.pending : samePending(stamp, m.pending));
      // To the department first when the service says so (only if the problem names one); absent before version 4.
      const review = e.departmentReview;
      const okReview = review === undefined || review === false || (review === true && m.supervisor !== null);
      // Enforcement outcomes: whole counts, a fine to the fen, none negative or absurd; absent: as last reported.
      const f = e.enforcement;
      const okEnforcement =
        f == null ||
        (typeof f === 'object' &&
          [f.ordersToCorrect, f.casesOpened].every((n) => Number.isInteger(n) && n >= 0 && n <= 10_000) &&
          typeof f.fineYuan === 'number' &&
          Number.isInteger(Math.round(f.fineYuan * 100)) &&
          Math.abs(Math.round(f.fineYuan * 100) - f.fineYuan * 100) < 1e-6 &&
          f.fineYuan >= 0 &&
          f.fineYuan <= 1e9);
      if (!isText(e.summary) || !okFinding || !okStamp || !okReview || !okEnforcement) return null;
      return {
        ...m,
        substate: review === true ? REVIEW : SUB,
        pending: stamp === undefined ? m.pending : null,
        enforcement: f ? [f.ordersToCorrect, f.casesOpened, f.fineYuan] : m.enforcement,
      };
    }
    case 'verify': {
      if (typeof e.passed !== 'boolean' || !optText(e.comment)) return null;
      if (!e.passed) {
        const clean = e.signOffSteps === undefined && e.noticeEndsAt == null;
        return isText(e.comment) && clean ? { ...m, substate: IP } : null; // a failure needs a comment
      }
      // Accepted work (a pending request is moot) enters the chain its policy names; a notice it starts, with its end.
      const chain = e.signOffSteps ?? []; // none before the chain existed
      if (!isChain(chain)) return null;
      const notice = chain[0] === 'PUBLIC_NOTICE';
      if (notice ? !after(e.noticeEndsAt, e.at) : e.noticeEndsAt != null) return null;
      const noticeEndsAt = notice ? e.noticeEndsAt! : m.noticeEndsAt;
      return { ...m, substate: stateAfter(chain, null), progress: 100, pending: null, chain, noticeEndsAt };
    }
    case 'signOff': {
      if (e.step !== stepAt(m) || m.substate === 'VERIFIED.objected') return null;
      const doc = e.step === 'CITY_REVIEW' ? isText(e.documentNumber, 100) : optText(e.documentNumber, 100);
      const into = stateAfter(m.chain, e.step);
      const notice = into === 'VERIFIED.publicNotice';
      if (!doc || !optText(e.comment) || (notice ? !after(e.noticeEndsAt, e.at) : e.noticeEndsAt != null)) return null;
      return { ...m, substate: into, noticeEndsAt: notice ? e.noticeEndsAt! : m.noticeEndsAt };
    }
    case 'sendBack':
      // Back to the unit, from the step it is at, with the reason; the acceptance and the chain are over.
      return e.step === stepAt(m) && isText(e.comment) ? { ...m, substate: IP, chain: [], noticeEndsAt: null } : null;
    case 'setPlan': {
      // Goal, measures, a leader and a person responsible (name and post), 1–20 dated milestones of distinct titles:
      // a new one after the event, none after a dated deadline, a long-term problem's at least yearly.
      const person = (x: unknown) =>
        x !== null && typeof x === 'object' && isText((x as PlanPerson).name, 50) && isText((x as PlanPerson).post, 50);
      const list = e.milestones as unknown;
      if (!isText(e.goal, 5000) || !isText(e.measures, 5000) || !person(e.leader) || !person(e.responsible))
        return null;
      if (!Array.isArray(list) || list.length === 0 || list.length > 20) return null;
      const ms = list as { title: string; dueAt: string }[];
      if (!ms.every((x) => x && isText(x.title, 5000) && Number.isFinite(time(x.dueAt)))) return null;
      if (new Set(ms.map((x) => x.title)).size !== ms.length) return null;
      const done = new Set(m.plan?.milestones.filter((x) => x.done).map((x) => x.title) ?? []);
      if (ms.some((x) => !done.has(x.title) && time(x.dueAt) <= time(e.at))) return null;
      const dues = ms.map((x) => time(x.dueAt)).sort((a, b) => a - b);
      if (m.kind !== 'LONG_TERM' && m.dueAt !== null && dues[dues.length - 1] > time(m.dueAt)) return null;
      if (m.kind === 'LONG_TERM' && dues.some((d, i) => d - (i === 0 ? time(e.at) : dues[i - 1]) > 366 * DAY))
        return null;
      // A milestone kept at its date keeps its rung.
      const was = new Map(m.plan?.milestones.map((x) => [x.title, x]) ?? []);
      const milestones = [...ms]
        .sort((a, b) => time(a.dueAt) - time(b.dueAt))
        .map((x) => ({
          title: x.title,
          dueAt: x.dueAt,
          done: done.has(x.title),
          level: was.get(x.title) && time(was.get(x.title)!.dueAt) === time(x.dueAt) ? was.get(x.title)!.level : 'NONE',
        }));
      return { ...m, plan: { status: 'IN_FORCE', milestones } };
    }
    case 'returnPlan':
      return isText(e.comment) ? { ...m, plan: { ...m.plan!, status: 'RETURNED' } } : null;
    case 'escalateMilestone': {
      // Only upwards, of a milestone to do, against the date it has.
      const target = m.plan!.milestones.find((x) => x.title === e.milestone && !x.done);
      const up = LEVELS.includes(e.level) && target && LEVELS.indexOf(e.level) > LEVELS.indexOf(target.level);
      const sameDate = e.dueAt == null || (target && time(e.dueAt) === time(target.dueAt));
      if (!isText(e.milestone, 5000) || !target || !up || !sameDate || !optText(e.comment)) return null;
      const milestones = m.plan!.milestones.map((x) => (x === target ? { ...x, level: e.level } : x));
      return { ...m, plan: { ...m.plan!, milestones } };
    }
    case 'completeMilestone': {
      const target = m.plan!.milestones.find((x) => x.title === e.milestone);
      if (!isText(e.milestone, 5000) || !target || target.done || !optText(e.comment)) return null;
      const milestones = m.plan!.milestones.map((x) => (x === target ? { ...x, done: true } : x));
      return { ...m, plan: { ...m.plan!, milestones } };
    }
    case 'reportPart': {
      // The sender's own part (the office names any), a percentage, what was done, and whether it is done.
      const part = pendingOf(m, e.unitId);
      const own = e.actor.role !== 'UNIT' || e.actor.unitId === e.unitId;
      const p = e.progressPercent;
      const ok = Number.isInteger(p) && p >= 0 && p <= 100 && isText(e.comment) && typeof e.done === 'boolean';
      if (!isText(e.unitId) || !part || !own || !ok) return null;
      return { ...m, parts: m.parts.map((x) => (x === part ? { ...x, done: e.done } : x)) };
    }
    case 'waivePart': {
      const part = pendingOf(m, e.unitId);
      if (!isText(e.unitId) || !part || !isText(e.reason)) return null;
      return { ...m, parts: m.parts.map((x) => (x === part ? { ...x, waived: true } : x)) };
    }
    case 'object':
      return isText(e.comment) ? { ...m, substate: 'VERIFIED.objected' } : null;
    case 'dismissObjection':
      return isText(e.comment) && after(e.noticeEndsAt, e.at)
        ? { ...m, substate: 'VERIFIED.publicNotice', noticeEndsAt: e.noticeEndsAt! }
        : null;
    case 'close': {
      const okSat =
        e.satisfaction == null ||
        (complaint && ['SATISFIED', 'BASICALLY_SATISFIED', 'UNSATISFIED'].includes(e.satisfaction));
      return okSat && optText(e.comment) ? { ...m, substate: 'CLOSED' } : null;
    }
    case 'revisit':
      if (typeof e.rebounded !== 'boolean' || !optText(e.comment)) return null;
      if (!e.rebounded) return e.newDueAt == null ? { ...m, substate: 'REVISITED' } : null;
      // A rebound reopens it with a comment and a new (future, dated) deadline, and counts.
      if (!isText(e.comment) || !after(e.newDueAt, e.at)) return null;
      return {
        ...m,
        substate: IP,
        kind: 'DATE',
        dueAt: e.newDueAt ?? null,
        pending: null,
        progress: 0,
        escalation: 'NONE',
        rebounds: m.rebounds + 1,
        chain: [],
        noticeEndsAt: null,
        plan: null,
        parts: m.parts.map((x) => ({ ...x, done: false, waived: false })), // a new round: each part to do again
      };
    case 'publish':
      if (typeof e.published !== 'boolean' || !(e.publicSummary == null || isText(e.publicSummary, 5000))) return null;
      return { ...m, published: e.published };
    case 'markDuplicate':
      // Never the duplicate of a duplicate.
      return isText(e.duplicateOfId) && e.originalIsDuplicate !== true && optText(e.comment)
        ? { ...m, duplicateOf: e.duplicateOfId }
        : null;
    case 'escalate': {
      // Only upwards, each rung once, and only against the deadline in force; 督办 and 挂牌督办 may raise an order.
      const up = LEVELS.indexOf(e.level) > LEVELS.indexOf(m.escalation);
      const sameDeadline = e.dueAt == null || time(e.dueAt) === time(m.dueAt);
      if (!up || !sameDeadline || !optText(e.comment)) return null;
      if (e.order == null) return { ...m, escalation: e.level };
      if (!ORDER_RUNGS.includes(e.level) || !goodOrder(m, e.order, e.at)) return null;
      return { ...m, escalation: e.level, orders: [...m.orders, { id: e.order.orderId, replied: false }] };
    }
    case 'superviseOrder': {
      // A rung of its own, reasons, a new order's number and reply date; the problem is at least at its rung.
      if (!ORDER_RUNGS.includes(e.level) || !isText(e.reasons, 5000) || !goodOrder(m, e, e.at)) return null;
      const escalation = LEVELS.indexOf(e.level) > LEVELS.indexOf(m.escalation) ? e.level : m.escalation;
      return { ...m, escalation, orders: [...m.orders, { id: e.orderId, replied: false }] };
    }
    case 'replyToOrder': {
      // The unit's written explanation and measures, to an order awaiting them.
      const target = m.orders.find((o) => o.id === e.orderId && !o.replied);
      if (!target || !isText(e.explanation, 5000) || !isText(e.measures, 5000) || !goodIds(e.issueIds)) return null;
      return { ...m, orders: m.orders.map((o) => (o === target ? { ...o, replied: true } : o)) };
    }
    case 'decideOrderReply': {
      // Accepted, the order is closed; sent back (with what is missing), it waits for another reply.
      const target = m.orders.find((o) => o.id === e.orderId && o.replied);
      const okComment = e.accepted === false ? isText(e.comment) : optText(e.comment);
      if (!target || typeof e.accepted !== 'boolean' || !okComment || !goodIds(e.issueIds)) return null;
      return {
        ...m,
        orders: e.accepted
          ? m.orders.filter((o) => o !== target)
          : m.orders.map((o) => (o === target ? { ...o, replied: false } : o)),
      };
    }
    case 'instruct': {
      const onOrder = e.orderId == null || m.orders.some((o) => o.id === e.orderId);
      if (!isText(e.instructionId) || m.instructions.includes(e.instructionId)) return null;
      if (!isText(e.text, 5000) || !onOrder || !goodIds(e.issueIds)) return null;
      return { ...m, instructions: [...m.instructions, e.instructionId] };
    }
    case 'acknowledgeInstruction':
      if (!m.instructions.includes(e.instructionId) || !optText(e.comment) || !goodIds(e.issueIds)) return null;
      return { ...m, instructions: m.instructions.filter((i) => i !== e.instructionId) };
  }
}

const ORDER_RUNGS = ['SUPERVISION', 'NAMED_SUPERVISION'];
/** The problems an order or instruction covers, as the service stamps them: absent, or a non-empty list of ids. */
const goodIds = (ids: unknown): boolean =>
  ids === undefined || (Array.isArray(ids) && ids.length > 0 && ids.every((x) => isText(x)));
/** A new order on the problem: its id not used, a number (文号), a reply due after the event. */
const goodOrder = (
  m: Model,
  o: { orderId: string; number: string; replyDueAt: string; issueIds?: string[] },
  at: string,
): boolean =>
  isText(o.orderId) &&
  !m.orders.some((x) => x.id === o.orderId) &&
  isText(o.number, 100) &&
  after(o.replyDueAt, at) &&
  goodIds(o.issueIds);

interface Verdict {
  /** State, actor and problem allow the event type (what allowedEvents should list). */
  permitted: boolean;
  next: Model | null;
}

function reference(m: Model, e: IssueEvent): Verdict {
  const from = FROM[e.type];
  const permitted = (from === 'anywhere' || from.includes(m.substate)) && mayAct(e.actor, m, e) && precondition(m, e);
  return { permitted, next: permitted ? apply(m, e) : null };
}

// ---------------------------------------------------------------------------------------------
// Random commands, turned into events against the current problem (so that "the lead unit" means something)
// ---------------------------------------------------------------------------------------------

interface Command {
  /** Most of the time pick among the events the reference allows from this state, else any event type. */
  likely: boolean;
  type: number;
  actor: number;
  /** Each payload field picks a good value when true, else one of the bad ones. */
  good: boolean[];
  pick: number[];
  /** How far the clock moves before this event. */
  advanceHours: number;
}

const commandArb: fc.Arbitrary<Command> = fc.record({
  likely: fc.boolean(),
  type: fc.nat(),
  actor: fc.nat(),
  good: fc.array(fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }), {
    minLength: 6,
    maxLength: 6,
  }),
  pick: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
  advanceHours: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 24 * 15 })),
});

const iso = (t: number) => new Date(t).toISOString();
const plus8 = (s: string) => {
  const d = new Date(Date.parse(s) + 8 * 3_600_000).toISOString();
  return `${d.slice(0, 19)}+08:00`;
};

class Picker {
  private i = 0;
  constructor(private readonly c: Command) {}
  /** A good value or a bad one for the next field. */
  field<T>(good: readonly T[], bad: readonly unknown[]): T {
    const k = this.i++ % 6;
    const n = this.c.pick[k];
    return (this.c.good[k] || bad.length === 0 ? good[n % good.length] : bad[n % bad.length]) as T;
  }
}

const LONG = 'x'.repeat(2001);
const BAD_TEXT = ['', '   ', LONG, null, 42];
const BAD_OPT_TEXT = [LONG, 'y'.repeat(5000)];
const BAD_DATES = ['not a date', '2026-13-45T00:00:00Z', '', null, 17];

function actorFor(c: Command, m: Model, type: IssueEventType): Actor {
  const lead = m.lead ?? UNITS[0];
  const other = UNITS.find((u) => u !== lead)!;
  const office: Actor = { role: 'OFFICE', unitId: null };
  const leadUnit: Actor = { role: 'UNIT', unitId: lead };
  const system: Actor = { role: 'SYSTEM', unitId: null };
  const supervisor: Actor = { role: 'UNIT', unitId: m.supervisor ?? UNITS[2] };
  const actors: Actor[] = [
    office,
    leadUnit,
    { role: 'UNIT', unitId: other },
    { role: 'LEADER', unitId: null },
    system,
    supervisor,
    { role: 'PUBLIC', unitId: null },
  ];
  // A likely command is mostly sent by whoever the event belongs to; the rest of the time by anyone.
  const leader: Actor = { role: 'LEADER', unitId: null };
  if (c.likely && c.actor % 3 !== 0) {
    if (type === 'escalate') return system;
    if (type === 'instruct') return leader;
    if ((type === 'signOff' || type === 'sendBack') && stepAt(m) === 'LEADERSHIP_APPROVAL') return leader;
    if ((type === 'signOff' || type === 'sendBack') && stepAt(m) === 'DEPARTMENT_REVIEW') return supervisor;
    if (type === 'signOff' && stepAt(m) === 'PUBLIC_NOTICE' && c.actor % 2 === 0) return system;
    const part = m.parts.find((p) => !p.done && !p.waived);
    if (type === 'reportPart' && part && c.actor % 2 === 1) return { role: 'UNIT', unitId: part.unitId };
    return UNIT_EVENTS.has(type) ? leadUnit : office;
  }
  return actors[c.actor % actors.length];
}

/** `linked`: the other problems the service would count: open derived ones before a close, duplicates before a markDuplicate. */
function eventFor(c: Command, m: Model, now: number, linked: number): IssueEvent {
  // Side events (any state's, and supervision orders) now and then, so that the work still moves on to the end.
  const reachable = ISSUE_EVENT_TYPES.filter((t) => {
    const from = FROM[t];
    if (from === 'anywhere') return c.type % 7 === 0;
    return from.includes(m.substate) && (t !== 'superviseOrder' || c.type % 7 === 0);
  });
  const pool = c.likely && reachable.length > 0 ? reachable : ISSUE_EVENT_TYPES;
  const type = pool[c.type % pool.length];
  const p = new Picker(c);
  const at = iso(now);
  const future = [iso(now + 10 * DAY), iso(now + 45 * DAY), plus8(iso(now + 3 * DAY))];
  const past = [iso(now - DAY), iso(now)];
  const actor = actorFor(c, m, type);
  const base = { actor, at };
  const text = (good: string) => p.field([good, '整改说明'], BAD_TEXT);
  const optText = () => p.field([undefined, null, '好', 'z'.repeat(2000)], BAD_OPT_TEXT);
  switch (type) {
    case 'assign':
    case 'reassign': {
      const lead = p.field(UNITS, ['', ' ', null]);
      const others = UNITS.filter((u) => u !== lead);
      const kind = p.field(['DATE', 'DATE', 'IMMEDIATE', 'LONG_TERM'], ['SOON', null]);
      const dueAt =
        kind === 'LONG_TERM' ? p.field([null, undefined], future) : p.field(future, [...past, ...BAD_DATES]);
      const cooperating = p.field([[], [others[0]], others], [[lead], [others[0], others[0]], ['']]);
      const free = UNITS.filter((u) => u !== lead && !(Array.isArray(cooperating) && cooperating.includes(u)));
      return {
        ...base,
        type,
        leadUnitId: lead,
        cooperatingUnitIds: cooperating,
        supervisingUnitId: p.field([undefined, null, ...free], [lead, others[0], ' ']),
        // Stamped as the service does from version 6 on (now and then as earlier versions logged it: not at all).
        withParts: p.field([true, true, undefined], ['yes']),
        deadlineKind: kind,
        dueAt,
        comment: optText(),
      } as IssueEvent;
    }
    case 'accept':
      return { ...base, type, comment: optText() } as IssueEvent;
    case 'return':
      return { ...base, type, reason: text('不属于本单位职责') } as IssueEvent;
    case 'reportProgress':
      return {
        ...base,
        type,
        progressPercent: p.field([0, 35, 100], [-1, 101, 50.5, '60', null]),
        comment: text('完成60%'),
      } as IssueEvent;
    case 'requestExtension': {
      const due = m.dueAt ? Date.parse(m.dueAt) : now;
      return {
        ...base,
        type,
        newDueAt: p.field([iso(due + 20 * DAY), plus8(iso(due + DAY))], [iso(due), iso(due - DAY), ...BAD_DATES]),
        reason: text('设备到货延迟'),
      } as IssueEvent;
    }
    case 'decideExtension':
      return { ...base, type, approve: p.field([true, false], ['yes', null]), comment: optText() } as IssueEvent;
    case 'submit':
      return {
        ...base,
        type,
        summary: text('已完成整改'),
        finding: p.field(m.complaint ? [null, 'UNFOUNDED', 'SUBSTANTIATED'] : [null, undefined], [
          'MAYBE',
          'UNFOUNDED',
        ]),
        // Stamped as the service does (now and then as machine version 1 logged it: not at all), or wrongly.
        withdrawnExtension: p.field(
          [m.pending, m.pending, undefined],
          m.pending
            ? [null, { ...m.pending, reason: '另一项申请' }, { ...m.pending, requestedAt: at }]
            : [{ newDueAt: iso(now + DAY), reason: '无', requestedAt: at }],
        ),
        // Stamped as the service does (to the department when it names one, often), or wrongly.
        departmentReview: p.field(
          m.supervisor !== null ? [true, true, false, undefined] : [false, undefined],
          m.supervisor !== null ? ['yes'] : [true, 'yes'],
        ),
        // 执法成果 now and then (责令改正, 立案, 罚款), or wrongly.
        enforcement: p.field(
          [undefined, undefined, null, { ordersToCorrect: 2, casesOpened: 1, fineYuan: 30000.5 }],
          [
            { ordersToCorrect: -1, casesOpened: 0, fineYuan: 0 },
            { ordersToCorrect: 1, casesOpened: 0.5, fineYuan: 0 },
            { ordersToCorrect: 1, casesOpened: 0, fineYuan: 0.001 },
            'many',
          ],
        ),
      } as IssueEvent;
    case 'verify': {
      const passed = p.field([true, false], ['true', null]);
      // Stamped as the service does: the chain of one of the policies (or none, as versions 1 and 2 logged it).
      const chain = p.field(
        [undefined, [], ['LEADERSHIP_APPROVAL'], ['PUBLIC_NOTICE', 'CITY_REVIEW'], ['CITY_REVIEW'], STEPS],
        [['CITY_REVIEW', 'PUBLIC_NOTICE'], ['MAYOR'], ['DEPARTMENT_REVIEW', 'LEADERSHIP_APPROVAL']],
      );
      const notice = passed === true && Array.isArray(chain) && chain[0] === 'PUBLIC_NOTICE';
      return {
        ...base,
        type,
        passed,
        comment: passed === false ? text('整改不到位') : optText(),
        ...(passed === true ? { signOffSteps: chain } : {}),
        ...(notice ? { noticeEndsAt: p.field(future, past) } : {}),
      } as IssueEvent;
    }
    case 'signOff': {
      const step = p.field(
        [stepAt(m) ?? 'CITY_REVIEW', stepAt(m) ?? 'PUBLIC_NOTICE'],
        [...STEPS, 'DEPARTMENT_REVIEW', 'MAYOR'],
      );
      const into = step in AT_STEP ? stateAfter(m.chain, step) : null;
      return {
        ...base,
        type,
        step,
        documentNumber:
          step === 'CITY_REVIEW'
            ? p.field(['渝环督〔2026〕12号'], ['', null])
            : p.field([undefined, null], ['x'.repeat(101)]),
        comment: optText(),
        ...(into === 'VERIFIED.publicNotice' ? { noticeEndsAt: p.field(future, past) } : {}),
      } as IssueEvent;
    }
    case 'sendBack':
      return {
        ...base,
        type,
        step: p.field([stepAt(m) ?? 'CITY_REVIEW'], [...STEPS, 'DEPARTMENT_REVIEW', 'MAYOR']),
        comment: text('整改不到位'),
      } as IssueEvent;
    case 'setPlan': {
      const soon = [iso(now + 3 * DAY), iso(now + 9 * DAY)];
      const done = m.plan?.milestones.filter((x) => x.done).map((x) => ({ title: x.title, dueAt: x.dueAt })) ?? [];
      return {
        ...base,
        type,
        goal: text('消除黑臭'),
        measures: text('截污纳管'),
        leader: p.field([{ name: '王某', post: '副镇长' }], [null, { name: '', post: '副镇长' }, '王某']),
        responsible: { name: '李某', post: '环保办主任' },
        milestones: p.field(
          [[{ title: '截污', dueAt: soon[0] }], [...done, { title: '清淤', dueAt: soon[1] }]],
          [
            [],
            [{ title: '', dueAt: soon[0] }],
            [{ title: '旧节点', dueAt: iso(now - DAY) }],
            [{ title: '截污', dueAt: 'x' }],
          ],
        ),
      } as IssueEvent;
    }
    case 'returnPlan':
      return { ...base, type, comment: text('请补充措施') } as IssueEvent;
    case 'escalateMilestone': {
      const pending = m.plan?.milestones.find((x) => !x.done);
      return {
        ...base,
        type,
        milestone: p.field([pending?.title ?? '截污'], ['不存在的节点', '']),
        level: p.field(['WARNING', 'SUPERVISION', 'NAMED_SUPERVISION', 'NONE'], ['URGENT']),
        dueAt: p.field([undefined, pending?.dueAt ?? null], [iso(now + 99 * DAY)]),
      } as IssueEvent;
    }
    case 'reportPart':
    case 'waivePart': {
      const part = m.parts.find((x) => !x.done && !x.waived)?.unitId ?? UNITS[1];
      const done = m.parts.find((x) => x.done)?.unitId ?? UNITS[2];
      const unitId = p.field([part], ['', done, 'unit-x']);
      return type === 'waivePart'
        ? ({ ...base, type, unitId, reason: text('已由牵头单位完成') } as IssueEvent)
        : ({
            ...base,
            type,
            unitId,
            progressPercent: p.field([60, 100], [101, -1, 2.5]),
            comment: text('配合任务完成'),
            done: p.field([true, false], ['yes', null]),
          } as IssueEvent);
    }
    case 'completeMilestone': {
      const pending = m.plan?.milestones.find((x) => !x.done)?.title ?? '截污';
      return {
        ...base,
        type,
        milestone: p.field([pending], ['不存在的节点', '', m.plan?.milestones.find((x) => x.done)?.title ?? '清淤']),
        comment: optText(),
      } as IssueEvent;
    }
    case 'object':
      return { ...base, type, comment: text('群众反映仍有问题') } as IssueEvent;
    case 'dismissObjection':
      return { ...base, type, comment: text('经核查异议不成立'), noticeEndsAt: p.field(future, past) } as IssueEvent;
    case 'close':
      return {
        ...base,
        type,
        comment: optText(),
        satisfaction: p.field(m.complaint ? [null, 'SATISFIED', 'UNSATISFIED'] : [null], ['HAPPY', 'SATISFIED']),
        openChildren: linked,
      } as IssueEvent;
    case 'revisit': {
      const rebounded = p.field([false, true], [null, 'no']);
      return {
        ...base,
        type,
        rebounded,
        comment: rebounded === true ? text('问题反弹') : optText(),
        newDueAt: rebounded === true ? p.field(future, [...past, ...BAD_DATES]) : p.field([null, undefined], future),
      } as IssueEvent;
    }
    case 'publish':
      return {
        ...base,
        type,
        published: p.field([true, false], [1, null]),
        publicSummary: p.field([null, undefined, '已整改完成'], ['', '  ', 'p'.repeat(5001)]),
      } as IssueEvent;
    case 'markDuplicate':
      return {
        ...base,
        type,
        duplicateOfId: p.field(['issue-original'], ['', ' ', null]),
        comment: optText(),
        duplicates: linked,
        originalIsDuplicate: p.field([false, undefined], [true]),
      } as IssueEvent;
    case 'escalate': {
      const due = m.dueAt;
      return {
        ...base,
        type,
        level: p.field(['WARNING', 'SUPERVISION', 'NAMED_SUPERVISION', 'NONE'], ['URGENT', null]),
        comment: optText(),
        dueAt: p.field(due ? [undefined, null, due, plus8(due)] : [undefined, null], [iso(now + 99 * DAY), 'never']),
        // Where the office configured it, the rung raises an order.
        order: p.field(
          [undefined, null, { orderId: `order-${now}`, number: '督〔2026〕9号', replyDueAt: future[0] }],
          [{ orderId: '', number: '督〔2026〕9号', replyDueAt: future[0] }],
        ),
      } as IssueEvent;
    }
    case 'superviseOrder':
      return {
        ...base,
        type,
        orderId: p.field([`order-${now}`], ['', m.orders[0]?.id ?? ' ']),
        number: p.field(['督〔2026〕3号'], ['', 'n'.repeat(101)]),
        level: p.field(['SUPERVISION', 'NAMED_SUPERVISION'], ['WARNING', 'URGENT']),
        replyDueAt: p.field(future, [...past, ...BAD_DATES]),
        reasons: text('逾期未完成整改'),
        issueIds: p.field([undefined, ['issue-1', 'issue-2']], [[], ['']]),
      } as IssueEvent;
    case 'replyToOrder':
      return {
        ...base,
        type,
        orderId: p.field([m.orders.find((o) => !o.replied)?.id ?? 'order-none'], ['', 'order-none']),
        explanation: text('设备到货延迟'),
        measures: text('增派人手，月底前完成'),
        issueIds: p.field([undefined, ['issue-1']], [[]]),
      } as IssueEvent;
    case 'decideOrderReply': {
      const accepted = p.field([true, false], ['yes', null]);
      return {
        ...base,
        type,
        orderId: p.field([m.orders.find((o) => o.replied)?.id ?? 'order-none'], ['', 'order-none']),
        accepted,
        comment: accepted === false ? text('请写明完成时间') : optText(),
      } as IssueEvent;
    }
    case 'instruct':
      return {
        ...base,
        type,
        instructionId: p.field([`instruction-${now}`], ['', m.instructions[0] ?? ' ']),
        text: text('请务必按期完成'),
        orderId: p.field([undefined, null, ...(m.orders[0] ? [m.orders[0].id] : [])], ['order-none']),
      } as IssueEvent;
    case 'acknowledgeInstruction':
      return {
        ...base,
        type,
        instructionId: p.field([m.instructions[0] ?? 'instruction-none'], ['instruction-none', '']),
        comment: optText(),
      } as IssueEvent;
  }
}

// ---------------------------------------------------------------------------------------------
// The properties
// ---------------------------------------------------------------------------------------------

/** What the service mirrors of the machine, as the reference knows it. */
function observed(s: IssueSnapshot) {
  const c = s.context;
  return {
    substate: substateOf(s),
    complaint: c.complaint,
    enforcement: c.enforcement && [c.enforcement.ordersToCorrect, c.enforcement.casesOpened, c.enforcement.fineYuan],
    lead: c.leadUnitId,
    supervisor: c.supervisingUnitId,
    kind: c.deadlineKind,
    dueAt: c.dueAt === null ? null : Date.parse(c.dueAt),
    pending: c.pendingExtension === null ? null : Date.parse(c.pendingExtension.newDueAt),
    progress: c.progressPercent,
    escalation: c.escalationLevel,
    rebounds: c.reboundCount,
    published: c.published,
    duplicateOf: c.duplicateOfId,
    chain: c.signOffSteps,
    noticeEndsAt: c.noticeEndsAt === null ? null : Date.parse(c.noticeEndsAt),
    plan: c.plan && {
      status: c.plan.status,
      milestones: c.plan.milestones.map((x) => [
        x.title,
        Date.parse(x.dueAt),
        x.doneAt !== null,
        x.escalationLevel ?? 'NONE',
      ]),
    },
    parts: c.parts.map((x) => [x.unitId, x.doneAt !== null, x.waivedReason !== null]),
    orders: c.orders.map((o) => [o.id, o.repliedAt !== null]),
    instructions: c.instructions.map((i) => i.id),
  };
}

function expected(m: Model) {
  return {
    substate: m.substate,
    complaint: m.complaint,
    enforcement: m.enforcement,
    lead: m.lead,
    supervisor: m.supervisor,
    kind: m.kind,
    dueAt: m.dueAt === null ? null : Date.parse(m.dueAt),
    pending: m.pending === null ? null : Date.parse(m.pending.newDueAt),
    progress: m.progress,
    escalation: m.escalation,
    rebounds: m.rebounds,
    published: m.published,
    duplicateOf: m.duplicateOf,
    chain: m.chain,
    noticeEndsAt: m.noticeEndsAt === null ? null : Date.parse(m.noticeEndsAt),
    plan: m.plan && {
      status: m.plan.status,
      milestones: m.plan.milestones.map((x) => [x.title, Date.parse(x.dueAt), x.done, x.level]),
    },
    parts: m.parts.map((x) => [x.unitId, x.done, x.waived]),
    orders: m.orders.map((o) => [o.id, o.replied]),
    instructions: m.instructions,
  };
}

interface Run {
  source: IssueSource;
  /** Filed as a complaint: every PUBLIC_COMPLAINT, and now and then a problem of another source (its round kept). */
  complaint: boolean;
  commands: Command[];
  children: number[];
}

const runArb: fc.Arbitrary<Run> = fc.record({
  source: fc.oneof(fc.constant<IssueSource>('PUBLIC_COMPLAINT'), fc.constantFrom(...ISSUE_SOURCES)),
  complaint: fc.boolean(),
  commands: fc.array(commandArb, { minLength: 1, maxLength: MAX_STEPS, size: 'max' }),
  children: fc.array(
    fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) }),
    {
      minLength: 1,
      maxLength: 5,
    },
  ),
});

describe('the machine against a reference model, on random event sequences (fast-check)', () => {
  const visited = new Set<string>();
  const acceptedTypes = new Set<string>();
  const refusedTypes = new Set<string>();
  let steps = 0;
  /** Accepted submissions that withdrew a pending request, and version 1 ones that kept it. */
  let withdrawn = 0;
  let kept = 0;

  it(`agrees with the reference model after every step (${RUNS} runs of up to ${MAX_STEPS} events, seed ${SEED})`, () => {
    fc.assert(
      fc.property(runArb, ({ source, complaint: asComplaint, commands, children }) => {
        const complaint = source === 'PUBLIC_COMPLAINT' || asComplaint;
        let snapshot = initialSnapshot({ source, complaint });
        let model = fresh(source, complaint);
        let now = START;
        let version = 1; // the "file" row
        const log: IssueEvent[] = [];
        commands.forEach((c, i) => {
          now += c.advanceHours * 3_600_000;
          const event = eventFor(c, model, now, children[i % children.length]);
          const verdict = reference(model, event);
          const facts =
            event.type === 'close'
              ? { openChildren: event.openChildren }
              : event.type === 'markDuplicate'
                ? { duplicates: event.duplicates }
                : {};
          // What the machine lists for this caller is what the reference permits (payload aside).
          const listed = allowedEvents(snapshot, event.actor, event.at, facts).includes(event.type);
          if (listed !== verdict.permitted)
            expect({ step: i, model, event, listed }).toEqual({ step: i, model, event, listed: verdict.permitted });
          const before = snapshot;
          const result = step(snapshot, event);
          if (result.changed !== (verdict.next !== null)) {
            expect({ step: i, model, event, accepted: result.changed }).toEqual({
              step: i,
              model,
              event,
              accepted: verdict.next !== null,
            });
          }
          steps++;
          if (verdict.next === null) {
            refusedTypes.add(event.type);
            // A refused event changes nothing.
            expect(result.snapshot).toBe(before);
            return;
          }
          acceptedTypes.add(
            `${event.type}${event.type === 'verify' ? `:${event.passed}` : event.type === 'revisit' ? `:${event.rebounded}` : ''}`,
          );
          if (event.type === 'submit' && model.pending !== null) {
            if (event.withdrawnExtension === undefined) kept++;
            else withdrawn++;
          }
          snapshot = result.snapshot;
          model = verdict.next;
          version++;
          log.push(event);
          visited.add(substateOf(snapshot));
          const got = observed(snapshot);
          const want = expected(model);
          if (JSON.stringify(got) !== JSON.stringify(want))
            expect({ step: i, event, state: got }).toEqual({ step: i, event, state: want });
        });
        // version = accepted events (+ the filing), and the log replays to the same value and context.
        expect(version).toBe(log.length + 1);
        let replayed = initialSnapshot({ source, complaint });
        for (const e of log) {
          const r = step(replayed, e);
          expect(r.changed).toBe(true);
          replayed = r.snapshot;
        }
        expect(replayed.value).toEqual(snapshot.value);
        expect(replayed.context).toEqual(snapshot.context);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('reached every substate and accepted and refused every event type along the way', () => {
    expect([...visited].sort()).toEqual([...SUBSTATES].sort());
    const all = ISSUE_EVENT_TYPES.flatMap((t) =>
      t === 'verify' ? ['verify:true', 'verify:false'] : t === 'revisit' ? ['revisit:true', 'revisit:false'] : [t],
    );
    expect([...acceptedTypes].sort()).toEqual(all.sort());
    expect([...refusedTypes].sort()).toEqual([...ISSUE_EVENT_TYPES].sort());
    expect(steps).toBeGreaterThan(RUNS * 10);
    expect(withdrawn).toBeGreaterThan(0);
    expect(kept).toBeGreaterThan(0);
  });
});
