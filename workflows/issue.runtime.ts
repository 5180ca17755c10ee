// Stepping helpers around the machine: rebuild a snapshot from stored data, step it, read it back.
import { __unsafe_getAllOwnEventDescriptors, initialTransition, transition } from 'xstate';
import { issueMachine } from './issue.machine.js';
import { actorMaySend, preconditionHolds, type ProblemFacts } from './issue.rules.js';
import type { Actor, IssueContext, IssueEvent, IssueEventType, IssueInput, IssueState, Substate } from './issue.types.js';
import { ISSUE_EVENT_TYPES } from './issue.types.js';

export type IssueSnapshot = ReturnType<typeof issueMachine.resolveState>;

export function initialSnapshot(input: IssueInput): IssueSnapshot {
  return initialTransition(issueMachine, input)[0];
}

export function snapshotOf(substate: Substate, context: IssueContext): IssueSnapshot {
  const [top, sub] = substate.split('.');
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

/** Event types the state has a transition for (before guards). */
export function eventsOfState(snapshot: IssueSnapshot): IssueEventType[] {
  const own = new Set(__unsafe_getAllOwnEventDescriptors(snapshot));
  return ISSUE_EVENT_TYPES.filter((t) => own.has(t));
}

/** What this actor may do next: the state has the event, the actor may send it, the problem allows it now. */
export function allowedEvents(
  snapshot: IssueSnapshot,
  actor: Actor,
  at: string,
  facts: ProblemFacts = {},
): IssueEventType[] {
  return eventsOfState(snapshot).filter(
    (t) => actorMaySend(actor, snapshot.context, t) && preconditionHolds(snapshot.context, t, at, facts),
  );
}
