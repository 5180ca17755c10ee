import type {
  ComplaintFinding,
  DeadlineKind,
  EscalationLevel,
  IssueSource,
  IssueState,
  LoggedEventType,
  PendingExtension,
  Satisfaction,
  Substate,
} from '../../workflows/issue.types.js';

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
  /** The last event's time. */
  updatedAt: Date;
  /**
   * Set when a unit reads a problem it led or cooperated on and no longer does: the seq of the event that took it
   * away, the last of the log it sees (README: Former holders). Null or absent: the reader holds it, or is not a unit.
   */
  heldThroughSeq?: number | null;
  /** Set on rows served by publicIssues: their fields resolve as for an anonymous reader, whatever token came. */
  publicView?: true;
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

/** SELECT list mapping `issues` columns to IssueRecord. */
export const ISSUE_COLUMNS = `
  i.id, i.code, i.source, i.batch, i.title, i.description, i.category, i.location,
  i.parent_id AS "parentId", i.complainant_name AS "complainantName", i.complainant_phone AS "complainantPhone",
  i.complaint_channel AS "complaintChannel", i.reply_due_at AS "replyDueAt", i.filed_at AS "filedAt",
  i.filed_by AS "filedBy", i.state, i.substate, i.machine_version AS "machineVersion", i.version,
  i.lead_unit_id AS "leadUnitId", i.cooperating_unit_ids AS "cooperatingUnitIds", i.deadline_kind AS "deadlineKind",
  i.due_at AS "dueAt", i.original_due_at AS "originalDueAt", i.pending_extension AS "pendingExtension",
  i.progress_percent AS "progressPercent", i.finding, i.first_submitted_at AS "firstSubmittedAt",
  i.submitted_at AS "submittedAt", i.due_at_submission AS "dueAtSubmission", i.completed_on_time AS "completedOnTime",
  i.closed_at AS "closedAt", i.satisfaction, i.rebound_count AS "reboundCount", i.published,
  i.escalation_level AS "escalationLevel", i.duplicate_of_id AS "duplicateOfId", i.public_summary AS "publicSummary", i.updated_at AS "updatedAt"`;

export const EVENT_COLUMNS = `
  e.id::text AS id, e.issue_id AS "issueId", e.seq, e.type, e.from_state AS "fromState", e.to_state AS "toState",
  e.actor, e.actor_role AS "actorRole", e.unit_id AS "unitId", e.comment, e.payload,
  e.machine_version AS "machineVersion", e.at`;
