// The rules behind the machine's guards, as plain predicates so that the service can tell
// *why* an event is refused (FORBIDDEN / INVALID_TRANSITION / BAD_USER_INPUT) before stepping.
import { COMPLAINT_FINDINGS, DEADLINE_KINDS, ESCALATION_LEVELS, SATISFACTIONS } from './issue.types.js';
import type { Actor, IssueContext, IssueEvent, IssueEventType } from './issue.types.js';

/** Events that belong to the lead unit (the office may also send them on its behalf). */
export const LEAD_UNIT_EVENTS: ReadonlySet<IssueEventType> = new Set([
  'accept',
  'return',
  'reportProgress',
  'requestExtension',
  'submit',
]);

export const COMMENT_MAX = 2000;
export const SUMMARY_MAX = 5000;

export function actorMaySend(actor: Actor, context: IssueContext, type: IssueEventType): boolean {
  if (actor.role === 'OFFICE') return true;
  // The deadline sweep escalates; it does nothing else.
  if (actor.role === 'SYSTEM') return type === 'escalate';
  if (actor.role === 'UNIT') {
    return LEAD_UNIT_EVENTS.has(type) && actor.unitId !== null && actor.unitId === context.leadUnitId;
  }
  return false;
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
 * Conditions on the problem itself beyond the state it is in. `facts` are what the service looked up for the event
 * (open derived problems before a close, duplicates before a markDuplicate); without them the answer is what the
 * problem alone allows.
 */
export function preconditionHolds(
  context: IssueContext,
  type: IssueEventType,
  at: string,
  facts: ProblemFacts = {},
): boolean {
  // A duplicate lives on in its original; only its publication can still change.
  if (context.duplicateOfId != null && type !== 'publish') return false;
  switch (type) {
    case 'close':
      return (facts.openChildren ?? 0) === 0;
    case 'markDuplicate':
      // Duplicates form a forest of depth one: an original with duplicates stays an original.
      return (facts.duplicates ?? 0) === 0;
    case 'requestExtension':
      return (
        context.deadlineKind !== 'LONG_TERM' &&
        context.dueAt !== null &&
        context.pendingExtension === null &&
        ms(at) < ms(context.dueAt)
      );
    case 'decideExtension':
      return context.pendingExtension !== null;
    case 'escalate':
      return context.deadlineKind !== 'LONG_TERM' && context.dueAt !== null && context.escalationLevel !== 'NAMED_SUPERVISION';
    default:
      return true;
  }
}

/** Names of the event's fields that are wrong for this problem; empty when the payload is acceptable. */
export function payloadProblems(context: IssueContext, event: IssueEvent): string[] {
  const bad: string[] = [];
  switch (event.type) {
    case 'assign':
    case 'reassign': {
      if (!nonEmpty(event.leadUnitId)) bad.push('leadUnitId');
      const coop = event.cooperatingUnitIds ?? [];
      if (coop.includes(event.leadUnitId) || new Set(coop).size !== coop.length || !coop.every(nonEmpty)) {
        bad.push('cooperatingUnitIds');
      }
      if (!DEADLINE_KINDS.includes(event.deadlineKind)) {
        bad.push('deadlineKind');
      } else if (event.deadlineKind === 'LONG_TERM') {
        if (event.dueAt != null) bad.push('dueAt');
      } else if (!isFutureOf(event.dueAt, event.at)) {
        bad.push('dueAt');
      }
      if (tooLong(event.comment)) bad.push('comment');
      break;
    }
    case 'accept':
      if (tooLong(event.comment)) bad.push('comment');
      break;
    case 'return':
      if (!nonEmpty(event.reason) || tooLong(event.reason)) bad.push('reason');
      break;
    case 'reportProgress':
      if (!Number.isInteger(event.progressPercent) || event.progressPercent < 0 || event.progressPercent > 100) {
        bad.push('progressPercent');
      }
      if (!nonEmpty(event.comment) || tooLong(event.comment)) bad.push('comment');
      break;
    case 'requestExtension':
      if (context.dueAt === null || !isFutureOf(event.newDueAt, context.dueAt)) bad.push('newDueAt');
      if (!nonEmpty(event.reason) || tooLong(event.reason)) bad.push('reason');
      break;
    case 'decideExtension':
      if (typeof event.approve !== 'boolean') bad.push('approve');
      if (tooLong(event.comment)) bad.push('comment');
      break;
    case 'submit':
      if (!nonEmpty(event.summary) || tooLong(event.summary)) bad.push('summary');
      if (event.finding != null && (context.source !== 'PUBLIC_COMPLAINT' || !COMPLAINT_FINDINGS.includes(event.finding))) {
        bad.push('finding');
      }
      break;
    case 'verify':
      if (typeof event.passed !== 'boolean') bad.push('passed');
      if ((event.passed === false && !nonEmpty(event.comment)) || tooLong(event.comment)) bad.push('comment');
      break;
    case 'close':
      if (event.satisfaction != null && (context.source !== 'PUBLIC_COMPLAINT' || !SATISFACTIONS.includes(event.satisfaction))) {
        bad.push('satisfaction');
      }
      if (tooLong(event.comment)) bad.push('comment');
      break;
    case 'revisit':
      if (typeof event.rebounded !== 'boolean') bad.push('rebounded');
      if ((event.rebounded && !nonEmpty(event.comment)) || tooLong(event.comment)) bad.push('comment');
      if (event.rebounded ? !isFutureOf(event.newDueAt, event.at) : event.newDueAt != null) bad.push('newDueAt');
      break;
    case 'publish':
      if (typeof event.published !== 'boolean') bad.push('published');
      if (event.publicSummary != null && (!nonEmpty(event.publicSummary) || event.publicSummary.length > SUMMARY_MAX)) {
        bad.push('publicSummary');
      }
      break;
    case 'markDuplicate':
      // …and a duplicate is never an original: the one named must be a problem in its own right.
      if (!nonEmpty(event.duplicateOfId) || event.originalIsDuplicate === true) bad.push('duplicateOfId');
      if (tooLong(event.comment)) bad.push('comment');
      break;
    case 'escalate':
      // Only upwards: each rung once per deadline.
      if (!ESCALATION_LEVELS.includes(event.level) || escalationRank(event.level) <= escalationRank(context.escalationLevel)) {
        bad.push('level');
      }
      if (tooLong(event.comment)) bad.push('comment');
      if (event.dueAt != null && (context.dueAt === null || ms(event.dueAt) !== ms(context.dueAt))) bad.push('dueAt');
      break;
  }
  return bad;
}

/** The machine's single guard: who, when and what. */
export function eventAllowed(context: IssueContext, event: IssueEvent): boolean {
  return (
    actorMaySend(event.actor, context, event.type) &&
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

function isFutureOf(candidate: string | null | undefined, reference: string): boolean {
  if (typeof candidate !== 'string') return false;
  const t = ms(candidate);
  return Number.isFinite(t) && t > ms(reference);
}

function nonEmpty(s: string | null | undefined): boolean {
  return typeof s === 'string' && s.trim().length > 0;
}

function tooLong(s: string | null | undefined): boolean {
  return typeof s === 'string' && s.length > COMMENT_MAX;
}
