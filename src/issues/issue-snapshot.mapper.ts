// Between a stored problem (Date columns) and the machine's context (ISO strings), field by field as ISSUE_SHAPE says.
import { isComplaint } from '../../workflows/issue.rules.js';
import type { IssueContext } from '../../workflows/issue.types.js';
import { columnOf, ISSUE_SHAPE, type IssueRecord } from './issue.record.js';

type Shape = typeof ISSUE_SHAPE;
/** The context's fields an event may change: those ISSUE_SHAPE marks (the source is set when a problem is filed). */
type ContextField = { [K in keyof Shape]: Shape[K] extends { context: string } ? K : never }[keyof Shape];

const CONTEXT_FIELDS = (Object.keys(ISSUE_SHAPE) as (keyof Shape)[]).filter(
  (f): f is ContextField => 'context' in ISSUE_SHAPE[f],
);
const kindOf = (f: ContextField) => ISSUE_SHAPE[f].context;

/** The columns a transition writes, in the order of contextColumns. */
export const CONTEXT_COLUMN_NAMES = CONTEXT_FIELDS.map(columnOf);

export function contextOf(issue: IssueRecord): IssueContext {
  // Fixed when filed, from the filing's own columns.
  const context: Record<string, unknown> = {
    source: issue.source,
    complaint: isComplaint(issue.source, issue.complaintChannel !== null),
  };
  for (const f of CONTEXT_FIELDS) {
    const value = issue[f];
    context[f] = kindOf(f) === 'instant' ? ((value as Date | null)?.toISOString() ?? null) : value;
  }
  return context as unknown as IssueContext;
}

/** The context as column values, in the order of CONTEXT_COLUMN_NAMES (jsonb as text, instants as Dates). */
export function contextColumns(c: IssueContext): unknown[] {
  return CONTEXT_FIELDS.map((f) => {
    const value = c[f];
    if (value === null) return null;
    const kind = kindOf(f);
    return kind === 'instant' ? new Date(value as string) : kind === 'json' ? JSON.stringify(value) : value;
  });
}

/** The context keyed by column name, for bulk writes through jsonb (jsonb columns as objects). */
export function contextRecord(c: IssueContext): Record<string, unknown> {
  return Object.fromEntries(
    CONTEXT_FIELDS.map((f) => [columnOf(f), kindOf(f) === 'instant' && c[f] ? new Date(c[f] as string) : c[f]]),
  );
}

/** The problem's facts after an event, as its log row records them (issue_events): what the figures read. */
export const EVENT_FACT_FIELDS = [
  'leadUnitId',
  'dueAt',
  'deadlineKind',
  'completedOnTime',
  'firstSubmittedAt',
  'satisfaction',
  'escalationLevel',
  'duplicateOfId',
] as const satisfies readonly ContextField[];

export const EVENT_FACT_COLUMNS = EVENT_FACT_FIELDS.map(columnOf);

/** The facts after an event, keyed by column, as the bulk path writes them (instants as ISO strings). */
export function afterFacts(c: IssueContext): Record<string, unknown> {
  return Object.fromEntries(EVENT_FACT_FIELDS.map((f) => [columnOf(f), c[f]]));
}
