// Stepping helpers around the machine: rebuild a snapshot from stored data, step it, read it back.
import { __unsafe_getAllOwnEventDescriptors, initialTransition, transition } from 'xstate';
import { issueMachine } from './issue.machine.js';
import { actorRefusal, EVIDENCE_EVENTS, preconditionRefusal, type ProblemFacts } from './issue.rules.js';
import type {
  Actor,
  SignOffStep,
  IssueContext,
  IssueEvent,
  IssueEventType,
  IssueInput,
  IssueState,
  Substate,
  TransitionRefusalReason,
} from './issue.types.js';
import { ISSUE_EVENT_TYPES } from './issue.types.js';

export type IssueSnapshot = ReturnType<typeof issueMachine.resolveState>;

export function initialSnapshot(input: IssueInput): IssueSnapshot {
  return initialTransition(issueMachine, input)[0];
}

export function snapshotOf(substate: Substate, context: IssueContext): IssueSnapshot {
  // 'VERIFIED' as machine versions 1 and 2 stored it: accepted, 销号 next.
  const [top, sub] = (substate as string) === 'VERIFIED' ? ['VERIFIED', 'signedOff'] : substate.split('.');
  const value = sub ? { [top]: sub } : top;
  return issueMachine.resolveState({ value, context });
}

export function substateOf(snapshot: IssueSnapshot): Substate {
  const value = snapshot.value;
  if (typeof value === 'string') return value as Substate;
  const [top, sub] = Object.entries(value)[0] as [string, string];
  return `${top}.${sub}` as Substate;
}

export function topStateOf(substate: Substate): IssueState {
  return substate.split('.')[0] as IssueState;
}

export interface StepResult {
  changed: boolean;
  snapshot: IssueSnapshot;
}

/**
 * Steps the machine. xstate answers an event no transition takes with the same snapshot, and so it
 * does for a transition without actions, so acceptance is asked of the machine (can) rather than inferred.
 */
export function step(snapshot: IssueSnapshot, event: IssueEvent): StepResult {
  if (!snapshot.can(event)) return { changed: false, snapshot };
  const [next] = transition(issueMachine, snapshot, event);
  return { changed: true, snapshot: next };
}

const SUBSTATE_STEPS: Partial<Record<Substate, SignOffStep>> = {
  'RECTIFYING.departmentReview': 'DEPARTMENT_REVIEW',
  'VERIFIED.leadershipApproval': 'LEADERSHIP_APPROVAL',
  'VERIFIED.publicNotice': 'PUBLIC_NOTICE',
  'VERIFIED.objected': 'PUBLIC_NOTICE',
  'VERIFIED.cityReview': 'CITY_REVIEW',
};

/** The chain step a sub-state is at (objected: the notice the objection stopped), or null. */
export function stepOfSubstate(substate: Substate): SignOffStep | null {
  return SUBSTATE_STEPS[substate] ?? null;
}

/** Event types the state has a transition for (before guards). */
export function eventsOfState(snapshot: IssueSnapshot): IssueEventType[] {
  const own = new Set(__unsafe_getAllOwnEventDescriptors(snapshot));
  return ISSUE_EVENT_TYPES.filter((t) => own.has(t));
}

/**
 * Why this actor may not send the event type now, or null when it may (the payload aside): the caller first, then a
 * duplicate (it takes nothing whatever its state), then the state, then the problem's own conditions.
 */
export function refusalOf(
  snapshot: IssueSnapshot,
  actor: Actor,
  type: IssueEventType,
  at: string,
  facts: ProblemFacts = {},
  step: SignOffStep | null = null,
): TransitionRefusalReason | null {
  // A signOff or sendBack is for the step it names; unnamed (what may I do?), for the step the problem is at.
  const current = stepOfSubstate(substateOf(snapshot));
  const chain = type === 'signOff' || type === 'sendBack';
  const byActor = actorRefusal(actor, snapshot.context, type, chain ? (step ?? current) : null);
  if (byActor) return byActor;
  const precondition = preconditionRefusal(snapshot.context, type, at, facts);
  if (precondition === 'DUPLICATE') return precondition;
  if (!eventsOfState(snapshot).includes(type)) return 'WRONG_STATE';
  if (chain && step !== null && step !== current) return 'WRONG_STATE';
  return precondition;
}

/** What this actor may do next: the state has the event, the actor may send it, the problem allows it now. */
export function allowedEvents(
  snapshot: IssueSnapshot,
  actor: Actor,
  at: string,
  facts: ProblemFacts = {},
): IssueEventType[] {
  return eventsOfState(snapshot).filter((t) => refusalOf(snapshot, actor, t, at, facts) === null);
}

/**
 * Why an upload by this actor could never be attached now, or null when one of the events that carry evidence is open
 * to it. The problem's reason (a duplicate, the state) is told rather than the caller's: the uploader is the office or
 * the lead unit, and for them it is the state that closes the door.
 */
export function evidenceRefusal(snapshot: IssueSnapshot, actor: Actor, at: string): TransitionRefusalReason | null {
  const reasons = EVIDENCE_EVENTS.map((t) => refusalOf(snapshot, actor, t, at));
  if (reasons.includes(null)) return null;
  return reasons.find((r) => r === 'DUPLICATE') ?? reasons.find((r) => r === 'WRONG_STATE') ?? reasons[0];
}
