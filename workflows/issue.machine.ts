// The life of one problem. Pure: stepped with xstate's transition(), no clock, no I/O.
import { and, assign, not, setup } from 'xstate';
import { eventAllowed } from './issue.rules.js';
import type { AssignPayload, EventOf, IssueContext, IssueEvent, IssueInput } from './issue.types.js';

/**
 * Bump when the machine's behaviour changes; stored on every problem and event.
 * 2: a submission withdraws a pending extension request (it names the request in `withdrawnExtension`); version 1's
 * submissions carry no such field and replay as they ran, leaving the request to the office.
 */
export const ISSUE_MACHINE_VERSION = 2;

const assignment = (event: AssignPayload): Partial<IssueContext> => ({
  leadUnitId: event.leadUnitId,
  cooperatingUnitIds: [...(event.cooperatingUnitIds ?? [])],
  deadlineKind: event.deadlineKind,
  dueAt: event.dueAt ?? null,
  originalDueAt: event.dueAt ?? null,
  pendingExtension: null,
  escalationLevel: 'NONE',
});

export const issueMachine = setup({
  types: {
    context: {} as IssueContext,
    events: {} as IssueEvent,
    input: {} as IssueInput,
  },
  guards: {
    allowed: ({ context, event }) => eventAllowed(context, event),
    passed: ({ event }) => (event as EventOf<'verify'>).passed === true,
    rebounded: ({ event }) => (event as EventOf<'revisit'>).rebounded === true,
    approved: ({ event }) => (event as EventOf<'decideExtension'>).approve === true,
  },
  actions: {
    assignUnits: assign(({ event }) => assignment(event as EventOf<'assign'>)),
    clearAssignment: assign({
      leadUnitId: null,
      cooperatingUnitIds: () => [],
      deadlineKind: null,
      dueAt: null,
      originalDueAt: null,
      pendingExtension: null,
      escalationLevel: 'NONE',
    }),
    recordProgress: assign({
      progressPercent: ({ event }) => (event as EventOf<'reportProgress'>).progressPercent,
    }),
    recordExtensionRequest: assign({
      pendingExtension: ({ event }) => {
        const e = event as EventOf<'requestExtension'>;
        return { newDueAt: e.newDueAt, reason: e.reason, requestedAt: e.at };
      },
    }),
    approveExtension: assign({
      dueAt: ({ context }) => context.pendingExtension?.newDueAt ?? context.dueAt,
      pendingExtension: null,
      escalationLevel: 'NONE',
    }),
    refuseExtension: assign({ pendingExtension: null }),
    recordSubmission: assign(({ context, event }) => {
      const e = event as EventOf<'submit'>;
      return {
        finding: e.finding ?? null,
        firstSubmittedAt: context.firstSubmittedAt ?? e.at,
        submittedAt: e.at,
        dueAtSubmission: context.dueAt,
        // Submitting ends the request: the office must not move the deadline past a submission it is judging.
        pendingExtension: e.withdrawnExtension === undefined ? context.pendingExtension : null,
      };
    }),
    recordAcceptance: assign({
      // Judged against the deadline in force when the accepted submission came; long-term work has none.
      completedOnTime: ({ context }) =>
        context.dueAtSubmission === null ||
        (context.submittedAt !== null && Date.parse(context.submittedAt) <= Date.parse(context.dueAtSubmission)),
      progressPercent: 100,
      // A request still pending when the work is accepted is moot.
      pendingExtension: null,
    }),
    recordClosure: assign(({ event }) => {
      const e = event as EventOf<'close'>;
      return { closedAt: e.at, satisfaction: e.satisfaction ?? null };
    }),
    reopen: assign(({ context, event }) => {
      const e = event as EventOf<'revisit'>;
      return {
        reboundCount: context.reboundCount + 1,
        deadlineKind: 'DATE' as const,
        dueAt: e.newDueAt ?? null,
        originalDueAt: e.newDueAt ?? null,
        pendingExtension: null,
        progressPercent: 0,
        finding: null,
        submittedAt: null,
        dueAtSubmission: null,
        completedOnTime: null,
        closedAt: null,
        satisfaction: null,
        escalationLevel: 'NONE' as const,
      };
    }),
    recordPublication: assign(({ context, event }) => {
      const e = event as EventOf<'publish'>;
      return { published: e.published, publicSummary: e.publicSummary ?? context.publicSummary };
    }),
    recordDuplicate: assign({ duplicateOfId: ({ event }) => (event as EventOf<'markDuplicate'>).duplicateOfId }),
    recordEscalation: assign({ escalationLevel: ({ event }) => (event as EventOf<'escalate'>).level }),
  },
}).createMachine({
  id: 'issue',
  initial: 'FILED',
  // xstate's transition() builds a throwaway actor, without input, on every step: reading input.source there threw
  // (and was caught) each time, about half of a step's cost. Its context is discarded, so none is needed.
  context: ({ input }) => ({
    source: (input as IssueInput | undefined)?.source as IssueContext['source'],
    leadUnitId: null,
    cooperatingUnitIds: [],
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
  }),
  // In any state: publishing (边督边改 信息公开), and marking a duplicate, which takes it out of the figures.
  on: {
    publish: { guard: 'allowed', actions: 'recordPublication' },
    markDuplicate: { guard: 'allowed', actions: 'recordDuplicate' },
  },
  states: {
    FILED: {
      on: {
        assign: { guard: 'allowed', target: 'ASSIGNED', actions: 'assignUnits' },
      },
    },
    ASSIGNED: {
      on: {
        accept: { guard: 'allowed', target: 'RECTIFYING' },
        return: { guard: 'allowed', target: 'FILED', actions: 'clearAssignment' },
        reassign: { guard: 'allowed', target: 'ASSIGNED', reenter: true, actions: 'assignUnits' },
        escalate: { guard: 'allowed', actions: 'recordEscalation' },
      },
    },
    RECTIFYING: {
      initial: 'inProgress',
      on: {
        decideExtension: [
          { guard: and(['allowed', 'approved']), actions: 'approveExtension' },
          { guard: 'allowed', actions: 'refuseExtension' },
        ],
      },
      states: {
        inProgress: {
          on: {
            reportProgress: { guard: 'allowed', actions: 'recordProgress' },
            requestExtension: { guard: 'allowed', actions: 'recordExtensionRequest' },
            submit: { guard: 'allowed', target: 'submitted', actions: 'recordSubmission' },
            // Only while the unit holds it: a problem submitted in time is not overdue while the office checks it.
            escalate: { guard: 'allowed', actions: 'recordEscalation' },
          },
        },
        submitted: {
          on: {
            verify: [
              { guard: and(['allowed', 'passed']), target: '#issue.VERIFIED', actions: 'recordAcceptance' },
              { guard: and(['allowed', not('passed')]), target: 'inProgress' },
            ],
          },
        },
      },
    },
    VERIFIED: {
      on: {
        close: { guard: 'allowed', target: 'CLOSED', actions: 'recordClosure' },
      },
    },
    CLOSED: {
      on: {
        revisit: [
          { guard: and(['allowed', 'rebounded']), target: 'RECTIFYING', actions: 'reopen' },
          { guard: 'allowed', target: 'REVISITED' },
        ],
      },
    },
    // Look-backs may be repeated (yearly 回头看); a later one may still find a rebound.
    REVISITED: {
      on: {
        revisit: [
          { guard: and(['allowed', 'rebounded']), target: 'RECTIFYING', actions: 'reopen' },
          { guard: 'allowed', target: 'REVISITED', reenter: true },
        ],
      },
    },
  },
});
