// Between a stored problem (Date columns) and the machine's context (ISO strings).
import type { IssueContext } from '../../workflows/issue.types.js';
import type { IssueRecord } from './issue.record.js';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
const date = (s: string | null): Date | null => (s ? new Date(s) : null);

export function contextOf(issue: IssueRecord): IssueContext {
  return {
    source: issue.source,
    leadUnitId: issue.leadUnitId,
    cooperatingUnitIds: issue.cooperatingUnitIds,
    deadlineKind: issue.deadlineKind,
    dueAt: iso(issue.dueAt),
    originalDueAt: iso(issue.originalDueAt),
    pendingExtension: issue.pendingExtension,
    progressPercent: issue.progressPercent,
    finding: issue.finding,
    firstSubmittedAt: iso(issue.firstSubmittedAt),
    submittedAt: iso(issue.submittedAt),
    dueAtSubmission: iso(issue.dueAtSubmission),
    completedOnTime: issue.completedOnTime,
    closedAt: iso(issue.closedAt),
    satisfaction: issue.satisfaction,
    reboundCount: issue.reboundCount,
    published: issue.published,
    escalationLevel: issue.escalationLevel,
    duplicateOfId: issue.duplicateOfId,
    publicSummary: issue.publicSummary,
  };
}

/** The context as column values, in the order of CONTEXT_COLUMN_NAMES. */
export function contextColumns(c: IssueContext): unknown[] {
  return [
    c.leadUnitId,
    c.cooperatingUnitIds,
    c.deadlineKind,
    date(c.dueAt),
    date(c.originalDueAt),
    c.pendingExtension ? JSON.stringify(c.pendingExtension) : null,
    c.progressPercent,
    c.finding,
    date(c.firstSubmittedAt),
    date(c.submittedAt),
    date(c.dueAtSubmission),
    c.completedOnTime,
    date(c.closedAt),
    c.satisfaction,
    c.reboundCount,
    c.published,
    c.escalationLevel,
    c.duplicateOfId,
    c.publicSummary,
  ];
}

/** The context keyed by column name, for bulk writes through jsonb (jsonb columns as objects). */
export function contextRecord(c: IssueContext): Record<string, unknown> {
  const values = contextColumns(c);
  const record = Object.fromEntries(CONTEXT_COLUMN_NAMES.map((name, i) => [name, values[i]]));
  return { ...record, pending_extension: c.pendingExtension };
}

export const CONTEXT_COLUMN_NAMES = [
  'lead_unit_id',
  'cooperating_unit_ids',
  'deadline_kind',
  'due_at',
  'original_due_at',
  'pending_extension',
  'progress_percent',
  'finding',
  'first_submitted_at',
  'submitted_at',
  'due_at_submission',
  'completed_on_time',
  'closed_at',
  'satisfaction',
  'rebound_count',
  'published',
  'escalation_level',
  'duplicate_of_id',
  'public_summary',
] as const;
