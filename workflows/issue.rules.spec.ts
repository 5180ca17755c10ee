import { describe, expect, it } from '@jest/globals';
import {
  COMMENT_MAX,
  LEAD_UNIT_EVENTS,
  SUMMARY_MAX,
  EVIDENCE_EVENTS,
  actorMaySend,
  actorRefusal,
  escalationRank,
  eventAllowed,
  factsOf,
  payloadIssues,
  payloadProblems,
  preconditionHolds,
  preconditionRefusal,
  stampedFacts,
  STEP_SIGNERS,
} from './issue.rules.js';
import { snapshotOf, step } from './issue.runtime.js';
import {
  ESCALATION_LEVELS,
  CALLER_REFUSAL_REASONS,
  ISSUE_EVENT_TYPES,
  PAYLOAD_PROBLEM_REASONS,
  SIGN_OFF_STEPS,
  TRANSITION_REFUSAL_REASONS,
  type Actor,
  type ComplaintFinding,
  type DeadlineKind,
  type EscalationLevel,
  type IssueContext,
  type IssueEvent,
  type IssueEventType,
  type PayloadProblemReason,
  type Satisfaction,
  type Substate,
  type TransitionRefusalReason,
} from './issue.types.js';

const AT = '2026-03-02T02:00:00.000Z';
const DUE = '2026-03-31T10:00:00.000Z';
const LATER = '2026-04-30T10:00:00.000Z';
/** Before AT: a notice end that has already passed. */
const PAST_AT = '2026-03-01T00:00:00.000Z';

const OFFICE: Actor = { role: 'OFFICE', unitId: null };
const LEAD: Actor = { role: 'UNIT', unitId: 'unit-lead' };
const COOP: Actor = { role: 'UNIT', unitId: 'unit-coop' };
const OTHER_UNIT: Actor = { role: 'UNIT', unitId: 'unit-other' };
const LEADER: Actor = { role: 'LEADER', unitId: null };
const SYSTEM: Actor = { role: 'SYSTEM', unitId: null };
const CITY_OFFICE: Actor = { role: 'CITY_OFFICE', unitId: null };
const CITY_LEADER: Actor = { role: 'CITY_LEADER', unitId: null };

const CTX: IssueContext = {
  source: 'CENTRAL_INSPECTION',
  complaint: false,
  enforcement: null,
  leadUnitId: 'unit-lead',
  cooperatingUnitIds: ['unit-coop'],
  supervisingUnitId: 'unit-dept',
  // A plan in force with one milestone to do, so that the plan's events find what they need.
  plan: {
    goal: 'No sewage into the river',
    measures: 'Seal the outfall',
    leader: { name: '王某', post: '副镇长' },
    responsible: { name: '李某', post: '环保办主任' },
    milestones: [
      { title: 'Outfall sealed', dueAt: '2026-03-10T16:00:00.000Z', doneAt: '2026-03-01T02:00:00.000Z' },
      { title: 'Drains relined', dueAt: '2026-03-20T16:00:00.000Z', doneAt: null },
    ],
    status: 'IN_FORCE',
    setAt: '2026-02-27T02:00:00.000Z',
  },
  parts: [],
  orders: [],
  instructions: [],
  deadlineKind: 'DATE',
  dueAt: DUE,
  originalDueAt: DUE,
  pendingExtension: null,
  progressPercent: 40,
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
};
const COMPLAINT: IssueContext = { ...CTX, source: 'PUBLIC_COMPLAINT', complaint: true };
const FILED_CTX: IssueContext = {
  ...CTX,
  leadUnitId: null,
  cooperatingUnitIds: [],
  deadlineKind: null,
  dueAt: null,
  originalDueAt: null,
  progressPercent: 0,
};
const PENDING_CTX: IssueContext = {
  ...CTX,
  pendingExtension: { newDueAt: LATER, reason: 'Rain', requestedAt: '2026-02-25T02:00:00.000Z' },
};

/** A problem with a cooperating unit's part still to do. */
const PART_CTX: IssueContext = {
  ...CTX,
  parts: [{ unitId: 'unit-coop', progressPercent: 30, doneAt: null, waivedReason: null }],
};

/** A problem the office has marked a duplicate of another. */
const DUP_CTX: IssueContext = { ...CTX, duplicateOfId: 'issue-original' };
/** An order awaiting the unit's reply, one replied awaiting the office, and an instruction to acknowledge. */
const ORDERS_CTX: IssueContext = {
  ...CTX,
  orders: [
    { id: 'order-open', number: '督〔2026〕1号', level: 'SUPERVISION', replyDueAt: LATER, repliedAt: null },
    {
      id: 'order-replied',
      number: '督〔2026〕2号',
      level: 'NAMED_SUPERVISION',
      replyDueAt: LATER,
      repliedAt: '2026-03-01T02:00:00.000Z',
    },
  ],
  instructions: [{ id: 'instruction-1', at: '2026-03-01T02:00:00.000Z', orderId: 'order-open' }],
};
/** The context in which an event's own precondition holds (it answers something pending, or needs a part or a request). */
const ctxFor = (type: IssueEventType): IssueContext =>
  type === 'decideExtension'
    ? PENDING_CTX
    : type === 'reportPart' || type === 'waivePart'
      ? PART_CTX
      : type === 'replyToOrder' ||
          type === 'decideOrderReply' ||
          type === 'acknowledgeInstruction' ||
          type === 'instruct'
        ? ORDERS_CTX
        : CTX;

const LONG = 'x'.repeat(COMMENT_MAX + 1);
const MAX = 'x'.repeat(COMMENT_MAX);
const SUMMARY = 'Outfall sealed; sewage now goes to the treatment plant';
const LONG_SUMMARY = 'y'.repeat(SUMMARY_MAX + 1);
const MAX_SUMMARY = 'y'.repeat(SUMMARY_MAX);

describe('constants', () => {
  it('the lead unit owns exactly nine events', () => {
    expect([...LEAD_UNIT_EVENTS].sort()).toEqual(
      [
        'accept',
        'requestExtension',
        'reportProgress',
        'return',
        'submit',
        'setPlan',
        'completeMilestone',
        'replyToOrder',
        'acknowledgeInstruction',
      ].sort(),
    );
  });
  it('COMMENT_MAX is 2000', () => {
    expect(COMMENT_MAX).toBe(2000);
  });
  it('SUMMARY_MAX is 5000', () => {
    expect(SUMMARY_MAX).toBe(5000);
  });
  it('the orders and instructions come last, after escalate and markDuplicate', () => {
    expect(ISSUE_EVENT_TYPES).toHaveLength(29);
    expect(new Set(ISSUE_EVENT_TYPES).size).toBe(29);
    expect(ISSUE_EVENT_TYPES.slice(-7)).toEqual([
      'escalate',
      'markDuplicate',
      'superviseOrder',
      'replyToOrder',
      'decideOrderReply',
      'instruct',
      'acknowledgeInstruction',
    ]);
  });
  it('the escalation levels are NONE < WARNING < SUPERVISION < NAMED_SUPERVISION', () => {
    expect([...ESCALATION_LEVELS]).toEqual(['NONE', 'WARNING', 'SUPERVISION', 'NAMED_SUPERVISION']);
    expect(escalationRank('NONE')).toBe(0);
    expect(escalationRank('WARNING')).toBe(1);
    expect(escalationRank('SUPERVISION')).toBe(2);
    expect(escalationRank('NAMED_SUPERVISION')).toBe(3);
  });
  it('an unknown level ranks below NONE', () => {
    expect(escalationRank('RED')).toBe(-1);
    expect(escalationRank('')).toBe(-1);
    expect(escalationRank('warning')).toBe(-1);
  });
});

// ---------------------------------------------------------------------------------------------
// actorMaySend
// ---------------------------------------------------------------------------------------------

describe('actorMaySend', () => {
  const LEAD_EVENTS: IssueEventType[] = [
    'accept',
    'return',
    'reportProgress',
    'requestExtension',
    'submit',
    'setPlan',
    'completeMilestone',
    'replyToOrder',
    'acknowledgeInstruction',
  ];
  /** A leader's instruction (批示): the one event neither the office nor a unit sends. */
  const OFFICE_EVENTS: IssueEventType[] = ISSUE_EVENT_TYPES.filter((t) => !LEAD_EVENTS.includes(t) && t !== 'instruct');

  it('splits the event types 9 / 19, and a leader’s instruction (a cooperating unit’s part aside: the office may report it too)', () => {
    expect(OFFICE_EVENTS).toEqual([
      'assign',
      'reassign',
      'decideExtension',
      'verify',
      'signOff',
      'sendBack',
      'returnPlan',
      'escalateMilestone',
      'reportPart',
      'waivePart',
      'object',
      'dismissObjection',
      'close',
      'revisit',
      'publish',
      'escalate',
      'markDuplicate',
      'superviseOrder',
      'decideOrderReply',
    ]);
  });

  it.each([...LEAD_EVENTS, ...OFFICE_EVENTS])('the office may send %s', (type) => {
    expect(actorMaySend(OFFICE, CTX, type)).toBe(true);
    expect(actorMaySend(OFFICE, FILED_CTX, type)).toBe(true);
    expect(actorMaySend({ role: 'OFFICE', unitId: 'unit-office' }, CTX, type)).toBe(true);
  });

  it.each(LEAD_EVENTS)('the lead unit may send %s', (type) => {
    expect(actorMaySend(LEAD, CTX, type)).toBe(true);
  });

  it.each(OFFICE_EVENTS)('the lead unit may not send %s', (type) => {
    expect(actorMaySend(LEAD, CTX, type)).toBe(false);
  });

  it('only a leader writes an instruction (批示), whatever the problem', () => {
    for (const ctx of [CTX, FILED_CTX, DUP_CTX]) {
      expect(actorMaySend(LEADER, ctx, 'instruct')).toBe(true);
      expect(actorMaySend({ role: 'LEADER', unitId: 'unit-lead' }, ctx, 'instruct')).toBe(true);
      for (const actor of [OFFICE, LEAD, COOP, OTHER_UNIT, SYSTEM, { role: 'PUBLIC', unitId: null } as Actor])
        expect(actorMaySend(actor, ctx, 'instruct')).toBe(false);
    }
  });

  it.each([...LEAD_EVENTS, ...OFFICE_EVENTS])(
    'a cooperating unit, another unit and a leader may not send %s',
    (type) => {
      expect(actorMaySend(COOP, CTX, type)).toBe(false);
      expect(actorMaySend(OTHER_UNIT, CTX, type)).toBe(false);
      expect(actorMaySend(LEADER, CTX, type)).toBe(false);
      // Carrying the lead's unit id does not help a leader.
      expect(actorMaySend({ role: 'LEADER', unitId: 'unit-lead' }, CTX, type)).toBe(false);
    },
  );

  const NOT_ESCALATE: IssueEventType[] = ISSUE_EVENT_TYPES.filter((t) => t !== 'escalate' && t !== 'escalateMilestone');
  it('the system is refused exactly twenty-seven event types (a public notice’s end aside: it names its step)', () => {
    expect(NOT_ESCALATE).toHaveLength(27);
    expect(NOT_ESCALATE).toContain('markDuplicate');
  });

  it.each(NOT_ESCALATE)('the system may not send %s', (type) => {
    expect(actorMaySend(SYSTEM, CTX, type)).toBe(false);
    // Carrying the lead's unit id does not help the system.
    expect(actorMaySend({ role: 'SYSTEM', unitId: 'unit-lead' }, CTX, type)).toBe(false);
    expect(actorMaySend(SYSTEM, FILED_CTX, type)).toBe(false);
  });

  it('the system may send escalate, whatever its unit id and the problem', () => {
    for (const ctx of [CTX, FILED_CTX, PENDING_CTX, { ...CTX, escalationLevel: 'NAMED_SUPERVISION' as const }]) {
      expect(actorMaySend(SYSTEM, ctx, 'escalate')).toBe(true);
      expect(actorMaySend({ role: 'SYSTEM', unitId: 'unit-lead' }, ctx, 'escalate')).toBe(true);
    }
  });

  it('only the office may send markDuplicate: not the lead unit, not the system, whatever the problem', () => {
    for (const ctx of [CTX, FILED_CTX, PENDING_CTX, DUP_CTX]) {
      expect(actorMaySend(OFFICE, ctx, 'markDuplicate')).toBe(true);
      for (const actor of [LEAD, COOP, OTHER_UNIT, LEADER, SYSTEM, { role: 'SYSTEM', unitId: 'unit-lead' } as Actor]) {
        expect(actorMaySend(actor, ctx, 'markDuplicate')).toBe(false);
      }
    }
  });

  it('actorMaySend does not look at duplicateOfId: that is the precondition’s business', () => {
    for (const type of ISSUE_EVENT_TYPES) {
      expect(actorMaySend(OFFICE, DUP_CTX, type)).toBe(actorMaySend(OFFICE, CTX, type));
      expect(actorMaySend(LEAD, DUP_CTX, type)).toBe(actorMaySend(LEAD, CTX, type));
      expect(actorMaySend(SYSTEM, DUP_CTX, type)).toBe(actorMaySend(SYSTEM, CTX, type));
    }
  });

  it('no unit, not even the lead, and no leader may send escalate', () => {
    for (const actor of [LEAD, COOP, OTHER_UNIT, LEADER, { role: 'UNIT', unitId: null } as Actor]) {
      expect(actorMaySend(actor, CTX, 'escalate')).toBe(false);
    }
  });

  it.each(LEAD_EVENTS)('no unit is the lead of an unassigned problem (%s), not even one without an id', (type) => {
    expect(actorMaySend(LEAD, FILED_CTX, type)).toBe(false);
    expect(actorMaySend({ role: 'UNIT', unitId: null }, FILED_CTX, type)).toBe(false);
    expect(actorMaySend({ role: 'UNIT', unitId: null }, CTX, type)).toBe(false);
  });

  it('unit ids are compared exactly', () => {
    expect(actorMaySend({ role: 'UNIT', unitId: 'UNIT-LEAD' }, CTX, 'accept')).toBe(false);
    expect(actorMaySend({ role: 'UNIT', unitId: 'unit-lead ' }, CTX, 'accept')).toBe(false);
  });

  it('follows the lead when it changes', () => {
    const ctx: IssueContext = { ...CTX, leadUnitId: 'unit-coop', cooperatingUnitIds: ['unit-lead'] };
    expect(actorMaySend(COOP, ctx, 'submit')).toBe(true);
    expect(actorMaySend(LEAD, ctx, 'submit')).toBe(false);
  });
});

describe('actorRefusal says why a caller may not send an event', () => {
  const LEAD_EVENTS = [...LEAD_UNIT_EVENTS];
  // (reportPart is a cooperating unit's: below)
  const OFFICE_EVENTS = ISSUE_EVENT_TYPES.filter(
    (t) => !LEAD_UNIT_EVENTS.has(t) && t !== 'reportPart' && t !== 'instruct',
  );

  it('instruct: a leader only; the office and the units are told LEADER_ONLY', () => {
    expect(actorRefusal(LEADER, CTX, 'instruct')).toBeNull();
    for (const actor of [OFFICE, LEAD, COOP, SYSTEM]) expect(actorRefusal(actor, CTX, 'instruct')).toBe('LEADER_ONLY');
    expect(actorRefusal({ role: 'PUBLIC', unitId: null }, CTX, 'instruct')).toBe('OFFICE_ONLY');
  });

  it.each(ISSUE_EVENT_TYPES.filter((t) => t !== 'instruct'))(
    '%s: the office always, the lead unit for its own, a leader never',
    (type) => {
      expect(actorRefusal(OFFICE, CTX, type)).toBeNull();
      expect(actorRefusal(OFFICE, DUP_CTX, type)).toBeNull();
      expect(actorRefusal(LEADER, CTX, type)).toBe('READ_ONLY');
      expect(actorRefusal({ role: 'LEADER', unitId: 'unit-lead' }, CTX, type)).toBe('READ_ONLY');
      expect(actorRefusal(LEAD, CTX, type)).toBe(
        LEAD_UNIT_EVENTS.has(type) ? null : type === 'reportPart' ? 'NOT_COOPERATING_UNIT' : 'OFFICE_ONLY',
      );
    },
  );

  it('reportPart: a cooperating unit with its part to do, or the office; nobody else', () => {
    const ctx: IssueContext = {
      ...CTX,
      parts: [{ unitId: 'unit-coop', progressPercent: 0, doneAt: null, waivedReason: null }],
    };
    expect(actorRefusal(COOP, ctx, 'reportPart')).toBeNull();
    expect(actorRefusal(OFFICE, ctx, 'reportPart')).toBeNull();
    for (const actor of [LEAD, OTHER_UNIT, SYSTEM, { role: 'UNIT', unitId: null } as Actor])
      expect(actorRefusal(actor, ctx, 'reportPart')).toBe('NOT_COOPERATING_UNIT');
    expect(actorRefusal(LEADER, ctx, 'reportPart')).toBe('READ_ONLY');
    // Done, or waived: nothing left to report.
    for (const part of [
      { doneAt: AT, waivedReason: null },
      { doneAt: null, waivedReason: 'The lead did it' },
    ])
      expect(actorRefusal(COOP, { ...ctx, parts: [{ ...ctx.parts[0], ...part }] }, 'reportPart')).toBe(
        'NOT_COOPERATING_UNIT',
      );
  });

  it.each(LEAD_EVENTS)('%s: another unit, a cooperating one or the system is not the lead unit', (type) => {
    for (const actor of [COOP, OTHER_UNIT, SYSTEM, { role: 'UNIT', unitId: null } as Actor]) {
      expect(actorRefusal(actor, CTX, type)).toBe('NOT_LEAD_UNIT');
    }
    // Nobody leads an unassigned problem.
    expect(actorRefusal(LEAD, FILED_CTX, type)).toBe('NOT_LEAD_UNIT');
  });

  it.each(OFFICE_EVENTS)('%s: the office’s, whichever unit sends it; the system escalates only', (type) => {
    for (const actor of [LEAD, COOP, OTHER_UNIT]) expect(actorRefusal(actor, CTX, type)).toBe('OFFICE_ONLY');
    expect(actorRefusal(SYSTEM, CTX, type)).toBe(
      type === 'escalate' || type === 'escalateMilestone' ? null : 'OFFICE_ONLY',
    );
  });

  it('answers only with the caller reasons, and agrees with actorMaySend everywhere', () => {
    const reasons = new Set<string>();
    for (const actor of [
      OFFICE,
      LEAD,
      COOP,
      OTHER_UNIT,
      LEADER,
      SYSTEM,
      CITY_OFFICE,
      CITY_LEADER,
      { role: 'UNIT', unitId: null } as Actor,
    ]) {
      for (const ctx of [CTX, FILED_CTX, PENDING_CTX, DUP_CTX]) {
        for (const type of ISSUE_EVENT_TYPES) {
          for (const step of [null, ...SIGN_OFF_STEPS]) {
            const reason = actorRefusal(actor, ctx, type, step);
            expect(actorMaySend(actor, ctx, type, step)).toBe(reason === null);
            if (reason) reasons.add(reason);
          }
        }
      }
    }
    expect([...reasons].sort()).toEqual([...CALLER_REFUSAL_REASONS].sort());
  });
});

describe('the city’s review (CITY_REVIEW, issue #28)', () => {
  const CHAIN_TYPES: IssueEventType[] = ['signOff', 'sendBack'];

  it('the city’s office signs or sends back the CITY_REVIEW step, whatever the problem', () => {
    for (const ctx of [CTX, FILED_CTX, PENDING_CTX, DUP_CTX])
      for (const type of CHAIN_TYPES) expect(actorRefusal(CITY_OFFICE, ctx, type, 'CITY_REVIEW')).toBeNull();
  });

  it('the district’s office may still record it (with the city’s 文号: the payload requires one)', () => {
    for (const type of CHAIN_TYPES) expect(actorMaySend(OFFICE, CTX, type, 'CITY_REVIEW')).toBe(true);
  });

  it('no unit, leader, city leader or the system signs it', () => {
    for (const actor of [LEAD, COOP, OTHER_UNIT, LEADER, SYSTEM, CITY_LEADER, { role: 'UNIT', unitId: null } as Actor])
      for (const type of CHAIN_TYPES) expect(actorRefusal(actor, CTX, type, 'CITY_REVIEW')).toBe('CITY_OFFICE_ONLY');
  });

  it.each(ISSUE_EVENT_TYPES)(
    'the city’s office sends %s to a district’s problem only as the CITY_REVIEW step’s sign-off or send-back',
    (type) => {
      for (const step of [null, ...SIGN_OFF_STEPS]) {
        const mayCity = CHAIN_TYPES.includes(type) && step === 'CITY_REVIEW';
        expect(actorMaySend(CITY_OFFICE, CTX, type, step)).toBe(mayCity);
        if (!mayCity && type !== 'instruct' && !(CHAIN_TYPES.includes(type) && step === 'LEADERSHIP_APPROVAL'))
          expect(actorRefusal(CITY_OFFICE, CTX, type, step)).toBe(
            CHAIN_TYPES.includes(type) && step === 'DEPARTMENT_REVIEW' ? 'NOT_SUPERVISING_UNIT' : 'CITY_OFFICE_ONLY',
          );
      }
    },
  );

  it.each(ISSUE_EVENT_TYPES)('the city’s leader sends nothing, %s included', (type) => {
    for (const step of [null, ...SIGN_OFF_STEPS]) expect(actorMaySend(CITY_LEADER, CTX, type, step)).toBe(false);
    expect(actorRefusal(CITY_LEADER, CTX, type)).toBe(type === 'instruct' ? 'LEADER_ONLY' : 'READ_ONLY');
  });

  it('the step’s signer is the city', () => {
    expect(STEP_SIGNERS.CITY_REVIEW).toBe('CITY');
  });
});

describe('the refusal reasons', () => {
  it('are twenty-three, the caller’s seven first', () => {
    expect(TRANSITION_REFUSAL_REASONS).toHaveLength(23);
    expect(TRANSITION_REFUSAL_REASONS.slice(0, 7)).toEqual([...CALLER_REFUSAL_REASONS]);
  });
  it('evidence rides on reportProgress, submit, verify, a sign-off (its documents), the plan and its milestones, a reply to an order', () => {
    expect(EVIDENCE_EVENTS).toEqual([
      'reportProgress',
      'submit',
      'verify',
      'signOff',
      'setPlan',
      'completeMilestone',
      'reportPart',
      'replyToOrder',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// preconditionHolds
// ---------------------------------------------------------------------------------------------

describe('preconditionHolds', () => {
  describe('requestExtension', () => {
    it.each<[string, IssueContext, string, boolean]>([
      ['a DATE deadline in the future, nothing pending', CTX, AT, true],
      ['an IMMEDIATE deadline in the future', { ...CTX, deadlineKind: 'IMMEDIATE' }, AT, true],
      ['1 ms before the deadline', CTX, '2026-03-31T09:59:59.999Z', true],
      ['exactly at the deadline', CTX, DUE, false],
      ['after the deadline', CTX, '2026-04-01T00:00:00.000Z', false],
      [
        'LONG_TERM work (no deadline)',
        { ...CTX, deadlineKind: 'LONG_TERM', dueAt: null, originalDueAt: null },
        AT,
        false,
      ],
      ['LONG_TERM work even with a stray dueAt', { ...CTX, deadlineKind: 'LONG_TERM' }, AT, false],
      ['no deadline set', { ...CTX, dueAt: null }, AT, false],
      ['an unassigned problem', FILED_CTX, AT, false],
      ['a request already pending', PENDING_CTX, AT, false],
    ])('%s → %s', (_name, ctx, at, expected) => {
      expect(preconditionHolds(ctx, 'requestExtension', at)).toBe(expected);
    });
  });

  describe('decideExtension', () => {
    it('holds when a request is pending', () => {
      expect(preconditionHolds(PENDING_CTX, 'decideExtension', AT)).toBe(true);
      // ...whatever the time: the office may decide after the old deadline has passed.
      expect(preconditionHolds(PENDING_CTX, 'decideExtension', '2027-01-01T00:00:00.000Z')).toBe(true);
    });
    it('does not hold without a pending request', () => {
      expect(preconditionHolds(CTX, 'decideExtension', AT)).toBe(false);
      expect(preconditionHolds(FILED_CTX, 'decideExtension', AT)).toBe(false);
    });
  });

  describe('escalate', () => {
    it.each<[string, IssueContext, boolean]>([
      ['a DATE deadline at NONE', CTX, true],
      ['an IMMEDIATE deadline', { ...CTX, deadlineKind: 'IMMEDIATE' }, true],
      ['at WARNING', { ...CTX, escalationLevel: 'WARNING' }, true],
      ['at SUPERVISION', { ...CTX, escalationLevel: 'SUPERVISION' }, true],
      ['at NAMED_SUPERVISION (the top rung)', { ...CTX, escalationLevel: 'NAMED_SUPERVISION' }, false],
      ['a request pending', PENDING_CTX, true],
      ['LONG_TERM work (no deadline)', { ...CTX, deadlineKind: 'LONG_TERM', dueAt: null, originalDueAt: null }, false],
      ['LONG_TERM work even with a stray dueAt', { ...CTX, deadlineKind: 'LONG_TERM' }, false],
      ['no deadline set', { ...CTX, dueAt: null }, false],
      ['an unassigned problem', FILED_CTX, false],
      ['an unassigned problem carrying a level', { ...FILED_CTX, escalationLevel: 'WARNING' }, false],
    ])('%s → %s', (_name, ctx, expected) => {
      expect(preconditionHolds(ctx, 'escalate', AT)).toBe(expected);
    });

    it('does not read the clock', () => {
      for (const at of ['2020-01-01T00:00:00.000Z', AT, DUE, '2099-01-01T00:00:00.000Z']) {
        expect(preconditionHolds(CTX, 'escalate', at)).toBe(true);
        expect(preconditionHolds({ ...CTX, escalationLevel: 'NAMED_SUPERVISION' }, 'escalate', at)).toBe(false);
      }
    });
  });

  describe('close', () => {
    const contexts: IssueContext[] = [
      CTX,
      FILED_CTX,
      PENDING_CTX,
      { ...CTX, dueAt: null },
      { ...CTX, deadlineKind: 'LONG_TERM' as const, dueAt: null },
      { ...CTX, escalationLevel: 'NAMED_SUPERVISION' as const },
    ];

    it('holds without facts (what the problem alone allows), whatever the problem and the time', () => {
      for (const ctx of contexts) {
        expect(preconditionHolds(ctx, 'close', '2099-01-01T00:00:00.000Z')).toBe(true);
        expect(preconditionHolds(ctx, 'close', AT, {})).toBe(true);
      }
    });
    it.each<[string, { openChildren?: number }, boolean]>([
      ['no facts', {}, true],
      ['openChildren undefined', { openChildren: undefined }, true],
      ['no open derived problem', { openChildren: 0 }, true],
      ['one open derived problem', { openChildren: 1 }, false],
      ['two open derived problems', { openChildren: 2 }, false],
      ['many open derived problems', { openChildren: 250 }, false],
    ])('%s → %s', (_name, facts, expected) => {
      for (const ctx of contexts) {
        expect(preconditionHolds(ctx, 'close', AT, facts)).toBe(expected);
      }
    });
  });

  describe('markDuplicate', () => {
    const contexts: IssueContext[] = [
      CTX,
      FILED_CTX,
      PENDING_CTX,
      { ...CTX, escalationLevel: 'NAMED_SUPERVISION' },
      { ...CTX, published: true, publicSummary: SUMMARY },
    ];

    it.each<[string, { duplicates?: number; openChildren?: number }, boolean]>([
      ['no facts', {}, true],
      ['duplicates undefined', { duplicates: undefined }, true],
      ['no duplicates of its own', { duplicates: 0 }, true],
      ['open derived problems (not its business)', { openChildren: 2 }, true],
      ['one duplicate of its own', { duplicates: 1 }, false],
      ['many duplicates of its own', { duplicates: 40 }, false],
    ])('%s → %s: an original with duplicates stays an original', (_name, facts, expected) => {
      for (const ctx of contexts) expect(preconditionHolds(ctx, 'markDuplicate', AT, facts)).toBe(expected);
    });

    it('a duplicate is refused whatever the facts', () => {
      for (const duplicates of [undefined, 0, 1])
        expect(preconditionHolds(DUP_CTX, 'markDuplicate', AT, { duplicates })).toBe(false);
    });
  });

  describe('a duplicate', () => {
    const notPublish = ISSUE_EVENT_TYPES.filter((t) => t !== 'publish');
    it('twenty-eight event types are refused to a duplicate', () => {
      expect(notPublish).toHaveLength(28);
      expect(notPublish).toContain('markDuplicate');
    });

    it.each(notPublish)('refuses %s, whatever else holds', (type) => {
      // Each context would satisfy the type's own precondition.
      for (const ctx of [
        DUP_CTX,
        { ...PENDING_CTX, duplicateOfId: 'issue-original' },
        { ...FILED_CTX, duplicateOfId: 'x' },
      ]) {
        expect(preconditionHolds(ctx, type, AT)).toBe(false);
        expect(preconditionHolds(ctx, type, AT, {})).toBe(false);
        expect(preconditionHolds(ctx, type, AT, { openChildren: 0 })).toBe(false);
      }
      // The same problem, not a duplicate, takes it where its own precondition holds.
      const ctx = ctxFor(type);
      expect(preconditionHolds(ctx, type, AT)).toBe(true);
      expect(preconditionHolds({ ...ctx, duplicateOfId: 'issue-original' }, type, AT)).toBe(false);
    });

    it('still takes publish', () => {
      for (const ctx of [
        DUP_CTX,
        { ...FILED_CTX, duplicateOfId: 'x' },
        { ...DUP_CTX, published: true, publicSummary: SUMMARY },
      ]) {
        expect(preconditionHolds(ctx, 'publish', AT)).toBe(true);
        expect(preconditionHolds(ctx, 'publish', '2099-01-01T00:00:00.000Z', { openChildren: 3 })).toBe(true);
      }
    });

    it('an empty duplicateOfId still counts as marked (only null is "not a duplicate")', () => {
      expect(preconditionHolds({ ...CTX, duplicateOfId: '' }, 'markDuplicate', AT)).toBe(false);
      expect(preconditionHolds({ ...CTX, duplicateOfId: '' }, 'publish', AT)).toBe(true);
    });
  });

  describe('preconditionRefusal says why', () => {
    const PAST = '2026-04-01T00:00:00.000Z';
    const LONG_TERM: IssueContext = { ...CTX, deadlineKind: 'LONG_TERM', dueAt: null, originalDueAt: null };
    it.each<
      [
        string,
        IssueContext,
        IssueEventType,
        string,
        { openChildren?: number; duplicates?: number },
        TransitionRefusalReason | null,
      ]
    >([
      ['requestExtension before the deadline', CTX, 'requestExtension', AT, {}, null],
      ['requestExtension at the deadline', CTX, 'requestExtension', DUE, {}, 'DEADLINE_PASSED'],
      ['requestExtension after the deadline', CTX, 'requestExtension', PAST, {}, 'DEADLINE_PASSED'],
      ['requestExtension while one is pending', PENDING_CTX, 'requestExtension', AT, {}, 'EXTENSION_PENDING'],
      [
        'requestExtension while one is pending, after the deadline',
        PENDING_CTX,
        'requestExtension',
        PAST,
        {},
        'EXTENSION_PENDING',
      ],
      ['requestExtension on long-term work', LONG_TERM, 'requestExtension', AT, {}, 'NO_DEADLINE'],
      [
        'requestExtension on long-term work with a stray dueAt',
        { ...CTX, deadlineKind: 'LONG_TERM' },
        'requestExtension',
        AT,
        {},
        'NO_DEADLINE',
      ],
      ['requestExtension without a deadline', { ...CTX, dueAt: null }, 'requestExtension', AT, {}, 'NO_DEADLINE'],
      ['requestExtension on an unassigned problem', FILED_CTX, 'requestExtension', AT, {}, 'NO_DEADLINE'],
      ['decideExtension with a request pending', PENDING_CTX, 'decideExtension', PAST, {}, null],
      ['decideExtension with none pending', CTX, 'decideExtension', AT, {}, 'NO_PENDING_EXTENSION'],
      ['close with no derived problem open', CTX, 'close', AT, { openChildren: 0 }, null],
      ['close with derived problems open', CTX, 'close', AT, { openChildren: 3 }, 'OPEN_CHILDREN'],
      ['markDuplicate of a problem without duplicates', CTX, 'markDuplicate', AT, { duplicates: 0 }, null],
      ['markDuplicate of an original', CTX, 'markDuplicate', AT, { duplicates: 2 }, 'HAS_DUPLICATES'],
      ['escalate below the top rung', { ...CTX, escalationLevel: 'SUPERVISION' }, 'escalate', AT, {}, null],
      [
        'escalate at the top rung',
        { ...CTX, escalationLevel: 'NAMED_SUPERVISION' },
        'escalate',
        AT,
        {},
        'TOP_ESCALATION_REACHED',
      ],
      ['escalate long-term work', LONG_TERM, 'escalate', AT, {}, 'NO_DEADLINE'],
      [
        'escalate long-term work at the top rung',
        { ...LONG_TERM, escalationLevel: 'NAMED_SUPERVISION' },
        'escalate',
        AT,
        {},
        'NO_DEADLINE',
      ],
      [
        'anything but publish on a duplicate, before its own condition',
        { ...PENDING_CTX, duplicateOfId: 'x' },
        'requestExtension',
        AT,
        {},
        'DUPLICATE',
      ],
      ['close on a duplicate with derived problems open', DUP_CTX, 'close', AT, { openChildren: 2 }, 'DUPLICATE'],
      ['publish on a duplicate', DUP_CTX, 'publish', AT, {}, null],
      ['submit (no condition)', PENDING_CTX, 'submit', PAST, {}, null],
    ])('%s → %s', (_name, ctx, type, at, facts, reason) => {
      expect(preconditionRefusal(ctx, type, at, facts)).toBe(reason);
    });

    it('agrees with preconditionHolds for every type, context, time and fact', () => {
      const contexts = [
        CTX,
        FILED_CTX,
        PENDING_CTX,
        DUP_CTX,
        LONG_TERM,
        { ...CTX, dueAt: null },
        { ...CTX, escalationLevel: 'NAMED_SUPERVISION' as const },
      ];
      for (const type of ISSUE_EVENT_TYPES) {
        for (const ctx of contexts) {
          for (const at of [AT, DUE, PAST]) {
            for (const facts of [{}, { openChildren: 1 }, { duplicates: 1 }]) {
              expect(preconditionHolds(ctx, type, at, facts)).toBe(preconditionRefusal(ctx, type, at, facts) === null);
            }
          }
        }
      }
    });
  });

  describe('stampedFacts', () => {
    it('a submission names the pending request it withdraws, or null', () => {
      expect(stampedFacts(PENDING_CTX, 'submit')).toEqual({ withdrawnExtension: PENDING_CTX.pendingExtension });
      expect(stampedFacts(CTX, 'submit')).toEqual({ withdrawnExtension: null });
    });
    it.each(ISSUE_EVENT_TYPES.filter((t) => t !== 'submit'))('%s carries nothing of the kind', (type) => {
      expect(stampedFacts(PENDING_CTX, type)).toEqual({});
    });
  });

  const others = ISSUE_EVENT_TYPES.filter(
    (t) =>
      t !== 'requestExtension' &&
      t !== 'decideExtension' &&
      t !== 'escalate' &&
      t !== 'close' &&
      t !== 'markDuplicate' &&
      t !== 'signOff' &&
      t !== 'returnPlan' &&
      t !== 'completeMilestone' &&
      t !== 'submit' &&
      t !== 'escalateMilestone' &&
      t !== 'reportPart' &&
      t !== 'waivePart' &&
      t !== 'replyToOrder' &&
      t !== 'decideOrderReply' &&
      t !== 'acknowledgeInstruction',
  );
  it('fourteen event types have no precondition on a problem that is not a duplicate', () => {
    expect(others).toHaveLength(14);
    expect(others).toEqual([
      'assign',
      'reassign',
      'accept',
      'return',
      'reportProgress',
      'verify',
      'sendBack',
      'setPlan',
      'object',
      'dismissObjection',
      'revisit',
      'publish',
      'superviseOrder',
      'instruct',
    ]);
  });
  it('an order is answered while one awaits a reply, decided while one awaits the office, an instruction acknowledged while one is pending', () => {
    expect(preconditionRefusal(CTX, 'replyToOrder', AT)).toBe('NO_OPEN_ORDER');
    expect(preconditionRefusal(CTX, 'decideOrderReply', AT)).toBe('NO_ORDER_REPLY');
    expect(preconditionRefusal(CTX, 'acknowledgeInstruction', AT)).toBe('NO_PENDING_INSTRUCTION');
    for (const type of ['replyToOrder', 'decideOrderReply', 'acknowledgeInstruction'] as const)
      expect(preconditionRefusal(ORDERS_CTX, type, AT)).toBeNull();
    // Only replied orders: nothing to reply to; only unreplied ones: nothing to decide.
    const replied = { ...ORDERS_CTX, orders: ORDERS_CTX.orders.filter((o) => o.repliedAt !== null) };
    const awaiting = { ...ORDERS_CTX, orders: ORDERS_CTX.orders.filter((o) => o.repliedAt === null) };
    expect(preconditionRefusal(replied, 'replyToOrder', AT)).toBe('NO_OPEN_ORDER');
    expect(preconditionRefusal(awaiting, 'decideOrderReply', AT)).toBe('NO_ORDER_REPLY');
  });
  it.each(others)('%s has no precondition, and ignores the facts', (type) => {
    for (const ctx of [
      CTX,
      FILED_CTX,
      PENDING_CTX,
      { ...CTX, dueAt: null },
      { ...CTX, deadlineKind: 'LONG_TERM' as const, dueAt: null },
      { ...CTX, escalationLevel: 'NAMED_SUPERVISION' as const },
      { ...CTX, published: true, publicSummary: SUMMARY },
    ]) {
      expect(preconditionHolds(ctx, type, '2099-01-01T00:00:00.000Z')).toBe(true);
      expect(preconditionHolds(ctx, type, AT, { openChildren: 3 })).toBe(true);
      expect(preconditionHolds(ctx, type, AT, { duplicates: 3 })).toBe(true);
    }
  });

  it('the facts do not change the other preconditions', () => {
    expect(preconditionHolds(CTX, 'requestExtension', AT, { openChildren: 2 })).toBe(true);
    expect(preconditionHolds(PENDING_CTX, 'requestExtension', AT, { openChildren: 0 })).toBe(false);
    expect(preconditionHolds(PENDING_CTX, 'decideExtension', AT, { openChildren: 2 })).toBe(true);
    expect(preconditionHolds(CTX, 'escalate', AT, { openChildren: 2 })).toBe(true);
    expect(preconditionHolds(CTX, 'close', AT, { duplicates: 2 })).toBe(true);
    expect(preconditionHolds(PENDING_CTX, 'requestExtension', AT, { duplicates: 0 })).toBe(false);
    expect(preconditionHolds(CTX, 'escalate', AT, { duplicates: 2 })).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// payloadProblems, and the machine refusing the same bad payloads
// ---------------------------------------------------------------------------------------------

interface PayloadCase {
  name: string;
  /** A substate in which a good event of this type is accepted. */
  substate: Substate;
  ctx: IssueContext;
  event: IssueEvent;
  /** `field:REASON`, in the order payloadIssues names them. */
  problems: `${string}:${PayloadProblemReason}`[];
}

const assignEvent = (over: Partial<Extract<IssueEvent, { type: 'assign' }>> = {}): IssueEvent => ({
  type: 'assign',
  actor: OFFICE,
  at: AT,
  leadUnitId: 'unit-lead',
  cooperatingUnitIds: ['unit-coop', 'unit-third'],
  deadlineKind: 'DATE',
  dueAt: DUE,
  comment: 'Over to the water bureau',
  ...over,
});
const reassignEvent = (over: Partial<Extract<IssueEvent, { type: 'reassign' }>> = {}): IssueEvent => ({
  type: 'reassign',
  actor: OFFICE,
  at: AT,
  leadUnitId: 'unit-new',
  cooperatingUnitIds: ['unit-lead'],
  deadlineKind: 'DATE',
  dueAt: DUE,
  ...over,
});

const escalateEvent = (
  level: EscalationLevel,
  over: Partial<Extract<IssueEvent, { type: 'escalate' }>> = {},
): IssueEvent => ({ type: 'escalate', actor: SYSTEM, at: AT, level, ...over });
const at = (escalationLevel: EscalationLevel): IssueContext => ({ ...CTX, escalationLevel });

const FILED: Substate = 'FILED';
const ASSIGNED: Substate = 'ASSIGNED';
const IN_PROGRESS: Substate = 'RECTIFYING.inProgress';
const SUBMITTED: Substate = 'RECTIFYING.submitted';
const SUBMITTED_CTX: IssueContext = {
  ...CTX,
  progressPercent: 90,
  firstSubmittedAt: '2026-02-27T02:00:00.000Z',
  submittedAt: '2026-02-27T02:00:00.000Z',
  dueAtSubmission: DUE,
};
const VERIFIED_CTX: IssueContext = { ...SUBMITTED_CTX, progressPercent: 100, completedOnTime: true };
const CLOSED_CTX: IssueContext = { ...VERIFIED_CTX, closedAt: '2026-03-01T02:00:00.000Z' };

/** A plan as the unit sends it, with these fields changed. */
function planEvent(over: Record<string, unknown>): IssueEvent {
  return {
    type: 'setPlan',
    actor: LEAD,
    at: AT,
    goal: 'No sewage into the river',
    measures: 'Seal the outfall, reline the drains',
    leader: { name: '王某', post: '副镇长' },
    responsible: { name: '李某', post: '环保办主任' },
    milestones: [{ title: 'Drains relined', dueAt: DUE }],
    ...over,
  } as IssueEvent;
}

const CASES: PayloadCase[] = [
  // assign
  { name: 'assign: good DATE', substate: FILED, ctx: FILED_CTX, event: assignEvent(), problems: [] },
  {
    name: 'assign: good IMMEDIATE',
    substate: FILED,
    ctx: FILED_CTX,
    event: assignEvent({ deadlineKind: 'IMMEDIATE', dueAt: '2026-03-02T15:59:59.999Z' }),
    problems: [],
  },
  {
    name: 'assign: good LONG_TERM without dueAt',
    substate: FILED,
    ctx: FILED_CTX,
    event: assignEvent({ deadlineKind: 'LONG_TERM', dueAt: null }),
    problems: [],
  },
  {
    name: 'assign: no cooperating units, comment of exactly COMMENT_MAX',
    substate: FILED,
    ctx: FILED_CTX,
    event: assignEvent({ cooperatingUnitIds: [], comment: MAX }),
    problems: [],
  },
  {
    name: 'assign: DATE 1 ms after at',
    substate: FILED,
    ctx: FILED_CTX,
    event: assignEvent({ dueAt: '2026-03-02T02:00:00.001Z' }),
    problems: [],
  },
  {
    name: 'assign: empty lead',
    substate: FILED,
    ctx: FILED_CTX,
    event: assignEvent({ leadUnitId: '' }),
    problems: ['leadUnitId:REQUIRED'],
  },
  {
    name: 'assign: blank lead',
    substate: FILED,
    ctx: FILED_CTX,
    event: assignEvent({ leadUnitId: '   ' }),
    problems: ['leadUnitId:REQUIRED'],
  },
  {
    name: 'assign: lead among cooperating units',
    substate: FILED,
    ctx: FILED_CTX,
    event: assignEvent({ cooperatingUnitIds: ['unit-coop', 'unit-lead'] }),
    problems: ['cooperatingUnitIds:CONFLICTING'],
  },
  {
    name: 'assign: duplicate cooperating unit',
    substate: FILED,
    ctx: FILED_CTX,
    event: assignEvent({ cooperatingUnitIds: ['unit-coop', 'unit-coop'] }),
    problems: ['cooperatingUnitIds:CONFLICTING'],
  },
  {
    name: 'assign: DATE without dueAt',
    substate: FILED,
    ctx: FILED_CTX,
    event: assignEvent({ dueAt: null }),
    problems: ['dueAt:REQUIRED'],
  },
  {
    name: 'assign: IMMEDIATE without dueAt',
    substate: FILED,
    ctx: FILED_CTX,
    event: assignEvent({ deadlineKind: 'IMMEDIATE', dueAt: null }),
    problems: ['dueAt:REQUIRED'],
  },
  {
    name: 'assign: DATE with dueAt equal to at',
    substate: FILED,
    ctx: FILED_CTX,
    event: assignEvent({ dueAt: AT }),
    problems: ['dueAt:NOT_IN_FUTURE'],
  },
  {
    name: 'assign: DATE with dueAt before at',
    substate: FILED,
    ctx: FILED_CTX,
    event: assignEvent({ dueAt: '2026-03-01T00:00:00.000Z' }),
    problems: ['dueAt:NOT_IN_FUTURE'],
  },
  {
    name: 'assign: IMMEDIATE with dueAt before at',
    substate: FILED,
    ctx: FILED_CTX,
    event: assignEvent({ deadlineKind: 'IMMEDIATE', dueAt: '2026-03-01T00:00:00.000Z' }),
    problems: ['dueAt:NOT_IN_FUTURE'],
  },
  {
    name: 'assign: DATE with an unparsable dueAt',
    substate: FILED,
    ctx: FILED_CTX,
    event: assignEvent({ dueAt: 'next Friday' }),
    problems: ['dueAt:MALFORMED'],
  },
  {
    name: 'assign: LONG_TERM with a dueAt',
    substate: FILED,
    ctx: FILED_CTX,
    event: assignEvent({ deadlineKind: 'LONG_TERM', dueAt: DUE }),
    problems: ['dueAt:NOT_APPLICABLE'],
  },
  {
    name: 'assign: over-long comment',
    substate: FILED,
    ctx: FILED_CTX,
    event: assignEvent({ comment: LONG }),
    problems: ['comment:TOO_LONG'],
  },
  {
    name: 'assign: every field wrong at once',
    substate: FILED,
    ctx: FILED_CTX,
    event: assignEvent({
      leadUnitId: '',
      cooperatingUnitIds: ['a', 'a'],
      deadlineKind: 'LONG_TERM',
      dueAt: DUE,
      comment: LONG,
    }),
    problems: ['leadUnitId:REQUIRED', 'cooperatingUnitIds:CONFLICTING', 'dueAt:NOT_APPLICABLE', 'comment:TOO_LONG'],
  },
  {
    name: 'assign: a blank cooperating unit',
    substate: FILED,
    ctx: FILED_CTX,
    event: assignEvent({ cooperatingUnitIds: ['unit-coop', ' '] }),
    problems: ['cooperatingUnitIds:MALFORMED'],
  },
  {
    name: 'assign: an unknown deadline kind',
    substate: FILED,
    ctx: FILED_CTX,
    event: assignEvent({ deadlineKind: 'SOON' as DeadlineKind }),
    problems: ['deadlineKind:MALFORMED'],
  },
  // reassign (same rules)
  { name: 'reassign: good', substate: ASSIGNED, ctx: CTX, event: reassignEvent(), problems: [] },
  {
    name: 'reassign: empty lead',
    substate: ASSIGNED,
    ctx: CTX,
    event: reassignEvent({ leadUnitId: '' }),
    problems: ['leadUnitId:REQUIRED'],
  },
  {
    name: 'reassign: lead among cooperating units',
    substate: ASSIGNED,
    ctx: CTX,
    event: reassignEvent({ cooperatingUnitIds: ['unit-new'] }),
    problems: ['cooperatingUnitIds:CONFLICTING'],
  },
  {
    name: 'reassign: duplicate cooperating unit',
    substate: ASSIGNED,
    ctx: CTX,
    event: reassignEvent({ cooperatingUnitIds: ['unit-lead', 'unit-lead'] }),
    problems: ['cooperatingUnitIds:CONFLICTING'],
  },
  {
    name: 'reassign: DATE dueAt in the past',
    substate: ASSIGNED,
    ctx: CTX,
    event: reassignEvent({ dueAt: '2026-01-01T00:00:00.000Z' }),
    problems: ['dueAt:NOT_IN_FUTURE'],
  },
  {
    name: 'reassign: IMMEDIATE without dueAt',
    substate: ASSIGNED,
    ctx: CTX,
    event: reassignEvent({ deadlineKind: 'IMMEDIATE', dueAt: null }),
    problems: ['dueAt:REQUIRED'],
  },
  {
    name: 'reassign: LONG_TERM with a dueAt',
    substate: ASSIGNED,
    ctx: CTX,
    event: reassignEvent({ deadlineKind: 'LONG_TERM', dueAt: DUE }),
    problems: ['dueAt:NOT_APPLICABLE'],
  },
  {
    name: 'reassign: over-long comment',
    substate: ASSIGNED,
    ctx: CTX,
    event: reassignEvent({ comment: LONG }),
    problems: ['comment:TOO_LONG'],
  },
  // accept
  {
    name: 'accept: no comment',
    substate: ASSIGNED,
    ctx: CTX,
    event: { type: 'accept', actor: LEAD, at: AT },
    problems: [],
  },
  {
    name: 'accept: null comment',
    substate: ASSIGNED,
    ctx: CTX,
    event: { type: 'accept', actor: LEAD, at: AT, comment: null },
    problems: [],
  },
  {
    name: 'accept: over-long comment',
    substate: ASSIGNED,
    ctx: CTX,
    event: { type: 'accept', actor: LEAD, at: AT, comment: LONG },
    problems: ['comment:TOO_LONG'],
  },
  // return
  {
    name: 'return: good',
    substate: ASSIGNED,
    ctx: CTX,
    event: { type: 'return', actor: LEAD, at: AT, reason: 'Not ours' },
    problems: [],
  },
  {
    name: 'return: without a reason',
    substate: ASSIGNED,
    ctx: CTX,
    event: { type: 'return', actor: LEAD, at: AT } as unknown as IssueEvent,
    problems: ['reason:REQUIRED'],
  },
  {
    name: 'return: empty reason',
    substate: ASSIGNED,
    ctx: CTX,
    event: { type: 'return', actor: LEAD, at: AT, reason: '' },
    problems: ['reason:REQUIRED'],
  },
  {
    name: 'return: blank reason',
    substate: ASSIGNED,
    ctx: CTX,
    event: { type: 'return', actor: LEAD, at: AT, reason: ' \n\t ' },
    problems: ['reason:REQUIRED'],
  },
  {
    name: 'return: over-long reason',
    substate: ASSIGNED,
    ctx: CTX,
    event: { type: 'return', actor: LEAD, at: AT, reason: LONG },
    problems: ['reason:TOO_LONG'],
  },
  // reportProgress
  {
    name: 'reportProgress: 0',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: { type: 'reportProgress', actor: LEAD, at: AT, progressPercent: 0, comment: 'Started' },
    problems: [],
  },
  {
    name: 'reportProgress: 100',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: { type: 'reportProgress', actor: LEAD, at: AT, progressPercent: 100, comment: 'Done' },
    problems: [],
  },
  {
    name: 'reportProgress: -1',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: { type: 'reportProgress', actor: LEAD, at: AT, progressPercent: -1, comment: 'x' },
    problems: ['progressPercent:OUT_OF_RANGE'],
  },
  {
    name: 'reportProgress: 101',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: { type: 'reportProgress', actor: LEAD, at: AT, progressPercent: 101, comment: 'x' },
    problems: ['progressPercent:OUT_OF_RANGE'],
  },
  {
    name: 'reportProgress: 12.5',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: { type: 'reportProgress', actor: LEAD, at: AT, progressPercent: 12.5, comment: 'x' },
    problems: ['progressPercent:MALFORMED'],
  },
  {
    name: 'reportProgress: NaN',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: { type: 'reportProgress', actor: LEAD, at: AT, progressPercent: Number.NaN, comment: 'x' },
    problems: ['progressPercent:MALFORMED'],
  },
  {
    name: 'reportProgress: empty comment',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: { type: 'reportProgress', actor: LEAD, at: AT, progressPercent: 50, comment: '' },
    problems: ['comment:REQUIRED'],
  },
  {
    name: 'reportProgress: blank comment',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: { type: 'reportProgress', actor: LEAD, at: AT, progressPercent: 50, comment: '   ' },
    problems: ['comment:REQUIRED'],
  },
  {
    name: 'reportProgress: over-long comment',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: { type: 'reportProgress', actor: LEAD, at: AT, progressPercent: 50, comment: LONG },
    problems: ['comment:TOO_LONG'],
  },
  {
    name: 'reportProgress: both wrong',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: { type: 'reportProgress', actor: LEAD, at: AT, progressPercent: 150, comment: '' },
    problems: ['progressPercent:OUT_OF_RANGE', 'comment:REQUIRED'],
  },
  // requestExtension
  {
    name: 'requestExtension: good',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: { type: 'requestExtension', actor: LEAD, at: AT, newDueAt: LATER, reason: 'Rain' },
    problems: [],
  },
  {
    name: 'requestExtension: newDueAt equal to the current dueAt',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: { type: 'requestExtension', actor: LEAD, at: AT, newDueAt: DUE, reason: 'Rain' },
    problems: ['newDueAt:NOT_AFTER_DEADLINE'],
  },
  {
    name: 'requestExtension: newDueAt before the current dueAt',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: { type: 'requestExtension', actor: LEAD, at: AT, newDueAt: '2026-03-15T00:00:00.000Z', reason: 'Rain' },
    problems: ['newDueAt:NOT_AFTER_DEADLINE'],
  },
  {
    name: 'requestExtension: unparsable newDueAt',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: { type: 'requestExtension', actor: LEAD, at: AT, newDueAt: 'soon', reason: 'Rain' },
    problems: ['newDueAt:MALFORMED'],
  },
  {
    name: 'requestExtension: no current deadline',
    substate: IN_PROGRESS,
    ctx: { ...CTX, deadlineKind: 'LONG_TERM', dueAt: null, originalDueAt: null },
    event: { type: 'requestExtension', actor: LEAD, at: AT, newDueAt: LATER, reason: 'Rain' },
    problems: ['newDueAt:NOT_APPLICABLE'],
  },
  {
    name: 'requestExtension: blank reason',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: { type: 'requestExtension', actor: LEAD, at: AT, newDueAt: LATER, reason: '  ' },
    problems: ['reason:REQUIRED'],
  },
  {
    name: 'requestExtension: over-long reason',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: { type: 'requestExtension', actor: LEAD, at: AT, newDueAt: LATER, reason: LONG },
    problems: ['reason:TOO_LONG'],
  },
  // decideExtension
  {
    name: 'decideExtension: approve',
    substate: IN_PROGRESS,
    ctx: PENDING_CTX,
    event: { type: 'decideExtension', actor: OFFICE, at: AT, approve: true },
    problems: [],
  },
  {
    name: 'decideExtension: refuse with comment of COMMENT_MAX',
    substate: IN_PROGRESS,
    ctx: PENDING_CTX,
    event: { type: 'decideExtension', actor: OFFICE, at: AT, approve: false, comment: MAX },
    problems: [],
  },
  {
    name: 'decideExtension: over-long comment',
    substate: IN_PROGRESS,
    ctx: PENDING_CTX,
    event: { type: 'decideExtension', actor: OFFICE, at: AT, approve: true, comment: LONG },
    problems: ['comment:TOO_LONG'],
  },
  {
    name: 'decideExtension: approve not a boolean',
    substate: IN_PROGRESS,
    ctx: PENDING_CTX,
    event: { type: 'decideExtension', actor: OFFICE, at: AT, approve: 'yes' } as unknown as IssueEvent,
    problems: ['approve:MALFORMED'],
  },
  // submit
  {
    name: 'submit: good',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: { type: 'submit', actor: LEAD, at: AT, summary: 'Done' },
    problems: [],
  },
  {
    name: 'submit: a finding on an inspection problem filed as a complaint (its round kept)',
    substate: IN_PROGRESS,
    ctx: { ...CTX, complaint: true },
    event: { type: 'submit', actor: LEAD, at: AT, summary: 'Done', finding: 'PARTLY_SUBSTANTIATED' },
    problems: [],
  },
  {
    name: 'submit: a finding on a PUBLIC_COMPLAINT not filed as a complaint is no complaint’s',
    substate: IN_PROGRESS,
    ctx: { ...CTX, source: 'PUBLIC_COMPLAINT', complaint: false },
    event: { type: 'submit', actor: LEAD, at: AT, summary: 'Done', finding: 'UNFOUNDED' },
    problems: ['finding:NOT_APPLICABLE'],
  },
  {
    name: 'submit: enforcement outcomes, a fine to the fen',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: {
      type: 'submit',
      actor: LEAD,
      at: AT,
      summary: 'Done',
      enforcement: { ordersToCorrect: 20, casesOpened: 3, fineYuan: 125000.5 },
    },
    problems: [],
  },
  {
    name: 'submit: enforcement with a negative count',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: {
      type: 'submit',
      actor: LEAD,
      at: AT,
      summary: 'Done',
      enforcement: { ordersToCorrect: -1, casesOpened: 0, fineYuan: 0 },
    },
    problems: ['enforcement:OUT_OF_RANGE'],
  },
  {
    name: 'submit: enforcement with half a case, or a fine below the fen',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: {
      type: 'submit',
      actor: LEAD,
      at: AT,
      summary: 'Done',
      enforcement: { ordersToCorrect: 1, casesOpened: 0.5, fineYuan: 0.001 },
    },
    problems: ['enforcement:MALFORMED'],
  },
  {
    name: 'submit: null finding on a non-complaint',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: { type: 'submit', actor: LEAD, at: AT, summary: 'Done', finding: null },
    problems: [],
  },
  {
    name: 'submit: empty summary',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: { type: 'submit', actor: LEAD, at: AT, summary: '' },
    problems: ['summary:REQUIRED'],
  },
  {
    name: 'submit: blank summary',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: { type: 'submit', actor: LEAD, at: AT, summary: '   ' },
    problems: ['summary:REQUIRED'],
  },
  {
    name: 'submit: over-long summary',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: { type: 'submit', actor: LEAD, at: AT, summary: LONG },
    problems: ['summary:TOO_LONG'],
  },
  {
    name: 'submit: finding on a non-complaint',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: { type: 'submit', actor: LEAD, at: AT, summary: 'Done', finding: 'SUBSTANTIATED' },
    problems: ['finding:NOT_APPLICABLE'],
  },
  {
    name: 'submit: UNFOUNDED on a non-complaint',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: { type: 'submit', actor: LEAD, at: AT, summary: 'Done', finding: 'UNFOUNDED' },
    problems: ['finding:NOT_APPLICABLE'],
  },
  {
    name: 'submit: UNFOUNDED on a complaint',
    substate: IN_PROGRESS,
    ctx: COMPLAINT,
    event: { type: 'submit', actor: LEAD, at: AT, summary: 'Not substantiated', finding: 'UNFOUNDED' },
    problems: [],
  },
  {
    name: 'submit: PARTLY_SUBSTANTIATED on a complaint',
    substate: IN_PROGRESS,
    ctx: COMPLAINT,
    event: { type: 'submit', actor: LEAD, at: AT, summary: 'Partly', finding: 'PARTLY_SUBSTANTIATED' },
    problems: [],
  },
  {
    name: 'submit: complaint without a finding',
    substate: IN_PROGRESS,
    ctx: COMPLAINT,
    event: { type: 'submit', actor: LEAD, at: AT, summary: 'Done' },
    problems: [],
  },
  {
    name: 'submit: blank summary and a finding on a non-complaint',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: { type: 'submit', actor: LEAD, at: AT, summary: '', finding: 'UNFOUNDED' },
    problems: ['summary:REQUIRED', 'finding:NOT_APPLICABLE'],
  },
  // submit: the pending extension request it withdraws, stamped by the service (absent: a version 1 log)
  {
    name: 'submit: withdrawing none, none pending',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: { type: 'submit', actor: LEAD, at: AT, summary: 'Done', withdrawnExtension: null },
    problems: [],
  },
  {
    name: 'submit: withdrawing the pending request',
    substate: IN_PROGRESS,
    ctx: PENDING_CTX,
    event: {
      type: 'submit',
      actor: LEAD,
      at: AT,
      summary: 'Done',
      withdrawnExtension: { ...PENDING_CTX.pendingExtension! },
    },
    problems: [],
  },
  {
    name: 'submit: withdrawing the pending request, read back from jsonb (keys reordered, times with an offset)',
    substate: IN_PROGRESS,
    ctx: PENDING_CTX,
    event: {
      type: 'submit',
      actor: LEAD,
      at: AT,
      summary: 'Done',
      withdrawnExtension: {
        requestedAt: '2026-02-25T10:00:00+08:00',
        reason: 'Rain',
        newDueAt: '2026-04-30T18:00:00+08:00',
      },
    },
    problems: [],
  },
  {
    name: 'submit: a version 1 submission while a request is pending',
    substate: IN_PROGRESS,
    ctx: PENDING_CTX,
    event: { type: 'submit', actor: LEAD, at: AT, summary: 'Done' },
    problems: [],
  },
  {
    name: 'submit: withdrawing none while a request is pending',
    substate: IN_PROGRESS,
    ctx: PENDING_CTX,
    event: { type: 'submit', actor: LEAD, at: AT, summary: 'Done', withdrawnExtension: null },
    problems: ['withdrawnExtension:CONFLICTING'],
  },
  {
    name: 'submit: withdrawing a request while none is pending',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: {
      type: 'submit',
      actor: LEAD,
      at: AT,
      summary: 'Done',
      withdrawnExtension: { ...PENDING_CTX.pendingExtension! },
    },
    problems: ['withdrawnExtension:CONFLICTING'],
  },
  {
    name: 'submit: withdrawing another request than the pending one',
    substate: IN_PROGRESS,
    ctx: PENDING_CTX,
    event: {
      type: 'submit',
      actor: LEAD,
      at: AT,
      summary: 'Done',
      withdrawnExtension: { ...PENDING_CTX.pendingExtension!, newDueAt: '2026-05-30T10:00:00.000Z' },
    },
    problems: ['withdrawnExtension:CONFLICTING'],
  },
  {
    name: 'submit: withdrawing a request asked at another time',
    substate: IN_PROGRESS,
    ctx: PENDING_CTX,
    event: {
      type: 'submit',
      actor: LEAD,
      at: AT,
      summary: 'Done',
      withdrawnExtension: { ...PENDING_CTX.pendingExtension!, requestedAt: AT },
    },
    problems: ['withdrawnExtension:CONFLICTING'],
  },
  {
    name: 'submit: an unknown finding on a complaint',
    substate: IN_PROGRESS,
    ctx: COMPLAINT,
    event: { type: 'submit', actor: LEAD, at: AT, summary: 'Done', finding: 'MAYBE' as ComplaintFinding },
    problems: ['finding:MALFORMED'],
  },
  // verify
  {
    name: 'verify: pass without comment',
    substate: SUBMITTED,
    ctx: SUBMITTED_CTX,
    event: { type: 'verify', actor: OFFICE, at: AT, passed: true },
    problems: [],
  },
  {
    name: 'verify: fail with comment',
    substate: SUBMITTED,
    ctx: SUBMITTED_CTX,
    event: { type: 'verify', actor: OFFICE, at: AT, passed: false, comment: 'Still leaking' },
    problems: [],
  },
  {
    name: 'verify: fail without comment',
    substate: SUBMITTED,
    ctx: SUBMITTED_CTX,
    event: { type: 'verify', actor: OFFICE, at: AT, passed: false },
    problems: ['comment:REQUIRED'],
  },
  {
    name: 'verify: fail with null comment',
    substate: SUBMITTED,
    ctx: SUBMITTED_CTX,
    event: { type: 'verify', actor: OFFICE, at: AT, passed: false, comment: null },
    problems: ['comment:REQUIRED'],
  },
  {
    name: 'verify: fail with blank comment',
    substate: SUBMITTED,
    ctx: SUBMITTED_CTX,
    event: { type: 'verify', actor: OFFICE, at: AT, passed: false, comment: '  ' },
    problems: ['comment:REQUIRED'],
  },
  {
    name: 'verify: pass with over-long comment',
    substate: SUBMITTED,
    ctx: SUBMITTED_CTX,
    event: { type: 'verify', actor: OFFICE, at: AT, passed: true, comment: LONG },
    problems: ['comment:TOO_LONG'],
  },
  {
    name: 'verify: passed not a boolean',
    substate: SUBMITTED,
    ctx: SUBMITTED_CTX,
    event: { type: 'verify', actor: OFFICE, at: AT, passed: 'true', comment: 'ok' } as unknown as IssueEvent,
    problems: ['passed:MALFORMED'],
  },
  // the sign-off chain
  {
    name: 'verify: pass with a chain in order, its notice end given',
    substate: SUBMITTED,
    ctx: SUBMITTED_CTX,
    event: {
      type: 'verify',
      actor: OFFICE,
      at: AT,
      passed: true,
      signOffSteps: ['PUBLIC_NOTICE', 'CITY_REVIEW'],
      noticeEndsAt: LATER,
    },
    problems: [],
  },
  {
    name: 'verify: pass with a chain out of order, and a notice end it does not start',
    substate: SUBMITTED,
    ctx: SUBMITTED_CTX,
    event: {
      type: 'verify',
      actor: OFFICE,
      at: AT,
      passed: true,
      signOffSteps: ['CITY_REVIEW', 'LEADERSHIP_APPROVAL'],
      noticeEndsAt: LATER,
    },
    problems: ['signOffSteps:MALFORMED', 'noticeEndsAt:NOT_APPLICABLE'],
  },
  {
    name: 'verify: pass into the notice without its end, or with an end already past',
    substate: SUBMITTED,
    ctx: SUBMITTED_CTX,
    event: {
      type: 'verify',
      actor: OFFICE,
      at: AT,
      passed: true,
      signOffSteps: ['PUBLIC_NOTICE'],
      noticeEndsAt: PAST_AT,
    },
    problems: ['noticeEndsAt:NOT_IN_FUTURE'],
  },
  {
    name: 'verify: fail with a chain',
    substate: SUBMITTED,
    ctx: SUBMITTED_CTX,
    event: { type: 'verify', actor: OFFICE, at: AT, passed: false, comment: 'No', signOffSteps: [] },
    problems: ['signOffSteps:NOT_APPLICABLE'],
  },
  {
    name: 'signOff: the city’s review with its document',
    substate: 'VERIFIED.cityReview',
    ctx: { ...VERIFIED_CTX, signOffSteps: ['CITY_REVIEW'] },
    event: { type: 'signOff', actor: OFFICE, at: AT, step: 'CITY_REVIEW', documentNumber: '渝环督〔2026〕12号' },
    problems: [],
  },
  {
    name: 'signOff: the city’s review without its document; an over-long comment',
    substate: 'VERIFIED.cityReview',
    ctx: { ...VERIFIED_CTX, signOffSteps: ['CITY_REVIEW'] },
    event: { type: 'signOff', actor: OFFICE, at: AT, step: 'CITY_REVIEW', documentNumber: ' ', comment: LONG },
    problems: ['documentNumber:REQUIRED', 'comment:TOO_LONG'],
  },
  {
    name: 'signOff: an unknown step; a document number too long',
    substate: 'VERIFIED.leadershipApproval',
    ctx: { ...VERIFIED_CTX, signOffSteps: ['LEADERSHIP_APPROVAL'] },
    event: {
      type: 'signOff',
      actor: LEADER,
      at: AT,
      step: 'MAYOR',
      documentNumber: 'x'.repeat(101),
    } as unknown as IssueEvent,
    problems: ['step:MALFORMED', 'documentNumber:TOO_LONG'],
  },
  {
    name: 'signOff: the leaders’ approval into the notice, without its end',
    substate: 'VERIFIED.leadershipApproval',
    ctx: { ...VERIFIED_CTX, signOffSteps: ['LEADERSHIP_APPROVAL', 'PUBLIC_NOTICE'] },
    event: { type: 'signOff', actor: LEADER, at: AT, step: 'LEADERSHIP_APPROVAL' },
    problems: ['noticeEndsAt:REQUIRED'],
  },
  {
    name: 'sendBack: with its reason',
    substate: 'VERIFIED.cityReview',
    ctx: VERIFIED_CTX,
    event: { type: 'sendBack', actor: OFFICE, at: AT, step: 'CITY_REVIEW', comment: 'The city asks for more' },
    problems: [],
  },
  {
    name: 'sendBack: no reason, an unknown step',
    substate: 'VERIFIED.cityReview',
    ctx: VERIFIED_CTX,
    event: { type: 'sendBack', actor: OFFICE, at: AT, step: 'MAYOR', comment: ' ' } as unknown as IssueEvent,
    problems: ['step:MALFORMED', 'comment:REQUIRED'],
  },
  {
    name: 'setPlan: goal, measures, the two people, milestones by the deadline (a done one may lie in the past)',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: planEvent({
      milestones: [
        { title: 'Outfall sealed', dueAt: '2026-03-01T00:00:00.000Z' },
        { title: 'Drains relined', dueAt: DUE },
      ],
    }),
    problems: [],
  },
  {
    name: 'setPlan: nothing said, nobody named, no milestones',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: planEvent({ goal: ' ', measures: '', leader: null, responsible: { name: '李某' }, milestones: [] }),
    problems: ['goal:REQUIRED', 'measures:REQUIRED', 'leader:REQUIRED', 'responsible:REQUIRED', 'milestones:REQUIRED'],
  },
  {
    name: 'setPlan: a new milestone already past',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: planEvent({ milestones: [{ title: 'New step', dueAt: '2026-03-01T00:00:00.000Z' }] }),
    problems: ['milestones:NOT_IN_FUTURE'],
  },
  {
    name: 'setPlan: a milestone after the deadline',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: planEvent({ milestones: [{ title: 'Late step', dueAt: LATER }] }),
    problems: ['milestones:CONFLICTING'],
  },
  {
    name: 'setPlan: the same title twice, a date that is not one',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: planEvent({
      milestones: [
        { title: 'Step', dueAt: DUE },
        { title: 'Step', dueAt: 'soon' },
      ],
    }),
    problems: ['milestones:MALFORMED'],
  },
  {
    name: 'setPlan: long-term work without a milestone within a year',
    substate: IN_PROGRESS,
    ctx: { ...CTX, deadlineKind: 'LONG_TERM', dueAt: null, originalDueAt: null },
    event: planEvent({
      milestones: [
        { title: '2026 review', dueAt: '2026-12-31T16:00:00.000Z' },
        { title: '2028 review', dueAt: '2028-12-31T16:00:00.000Z' },
      ],
    }),
    problems: ['milestones:OUT_OF_RANGE'],
  },
  {
    name: 'setPlan: long-term work, yearly milestones (past the end of any deadline: it has none)',
    substate: IN_PROGRESS,
    ctx: { ...CTX, deadlineKind: 'LONG_TERM', dueAt: null, originalDueAt: null },
    event: planEvent({
      milestones: [
        { title: '2026 review', dueAt: '2026-12-31T16:00:00.000Z' },
        { title: '2027 review', dueAt: '2027-12-31T16:00:00.000Z' },
      ],
    }),
    problems: [],
  },
  {
    name: 'setPlan: over twenty milestones',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: planEvent({
      milestones: Array.from({ length: 21 }, (_, k) => ({ title: `Step ${k}`, dueAt: DUE })),
    }),
    problems: ['milestones:OUT_OF_RANGE'],
  },
  {
    name: 'returnPlan: with the office’s reason',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: { type: 'returnPlan', actor: OFFICE, at: AT, comment: 'Name the drains' },
    problems: [],
  },
  {
    name: 'returnPlan: no reason',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: { type: 'returnPlan', actor: OFFICE, at: AT, comment: '' },
    problems: ['comment:REQUIRED'],
  },
  {
    name: 'completeMilestone: one of the plan’s, not yet done',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: { type: 'completeMilestone', actor: LEAD, at: AT, milestone: 'Drains relined' },
    problems: [],
  },
  {
    name: 'completeMilestone: one already done, one the plan does not have',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: { type: 'completeMilestone', actor: LEAD, at: AT, milestone: 'Outfall sealed', comment: LONG },
    problems: ['milestone:CONFLICTING', 'comment:TOO_LONG'],
  },
  {
    name: 'escalateMilestone: a milestone to do, upwards, at its date',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: {
      type: 'escalateMilestone',
      actor: SYSTEM,
      at: AT,
      milestone: 'Drains relined',
      level: 'SUPERVISION',
      dueAt: '2026-03-20T16:00:00.000Z',
    },
    problems: [],
  },
  {
    name: 'escalateMilestone: one done, an unknown level, a date the plan has moved',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: {
      type: 'escalateMilestone',
      actor: SYSTEM,
      at: AT,
      milestone: 'Outfall sealed',
      level: 'RED',
      dueAt: DUE,
    } as unknown as IssueEvent,
    problems: ['milestone:CONFLICTING', 'level:MALFORMED'],
  },
  {
    name: 'reportPart: the unit’s own part, done',
    substate: IN_PROGRESS,
    ctx: PART_CTX,
    event: {
      type: 'reportPart',
      actor: COOP,
      at: AT,
      unitId: 'unit-coop',
      progressPercent: 100,
      comment: '已完成',
      done: true,
    },
    problems: [],
  },
  {
    name: 'reportPart: another unit’s part, a percentage out of range, no comment, done unsaid',
    substate: IN_PROGRESS,
    ctx: {
      ...PART_CTX,
      parts: [...PART_CTX.parts, { unitId: 'unit-other', progressPercent: 0, doneAt: null, waivedReason: null }],
    },
    event: {
      type: 'reportPart',
      actor: COOP,
      at: AT,
      unitId: 'unit-other',
      progressPercent: 120,
      comment: '',
      done: 'yes',
    } as unknown as IssueEvent,
    problems: ['unitId:CONFLICTING', 'progressPercent:OUT_OF_RANGE', 'comment:REQUIRED', 'done:MALFORMED'],
  },
  {
    name: 'waivePart: a pending part, with the reason',
    substate: IN_PROGRESS,
    ctx: PART_CTX,
    event: { type: 'waivePart', actor: OFFICE, at: AT, unitId: 'unit-coop', reason: '已由牵头单位完成' },
    problems: [],
  },
  {
    name: 'waivePart: no part of that unit, no reason',
    substate: IN_PROGRESS,
    ctx: PART_CTX,
    event: { type: 'waivePart', actor: OFFICE, at: AT, unitId: 'unit-lead', reason: ' ' },
    problems: ['unitId:CONFLICTING', 'reason:REQUIRED'],
  },
  {
    name: 'object: with the objection',
    substate: 'VERIFIED.publicNotice',
    ctx: VERIFIED_CTX,
    event: { type: 'object', actor: OFFICE, at: AT, comment: 'A resident objects' },
    problems: [],
  },
  {
    name: 'object: empty',
    substate: 'VERIFIED.publicNotice',
    ctx: VERIFIED_CTX,
    event: { type: 'object', actor: OFFICE, at: AT, comment: '' },
    problems: ['comment:REQUIRED'],
  },
  {
    name: 'dismissObjection: with its reason and the notice’s new end',
    substate: 'VERIFIED.objected',
    ctx: VERIFIED_CTX,
    event: { type: 'dismissObjection', actor: OFFICE, at: AT, comment: 'Unfounded', noticeEndsAt: LATER },
    problems: [],
  },
  {
    name: 'dismissObjection: no reason, no new end',
    substate: 'VERIFIED.objected',
    ctx: VERIFIED_CTX,
    event: { type: 'dismissObjection', actor: OFFICE, at: AT, comment: ' ' },
    problems: ['comment:REQUIRED', 'noticeEndsAt:REQUIRED'],
  },
  // close
  {
    name: 'close: good',
    substate: 'VERIFIED.signedOff',
    ctx: VERIFIED_CTX,
    event: { type: 'close', actor: OFFICE, at: AT },
    problems: [],
  },
  {
    name: 'close: satisfaction on a complaint',
    substate: 'VERIFIED.signedOff',
    ctx: { ...VERIFIED_CTX, source: 'PUBLIC_COMPLAINT', complaint: true },
    event: { type: 'close', actor: OFFICE, at: AT, satisfaction: 'SATISFIED' },
    problems: [],
  },
  {
    name: 'close: satisfaction on a non-complaint',
    substate: 'VERIFIED.signedOff',
    ctx: VERIFIED_CTX,
    event: { type: 'close', actor: OFFICE, at: AT, satisfaction: 'SATISFIED' },
    problems: ['satisfaction:NOT_APPLICABLE'],
  },
  {
    name: 'close: UNSATISFIED on a non-complaint',
    substate: 'VERIFIED.signedOff',
    ctx: VERIFIED_CTX,
    event: { type: 'close', actor: OFFICE, at: AT, satisfaction: 'UNSATISFIED' },
    problems: ['satisfaction:NOT_APPLICABLE'],
  },
  {
    name: 'close: over-long comment',
    substate: 'VERIFIED.signedOff',
    ctx: VERIFIED_CTX,
    event: { type: 'close', actor: OFFICE, at: AT, comment: LONG },
    problems: ['comment:TOO_LONG'],
  },
  {
    name: 'close: no open derived problems',
    substate: 'VERIFIED.signedOff',
    ctx: VERIFIED_CTX,
    event: { type: 'close', actor: OFFICE, at: AT, openChildren: 0 },
    problems: [],
  },
  {
    name: 'close: no open derived problems, over-long comment',
    substate: 'VERIFIED.signedOff',
    ctx: VERIFIED_CTX,
    event: { type: 'close', actor: OFFICE, at: AT, comment: LONG, openChildren: 0 },
    problems: ['comment:TOO_LONG'],
  },
  {
    name: 'close: an unknown satisfaction on a complaint',
    substate: 'VERIFIED.signedOff',
    ctx: { ...VERIFIED_CTX, source: 'PUBLIC_COMPLAINT', complaint: true },
    event: { type: 'close', actor: OFFICE, at: AT, satisfaction: 'HAPPY' as Satisfaction },
    problems: ['satisfaction:MALFORMED'],
  },
  // revisit
  {
    name: 'revisit: ok',
    substate: 'CLOSED',
    ctx: CLOSED_CTX,
    event: { type: 'revisit', actor: OFFICE, at: AT, rebounded: false },
    problems: [],
  },
  {
    name: 'revisit: ok with a null newDueAt',
    substate: 'CLOSED',
    ctx: CLOSED_CTX,
    event: { type: 'revisit', actor: OFFICE, at: AT, rebounded: false, newDueAt: null, comment: null },
    problems: [],
  },
  {
    name: 'revisit: rebound',
    substate: 'CLOSED',
    ctx: CLOSED_CTX,
    event: { type: 'revisit', actor: OFFICE, at: AT, rebounded: true, comment: 'Back', newDueAt: LATER },
    problems: [],
  },
  {
    name: 'revisit: rebound without comment',
    substate: 'CLOSED',
    ctx: CLOSED_CTX,
    event: { type: 'revisit', actor: OFFICE, at: AT, rebounded: true, newDueAt: LATER },
    problems: ['comment:REQUIRED'],
  },
  {
    name: 'revisit: rebound with blank comment',
    substate: 'CLOSED',
    ctx: CLOSED_CTX,
    event: { type: 'revisit', actor: OFFICE, at: AT, rebounded: true, comment: ' ', newDueAt: LATER },
    problems: ['comment:REQUIRED'],
  },
  {
    name: 'revisit: rebound without newDueAt',
    substate: 'CLOSED',
    ctx: CLOSED_CTX,
    event: { type: 'revisit', actor: OFFICE, at: AT, rebounded: true, comment: 'Back' },
    problems: ['newDueAt:REQUIRED'],
  },
  {
    name: 'revisit: rebound with null newDueAt',
    substate: 'CLOSED',
    ctx: CLOSED_CTX,
    event: { type: 'revisit', actor: OFFICE, at: AT, rebounded: true, comment: 'Back', newDueAt: null },
    problems: ['newDueAt:REQUIRED'],
  },
  {
    name: 'revisit: rebound with newDueAt equal to at',
    substate: 'CLOSED',
    ctx: CLOSED_CTX,
    event: { type: 'revisit', actor: OFFICE, at: AT, rebounded: true, comment: 'Back', newDueAt: AT },
    problems: ['newDueAt:NOT_IN_FUTURE'],
  },
  {
    name: 'revisit: rebound with newDueAt in the past',
    substate: 'CLOSED',
    ctx: CLOSED_CTX,
    event: {
      type: 'revisit',
      actor: OFFICE,
      at: AT,
      rebounded: true,
      comment: 'Back',
      newDueAt: '2026-01-01T00:00:00.000Z',
    },
    problems: ['newDueAt:NOT_IN_FUTURE'],
  },
  {
    name: 'revisit: ok with a newDueAt',
    substate: 'CLOSED',
    ctx: CLOSED_CTX,
    event: { type: 'revisit', actor: OFFICE, at: AT, rebounded: false, comment: 'Fine', newDueAt: LATER },
    problems: ['newDueAt:NOT_APPLICABLE'],
  },
  {
    name: 'revisit: ok with over-long comment',
    substate: 'CLOSED',
    ctx: CLOSED_CTX,
    event: { type: 'revisit', actor: OFFICE, at: AT, rebounded: false, comment: LONG },
    problems: ['comment:TOO_LONG'],
  },
  {
    name: 'revisit: rebound with neither comment nor newDueAt',
    substate: 'CLOSED',
    ctx: CLOSED_CTX,
    event: { type: 'revisit', actor: OFFICE, at: AT, rebounded: true },
    problems: ['comment:REQUIRED', 'newDueAt:REQUIRED'],
  },
  {
    name: 'revisit: rebounded not a boolean',
    substate: 'CLOSED',
    ctx: CLOSED_CTX,
    event: { type: 'revisit', actor: OFFICE, at: AT, rebounded: 'no' } as unknown as IssueEvent,
    problems: ['rebounded:MALFORMED', 'comment:REQUIRED', 'newDueAt:REQUIRED'],
  },
  // publish
  {
    name: 'publish: true',
    substate: 'VERIFIED.signedOff',
    ctx: VERIFIED_CTX,
    event: { type: 'publish', actor: OFFICE, at: AT, published: true },
    problems: [],
  },
  {
    name: 'publish: false',
    substate: 'VERIFIED.signedOff',
    ctx: { ...VERIFIED_CTX, published: true },
    event: { type: 'publish', actor: OFFICE, at: AT, published: false },
    problems: [],
  },
  {
    name: 'publish: not a boolean',
    substate: 'VERIFIED.signedOff',
    ctx: VERIFIED_CTX,
    event: { type: 'publish', actor: OFFICE, at: AT, published: 1 } as unknown as IssueEvent,
    problems: ['published:MALFORMED'],
  },
  {
    name: 'publish: with a summary',
    substate: 'VERIFIED.signedOff',
    ctx: VERIFIED_CTX,
    event: { type: 'publish', actor: OFFICE, at: AT, published: true, publicSummary: SUMMARY },
    problems: [],
  },
  {
    name: 'publish: with a null summary',
    substate: 'VERIFIED.signedOff',
    ctx: VERIFIED_CTX,
    event: { type: 'publish', actor: OFFICE, at: AT, published: true, publicSummary: null },
    problems: [],
  },
  {
    name: 'publish: summary of exactly SUMMARY_MAX',
    substate: 'CLOSED',
    ctx: CLOSED_CTX,
    event: { type: 'publish', actor: OFFICE, at: AT, published: true, publicSummary: MAX_SUMMARY },
    problems: [],
  },
  {
    name: 'publish: summary longer than COMMENT_MAX (its own limit is SUMMARY_MAX)',
    substate: 'CLOSED',
    ctx: CLOSED_CTX,
    event: { type: 'publish', actor: OFFICE, at: AT, published: true, publicSummary: LONG },
    problems: [],
  },
  {
    name: 'publish: unpublishing with a summary',
    substate: FILED,
    ctx: { ...FILED_CTX, published: true },
    event: { type: 'publish', actor: OFFICE, at: AT, published: false, publicSummary: SUMMARY },
    problems: [],
  },
  {
    name: 'publish: on a duplicate',
    substate: 'CLOSED',
    ctx: { ...CLOSED_CTX, duplicateOfId: 'issue-original' },
    event: { type: 'publish', actor: OFFICE, at: AT, published: true, publicSummary: SUMMARY },
    problems: [],
  },
  {
    name: 'publish: empty summary',
    substate: 'VERIFIED.signedOff',
    ctx: VERIFIED_CTX,
    event: { type: 'publish', actor: OFFICE, at: AT, published: true, publicSummary: '' },
    problems: ['publicSummary:REQUIRED'],
  },
  {
    name: 'publish: blank summary',
    substate: 'VERIFIED.signedOff',
    ctx: VERIFIED_CTX,
    event: { type: 'publish', actor: OFFICE, at: AT, published: true, publicSummary: ' \n\t ' },
    problems: ['publicSummary:REQUIRED'],
  },
  {
    name: 'publish: over-long summary',
    substate: 'VERIFIED.signedOff',
    ctx: VERIFIED_CTX,
    event: { type: 'publish', actor: OFFICE, at: AT, published: true, publicSummary: LONG_SUMMARY },
    problems: ['publicSummary:TOO_LONG'],
  },
  {
    name: 'publish: summary not a string',
    substate: 'VERIFIED.signedOff',
    ctx: VERIFIED_CTX,
    event: { type: 'publish', actor: OFFICE, at: AT, published: true, publicSummary: 42 } as unknown as IssueEvent,
    problems: ['publicSummary:MALFORMED'],
  },
  {
    name: 'publish: not a boolean and a blank summary',
    substate: 'VERIFIED.signedOff',
    ctx: VERIFIED_CTX,
    event: { type: 'publish', actor: OFFICE, at: AT, published: 'yes', publicSummary: ' ' } as unknown as IssueEvent,
    problems: ['published:MALFORMED', 'publicSummary:REQUIRED'],
  },
  // markDuplicate
  {
    name: 'markDuplicate: good',
    substate: FILED,
    ctx: FILED_CTX,
    event: { type: 'markDuplicate', actor: OFFICE, at: AT, duplicateOfId: 'issue-original' },
    problems: [],
  },
  {
    name: 'markDuplicate: with a comment, in progress',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: { type: 'markDuplicate', actor: OFFICE, at: AT, duplicateOfId: 'issue-original', comment: 'Same outfall' },
    problems: [],
  },
  {
    name: 'markDuplicate: null comment, closed',
    substate: 'CLOSED',
    ctx: CLOSED_CTX,
    event: { type: 'markDuplicate', actor: OFFICE, at: AT, duplicateOfId: 'issue-original', comment: null },
    problems: [],
  },
  {
    name: 'markDuplicate: comment of exactly COMMENT_MAX',
    substate: 'VERIFIED.signedOff',
    ctx: VERIFIED_CTX,
    event: { type: 'markDuplicate', actor: OFFICE, at: AT, duplicateOfId: 'issue-original', comment: MAX },
    problems: [],
  },
  {
    name: 'markDuplicate: empty duplicateOfId',
    substate: ASSIGNED,
    ctx: CTX,
    event: { type: 'markDuplicate', actor: OFFICE, at: AT, duplicateOfId: '' },
    problems: ['duplicateOfId:REQUIRED'],
  },
  {
    name: 'markDuplicate: blank duplicateOfId',
    substate: ASSIGNED,
    ctx: CTX,
    event: { type: 'markDuplicate', actor: OFFICE, at: AT, duplicateOfId: '  \t' },
    problems: ['duplicateOfId:REQUIRED'],
  },
  {
    name: 'markDuplicate: without duplicateOfId',
    substate: ASSIGNED,
    ctx: CTX,
    event: { type: 'markDuplicate', actor: OFFICE, at: AT } as unknown as IssueEvent,
    problems: ['duplicateOfId:REQUIRED'],
  },
  {
    name: 'markDuplicate: null duplicateOfId',
    substate: ASSIGNED,
    ctx: CTX,
    event: { type: 'markDuplicate', actor: OFFICE, at: AT, duplicateOfId: null } as unknown as IssueEvent,
    problems: ['duplicateOfId:REQUIRED'],
  },
  {
    name: 'markDuplicate: over-long comment',
    substate: SUBMITTED,
    ctx: SUBMITTED_CTX,
    event: { type: 'markDuplicate', actor: OFFICE, at: AT, duplicateOfId: 'issue-original', comment: LONG },
    problems: ['comment:TOO_LONG'],
  },
  {
    name: 'markDuplicate: an original that is not a duplicate, none of its own',
    substate: ASSIGNED,
    ctx: CTX,
    event: {
      type: 'markDuplicate',
      actor: OFFICE,
      at: AT,
      duplicateOfId: 'issue-original',
      duplicates: 0,
      originalIsDuplicate: false,
    },
    problems: [],
  },
  {
    name: 'markDuplicate: an original that is itself a duplicate',
    substate: ASSIGNED,
    ctx: CTX,
    event: { type: 'markDuplicate', actor: OFFICE, at: AT, duplicateOfId: 'issue-dup', originalIsDuplicate: true },
    problems: ['duplicateOfId:CONFLICTING'],
  },
  {
    name: 'markDuplicate: an original that is a duplicate, and an over-long comment',
    substate: 'CLOSED',
    ctx: CLOSED_CTX,
    event: {
      type: 'markDuplicate',
      actor: OFFICE,
      at: AT,
      duplicateOfId: 'issue-dup',
      comment: LONG,
      duplicates: 0,
      originalIsDuplicate: true,
    },
    problems: ['duplicateOfId:CONFLICTING', 'comment:TOO_LONG'],
  },
  {
    name: 'markDuplicate: blank duplicateOfId and over-long comment',
    substate: 'REVISITED',
    ctx: CLOSED_CTX,
    event: { type: 'markDuplicate', actor: OFFICE, at: AT, duplicateOfId: '', comment: LONG },
    problems: ['duplicateOfId:REQUIRED', 'comment:TOO_LONG'],
  },
  // escalate
  {
    name: 'escalate: NONE → WARNING by the system',
    substate: ASSIGNED,
    ctx: CTX,
    event: escalateEvent('WARNING'),
    problems: [],
  },
  {
    name: 'escalate: NONE → WARNING by the office, in progress',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: escalateEvent('WARNING', { actor: OFFICE }),
    problems: [],
  },
  {
    name: 'escalate: WARNING → SUPERVISION',
    substate: IN_PROGRESS,
    ctx: at('WARNING'),
    event: escalateEvent('SUPERVISION'),
    problems: [],
  },
  {
    name: 'escalate: SUPERVISION → NAMED_SUPERVISION',
    substate: IN_PROGRESS,
    ctx: at('SUPERVISION'),
    event: escalateEvent('NAMED_SUPERVISION'),
    problems: [],
  },
  {
    name: 'escalate: NONE → SUPERVISION (a rung skipped)',
    substate: ASSIGNED,
    ctx: CTX,
    event: escalateEvent('SUPERVISION'),
    problems: [],
  },
  {
    name: 'escalate: NONE → NAMED_SUPERVISION (two rungs skipped)',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: escalateEvent('NAMED_SUPERVISION'),
    problems: [],
  },
  {
    name: 'escalate: comment of exactly COMMENT_MAX',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: escalateEvent('WARNING', { actor: OFFICE, comment: MAX }),
    problems: [],
  },
  {
    name: 'escalate: null comment',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: escalateEvent('WARNING', { comment: null }),
    problems: [],
  },
  {
    name: 'escalate: against the deadline in force',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: escalateEvent('WARNING', { dueAt: '2026-03-31T18:00:00+08:00' }),
    problems: [],
  },
  {
    name: 'escalate: against a deadline since moved',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: escalateEvent('WARNING', { dueAt: LATER }),
    problems: ['dueAt:CONFLICTING'],
  },
  {
    name: 'escalate: against a deadline on a problem without one',
    substate: ASSIGNED,
    ctx: { ...CTX, dueAt: null },
    event: escalateEvent('WARNING', { dueAt: DUE }),
    problems: ['dueAt:CONFLICTING'],
  },
  {
    name: 'escalate: NONE → NONE',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: escalateEvent('NONE'),
    problems: ['level:CONFLICTING'],
  },
  {
    name: 'escalate: WARNING → WARNING (same level)',
    substate: IN_PROGRESS,
    ctx: at('WARNING'),
    event: escalateEvent('WARNING'),
    problems: ['level:CONFLICTING'],
  },
  {
    name: 'escalate: WARNING → NONE (lower)',
    substate: IN_PROGRESS,
    ctx: at('WARNING'),
    event: escalateEvent('NONE'),
    problems: ['level:CONFLICTING'],
  },
  {
    name: 'escalate: SUPERVISION → SUPERVISION (same level)',
    substate: ASSIGNED,
    ctx: at('SUPERVISION'),
    event: escalateEvent('SUPERVISION'),
    problems: ['level:CONFLICTING'],
  },
  {
    name: 'escalate: SUPERVISION → WARNING (lower)',
    substate: ASSIGNED,
    ctx: at('SUPERVISION'),
    event: escalateEvent('WARNING'),
    problems: ['level:CONFLICTING'],
  },
  {
    name: 'escalate: NAMED_SUPERVISION → NAMED_SUPERVISION',
    substate: IN_PROGRESS,
    ctx: at('NAMED_SUPERVISION'),
    event: escalateEvent('NAMED_SUPERVISION'),
    problems: ['level:CONFLICTING'],
  },
  {
    name: 'escalate: NAMED_SUPERVISION → WARNING',
    substate: IN_PROGRESS,
    ctx: at('NAMED_SUPERVISION'),
    event: escalateEvent('WARNING'),
    problems: ['level:CONFLICTING'],
  },
  {
    name: 'escalate: unknown level',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: escalateEvent('RED' as EscalationLevel),
    problems: ['level:MALFORMED'],
  },
  {
    name: 'escalate: lower-case level',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: escalateEvent('warning' as EscalationLevel),
    problems: ['level:MALFORMED'],
  },
  {
    name: 'escalate: without a level',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: { type: 'escalate', actor: SYSTEM, at: AT } as unknown as IssueEvent,
    problems: ['level:MALFORMED'],
  },
  {
    name: 'escalate: over-long comment',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: escalateEvent('WARNING', { actor: OFFICE, comment: LONG }),
    problems: ['comment:TOO_LONG'],
  },
  {
    name: 'escalate: lower level and over-long comment',
    substate: ASSIGNED,
    ctx: at('SUPERVISION'),
    event: escalateEvent('WARNING', { comment: LONG }),
    problems: ['level:CONFLICTING', 'comment:TOO_LONG'],
  },
];

/** A good event of each order and instruction type, as their senders send them to ORDERS_CTX. */
const ORDER_EVENTS: IssueEvent[] = [
  {
    type: 'superviseOrder',
    actor: OFFICE,
    at: AT,
    orderId: 'order-new',
    number: '督〔2026〕3号',
    level: 'SUPERVISION',
    replyDueAt: LATER,
    reasons: '逾期未完成整改',
    issueIds: ['issue-1', 'issue-2'],
  },
  {
    type: 'replyToOrder',
    actor: LEAD,
    at: AT,
    orderId: 'order-open',
    explanation: '设备到货延迟',
    measures: '增派人手，月底前完成',
  },
  { type: 'decideOrderReply', actor: OFFICE, at: AT, orderId: 'order-replied', accepted: true },
  {
    type: 'instruct',
    actor: LEADER,
    at: AT,
    instructionId: 'instruction-2',
    text: '请务必按期完成',
    orderId: 'order-open',
  },
  { type: 'acknowledgeInstruction', actor: LEAD, at: AT, instructionId: 'instruction-1', comment: '已阅' },
];

const orderEvent = (type: IssueEventType, over: Record<string, unknown>): IssueEvent =>
  ({ ...ORDER_EVENTS.find((e) => e.type === type)!, ...over }) as IssueEvent;

CASES.push(
  ...ORDER_EVENTS.map((event) => ({
    name: `${event.type}: good`,
    substate: IN_PROGRESS,
    ctx: ORDERS_CTX,
    event,
    problems: [],
  })),
  {
    name: 'superviseOrder: an id already open, no number, a reply due now, a warning, no reasons',
    substate: IN_PROGRESS,
    ctx: ORDERS_CTX,
    event: orderEvent('superviseOrder', {
      orderId: 'order-open',
      number: '',
      replyDueAt: AT,
      level: 'WARNING',
      reasons: ' ',
    }),
    problems: [
      'level:MALFORMED',
      'reasons:REQUIRED',
      'orderId:CONFLICTING',
      'number:REQUIRED',
      'replyDueAt:NOT_IN_FUTURE',
    ],
  },
  {
    name: 'superviseOrder: an over-long number, an empty list of problems',
    substate: IN_PROGRESS,
    ctx: ORDERS_CTX,
    event: orderEvent('superviseOrder', { number: 'n'.repeat(101), issueIds: [] }),
    problems: ['number:TOO_LONG', 'issueIds:MALFORMED'],
  },
  {
    name: 'replyToOrder: an order already replied, no measures',
    substate: IN_PROGRESS,
    ctx: ORDERS_CTX,
    event: orderEvent('replyToOrder', { orderId: 'order-replied', measures: '' }),
    problems: ['orderId:CONFLICTING', 'measures:REQUIRED'],
  },
  {
    name: 'decideOrderReply: an order not replied; sent back without a word',
    substate: IN_PROGRESS,
    ctx: ORDERS_CTX,
    event: orderEvent('decideOrderReply', { orderId: 'order-open', accepted: false }),
    problems: ['orderId:CONFLICTING', 'comment:REQUIRED'],
  },
  {
    name: 'instruct: an instruction id already pending, on an order not on the problem',
    substate: IN_PROGRESS,
    ctx: ORDERS_CTX,
    event: orderEvent('instruct', { instructionId: 'instruction-1', orderId: 'order-elsewhere', text: LONG_SUMMARY }),
    problems: ['instructionId:CONFLICTING', 'text:TOO_LONG', 'orderId:CONFLICTING'],
  },
  {
    name: 'acknowledgeInstruction: an instruction not pending',
    substate: IN_PROGRESS,
    ctx: ORDERS_CTX,
    event: orderEvent('acknowledgeInstruction', { instructionId: 'instruction-9' }),
    problems: ['instructionId:CONFLICTING'],
  },
  {
    name: 'escalate: to 督办 raising an order',
    substate: IN_PROGRESS,
    ctx: CTX,
    event: escalateEvent('SUPERVISION', {
      order: { orderId: 'order-auto', number: '督〔2026〕4号', replyDueAt: LATER },
    }),
    problems: [],
  },
  {
    name: 'escalate: a warning raising an order; an order already open',
    substate: IN_PROGRESS,
    ctx: ORDERS_CTX,
    event: escalateEvent('WARNING', { order: { orderId: 'order-open', number: '督', replyDueAt: LATER } }),
    problems: ['order:NOT_APPLICABLE'],
  },
  {
    name: "escalate: 挂牌督办 raising an order reusing an open one's id, due now",
    substate: IN_PROGRESS,
    ctx: ORDERS_CTX,
    event: escalateEvent('NAMED_SUPERVISION', { order: { orderId: 'order-open', number: '督', replyDueAt: AT } }),
    problems: ['order.orderId:CONFLICTING', 'order.replyDueAt:NOT_IN_FUTURE'],
  },
);

describe('payloadIssues and payloadProblems', () => {
  it('has good and bad cases for every event type', () => {
    for (const type of ISSUE_EVENT_TYPES) {
      const ofType = CASES.filter((c) => c.event.type === type);
      expect(ofType.some((c) => c.problems.length === 0)).toBe(true);
      expect(ofType.some((c) => c.problems.length > 0)).toBe(true);
    }
  });

  it('gives every reason the machine knows somewhere among the cases', () => {
    const seen = new Set(CASES.flatMap((c) => c.problems.map((p) => p.split(':')[1])));
    expect([...seen].sort()).toEqual([...PAYLOAD_PROBLEM_REASONS].sort());
  });

  it.each(CASES)('$name → $problems', (c) => {
    expect(payloadIssues(c.ctx, c.event).map((p) => `${p.field}:${p.reason}`)).toEqual(c.problems);
    // The field names alone, as BAD_USER_INPUT's `fields` lists them.
    expect(payloadProblems(c.ctx, c.event)).toEqual(c.problems.map((p) => p.split(':')[0]));
  });
});

describe('the machine refuses every bad payload and accepts the good ones', () => {
  it.each(CASES)('$name', (c) => {
    const snapshot = snapshotOf(c.substate, c.ctx);
    const result = step(snapshot, c.event);
    // requestExtension with no deadline is refused by its precondition too, hence eventAllowed.
    expect(eventAllowed(c.ctx, c.event)).toBe(c.problems.length === 0);
    if (c.problems.length > 0) {
      expect(result.changed).toBe(false);
      expect(result.snapshot).toBe(snapshot);
      expect(result.snapshot.context).toEqual(c.ctx);
    } else {
      expect(result.changed).toBe(true);
      expect(result.snapshot).not.toBe(snapshot);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// eventAllowed: the conjunction
// ---------------------------------------------------------------------------------------------

describe('eventAllowed', () => {
  const good: IssueEvent = { type: 'requestExtension', actor: LEAD, at: AT, newDueAt: LATER, reason: 'Rain' };

  it('allows a good event from the right actor when the precondition holds', () => {
    expect(eventAllowed(CTX, good)).toBe(true);
    expect(eventAllowed(CTX, { ...good, actor: OFFICE })).toBe(true);
  });
  it('refuses when the actor may not send it', () => {
    expect(eventAllowed(CTX, { ...good, actor: COOP })).toBe(false);
    expect(eventAllowed(CTX, { ...good, actor: LEADER })).toBe(false);
    expect(eventAllowed(CTX, { ...good, actor: SYSTEM })).toBe(false);
  });
  it('refuses when the precondition fails', () => {
    expect(eventAllowed(PENDING_CTX, good)).toBe(false);
    expect(eventAllowed(CTX, { ...good, at: DUE })).toBe(false);
  });
  it('refuses when the payload is bad', () => {
    expect(eventAllowed(CTX, { ...good, reason: '' })).toBe(false);
    expect(eventAllowed(CTX, { ...good, newDueAt: DUE })).toBe(false);
  });
  it('the machine follows it for the actor and the precondition', () => {
    const s = snapshotOf('RECTIFYING.inProgress', CTX);
    expect(step(s, { ...good, actor: COOP }).changed).toBe(false);
    expect(step(snapshotOf('RECTIFYING.inProgress', PENDING_CTX), good).changed).toBe(false);
    expect(step(s, { ...good, at: DUE }).changed).toBe(false);
    expect(
      step(snapshotOf('RECTIFYING.inProgress', CTX), { type: 'decideExtension', actor: OFFICE, at: AT, approve: true })
        .changed,
    ).toBe(false);
    expect(step(s, good).changed).toBe(true);
  });

  describe('for escalate', () => {
    const up: IssueEvent = { type: 'escalate', actor: SYSTEM, at: AT, level: 'WARNING' };

    it('allows a higher rung from the system or the office when the problem has a deadline', () => {
      expect(eventAllowed(CTX, up)).toBe(true);
      expect(eventAllowed(CTX, { ...up, actor: OFFICE })).toBe(true);
      expect(eventAllowed(CTX, { ...up, actor: { role: 'SYSTEM', unitId: 'unit-lead' } })).toBe(true);
      expect(eventAllowed(PENDING_CTX, up)).toBe(true);
    });
    it('refuses the lead unit, other units and leaders', () => {
      for (const actor of [LEAD, COOP, OTHER_UNIT, LEADER]) {
        expect(eventAllowed(CTX, { ...up, actor })).toBe(false);
      }
    });
    it('refuses when the precondition fails', () => {
      expect(eventAllowed({ ...CTX, deadlineKind: 'LONG_TERM', dueAt: null, originalDueAt: null }, up)).toBe(false);
      expect(eventAllowed({ ...CTX, deadlineKind: 'LONG_TERM' }, up)).toBe(false);
      expect(eventAllowed({ ...CTX, dueAt: null }, up)).toBe(false);
      expect(eventAllowed(FILED_CTX, up)).toBe(false);
    });
    it('refuses a level that is not strictly higher, and an over-long comment', () => {
      expect(eventAllowed(at('WARNING'), up)).toBe(false);
      expect(eventAllowed(at('SUPERVISION'), up)).toBe(false);
      expect(eventAllowed(at('WARNING'), { ...up, level: 'SUPERVISION' })).toBe(true);
      expect(eventAllowed(CTX, { ...up, comment: LONG })).toBe(false);
    });
    it('allows nothing more once NAMED_SUPERVISION is reached', () => {
      for (const level of ESCALATION_LEVELS) {
        expect(eventAllowed(at('NAMED_SUPERVISION'), { ...up, level })).toBe(false);
        expect(eventAllowed(at('NAMED_SUPERVISION'), { ...up, level, actor: OFFICE })).toBe(false);
      }
    });
    it('the machine follows it in RECTIFYING.inProgress and ASSIGNED, and never in RECTIFYING.submitted', () => {
      for (const substate of ['ASSIGNED', 'RECTIFYING.inProgress'] as const) {
        expect(step(snapshotOf(substate, CTX), up).changed).toBe(true);
        expect(step(snapshotOf(substate, CTX), { ...up, actor: LEAD }).changed).toBe(false);
        expect(step(snapshotOf(substate, { ...CTX, dueAt: null }), up).changed).toBe(false);
        expect(step(snapshotOf(substate, at('WARNING')), up).changed).toBe(false);
      }
      expect(eventAllowed(SUBMITTED_CTX, up)).toBe(true);
      expect(step(snapshotOf('RECTIFYING.submitted', SUBMITTED_CTX), up).changed).toBe(false);
    });
  });

  it('the system’s escalate passes while its other events fail, whatever the payload', () => {
    expect(eventAllowed(CTX, { type: 'escalate', actor: SYSTEM, at: AT, level: 'WARNING' })).toBe(true);
    expect(eventAllowed(CTX, { ...good, actor: SYSTEM })).toBe(false);
    expect(eventAllowed(PENDING_CTX, { type: 'decideExtension', actor: SYSTEM, at: AT, approve: true })).toBe(false);
    expect(eventAllowed(CTX, { type: 'publish', actor: SYSTEM, at: AT, published: true })).toBe(false);
    expect(eventAllowed(CTX, { type: 'markDuplicate', actor: SYSTEM, at: AT, duplicateOfId: 'issue-original' })).toBe(
      false,
    );
    expect(eventAllowed(CTX, { type: 'close', actor: SYSTEM, at: AT, openChildren: 0 })).toBe(false);
  });

  describe('for close', () => {
    const close: IssueEvent = { type: 'close', actor: OFFICE, at: AT, comment: 'Closed' };

    it('passes the close event’s own openChildren to the precondition', () => {
      expect(eventAllowed(VERIFIED_CTX, close)).toBe(true);
      expect(eventAllowed(VERIFIED_CTX, { ...close, openChildren: 0 })).toBe(true);
      expect(eventAllowed(VERIFIED_CTX, { ...close, openChildren: undefined })).toBe(true);
      expect(eventAllowed(VERIFIED_CTX, { ...close, openChildren: 1 })).toBe(false);
      expect(eventAllowed(VERIFIED_CTX, { ...close, openChildren: 2 })).toBe(false);
    });
    it('open derived problems are not a payload problem: the refusal is the precondition’s', () => {
      expect(payloadProblems(VERIFIED_CTX, { ...close, openChildren: 2 })).toEqual([]);
      expect(preconditionHolds(VERIFIED_CTX, 'close', AT, { openChildren: 2 })).toBe(false);
    });
    it('still refuses the wrong actor and a bad payload with no open derived problems', () => {
      expect(eventAllowed(VERIFIED_CTX, { ...close, openChildren: 0, actor: LEAD })).toBe(false);
      expect(eventAllowed(VERIFIED_CTX, { ...close, openChildren: 0, comment: LONG })).toBe(false);
      expect(eventAllowed(VERIFIED_CTX, { ...close, openChildren: 0, satisfaction: 'SATISFIED' })).toBe(false);
    });
    it('the machine follows it in VERIFIED', () => {
      const s = snapshotOf('VERIFIED.signedOff', VERIFIED_CTX);
      expect(step(s, { ...close, openChildren: 2 }).changed).toBe(false);
      expect(step(s, { ...close, openChildren: 1 }).snapshot).toBe(s);
      expect(step(s, { ...close, openChildren: 0 }).changed).toBe(true);
      expect(step(s, close).changed).toBe(true);
    });
  });

  describe('for markDuplicate', () => {
    const mark: IssueEvent = {
      type: 'markDuplicate',
      actor: OFFICE,
      at: AT,
      duplicateOfId: 'issue-original',
      comment: 'Same outfall',
    };

    it('allows the office on a problem that is not yet a duplicate, whatever its state of work', () => {
      for (const ctx of [
        CTX,
        FILED_CTX,
        PENDING_CTX,
        SUBMITTED_CTX,
        VERIFIED_CTX,
        CLOSED_CTX,
        at('NAMED_SUPERVISION'),
      ]) {
        expect(eventAllowed(ctx, mark)).toBe(true);
      }
    });
    it('refuses everyone but the office, the lead unit and the system included', () => {
      for (const actor of [LEAD, COOP, OTHER_UNIT, LEADER, SYSTEM, { role: 'SYSTEM', unitId: 'unit-lead' } as Actor]) {
        expect(eventAllowed(CTX, { ...mark, actor })).toBe(false);
      }
    });
    it('refuses marking a duplicate again, with the same or another original', () => {
      expect(eventAllowed(DUP_CTX, mark)).toBe(false);
      expect(eventAllowed(DUP_CTX, { ...mark, duplicateOfId: 'issue-another' })).toBe(false);
    });
    it('refuses a blank original and an over-long comment', () => {
      expect(eventAllowed(CTX, { ...mark, duplicateOfId: ' ' })).toBe(false);
      expect(eventAllowed(CTX, { ...mark, comment: LONG })).toBe(false);
    });
    it('keeps duplicates a forest of depth one: no original with duplicates, no duplicate as original', () => {
      expect(eventAllowed(CTX, { ...mark, duplicates: 0, originalIsDuplicate: false })).toBe(true);
      expect(eventAllowed(CTX, { ...mark, duplicates: 1, originalIsDuplicate: false })).toBe(false);
      expect(eventAllowed(CTX, { ...mark, duplicates: 0, originalIsDuplicate: true })).toBe(false);
      expect(eventAllowed(CTX, { ...mark, duplicates: 3, originalIsDuplicate: true })).toBe(false);
    });
    it('its duplicates are the precondition’s refusal; an original that is a duplicate, the payload’s', () => {
      expect(payloadProblems(CTX, { ...mark, duplicates: 2 })).toEqual([]);
      expect(preconditionHolds(CTX, 'markDuplicate', AT, factsOf({ ...mark, duplicates: 2 }))).toBe(false);
      expect(payloadProblems(CTX, { ...mark, originalIsDuplicate: true })).toEqual(['duplicateOfId']);
      expect(preconditionHolds(CTX, 'markDuplicate', AT, factsOf({ ...mark, originalIsDuplicate: true }))).toBe(true);
    });
    it('the machine follows it in every state of work, and keeps the facts it was given', () => {
      for (const [substate, ctx] of [
        ['FILED', FILED_CTX],
        ['ASSIGNED', CTX],
        ['VERIFIED', VERIFIED_CTX],
        ['CLOSED', CLOSED_CTX],
      ] as [Substate, IssueContext][]) {
        const s = snapshotOf(substate, ctx);
        expect(step(s, { ...mark, duplicates: 1 }).snapshot).toBe(s);
        expect(step(s, { ...mark, originalIsDuplicate: true }).snapshot).toBe(s);
        const marked = step(s, { ...mark, duplicates: 0, originalIsDuplicate: false });
        expect(marked.changed).toBe(true);
        expect(marked.snapshot.context.duplicateOfId).toBe('issue-original');
      }
    });
  });

  describe('factsOf', () => {
    it('reads close’s open derived problems and markDuplicate’s duplicates, nothing from other events', () => {
      expect(factsOf({ type: 'close', actor: OFFICE, at: AT, openChildren: 2 })).toEqual({ openChildren: 2 });
      expect(
        factsOf({
          type: 'markDuplicate',
          actor: OFFICE,
          at: AT,
          duplicateOfId: 'x',
          duplicates: 1,
          originalIsDuplicate: true,
        }),
      ).toEqual({ duplicates: 1 });
      expect(factsOf({ type: 'markDuplicate', actor: OFFICE, at: AT, duplicateOfId: 'x' })).toEqual({
        duplicates: undefined,
      });
      expect(factsOf({ type: 'publish', actor: OFFICE, at: AT, published: true })).toEqual({});
    });
  });

  describe('on a duplicate', () => {
    const goodEvents: IssueEvent[] = [
      assignEvent(),
      reassignEvent(),
      { type: 'accept', actor: LEAD, at: AT },
      { type: 'return', actor: LEAD, at: AT, reason: 'Not ours' },
      { type: 'reportProgress', actor: LEAD, at: AT, progressPercent: 50, comment: 'Half' },
      { type: 'requestExtension', actor: LEAD, at: AT, newDueAt: LATER, reason: 'Rain' },
      { type: 'decideExtension', actor: OFFICE, at: AT, approve: true },
      { type: 'submit', actor: LEAD, at: AT, summary: 'Done' },
      { type: 'verify', actor: OFFICE, at: AT, passed: true },
      { type: 'signOff', actor: LEADER, at: AT, step: 'LEADERSHIP_APPROVAL' },
      { type: 'sendBack', actor: OFFICE, at: AT, step: 'CITY_REVIEW', comment: 'The city asks for more' },
      planEvent({}),
      { type: 'returnPlan', actor: OFFICE, at: AT, comment: 'Name the drains' },
      { type: 'completeMilestone', actor: LEAD, at: AT, milestone: 'Drains relined' },
      { type: 'escalateMilestone', actor: SYSTEM, at: AT, milestone: 'Drains relined', level: 'WARNING' },
      {
        type: 'reportPart',
        actor: COOP,
        at: AT,
        unitId: 'unit-coop',
        progressPercent: 100,
        comment: '已完成',
        done: true,
      },
      { type: 'waivePart', actor: OFFICE, at: AT, unitId: 'unit-coop', reason: '已由牵头单位完成' },
      { type: 'object', actor: OFFICE, at: AT, comment: 'A resident objects' },
      { type: 'dismissObjection', actor: OFFICE, at: AT, comment: 'Unfounded', noticeEndsAt: LATER },
      { type: 'close', actor: OFFICE, at: AT, openChildren: 0 },
      { type: 'revisit', actor: OFFICE, at: AT, rebounded: false },
      { type: 'escalate', actor: SYSTEM, at: AT, level: 'WARNING' },
      { type: 'markDuplicate', actor: OFFICE, at: AT, duplicateOfId: 'issue-another' },
      ...ORDER_EVENTS,
    ];

    it('covers every event type but publish', () => {
      expect(goodEvents.map((e) => e.type)).toEqual(ISSUE_EVENT_TYPES.filter((t) => t !== 'publish'));
    });

    it.each(goodEvents.map((e) => [e.type, e] as [IssueEventType, IssueEvent]))(
      'refuses %s, which the same problem would take were it not a duplicate',
      (_type, event) => {
        const ctx = ctxFor(event.type);
        expect(eventAllowed(ctx, event)).toBe(true);
        expect(eventAllowed({ ...ctx, duplicateOfId: 'issue-original' }, event)).toBe(false);
        expect(
          eventAllowed({ ...ctx, duplicateOfId: 'issue-original' }, { ...event, actor: OFFICE } as IssueEvent),
        ).toBe(false);
      },
    );

    it('still allows the office to publish, with or without a summary', () => {
      expect(eventAllowed(DUP_CTX, { type: 'publish', actor: OFFICE, at: AT, published: true })).toBe(true);
      expect(
        eventAllowed(DUP_CTX, { type: 'publish', actor: OFFICE, at: AT, published: false, publicSummary: SUMMARY }),
      ).toBe(true);
      expect(
        eventAllowed(DUP_CTX, { type: 'publish', actor: OFFICE, at: AT, published: true, publicSummary: ' ' }),
      ).toBe(false);
      expect(eventAllowed(DUP_CTX, { type: 'publish', actor: LEAD, at: AT, published: true })).toBe(false);
      expect(eventAllowed(DUP_CTX, { type: 'publish', actor: SYSTEM, at: AT, published: true })).toBe(false);
    });
  });
});
