// "Awaiting me" (IssueFilter.awaitingMe, Issue.awaitingMe): the caller may send an event that moves the work on.
// The TypeScript side reads the machine's own answer (allowedEvents); the SQL side is migration 16's functions, one per
// role that moves work, plus the open-children fact a close needs. test/e2e/awaiting.e2e-spec.ts walks problems through
// every state and checks that the two agree for the office, the lead unit, a cooperating unit and a leader.
import { LEAD_UNIT_EVENTS } from '../../workflows/issue.rules.js';
import type { Actor, IssueEventType } from '../../workflows/issue.types.js';
import { openSql } from './deadline-status.js';

/**
 * The office's events that move the work on: assign a filed problem, decide a pending extension, verify a submission,
 * close a verified problem. Not reassign (the office may redirect a problem at any time: the unit holds it), revisit
 * (look-backs run as campaigns over closed problems, never pending), publish, markDuplicate (any state), nor the lead
 * unit's events, which the office may send on a unit's behalf but which wait for the unit.
 */
export const OFFICE_WORK_EVENTS: ReadonlySet<IssueEventType> = new Set([
  'assign',
  'decideExtension',
  'verify',
  'signOff',
  'dismissObjection',
  'close',
  'decideOrderReply',
]);

/** A leader's move: signing the leaders' step of the chain (领导审批). */
const LEADER_WORK_EVENTS: ReadonlySet<IssueEventType> = new Set(['signOff']);

/** The city office's move on a district's problem: the city's review (市级审核, CITY_REVIEW). */
const CITY_OFFICE_WORK_EVENTS: ReadonlySet<IssueEventType> = new Set(['signOff']);

/** A unit's moves: the lead unit's events, the supervising department's review (主管部门审核), a cooperating unit's part. */
const UNIT_WORK_EVENTS: ReadonlySet<IssueEventType> = new Set([...LEAD_UNIT_EVENTS, 'signOff', 'reportPart']);

/** Whose move moves the work on, per role: the lead unit's events for a unit, the office's own for the office. */
export function workEventsOf(role: Actor['role']): ReadonlySet<IssueEventType> {
  if (role === 'OFFICE') return OFFICE_WORK_EVENTS;
  if (role === 'UNIT') return UNIT_WORK_EVENTS;
  if (role === 'LEADER') return LEADER_WORK_EVENTS;
  if (role === 'CITY_OFFICE') return CITY_OFFICE_WORK_EVENTS;
  return new Set();
}

/** From what the machine allows this caller now (issue.runtime.ts allowedEvents). */
export function awaits(role: Actor['role'], allowed: readonly IssueEventType[]): boolean {
  const work = workEventsOf(role);
  return allowed.some((e) => work.has(e));
}

/** An order on the row `i` awaiting the unit's reply (`== null`) or the office's decision (`!= null`). */
const orderAwaiting = (test: '== null' | '!= null') =>
  `(i.orders <> '[]'::jsonb AND jsonb_path_exists(i.orders, '$[*] ? (@.repliedAt ${test})'))`;

/**
 * The row's open derived problems (举一反三), which keep a verified problem from closing. Counted per row through
 * issues_parent_idx, and only for a row accepted and waiting to close (the OR before it decides the rest): written as
 * NOT EXISTS, the planner may instead hash the parent of every open problem in the table — a scan of all problems
 * for each of the office's awaitingMe counts.
 */
const NO_OPEN_CHILDREN = `(SELECT count(*) FROM issues c WHERE c.parent_id = i.id AND ${openSql('c')}) = 0`;

/**
 * The SQL twin of `awaits`, over the list's row `i`, for a caller of `role` (`unit`: the caller's unit, `now` the
 * moment — asked for only when used —, as query parameters; no role: nobody's turn). The functions are migration 16's, so that the partial indexes over them serve the list.
 */
export function awaitingSql(role: Actor['role'] | null, unit: string | null, now: () => string): string {
  if (role === 'OFFICE') {
    // (a public notice that has run its days is the office's to end, until the sweep does)
    return `((rectify_awaits_office(i.substate, i.pending_extension, i.duplicate_of_id) AND (i.substate <> 'VERIFIED.signedOff' OR ${NO_OPEN_CHILDREN}))
      OR (i.substate = 'VERIFIED.publicNotice' AND i.duplicate_of_id IS NULL AND i.notice_ends_at <= ${now()})
      OR (i.duplicate_of_id IS NULL AND ${orderAwaiting('!= null')}))`;
  }
  if (role === 'LEADER') return `(i.substate = 'VERIFIED.leadershipApproval' AND i.duplicate_of_id IS NULL)`;
  if (role === 'CITY_OFFICE') return `(i.substate = 'VERIFIED.cityReview' AND i.duplicate_of_id IS NULL)`;
  if (role === 'UNIT' && unit)
    return `((i.lead_unit_id = ${unit}::uuid AND rectify_awaits_lead(i.substate, i.duplicate_of_id))
      OR (i.supervising_unit_id = ${unit}::uuid AND i.substate = 'RECTIFYING.departmentReview' AND i.duplicate_of_id IS NULL)
      OR (i.substate = 'RECTIFYING.inProgress' AND i.duplicate_of_id IS NULL
          AND i.parts @> jsonb_build_array(jsonb_build_object('unitId', ${unit}::text, 'doneAt', NULL, 'waivedReason', NULL)))
      OR (i.lead_unit_id = ${unit}::uuid AND i.duplicate_of_id IS NULL
          AND (${orderAwaiting('== null')} OR i.instructions <> '[]'::jsonb)))`;
  return 'false';
}
