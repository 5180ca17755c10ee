// The life of one problem. Pure: stepped with xstate's transition(), no clock, no I/O.
import { and, assign, not, setup } from 'xstate';
import { escalationRank, eventAllowed, nextSignOff } from './issue.rules.js';
import { REVIEW_STEP } from './issue.types.js';
import type {
  AssignPayload,
  EscalationLevel,
  EventOf,
  IssueContext,
  IssueEvent,
  IssueInput,
  OrderLevel,
  OrderStamp,
  SignOffStep,
} from './issue.types.js';

/**
 * Bump when the machine's behaviour changes; stored on every problem and event.
 * 2: a submission withdraws a pending extension request (it names the request in `withdrawnExtension`); version 1's
 * submissions carry no such field and replay as they ran, leaving the request to the office.
 * 3: acceptance leads into the sign-off chain its event names (`signOffSteps`); versions 1 and 2 name none and replay
 * into VERIFIED.signedOff, where 销号 waits as VERIFIED did.
 * 4: a submission may go to the supervising department's review first (`departmentReview`, RECTIFYING.departmentReview);
 * earlier submissions carry no such field and go straight to the office.
 * 5: the rectification plan (setPlan, returnPlan, completeMilestone); no earlier event touches it.
 * 6: an assignment stamped `withParts` gives each cooperating unit a part (reportPart, waivePart), and the lead
 * submits once every part is done or waived; earlier assignments carry no stamp and give none.
 * 7: a plan's milestones escalate like a deadline (escalateMilestone); the level is kept on a milestone once raised.
 * 8: supervision orders (superviseOrder, replyToOrder, decideOrderReply; an escalation may raise one) and leaders'
 * instructions (instruct, acknowledgeInstruction); a problem of any source may be a complaint (its filing says so), and
 * a submission may report enforcement outcomes. No earlier event touches them; earlier filings are complaints by source.
 */
export const ISSUE_MACHINE_VERSION = 8;

/** The sub-state of VERIFIED each step after acceptance is signed in; null: every step signed, 销号 next. */
const STEP_STATES: Record<AcceptedStep, string> = {
  LEADERSHIP_APPROVAL: 'leadershipApproval',
  PUBLIC_NOTICE: 'publicNotice',
  CITY_REVIEW: 'cityReview',
};
type AcceptedStep = Exclude<SignOffStep, typeof REVIEW_STEP>;
const AFTER_CHAIN = 'signedOff';
const NEXT_STEPS: (AcceptedStep | null)[] = ['LEADERSHIP_APPROVAL', 'PUBLIC_NOTICE', 'CITY_REVIEW', null];

type ChainAction = 'recordAcceptance' | 'recordChain' | 'startNotice';

/** A step's own transitions: signed (on to the next step, or to 销号), or sent back to the unit. */
function chainStep(step: AcceptedStep) {
  return {
    signOff: NEXT_STEPS.filter((next) => next !== step).map((next) => ({
      guard: { type: 'signsThen' as const, params: { step, next } },
      target: stateFor(next),
      actions: entering(next, []),
    })),
    sendBack: back(step),
  };
}

function back(step: SignOffStep) {
  return {
    guard: { type: 'sendsBackFrom' as const, params: { step } },
    target: '#issue.RECTIFYING.inProgress',
    actions: 'sendBack' as const,
  };
}

const stateFor = (step: AcceptedStep | null) => `#issue.VERIFIED.${step ? STEP_STATES[step] : AFTER_CHAIN}`;
/** Entering the public notice starts it (its end is on the event that enters it). */
const entering = (step: AcceptedStep | null, actions: ChainAction[]): ChainAction[] =>
  step === 'PUBLIC_NOTICE' ? [...actions, 'startNotice'] : actions;

/** An order issued: open on the problem, and the problem at least at its rung. */
const withOrder = (context: IssueContext, order: OrderStamp, level: OrderLevel, current: EscalationLevel) => ({
  orders: [
    ...context.orders,
    { id: order.orderId, number: order.number, level, replyDueAt: order.replyDueAt, repliedAt: null },
  ],
  escalationLevel: escalationRank(level) > escalationRank(current) ? level : current,
});

const assignment = (event: AssignPayload): Partial<IssueContext> => ({
  leadUnitId: event.leadUnitId,
  cooperatingUnitIds: [...(event.cooperatingUnitIds ?? [])],
  supervisingUnitId: event.supervisingUnitId ?? null,
  deadlineKind: event.deadlineKind,
  dueAt: event.dueAt ?? null,
  originalDueAt: event.dueAt ?? null,
  pendingExtension: null,
  escalationLevel: 'NONE',
  // A plan is the unit's: a new assignment starts without one.
  plan: null,
  parts:
    event.withParts === true
      ? (event.cooperatingUnitIds ?? []).map((unitId) => ({
          unitId,
          progressPercent: 0,
          doneAt: null,
          waivedReason: null,
        }))
      : [],
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
    /** The submission goes to the supervising department's review first. */
    reviewedFirst: ({ event }) => (event as EventOf<'submit'>).departmentReview === true,
    rebounded: ({ event }) => (event as EventOf<'revisit'>).rebounded === true,
    approved: ({ event }) => (event as EventOf<'decideExtension'>).approve === true,
    /** An allowed acceptance whose chain starts with this step (null: none, 销号 next). */
    acceptsInto: ({ context, event }, params: { step: SignOffStep | null }) =>
      eventAllowed(context, event) &&
      (event as EventOf<'verify'>).passed === true &&
      nextSignOff((event as EventOf<'verify'>).signOffSteps ?? [], null) === params.step,
    /** An allowed sign-off of this step, after which the problem's chain goes on to `next`. */
    signsThen: ({ context, event }, params: { step: SignOffStep; next: SignOffStep | null }) =>
      eventAllowed(context, event) &&
      (event as EventOf<'signOff'>).step === params.step &&
      nextSignOff(context.signOffSteps, params.step) === params.next,
    /** An allowed sign-off of this step. */
    signs: ({ context, event }, params: { step: SignOffStep }) =>
      eventAllowed(context, event) && (event as EventOf<'signOff'>).step === params.step,
    /** An allowed send-back from this step. */
    sendsBackFrom: ({ context, event }, params: { step: SignOffStep }) =>
      eventAllowed(context, event) && (event as EventOf<'sendBack'>).step === params.step,
  },
  actions: {
    assignUnits: assign(({ event }) => assignment(event as EventOf<'assign'>)),
    clearAssignment: assign({
      leadUnitId: null,
      cooperatingUnitIds: () => [],
      supervisingUnitId: null,
      deadlineKind: null,
      dueAt: null,
      originalDueAt: null,
      pendingExtension: null,
      escalationLevel: 'NONE',
      plan: null,
      parts: () => [],
    }),
    recordPart: assign({
      parts: ({ context, event }) => {
        const e = event as EventOf<'reportPart'>;
        return context.parts.map((p) =>
          p.unitId === e.unitId ? { ...p, progressPercent: e.progressPercent, doneAt: e.done ? e.at : null } : p,
        );
      },
    }),
    waivePart: assign({
      parts: ({ context, event }) => {
        const e = event as EventOf<'waivePart'>;
        return context.parts.map((p) => (p.unitId === e.unitId ? { ...p, waivedReason: e.reason } : p));
      },
    }),
    recordPlan: assign({
      plan: ({ context, event }) => {
        const e = event as EventOf<'setPlan'>;
        // A milestone already done stays done under the same title; one kept at its date keeps its rung.
        const before = new Map(context.plan?.milestones.map((m) => [m.title, m]) ?? []);
        return {
          goal: e.goal,
          measures: e.measures,
          leader: { name: e.leader.name, post: e.leader.post },
          responsible: { name: e.responsible.name, post: e.responsible.post },
          milestones: [...e.milestones]
            .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))
            .map((m) => {
              const was = before.get(m.title);
              const level = was && Date.parse(was.dueAt) === Date.parse(m.dueAt) ? was.escalationLevel : undefined;
              return {
                title: m.title,
                dueAt: m.dueAt,
                doneAt: was?.doneAt ?? null,
                ...(level ? { escalationLevel: level } : {}),
              };
            }),
          status: 'IN_FORCE' as const,
          setAt: e.at,
        };
      },
    }),
    returnPlan: assign({
      plan: ({ context }) => (context.plan ? { ...context.plan, status: 'RETURNED' as const } : null),
    }),
    completeMilestone: assign({
      plan: ({ context, event }) => {
        const e = event as EventOf<'completeMilestone'>;
        if (!context.plan) return null;
        return {
          ...context.plan,
          milestones: context.plan.milestones.map((m) => (m.title === e.milestone ? { ...m, doneAt: e.at } : m)),
        };
      },
    }),
    escalateMilestoneLevel: assign({
      plan: ({ context, event }) => {
        const e = event as EventOf<'escalateMilestone'>;
        if (!context.plan) return null;
        return {
          ...context.plan,
          milestones: context.plan.milestones.map((m) =>
            m.title === e.milestone ? { ...m, escalationLevel: e.level } : m,
          ),
        };
      },
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
        enforcement: e.enforcement ?? context.enforcement,
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
    recordChain: assign({ signOffSteps: ({ event }) => [...((event as EventOf<'verify'>).signOffSteps ?? [])] }),
    startNotice: assign({
      noticeEndsAt: ({ event }) => (event as EventOf<'signOff' | 'verify' | 'dismissObjection'>).noticeEndsAt ?? null,
    }),
    // Back to the unit: the acceptance no longer holds (a new one judges the next submission), nor does the chain.
    sendBack: assign(({ context }) => ({
      sentBackCount: context.sentBackCount + 1,
      completedOnTime: null,
      signOffSteps: [],
      noticeEndsAt: null,
    })),
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
        signOffSteps: [],
        noticeEndsAt: null,
        plan: null,
        // A new round: each part is to do again.
        parts: context.parts.map((p) => ({ ...p, progressPercent: 0, doneAt: null, waivedReason: null })),
      };
    }),
    recordPublication: assign(({ context, event }) => {
      const e = event as EventOf<'publish'>;
      return { published: e.published, publicSummary: e.publicSummary ?? context.publicSummary };
    }),
    recordDuplicate: assign({ duplicateOfId: ({ event }) => (event as EventOf<'markDuplicate'>).duplicateOfId }),
    recordEscalation: assign(({ context, event }) => {
      const e = event as EventOf<'escalate'>;
      return e.order && e.level !== 'NONE' && e.level !== 'WARNING'
        ? withOrder(context, e.order, e.level, e.level)
        : { escalationLevel: e.level };
    }),
    issueOrder: assign(({ context, event }) => {
      const e = event as EventOf<'superviseOrder'>;
      return withOrder(context, e, e.level, context.escalationLevel);
    }),
    recordOrderReply: assign({
      orders: ({ context, event }) => {
        const e = event as EventOf<'replyToOrder'>;
        return context.orders.map((o) => (o.id === e.orderId ? { ...o, repliedAt: e.at } : o));
      },
    }),
    // Accepted, the order is closed; not accepted, the office waits for another reply.
    decideOrderReply: assign({
      orders: ({ context, event }) => {
        const e = event as EventOf<'decideOrderReply'>;
        return e.accepted
          ? context.orders.filter((o) => o.id !== e.orderId)
          : context.orders.map((o) => (o.id === e.orderId ? { ...o, repliedAt: null } : o));
      },
    }),
    recordInstruction: assign({
      instructions: ({ context, event }) => {
        const e = event as EventOf<'instruct'>;
        return [...context.instructions, { id: e.instructionId, at: e.at, orderId: e.orderId ?? null }];
      },
    }),
    acknowledgeInstruction: assign({
      instructions: ({ context, event }) => {
        const e = event as EventOf<'acknowledgeInstruction'>;
        return context.instructions.filter((i) => i.id !== e.instructionId);
      },
    }),
  },
}).createMachine({
  id: 'issue',
  initial: 'FILED',
  // xstate's transition() builds a throwaway actor, without input, on every step: reading input.source there threw
  // (and was caught) each time, about half of a step's cost. Its context is discarded, so none is needed.
  context: ({ input }) => ({
    source: (input as IssueInput | undefined)?.source as IssueContext['source'],
    complaint:
      (input as IssueInput | undefined)?.complaint ?? (input as IssueInput | undefined)?.source === 'PUBLIC_COMPLAINT',
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
    enforcement: null,
  }),
  // In any state: publishing (边督边改 信息公开), marking a duplicate, which takes it out of the figures; the replies to
  // an order and its decision, a leader's instruction and its acknowledgement (the rules say when one is pending).
  on: {
    publish: { guard: 'allowed', actions: 'recordPublication' },
    markDuplicate: { guard: 'allowed', actions: 'recordDuplicate' },
    replyToOrder: { guard: 'allowed', actions: 'recordOrderReply' },
    decideOrderReply: { guard: 'allowed', actions: 'decideOrderReply' },
    instruct: { guard: 'allowed', actions: 'recordInstruction' },
    acknowledgeInstruction: { guard: 'allowed', actions: 'acknowledgeInstruction' },
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
        // 督办单: on a problem a unit holds and has not finished.
        superviseOrder: { guard: 'allowed', actions: 'issueOrder' },
      },
    },
    RECTIFYING: {
      initial: 'inProgress',
      on: {
        superviseOrder: { guard: 'allowed', actions: 'issueOrder' },
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
            submit: [
              { guard: and(['allowed', 'reviewedFirst']), target: 'departmentReview', actions: 'recordSubmission' },
              { guard: 'allowed', target: 'submitted', actions: 'recordSubmission' },
            ],
            // Only while the unit holds it: a problem submitted in time is not overdue while the office checks it.
            escalate: { guard: 'allowed', actions: 'recordEscalation' },
            // 整改方案: set (or revised) by the unit, sent back by the office, its milestones reported done.
            setPlan: { guard: 'allowed', actions: 'recordPlan' },
            returnPlan: { guard: 'allowed', actions: 'returnPlan' },
            completeMilestone: { guard: 'allowed', actions: 'completeMilestone' },
            escalateMilestone: { guard: 'allowed', actions: 'escalateMilestoneLevel' },
            // 配合单位: each reports its own part; the office may waive one.
            reportPart: { guard: 'allowed', actions: 'recordPart' },
            waivePart: { guard: 'allowed', actions: 'waivePart' },
          },
        },
        // The supervising department (行业主管部门) reviews the submission before the office accepts it.
        departmentReview: {
          on: {
            signOff: { guard: { type: 'signs', params: { step: REVIEW_STEP } }, target: 'submitted' },
            sendBack: back(REVIEW_STEP),
          },
        },
        submitted: {
          on: {
            verify: [
              ...NEXT_STEPS.map((step) => ({
                guard: { type: 'acceptsInto' as const, params: { step } },
                target: stateFor(step),
                actions: entering(step, ['recordAcceptance', 'recordChain']),
              })),
              { guard: and(['allowed', not('passed')]), target: 'inProgress' },
            ],
          },
        },
      },
    },
    // The sign-off chain (签批链): each step's sub-state, signed in order, any of them sending the work back.
    VERIFIED: {
      initial: AFTER_CHAIN,
      states: {
        leadershipApproval: { on: chainStep('LEADERSHIP_APPROVAL') },
        publicNotice: {
          on: {
            ...chainStep('PUBLIC_NOTICE'),
            // An objection (异议) stops the notice; the office decides on it.
            object: { guard: 'allowed', target: 'objected' },
          },
        },
        objected: {
          on: {
            dismissObjection: { guard: 'allowed', target: 'publicNotice', actions: 'startNotice' },
            sendBack: back('PUBLIC_NOTICE'),
          },
        },
        cityReview: { on: chainStep('CITY_REVIEW') },
        [AFTER_CHAIN]: {
          on: {
            close: { guard: 'allowed', target: '#issue.CLOSED', actions: 'recordClosure' },
          },
        },
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
