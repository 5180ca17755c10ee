import type {
  ComplaintFinding,
  DeadlineKind,
  EscalationLevel,
  IssueSource,
  IssueState,
  LoggedEventType,
  CooperationPart,
  EnforcementOutcome,
  OpenOrder,
  PendingExtension,
  PendingInstruction,
  RectificationPlan,
  Satisfaction,
  SignOffStep,
  Substate,
} from '../../workflows/issue.types.js';
import type { CoordinateSystem } from './coordinates.js';

export const ISSUE_CATEGORIES = [
  'AIR',
  'WATER',
  'SOIL',
  'SOLID_WASTE',
  'NOISE',
  'ECOLOGY',
  'RADIATION',
  'OTHER',
] as const;
export type IssueCategory = (typeof ISSUE_CATEGORIES)[number];

/** A problem as stored (one row of `issues`), in camelCase. */
export interface IssueRecord {
  id: string;
  code: string;
  source: IssueSource;
  batch: string | null;
  title: string;
  description: string;
  category: IssueCategory;
  location: string | null;
  /** Where it is on the map, in `coordinateSystem` (both or neither); see coordinates.ts. */
  longitude: number | null;
  latitude: number | null;
  coordinateSystem: CoordinateSystem | null;
  /** 行政区划代码, 6–12 digits. */
  adminCode: string | null;
  /** 责任领导: the leader answerable for it. */
  responsibleLeader: string | null;
  parentId: string | null;
  complainantName: string | null;
  complainantPhone: string | null;
  complaintChannel: string | null;
  replyDueAt: Date | null;
  filedAt: Date;
  filedBy: string;
  state: IssueState;
  substate: Substate;
  machineVersion: number;
  version: number;
  leadUnitId: string | null;
  cooperatingUnitIds: string[];
  supervisingUnitId: string | null;
  deadlineKind: DeadlineKind | null;
  dueAt: Date | null;
  originalDueAt: Date | null;
  pendingExtension: PendingExtension | null;
  progressPercent: number;
  finding: ComplaintFinding | null;
  firstSubmittedAt: Date | null;
  submittedAt: Date | null;
  dueAtSubmission: Date | null;
  completedOnTime: boolean | null;
  closedAt: Date | null;
  satisfaction: Satisfaction | null;
  reboundCount: number;
  published: boolean;
  escalationLevel: EscalationLevel;
  duplicateOfId: string | null;
  publicSummary: string | null;
  signOffSteps: SignOffStep[];
  noticeEndsAt: Date | null;
  sentBackCount: number;
  plan: RectificationPlan | null;
  parts: CooperationPart[];
  orders: OpenOrder[];
  instructions: PendingInstruction[];
  enforcement: EnforcementOutcome | null;
  /** The last event's time. */
  updatedAt: Date;
  /**
   * Set when a unit reads a problem it led or cooperated on and no longer does: the seq of the event that took it
   * away, the last of the log it sees (README: Former holders). Null or absent: the reader holds it, or is not a unit.
   */
  heldThroughSeq?: number | null;
  /** Set on rows served by publicIssues: their fields resolve as for an anonymous reader, whatever token came. */
  publicView?: true;
  /** The district whose list it is in (`district_id`); the CITY row's for the city's own problems (市级清单). */
  districtId?: string;
}

export interface IssueEventRecord {
  id: string;
  issueId: string;
  seq: number;
  type: LoggedEventType;
  fromState: string | null;
  toState: string;
  actor: string;
  actorRole: string;
  unitId: string | null;
  comment: string | null;
  payload: Record<string, unknown>;
  machineVersion: number;
  at: Date;
}

/** The fields of IssueRecord that are columns of `issues`. */
type StoredKey = Exclude<keyof IssueRecord, 'heldThroughSeq' | 'publicView' | 'districtId'>;

/**
 * How a field is kept: its PostgreSQL type and, for the part of the machine's context its events change, how it
 * travels between the row and the machine (an instant is a Date here and an ISO string in the machine; jsonb).
 */
interface FieldShape {
  sql: string;
  context?: 'value' | 'instant' | 'json';
  /** Set for a plain text field the office enters: everything that takes and shows it is derived (entered-fields.ts). */
  entered?: EnteredText;
}

/**
 * A plain text field of a problem, entered when it is filed (the form, fileIssue, an import's column) and shown to
 * whoever reads the problem: Issue's field, FileIssueInput's, the handover list's column and template, the form and
 * the problem page are all made from this description.
 */
export interface EnteredText {
  /** Its Chinese name: the handover list's column header and the pages' label. */
  label: string;
  /** What the schema says of it (Issue and FileIssueInput). */
  description: string;
  /** In characters; longer is refused. */
  maxLength: number;
  /** A stricter form than free text (a regular expression's source, anchored) and the refusal's Chinese message. */
  pattern?: { source: string; message: string };
  /** The template's note on its column, the example row's value, and the form's placeholder. */
  note: string;
  example: string;
  placeholder?: string;
  /** The phone's keyboard for it (the input's inputmode), when not text. */
  inputMode?: 'numeric' | 'decimal' | 'tel';
}

/**
 * Every stored field of a problem, once (its column is the field's name in snake_case): the record's SELECT list, the
 * bulk insert's types, the machine's context and the columns a transition writes are all read from here.
 */
export const ISSUE_SHAPE = {
  id: { sql: 'uuid' },
  code: { sql: 'text' },
  source: { sql: 'text' },
  batch: {
    sql: 'text',
    entered: {
      label: '批次',
      description: 'The batch it was handed over in (批次), e.g. 第三轮中央生态环境保护督察 第5批',
      maxLength: 200,
      note: '选填。如：第三轮中央生态环境保护督察 第5批',
      example: '第三轮中央生态环境保护督察 第5批',
      placeholder: '如：第三轮中央生态环境保护督察 第5批',
    },
  },
  title: { sql: 'text' },
  description: { sql: 'text' },
  category: { sql: 'text' },
  location: {
    sql: 'text',
    entered: {
      label: '所在地',
      description: 'Where it is (所在地): a town, a village, an address',
      maxLength: 500,
      note: '选填。镇街、村社或地址',
      example: '水江镇',
    },
  },
  longitude: { sql: 'float8' },
  latitude: { sql: 'float8' },
  coordinateSystem: { sql: 'text' },
  adminCode: {
    sql: 'text',
    entered: {
      label: '行政区划代码',
      description: 'Its administrative division code (行政区划代码), 6–12 digits: county, township or village',
      maxLength: 12,
      pattern: { source: '^\\d{6,12}$', message: '行政区划代码须为 6–12 位数字' },
      note: '选填。6–12 位数字，如 500119',
      example: '500119',
      placeholder: '6–12 位数字，可不填',
      inputMode: 'numeric',
    },
  },
  responsibleLeader: {
    sql: 'text',
    entered: {
      label: '责任领导',
      description:
        'The leader answerable for its rectification (责任领导), as the list names them, e.g. 区政府副区长 王某',
      maxLength: 100,
      note: '选填。牵头负责整改的区领导，如：区政府副区长 王某',
      example: '区政府副区长 王某',
    },
  },
  parentId: { sql: 'uuid' },
  complainantName: { sql: 'text' },
  complainantPhone: { sql: 'text' },
  complaintChannel: { sql: 'text' },
  replyDueAt: { sql: 'timestamptz' },
  filedAt: { sql: 'timestamptz' },
  filedBy: { sql: 'text' },
  state: { sql: 'text' },
  substate: { sql: 'text' },
  machineVersion: { sql: 'int' },
  version: { sql: 'int' },
  leadUnitId: { sql: 'uuid', context: 'value' },
  cooperatingUnitIds: { sql: 'uuid[]', context: 'value' },
  supervisingUnitId: { sql: 'uuid', context: 'value' },
  deadlineKind: { sql: 'text', context: 'value' },
  dueAt: { sql: 'timestamptz', context: 'instant' },
  originalDueAt: { sql: 'timestamptz', context: 'instant' },
  pendingExtension: { sql: 'jsonb', context: 'json' },
  progressPercent: { sql: 'int', context: 'value' },
  finding: { sql: 'text', context: 'value' },
  firstSubmittedAt: { sql: 'timestamptz', context: 'instant' },
  submittedAt: { sql: 'timestamptz', context: 'instant' },
  dueAtSubmission: { sql: 'timestamptz', context: 'instant' },
  completedOnTime: { sql: 'boolean', context: 'value' },
  closedAt: { sql: 'timestamptz', context: 'instant' },
  satisfaction: { sql: 'text', context: 'value' },
  reboundCount: { sql: 'int', context: 'value' },
  published: { sql: 'boolean', context: 'value' },
  escalationLevel: { sql: 'text', context: 'value' },
  duplicateOfId: { sql: 'uuid', context: 'value' },
  publicSummary: { sql: 'text', context: 'value' },
  signOffSteps: { sql: 'text[]', context: 'value' },
  noticeEndsAt: { sql: 'timestamptz', context: 'instant' },
  sentBackCount: { sql: 'int', context: 'value' },
  plan: { sql: 'jsonb', context: 'json' },
  parts: { sql: 'jsonb', context: 'json' },
  orders: { sql: 'jsonb', context: 'json' },
  instructions: { sql: 'jsonb', context: 'json' },
  enforcement: { sql: 'jsonb', context: 'json' },
  updatedAt: { sql: 'timestamptz' },
} as const satisfies Record<StoredKey, FieldShape>;

/** A field's column: its name in snake_case. */
export const columnOf = (field: string): string => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** SELECT list mapping `issues` columns to IssueRecord. */
export const ISSUE_COLUMNS = [
  ...Object.keys(ISSUE_SHAPE).map((f) => (columnOf(f) === f ? `i.${f}` : `i.${columnOf(f)} AS "${f}"`)),
  // The district is the row's, kept by the session, never by an event: read, not part of the shape.
  'i.district_id AS "districtId"',
].join(', ');

export const EVENT_COLUMNS = `
  e.id::text AS id, e.issue_id AS "issueId", e.seq, e.type, e.from_state AS "fromState", e.to_state AS "toState",
  e.actor, e.actor_role AS "actorRole", e.unit_id AS "unitId", e.comment, e.payload,
  e.machine_version AS "machineVersion", e.at`;
