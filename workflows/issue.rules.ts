// The rules behind the machine's guards, as plain predicates so that the service can tell
// *why* an event is refused (FORBIDDEN / INVALID_TRANSITION / BAD_USER_INPUT) before stepping.
import {
  COMPLAINT_FINDINGS,
  DEADLINE_KINDS,
  ESCALATION_LEVELS,
  ORDER_LEVELS,
  REVIEW_STEP,
  SATISFACTIONS,
  SIGN_OFF_STEPS,
} from './issue.types.js';
import type {
  Actor,
  CooperationPart,
  EventOf,
  SignOffStep,
  IssueContext,
  IssueEvent,
  IssueEventType,
  IssueSource,
  OrderStamp,
  PayloadProblem,
  PayloadProblemReason,
  PendingExtension,
  TransitionRefusalReason,
} from './issue.types.js';

/** Events that belong to the lead unit (the office may also send them on its behalf). */
export const LEAD_UNIT_EVENTS: ReadonlySet<IssueEventType> = new Set([
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

/** Events that may carry evidence (整改佐证) uploaded beforehand: an upload nothing of these could attach is refused. */
export const EVIDENCE_EVENTS: readonly IssueEventType[] = [
  'reportProgress',
  'submit',
  'verify',
  'signOff',
  'setPlan',
  'completeMilestone',
  'reportPart',
  'replyToOrder',
];

export const COMMENT_MAX = 2000;
export const SUMMARY_MAX = 5000;
export const DOCUMENT_NUMBER_MAX = 100;
export const NAME_MAX = 50;
export const MILESTONES_MAX = 20;
/** A long-term problem's plan has a milestone at least this often (yearly: a year and a leap day). */
export const LONG_TERM_MILESTONE_GAP_MS = 366 * 86_400_000;

/**
 * Who signs each step of the chain (and may send the work back from it): the department the problem names as its
 * supervisor, the leaders, the office; the city's review (CITY) by the city's office (CITY_OFFICE) — or recorded by the
 * district's office with the city's document number (文号), as a district with no city in the service does.
 */
export const STEP_SIGNERS: Record<SignOffStep, 'SUPERVISING_UNIT' | 'LEADER' | 'OFFICE' | 'CITY'> = {
  DEPARTMENT_REVIEW: 'SUPERVISING_UNIT',
  LEADERSHIP_APPROVAL: 'LEADER',
  PUBLIC_NOTICE: 'OFFICE',
  CITY_REVIEW: 'CITY',
};

/** The step after `after` in a problem's chain (null: the first), or null when none is left. */
export function nextSignOff(steps: readonly SignOffStep[], after: SignOffStep | null): SignOffStep | null {
  if (after === null) return steps[0] ?? null;
  const i = steps.indexOf(after);
  return i < 0 ? null : (steps[i + 1] ?? null);
}

/**
 * Why this actor may not send the event type to this problem, or null when it may. `step` is the chain step a signOff
 * or sendBack is for: a leaders' step is the leaders' alone; the public notice ends by itself (the sweep) or by the office.
 */
export function actorRefusal(
  actor: Actor,
  context: IssueContext,
  type: IssueEventType,
  step: SignOffStep | null = null,
): TransitionRefusalReason | null {
  if (actor.role === 'PUBLIC') return type === 'object' ? null : 'OFFICE_ONLY';
  // 批示 is a leader's own word.
  if (type === 'instruct') return actor.role === 'LEADER' ? null : 'LEADER_ONLY';
  const chain = type === 'signOff' || type === 'sendBack';
  if (chain && step !== null && STEP_SIGNERS[step] === 'LEADER') return actor.role === 'LEADER' ? null : 'LEADER_ONLY';
  if (chain && step !== null && STEP_SIGNERS[step] === 'SUPERVISING_UNIT')
    return actor.role === 'UNIT' && actor.unitId !== null && actor.unitId === context.supervisingUnitId
      ? null
      : 'NOT_SUPERVISING_UNIT';
  if (chain && step !== null && STEP_SIGNERS[step] === 'CITY')
    return actor.role === 'CITY_OFFICE' || actor.role === 'OFFICE' ? null : 'CITY_OFFICE_ONLY';
  if (actor.role === 'OFFICE') return null;
  // The city's office signs the city's review (above) and sends nothing else to a district's problem.
  if (actor.role === 'CITY_OFFICE') return 'CITY_OFFICE_ONLY';
  // The deadline sweep escalates and ends a public notice that has run its days; it does nothing else.
  if (
    actor.role === 'SYSTEM' &&
    (type === 'escalate' || type === 'escalateMilestone' || (type === 'signOff' && step === 'PUBLIC_NOTICE'))
  )
    return null;
  // Leaders read; so do the city's leaders.
  if (actor.role === 'LEADER' || actor.role === 'CITY_LEADER') return 'READ_ONLY';
  // A cooperating unit reports its own part, while it has one to report.
  if (type === 'reportPart')
    return actor.role === 'UNIT' && pendingPart(context, actor.unitId) ? null : 'NOT_COOPERATING_UNIT';
  if (!LEAD_UNIT_EVENTS.has(type)) return 'OFFICE_ONLY';
  return actor.role === 'UNIT' && actor.unitId !== null && actor.unitId === context.leadUnitId ? null : 'NOT_LEAD_UNIT';
}

export function actorMaySend(
  actor: Actor,
  context: IssueContext,
  type: IssueEventType,
  step: SignOffStep | null = null,
): boolean {
  return actorRefusal(actor, context, type, step) === null;
}

/** The chain step an event names (signOff, sendBack), or null. */
export function stepOf(event: { type: IssueEventType; step?: unknown }): SignOffStep | null {
  return (event.type === 'signOff' || event.type === 'sendBack') &&
    (SIGN_OFF_STEPS as readonly unknown[]).includes(event.step)
    ? (event.step as SignOffStep)
    : null;
}

/** What the service looks up about other problems for an event, and passes in it. */
export interface ProblemFacts {
  /** Before a close: derived problems (举一反三) not yet closed. */
  openChildren?: number;
  /** Before a markDuplicate: problems already marked duplicates of this one. */
  duplicates?: number;
}

/** The facts an event carries (what the service filled in), as preconditionHolds reads them. */
export function factsOf(event: IssueEvent): ProblemFacts {
  if (event.type === 'close') return { openChildren: event.openChildren };
  if (event.type === 'markDuplicate') return { duplicates: event.duplicates };
  return {};
}

/**
 * Conditions on the problem itself beyond the state it is in: why they fail, or null when they hold. `facts` are what
 * the service looked up for the event (open derived problems before a close, duplicates before a markDuplicate);
 * without them the answer is what the problem alone allows.
 */
export function preconditionRefusal(
  context: IssueContext,
  type: IssueEventType,
  at: string,
  facts: ProblemFacts = {},
): TransitionRefusalReason | null {
  // A duplicate lives on in its original; only its publication can still change.
  if (context.duplicateOfId != null && type !== 'publish') return 'DUPLICATE';
  switch (type) {
    case 'close':
      return (facts.openChildren ?? 0) === 0 ? null : 'OPEN_CHILDREN';
    case 'markDuplicate':
      // Duplicates form a forest of depth one: an original with duplicates stays an original.
      return (facts.duplicates ?? 0) === 0 ? null : 'HAS_DUPLICATES';
    case 'requestExtension':
      if (context.deadlineKind === 'LONG_TERM' || context.dueAt === null) return 'NO_DEADLINE';
      // One at a time: the office decides the pending one first (the more useful answer when both apply).
      if (context.pendingExtension !== null) return 'EXTENSION_PENDING';
      return ms(at) < ms(context.dueAt) ? null : 'DEADLINE_PASSED';
    case 'decideExtension':
      return context.pendingExtension !== null ? null : 'NO_PENDING_EXTENSION';
    case 'escalate':
      if (context.deadlineKind === 'LONG_TERM' || context.dueAt === null) return 'NO_DEADLINE';
      return context.escalationLevel !== 'NAMED_SUPERVISION' ? null : 'TOP_ESCALATION_REACHED';
    case 'returnPlan':
    case 'completeMilestone':
      return context.plan?.status === 'IN_FORCE' ? null : 'NO_PLAN';
    case 'escalateMilestone':
      if (context.plan?.status !== 'IN_FORCE') return 'NO_PLAN';
      // Some milestone still to do below the top rung (the sweep decides when a rung is due).
      return context.plan.milestones.some((m) => m.doneAt === null && m.escalationLevel !== 'NAMED_SUPERVISION')
        ? null
        : 'TOP_ESCALATION_REACHED';
    case 'reportPart':
    case 'waivePart':
      return context.parts.some(partPending) ? null : 'NO_PENDING_PART';
    case 'submit':
      // The lead submits once every cooperating unit's part is done, or waived by the office.
      return context.parts.some(partPending) ? 'PARTS_PENDING' : null;
    case 'replyToOrder':
      return context.orders.some((o) => o.repliedAt === null) ? null : 'NO_OPEN_ORDER';
    case 'decideOrderReply':
      return context.orders.some((o) => o.repliedAt !== null) ? null : 'NO_ORDER_REPLY';
    case 'acknowledgeInstruction':
      return context.instructions.length > 0 ? null : 'NO_PENDING_INSTRUCTION';
    case 'signOff':
      // Only the public notice can be running when a step is signed (the chain runs in SIGN_OFF_STEPS' order).
      return context.noticeEndsAt === null || ms(at) >= ms(context.noticeEndsAt) ? null : 'NOTICE_NOT_OVER';
    default:
      return null;
  }
}

export function preconditionHolds(
  context: IssueContext,
  type: IssueEventType,
  at: string,
  facts: ProblemFacts = {},
): boolean {
  return preconditionRefusal(context, type, at, facts) === null;
}

/**
 * What the service stamps into an event from the problem itself, so that the log says what the event did: a
 * submission names the extension request it withdraws (null when none is pending).
 */
export function stampedFacts(
  context: IssueContext,
  type: IssueEventType,
): { withdrawnExtension?: PendingExtension | null } {
  return type === 'submit' ? { withdrawnExtension: context.pendingExtension } : {};
}

/** The event's fields that are wrong for this problem, each with why; empty when the payload is acceptable. */
export function payloadIssues(context: IssueContext, event: IssueEvent): PayloadProblem[] {
  const bad: PayloadProblem[] = [];
  const add = (field: string, reason: PayloadProblemReason | null) => {
    if (reason) bad.push({ field, reason });
  };
  switch (event.type) {
    case 'assign':
    case 'reassign': {
      add('leadUnitId', nonEmpty(event.leadUnitId) ? null : 'REQUIRED');
      const coop = event.cooperatingUnitIds ?? [];
      add(
        'cooperatingUnitIds',
        !coop.every(nonEmpty)
          ? 'MALFORMED'
          : coop.includes(event.leadUnitId) || new Set(coop).size !== coop.length
            ? 'CONFLICTING'
            : null,
      );
      add('withParts', event.withParts === undefined || typeof event.withParts === 'boolean' ? null : 'MALFORMED');
      // The department reviews the work of others: never the lead's own, nor a part it does itself.
      const supervisor = event.supervisingUnitId;
      add(
        'supervisingUnitId',
        supervisor == null
          ? null
          : !nonEmpty(supervisor)
            ? 'MALFORMED'
            : supervisor === event.leadUnitId || coop.includes(supervisor)
              ? 'CONFLICTING'
              : null,
      );
      if (!DEADLINE_KINDS.includes(event.deadlineKind)) {
        add('deadlineKind', 'MALFORMED');
      } else if (event.deadlineKind === 'LONG_TERM') {
        add('dueAt', event.dueAt != null ? 'NOT_APPLICABLE' : null);
      } else {
        add('dueAt', futureProblem(event.dueAt, event.at, 'NOT_IN_FUTURE'));
      }
      add('comment', optionalText(event.comment));
      break;
    }
    case 'accept':
      add('comment', optionalText(event.comment));
      break;
    case 'return':
      add('reason', requiredText(event.reason));
      break;
    case 'reportProgress':
      add('progressPercent', percentProblem(event.progressPercent));
      add('comment', requiredText(event.comment));
      break;
    case 'requestExtension':
      // Without a deadline there is nothing to extend (the precondition says so first).
      add(
        'newDueAt',
        context.dueAt === null ? 'NOT_APPLICABLE' : futureProblem(event.newDueAt, context.dueAt, 'NOT_AFTER_DEADLINE'),
      );
      add('reason', requiredText(event.reason));
      break;
    case 'decideExtension':
      add('approve', typeof event.approve === 'boolean' ? null : 'MALFORMED');
      add('comment', optionalText(event.comment));
      break;
    case 'submit':
      add('summary', requiredText(event.summary));
      if (event.finding != null) {
        add(
          'finding',
          !context.complaint ? 'NOT_APPLICABLE' : COMPLAINT_FINDINGS.includes(event.finding) ? null : 'MALFORMED',
        );
      }
      if (event.enforcement != null) add('enforcement', enforcementProblem(event.enforcement));
      // Stamped by the service from the problem it read: anything else is a log that does not fit the problem.
      if (event.withdrawnExtension !== undefined && !samePending(event.withdrawnExtension, context.pendingExtension)) {
        add('withdrawnExtension', 'CONFLICTING');
      }
      if (event.departmentReview !== undefined)
        add(
          'departmentReview',
          typeof event.departmentReview !== 'boolean'
            ? 'MALFORMED'
            : event.departmentReview && context.supervisingUnitId === null
              ? 'CONFLICTING'
              : null,
        );
      break;
    case 'verify': {
      add('passed', typeof event.passed === 'boolean' ? null : 'MALFORMED');
      add('comment', event.passed === false ? requiredText(event.comment) : optionalText(event.comment));
      // Stamped by the service on acceptance (absent from the logs of machine versions 1 and 2: no chain).
      const steps = event.signOffSteps;
      if (event.passed === false) {
        add('signOffSteps', steps !== undefined ? 'NOT_APPLICABLE' : null);
        add('noticeEndsAt', event.noticeEndsAt != null ? 'NOT_APPLICABLE' : null);
      } else {
        add('signOffSteps', steps === undefined || isChain(steps) ? null : 'MALFORMED');
        add('noticeEndsAt', noticeProblem(event, nextSignOff(isChain(steps) ? steps : [], null)));
      }
      break;
    }
    case 'signOff':
      add('step', stepOf(event) ? null : 'MALFORMED');
      add(
        'documentNumber',
        event.step === 'CITY_REVIEW'
          ? requiredText(event.documentNumber, DOCUMENT_NUMBER_MAX)
          : optionalText(event.documentNumber, DOCUMENT_NUMBER_MAX),
      );
      add('comment', optionalText(event.comment));
      add('noticeEndsAt', noticeProblem(event, stepOf(event) ? nextSignOff(context.signOffSteps, event.step) : null));
      break;
    case 'sendBack':
      add('step', stepOf(event) ? null : 'MALFORMED');
      add('comment', requiredText(event.comment));
      break;
    case 'object':
      add('comment', requiredText(event.comment));
      break;
    case 'setPlan':
      add('goal', requiredText(event.goal, SUMMARY_MAX));
      add('measures', requiredText(event.measures, SUMMARY_MAX));
      add('leader', personProblem(event.leader));
      add('responsible', personProblem(event.responsible));
      add('milestones', milestonesProblem(context, event));
      break;
    case 'returnPlan':
      add('comment', requiredText(event.comment));
      break;
    case 'escalateMilestone': {
      // A milestone of the plan not yet done, only upwards, against the date it has now.
      const m = context.plan?.milestones.find((x) => x.title === event.milestone && x.doneAt === null);
      add('milestone', !nonEmpty(event.milestone) ? 'REQUIRED' : context.plan && !m ? 'CONFLICTING' : null);
      add(
        'level',
        !ESCALATION_LEVELS.includes(event.level)
          ? 'MALFORMED'
          : m && escalationRank(event.level) <= escalationRank(m.escalationLevel ?? 'NONE')
            ? 'CONFLICTING'
            : null,
      );
      add('comment', optionalText(event.comment));
      add('dueAt', event.dueAt != null && m && ms(event.dueAt) !== ms(m.dueAt) ? 'CONFLICTING' : null);
      break;
    }
    case 'reportPart':
      // The part named is the sender's own (a unit), still to do; the office names the unit it reports for.
      add(
        'unitId',
        !nonEmpty(event.unitId)
          ? 'REQUIRED'
          : !pendingPart(context, event.unitId) || (event.actor.role === 'UNIT' && event.actor.unitId !== event.unitId)
            ? 'CONFLICTING'
            : null,
      );
      add('progressPercent', percentProblem(event.progressPercent));
      add('comment', requiredText(event.comment));
      add('done', typeof event.done === 'boolean' ? null : 'MALFORMED');
      break;
    case 'waivePart':
      add('unitId', !nonEmpty(event.unitId) ? 'REQUIRED' : pendingPart(context, event.unitId) ? null : 'CONFLICTING');
      add('reason', requiredText(event.reason));
      break;
    case 'completeMilestone': {
      add('milestone', requiredText(event.milestone, SUMMARY_MAX));
      const found = context.plan?.milestones.find((m) => m.title === event.milestone);
      // The plan's own milestone, not yet done (a missing plan is the precondition's to say).
      if (context.plan && nonEmpty(event.milestone)) add('milestone', !found || found.doneAt ? 'CONFLICTING' : null);
      add('comment', optionalText(event.comment));
      break;
    }
    case 'dismissObjection':
      add('comment', requiredText(event.comment));
      add('noticeEndsAt', noticeProblem(event, 'PUBLIC_NOTICE'));
      break;
    case 'close':
      if (event.satisfaction != null) {
        add(
          'satisfaction',
          !context.complaint ? 'NOT_APPLICABLE' : SATISFACTIONS.includes(event.satisfaction) ? null : 'MALFORMED',
        );
      }
      add('comment', optionalText(event.comment));
      break;
    case 'revisit':
      add('rebounded', typeof event.rebounded === 'boolean' ? null : 'MALFORMED');
      add('comment', event.rebounded ? requiredText(event.comment) : optionalText(event.comment));
      add(
        'newDueAt',
        event.rebounded
          ? futureProblem(event.newDueAt, event.at, 'NOT_IN_FUTURE')
          : event.newDueAt != null
            ? 'NOT_APPLICABLE'
            : null,
      );
      break;
    case 'publish':
      add('published', typeof event.published === 'boolean' ? null : 'MALFORMED');
      if (event.publicSummary != null) add('publicSummary', requiredText(event.publicSummary, SUMMARY_MAX));
      break;
    case 'markDuplicate':
      // …and a duplicate is never an original: the one named must be a problem in its own right.
      add(
        'duplicateOfId',
        !nonEmpty(event.duplicateOfId) ? 'REQUIRED' : event.originalIsDuplicate === true ? 'CONFLICTING' : null,
      );
      add('comment', optionalText(event.comment));
      break;
    case 'escalate':
      // Only upwards: each rung once per deadline.
      add(
        'level',
        !ESCALATION_LEVELS.includes(event.level)
          ? 'MALFORMED'
          : escalationRank(event.level) <= escalationRank(context.escalationLevel)
            ? 'CONFLICTING'
            : null,
      );
      add('comment', optionalText(event.comment));
      add(
        'dueAt',
        event.dueAt != null && (context.dueAt === null || ms(event.dueAt) !== ms(context.dueAt)) ? 'CONFLICTING' : null,
      );
      if (event.order != null) {
        // Only a rung an order is issued at raises one.
        if (!(ORDER_LEVELS as readonly string[]).includes(event.level)) add('order', 'NOT_APPLICABLE');
        else orderStampIssues(context, event.order, event.at).forEach((p) => add(`order.${p.field}`, p.reason));
      }
      break;
    case 'superviseOrder':
      add('level', (ORDER_LEVELS as readonly string[]).includes(event.level) ? null : 'MALFORMED');
      add('reasons', requiredText(event.reasons, SUMMARY_MAX));
      orderStampIssues(context, event, event.at).forEach((p) => add(p.field, p.reason));
      break;
    case 'replyToOrder':
      add('orderId', context.orders.some((o) => o.id === event.orderId && o.repliedAt === null) ? null : 'CONFLICTING');
      add('explanation', requiredText(event.explanation, SUMMARY_MAX));
      add('measures', requiredText(event.measures, SUMMARY_MAX));
      add('issueIds', idsProblem(event.issueIds));
      break;
    case 'decideOrderReply':
      add('orderId', context.orders.some((o) => o.id === event.orderId && o.repliedAt !== null) ? null : 'CONFLICTING');
      add('accepted', typeof event.accepted === 'boolean' ? null : 'MALFORMED');
      // A reply sent back says what is missing.
      add('comment', event.accepted === false ? requiredText(event.comment) : optionalText(event.comment));
      add('issueIds', idsProblem(event.issueIds));
      break;
    case 'instruct':
      add(
        'instructionId',
        !nonEmpty(event.instructionId)
          ? 'REQUIRED'
          : context.instructions.some((i) => i.id === event.instructionId)
            ? 'CONFLICTING'
            : null,
      );
      add('text', requiredText(event.text, SUMMARY_MAX));
      add(
        'orderId',
        event.orderId == null || context.orders.some((o) => o.id === event.orderId) ? null : 'CONFLICTING',
      );
      add('issueIds', idsProblem(event.issueIds));
      break;
    case 'acknowledgeInstruction':
      add('instructionId', context.instructions.some((i) => i.id === event.instructionId) ? null : 'CONFLICTING');
      add('comment', optionalText(event.comment));
      add('issueIds', idsProblem(event.issueIds));
      break;
  }
  return bad;
}

/** Names of the event's fields that are wrong for this problem (see payloadIssues); empty when the payload is acceptable. */
export function payloadProblems(context: IssueContext, event: IssueEvent): string[] {
  return payloadIssues(context, event).map((p) => p.field);
}

/** The machine's single guard: who, when and what. */
export function eventAllowed(context: IssueContext, event: IssueEvent): boolean {
  return (
    actorMaySend(event.actor, context, event.type, stepOf(event)) &&
    preconditionHolds(context, event.type, event.at, factsOf(event)) &&
    payloadProblems(context, event).length === 0
  );
}

export function escalationRank(level: string): number {
  return ESCALATION_LEVELS.indexOf(level as (typeof ESCALATION_LEVELS)[number]);
}

function ms(iso: string): number {
  return Date.parse(iso);
}

/** A time that must come after `reference`: missing, unreadable, or not after it. */
function futureProblem(
  candidate: string | null | undefined,
  reference: string,
  late: PayloadProblemReason,
): PayloadProblemReason | null {
  if (candidate == null) return 'REQUIRED';
  if (typeof candidate !== 'string') return 'MALFORMED';
  const t = ms(candidate);
  if (!Number.isFinite(t)) return 'MALFORMED';
  return t > ms(reference) ? null : late;
}

function nonEmpty(s: string | null | undefined): boolean {
  return typeof s === 'string' && s.trim().length > 0;
}

function requiredText(s: string | null | undefined, max = COMMENT_MAX): PayloadProblemReason | null {
  if (s != null && typeof s !== 'string') return 'MALFORMED';
  if (!nonEmpty(s)) return 'REQUIRED';
  return (s as string).length > max ? 'TOO_LONG' : null;
}

function optionalText(s: string | null | undefined, max = COMMENT_MAX): PayloadProblemReason | null {
  if (s != null && typeof s !== 'string') return 'MALFORMED';
  return typeof s === 'string' && s.length > max ? 'TOO_LONG' : null;
}

/** A whole percentage, 0 to 100. */
function percentProblem(n: unknown): PayloadProblemReason | null {
  if (!Number.isInteger(n)) return 'MALFORMED';
  return (n as number) < 0 || (n as number) > 100 ? 'OUT_OF_RANGE' : null;
}

/** An order an event issues: a new id, a number, a reply due after the event, the problems it covers if stamped. */
function orderStampIssues(context: IssueContext, order: OrderStamp, at: string): PayloadProblem[] {
  if (typeof order !== 'object') return [{ field: 'orderId', reason: 'MALFORMED' }];
  const bad: PayloadProblem[] = [];
  const add = (field: string, reason: PayloadProblemReason | null) => {
    if (reason) bad.push({ field, reason });
  };
  add(
    'orderId',
    !nonEmpty(order.orderId) ? 'REQUIRED' : context.orders.some((o) => o.id === order.orderId) ? 'CONFLICTING' : null,
  );
  add('number', requiredText(order.number, DOCUMENT_NUMBER_MAX));
  add('replyDueAt', futureProblem(order.replyDueAt, at, 'NOT_IN_FUTURE'));
  add('issueIds', idsProblem(order.issueIds));
  return bad;
}

/** The problems an order or instruction covers, as the service stamps them: absent, or non-empty ids. */
function idsProblem(ids: unknown): PayloadProblemReason | null {
  if (ids === undefined) return null;
  return Array.isArray(ids) && ids.length > 0 && ids.every((id) => nonEmpty(id as string)) ? null : 'MALFORMED';
}

/** Whether a problem is filed as a complaint: every PUBLIC_COMPLAINT, and one of any source with a complaint channel. */
export const isComplaint = (source: IssueSource, hasChannel: boolean): boolean =>
  source === 'PUBLIC_COMPLAINT' || hasChannel;

/** Most orders, cases or yuan of fines one problem reports (a typo, not a record, beyond them). */
export const ENFORCEMENT_MAX = { count: 10_000, fineYuan: 1_000_000_000 };

/** Counts whole and not negative, a fine in yuan to the fen. */
function enforcementProblem(e: unknown): PayloadProblemReason | null {
  if (typeof e !== 'object' || e === null) return 'MALFORMED';
  const { ordersToCorrect, casesOpened, fineYuan } = e as Record<string, unknown>;
  const counts = [ordersToCorrect, casesOpened];
  if (!counts.every(Number.isInteger) || typeof fineYuan !== 'number' || !Number.isFinite(fineYuan)) return 'MALFORMED';
  if (Math.abs(Math.round(fineYuan * 100) - fineYuan * 100) > 1e-6) return 'MALFORMED';
  const inRange = (counts as number[]).every((n) => n >= 0 && n <= ENFORCEMENT_MAX.count);
  return inRange && fineYuan >= 0 && fineYuan <= ENFORCEMENT_MAX.fineYuan ? null : 'OUT_OF_RANGE';
}

/** A part neither done nor waived: it holds up the lead's submission. */
export const partPending = (p: CooperationPart): boolean => p.doneAt === null && p.waivedReason === null;

/** The part of this unit still to do (neither done nor waived), or undefined. */
export function pendingPart(context: IssueContext, unitId: string | null): CooperationPart | undefined {
  return unitId === null ? undefined : context.parts.find((p) => p.unitId === unitId && partPending(p));
}

/** A person the plan names: a name and a post, each short text. */
function personProblem(p: unknown): PayloadProblemReason | null {
  if (p == null) return 'REQUIRED';
  if (typeof p !== 'object') return 'MALFORMED';
  const { name, post } = p as { name?: unknown; post?: unknown };
  const bad = [requiredText(name as string, NAME_MAX), requiredText(post as string, NAME_MAX)].find((r) => r !== null);
  return bad ?? null;
}

/**
 * A plan's milestones: 1 to MILESTONES_MAX, titles distinct, real dates — a new one (not one already done) after the
 * event, none after a dated deadline; a long-term problem's at least yearly from the plan on (domain: never overdue,
 * but its milestones are).
 */
function milestonesProblem(context: IssueContext, event: EventOf<'setPlan'>): PayloadProblemReason | null {
  const list = event.milestones as unknown;
  if (list == null || (Array.isArray(list) && list.length === 0)) return 'REQUIRED';
  if (!Array.isArray(list)) return 'MALFORMED';
  if (list.length > MILESTONES_MAX) return 'OUT_OF_RANGE';
  const wellFormed = list.every(
    (m: unknown) =>
      m !== null &&
      typeof m === 'object' &&
      requiredText((m as { title?: string }).title, SUMMARY_MAX) === null &&
      typeof (m as { dueAt?: unknown }).dueAt === 'string' &&
      Number.isFinite(ms((m as { dueAt: string }).dueAt)),
  );
  const milestones = list as { title: string; dueAt: string }[];
  if (!wellFormed || new Set(milestones.map((m) => m.title)).size !== milestones.length) return 'MALFORMED';
  const done = new Set(context.plan?.milestones.filter((m) => m.doneAt !== null).map((m) => m.title) ?? []);
  if (milestones.some((m) => !done.has(m.title) && ms(m.dueAt) <= ms(event.at))) return 'NOT_IN_FUTURE';
  const dues = milestones.map((m) => ms(m.dueAt)).sort((a, b) => a - b);
  if (context.deadlineKind !== 'LONG_TERM' && context.dueAt !== null && dues[dues.length - 1] > ms(context.dueAt))
    return 'CONFLICTING';
  if (context.deadlineKind === 'LONG_TERM') {
    const gaps = dues.map((d, i) => d - (i === 0 ? ms(event.at) : dues[i - 1]));
    if (gaps.some((g) => g > LONG_TERM_MILESTONE_GAP_MS)) return 'OUT_OF_RANGE';
  }
  return null;
}

/** Steps after acceptance: steps of SIGN_OFF_STEPS but the department's review, each at most once, in its order. */
function isChain(steps: unknown): steps is SignOffStep[] {
  if (!Array.isArray(steps) || steps.includes(REVIEW_STEP)) return false;
  const at = steps.map((s) => (SIGN_OFF_STEPS as readonly unknown[]).indexOf(s));
  return at.every((i, k) => i >= 0 && (k === 0 || i > at[k - 1]));
}

/** An event that starts the public notice carries its end, after the event; any other carries none. */
function noticeProblem(
  event: { at: string; noticeEndsAt?: string | null },
  entering: SignOffStep | null,
): PayloadProblemReason | null {
  if (entering === 'PUBLIC_NOTICE') return futureProblem(event.noticeEndsAt, event.at, 'NOT_IN_FUTURE');
  return event.noticeEndsAt != null ? 'NOT_APPLICABLE' : null;
}

/** The same extension request (jsonb may hand back its keys in another order, times spelled otherwise). */
function samePending(a: PendingExtension | null, b: PendingExtension | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    typeof a === 'object' &&
    a.reason === b.reason &&
    ms(a.newDueAt) === ms(b.newDueAt) &&
    ms(a.requestedAt) === ms(b.requestedAt)
  );
}
