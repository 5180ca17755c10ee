// Plain data shared by the machine, its rules and the service. No I/O here.

export const ISSUE_SOURCES = [
  'CENTRAL_INSPECTION',
  'MUNICIPAL_INSPECTION',
  'UNDERCOVER_INSPECTION',
  'SPECIAL_INSPECTION',
  'PUBLIC_COMPLAINT',
  'SELF_INSPECTION',
] as const;
export type IssueSource = (typeof ISSUE_SOURCES)[number];

export const ISSUE_STATES = ['FILED', 'ASSIGNED', 'RECTIFYING', 'VERIFIED', 'CLOSED', 'REVISITED'] as const;
export type IssueState = (typeof ISSUE_STATES)[number];

export const SUBSTATES = [
  'FILED',
  'ASSIGNED',
  'RECTIFYING.inProgress',
  'RECTIFYING.departmentReview',
  'RECTIFYING.submitted',
  'VERIFIED.leadershipApproval',
  'VERIFIED.publicNotice',
  'VERIFIED.objected',
  'VERIFIED.cityReview',
  'VERIFIED.signedOff',
  'CLOSED',
  'REVISITED',
] as const;
export type Substate = (typeof SUBSTATES)[number];

/**
 * The sign-off chain (签批链), in the order a closure policy may name its steps: the supervising department's review
 * (行业主管部门审核) of a submission, before the office's acceptance (验收, always in the chain); then the leading
 * group's approval (领导小组审批), the public notice (销号公示), the city's review (市级审核 / 备案); then 销号 (close).
 * Whether a submission goes to the department is decided when it is submitted; the steps after acceptance are fixed
 * when the work is accepted.
 */
export const SIGN_OFF_STEPS = ['DEPARTMENT_REVIEW', 'LEADERSHIP_APPROVAL', 'PUBLIC_NOTICE', 'CITY_REVIEW'] as const;
export type SignOffStep = (typeof SIGN_OFF_STEPS)[number];

/** The step signed before the office's acceptance; the others follow it. */
export const REVIEW_STEP = 'DEPARTMENT_REVIEW' satisfies SignOffStep;

export const DEADLINE_KINDS = ['DATE', 'IMMEDIATE', 'LONG_TERM'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export const COMPLAINT_FINDINGS = ['SUBSTANTIATED', 'PARTLY_SUBSTANTIATED', 'UNFOUNDED'] as const;
export type ComplaintFinding = (typeof COMPLAINT_FINDINGS)[number];

export const SATISFACTIONS = ['SATISFIED', 'BASICALLY_SATISFIED', 'UNSATISFIED'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];

/** 预警 → 督办 → 挂牌督办: rungs an overdue problem climbs, each once per deadline. */
export const ESCALATION_LEVELS = ['NONE', 'WARNING', 'SUPERVISION', 'NAMED_SUPERVISION'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

/** The rungs a supervision order (督办单) is issued at: 督办 or 挂牌督办. */
export const ORDER_LEVELS = ['SUPERVISION', 'NAMED_SUPERVISION'] as const satisfies readonly EscalationLevel[];
export type OrderLevel = (typeof ORDER_LEVELS)[number];

/**
 * A supervision order (督办单) open on the problem: issued by the office (or raised with an escalation rung), replied to
 * by the lead unit in writing, closed when the office accepts the reply (then it leaves the context; the log keeps it).
 */
export interface OpenOrder {
  id: string;
  /** 督办单编号, e.g. 督〔2026〕3号. */
  number: string;
  level: OrderLevel;
  replyDueAt: string;
  /** When the unit replied; null while the office waits for a reply (again, after a reply it did not accept). */
  repliedAt: string | null;
}

/** A leader's instruction (领导批示) on the problem, until the unit acknowledges it (then the log keeps it). */
export interface PendingInstruction {
  id: string;
  at: string;
  /** The supervision order it was written on, if any. */
  orderId: string | null;
}

/**
 * Who a token speaks for: a district's office, unit or leader, or the city's office (市整改办) or leader above every
 * district (issue #28: their district is none, they read every district's; the machine gives them no event yet).
 */
export const ROLES = ['OFFICE', 'UNIT', 'LEADER', 'CITY_OFFICE', 'CITY_LEADER'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who sends an event. SYSTEM is the scheduler (deadline sweeps), never a token; PUBLIC is anyone on the public page,
 * who may object to a closure in its public notice (公示异议) and nothing else.
 */
export interface Actor {
  role: Role | 'SYSTEM' | 'PUBLIC';
  unitId: string | null;
}

/** A dated stage of a plan (节点): done when the lead unit reports it done, with its evidence. */
export interface Milestone {
  title: string;
  dueAt: string;
  doneAt: string | null;
  /** 预警 → 督办 → 挂牌督办 as the milestone's date nears and passes, like a deadline; absent: NONE. */
  escalationLevel?: EscalationLevel;
}

/** A person the plan names: the responsible leader (责任领导) or the person responsible (责任人). */
export interface PlanPerson {
  name: string;
  post: string;
}

/**
 * 整改方案: what the lead unit sets after signing for the work — the goal, the measures, who answers for it, and dated
 * milestones. IN_FORCE until the office sends it back (RETURNED); the unit then sets it again.
 */
export interface RectificationPlan {
  goal: string;
  measures: string;
  leader: PlanPerson;
  responsible: PlanPerson;
  milestones: Milestone[];
  status: 'IN_FORCE' | 'RETURNED';
  setAt: string;
}

/** A cooperating unit's part of the work (配合单位分工): its progress, done, or waived by the office. */
export interface CooperationPart {
  unitId: string;
  progressPercent: number;
  doneAt: string | null;
  waivedReason: string | null;
}

export interface PendingExtension {
  newDueAt: string;
  reason: string;
  requestedAt: string;
}

/** Everything the machine remembers; the service mirrors it in columns. Times are ISO-8601 UTC strings. */
export interface IssueContext {
  source: IssueSource;
  /**
   * The problem is a complaint (群众举报 / 信访): its finding (是否属实) and the complainant's satisfaction are recorded.
   * Fixed when it is filed: every PUBLIC_COMPLAINT, and a problem of any other source filed with a complaint channel
   * (e.g. one handed over by an inspection team, which keeps its round).
   */
  complaint: boolean;
  leadUnitId: string | null;
  cooperatingUnitIds: string[];
  /** The supervising department (行业主管部门) that reviews a submission when the closure policy says so. */
  supervisingUnitId: string | null;
  deadlineKind: DeadlineKind | null;
  dueAt: string | null;
  originalDueAt: string | null;
  pendingExtension: PendingExtension | null;
  progressPercent: number;
  finding: ComplaintFinding | null;
  firstSubmittedAt: string | null;
  submittedAt: string | null;
  dueAtSubmission: string | null;
  completedOnTime: boolean | null;
  closedAt: string | null;
  satisfaction: Satisfaction | null;
  reboundCount: number;
  published: boolean;
  /** Reset to NONE whenever the deadline changes. */
  escalationLevel: EscalationLevel;
  /** Set when the office marks this problem a duplicate: it then leaves the figures and takes no more events. */
  duplicateOfId: string | null;
  /** What the public view shows instead of the internal description. */
  publicSummary: string | null;
  /** The sign-off steps after acceptance, in order, fixed when the work was accepted ([]: 销号 right after). */
  signOffSteps: SignOffStep[];
  /** When the public notice (公示) ends: set when it starts, kept after it as the record of when it ran to. */
  noticeEndsAt: string | null;
  /** How many times a step of the chain sent the work back to the unit (退回整改). */
  sentBackCount: number;
  /** The lead unit's rectification plan (整改方案), or null before it sets one (or after a new assignment). */
  plan: RectificationPlan | null;
  /** Each cooperating unit's part, from assignments of machine version 6 on ([] before). */
  parts: CooperationPart[];
  /** Supervision orders (督办单) not yet closed, from machine version 8 on. */
  orders: OpenOrder[];
  /** Leaders' instructions (批示) the unit has not acknowledged yet, from machine version 8 on. */
  instructions: PendingInstruction[];
  /** What enforcement came of the problem (执法成果), as the lead unit last reported it on submitting; null: none. */
  enforcement: EnforcementOutcome | null;
}

/** Enforcement outcomes a unit reports with its work: orders to correct (责令改正), cases opened (立案), fines (罚款). */
export interface EnforcementOutcome {
  ordersToCorrect: number;
  casesOpened: number;
  /** In yuan, to the fen. */
  fineYuan: number;
}

export interface IssueInput {
  source: IssueSource;
  /** Filed with a complaint's facts; absent: a PUBLIC_COMPLAINT is one, any other source is not. */
  complaint?: boolean;
}

interface EventBase {
  actor: Actor;
  /** When the service accepted the event: the machine never reads a clock. */
  at: string;
}

export interface AssignPayload {
  leadUnitId: string;
  cooperatingUnitIds: string[];
  /** The supervising department (行业主管部门), neither the lead nor a cooperating unit; absent: none. */
  supervisingUnitId?: string | null;
  /** Filled in by the service (version 6 on): each cooperating unit gets a part to report; absent: none (earlier). */
  withParts?: boolean;
  deadlineKind: DeadlineKind;
  /** Required for DATE and IMMEDIATE (the service resolves IMMEDIATE on the calendar); null for LONG_TERM. */
  dueAt: string | null;
  comment?: string | null;
}

export type IssueEvent =
  | (EventBase & { type: 'assign' } & AssignPayload)
  | (EventBase & { type: 'reassign' } & AssignPayload)
  | (EventBase & { type: 'accept'; comment?: string | null })
  | (EventBase & { type: 'return'; reason: string })
  | (EventBase & { type: 'reportProgress'; progressPercent: number; comment: string })
  | (EventBase & { type: 'requestExtension'; newDueAt: string; reason: string })
  | (EventBase & { type: 'decideExtension'; approve: boolean; comment?: string | null })
  | (EventBase & {
      type: 'submit';
      summary: string;
      finding?: ComplaintFinding | null;
      /**
       * Filled in by the service: the extension request this submission withdraws (null: none was pending). Absent
       * only from submissions logged by machine version 1, which left a pending request for the office to decide.
       */
      withdrawnExtension?: PendingExtension | null;
      /**
       * Filled in by the service (machine version 4 on): the submission goes to the supervising department's review
       * first, as the source's closure policy says and the problem names a department. Absent: straight to the office.
       */
      departmentReview?: boolean;
      /** What enforcement came of it (version 8 on); absent: as last reported. */
      enforcement?: EnforcementOutcome | null;
    })
  | (EventBase & {
      type: 'verify';
      passed: boolean;
      comment?: string | null;
      /** Filled in by the service on acceptance: the chain its closure policy names for the source (absent before v3). */
      signOffSteps?: SignOffStep[];
      /** Filled in by the service when the chain goes straight to the public notice: when it ends. */
      noticeEndsAt?: string | null;
    })
  | (EventBase & {
      type: 'signOff';
      step: SignOffStep;
      /** 文号: the document the sign-off is recorded in; required for the city's review. */
      documentNumber?: string | null;
      comment?: string | null;
      /** Filled in by the service when the next step is the public notice: when it ends. */
      noticeEndsAt?: string | null;
    })
  | (EventBase & { type: 'sendBack'; step: SignOffStep; comment: string })
  | (EventBase & {
      type: 'setPlan';
      goal: string;
      measures: string;
      leader: PlanPerson;
      responsible: PlanPerson;
      /** 1 to 20, titles distinct; a milestone of the same title as one done keeps it done. */
      milestones: { title: string; dueAt: string }[];
    })
  | (EventBase & { type: 'returnPlan'; comment: string })
  | (EventBase & { type: 'reportPart'; unitId: string; progressPercent: number; comment: string; done: boolean })
  | (EventBase & { type: 'waivePart'; unitId: string; reason: string })
  | (EventBase & { type: 'completeMilestone'; milestone: string; comment?: string | null })
  | (EventBase & {
      type: 'escalateMilestone';
      milestone: string;
      level: EscalationLevel;
      comment?: string | null;
      /** The milestone's date the rung was reached against; refused if the plan has moved it since. */
      dueAt?: string | null;
    })
  | (EventBase & { type: 'object'; comment: string })
  | (EventBase & {
      type: 'dismissObjection';
      comment: string;
      /** Filled in by the service: the notice runs again, to this moment. */
      noticeEndsAt?: string | null;
    })
  | (EventBase & {
      type: 'close';
      comment?: string | null;
      satisfaction?: Satisfaction | null;
      /** Filled in by the service: derived problems (举一反三) not yet closed. */
      openChildren?: number;
    })
  | (EventBase & { type: 'revisit'; rebounded: boolean; comment?: string | null; newDueAt?: string | null })
  | (EventBase & { type: 'publish'; published: boolean; publicSummary?: string | null })
  | (EventBase & {
      type: 'markDuplicate';
      duplicateOfId: string;
      comment?: string | null;
      /** Filled in by the service: problems already marked duplicates of this one (an original stays an original). */
      duplicates?: number;
      /** Filled in by the service: the named original is itself a duplicate (duplicates do not chain). */
      originalIsDuplicate?: boolean;
    })
  | (EventBase & {
      type: 'escalate';
      level: EscalationLevel;
      comment?: string | null;
      /** The deadline the rung was reached against; refused if the deadline has changed since. */
      dueAt?: string | null;
      /** The supervision order the rung raises, where the office configured it to (version 8 on). */
      order?: OrderStamp | null;
    })
  | (EventBase & { type: 'superviseOrder'; level: OrderLevel; reasons: string } & OrderStamp)
  | (EventBase & {
      type: 'replyToOrder';
      orderId: string;
      explanation: string;
      measures: string;
      /** Filled in by the service: every problem the order covers (each log says what the reply answered). */
      issueIds?: string[];
    })
  | (EventBase & {
      type: 'decideOrderReply';
      orderId: string;
      accepted: boolean;
      comment?: string | null;
      issueIds?: string[];
    })
  | (EventBase & {
      type: 'instruct';
      instructionId: string;
      text: string;
      /** The supervision order the instruction is written on, if any. */
      orderId?: string | null;
      issueIds?: string[];
    })
  | (EventBase & {
      type: 'acknowledgeInstruction';
      instructionId: string;
      comment?: string | null;
      issueIds?: string[];
    });

/** What an event issuing a supervision order carries of it (the reasons are the event's own). */
export interface OrderStamp {
  orderId: string;
  number: string;
  replyDueAt: string;
  /** Filled in by the service: every problem the order covers; the unit is told once, on the first. */
  issueIds?: string[];
}

export type IssueEventType = IssueEvent['type'];

/** What a log row records: one of the machine's events, or the filing that starts every log. */
export type LoggedEventType = IssueEventType | 'file';

export const ISSUE_EVENT_TYPES: readonly IssueEventType[] = [
  'assign',
  'reassign',
  'accept',
  'return',
  'reportProgress',
  'requestExtension',
  'decideExtension',
  'submit',
  'verify',
  'signOff',
  'sendBack',
  'setPlan',
  'returnPlan',
  'completeMilestone',
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
  'replyToOrder',
  'decideOrderReply',
  'instruct',
  'acknowledgeInstruction',
];

export type EventOf<T extends IssueEventType> = Extract<IssueEvent, { type: T }>;

/**
 * Why the rules refuse an event a caller sent. The first three are about the caller (FORBIDDEN), the rest about the
 * problem (INVALID_TRANSITION). One list: the API's TransitionRefusalReason enum is made from it.
 */
export const TRANSITION_REFUSAL_REASONS = [
  'NOT_LEAD_UNIT',
  'OFFICE_ONLY',
  'READ_ONLY',
  'LEADER_ONLY',
  'NOT_SUPERVISING_UNIT',
  'NOT_COOPERATING_UNIT',
  'CITY_OFFICE_ONLY',
  'WRONG_STATE',
  'NOTICE_NOT_OVER',
  'NO_PLAN',
  'PARTS_PENDING',
  'NO_PENDING_PART',
  'DUPLICATE',
  'EXTENSION_PENDING',
  'NO_PENDING_EXTENSION',
  'DEADLINE_PASSED',
  'NO_DEADLINE',
  'OPEN_CHILDREN',
  'HAS_DUPLICATES',
  'TOP_ESCALATION_REACHED',
  'NO_OPEN_ORDER',
  'NO_ORDER_REPLY',
  'NO_PENDING_INSTRUCTION',
] as const;
export type TransitionRefusalReason = (typeof TRANSITION_REFUSAL_REASONS)[number];

/** Refusals about who sends the event, not about the problem. */
export const CALLER_REFUSAL_REASONS: ReadonlySet<TransitionRefusalReason> = new Set([
  'NOT_LEAD_UNIT',
  'OFFICE_ONLY',
  'READ_ONLY',
  'LEADER_ONLY',
  'NOT_SUPERVISING_UNIT',
  'NOT_COOPERATING_UNIT',
  'CITY_OFFICE_ONLY',
]);

/** Why one field of an event is wrong, as far as the machine judges it (the API's input reasons include these). */
export const PAYLOAD_PROBLEM_REASONS = [
  'REQUIRED',
  'TOO_LONG',
  'OUT_OF_RANGE',
  'MALFORMED',
  'NOT_IN_FUTURE',
  'NOT_AFTER_DEADLINE',
  'NOT_APPLICABLE',
  'CONFLICTING',
] as const;
export type PayloadProblemReason = (typeof PAYLOAD_PROBLEM_REASONS)[number];

export interface PayloadProblem {
  field: string;
  reason: PayloadProblemReason;
}
