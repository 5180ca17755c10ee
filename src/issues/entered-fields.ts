// The plain text fields of a problem (ISSUE_SHAPE's `entered`): which they are and the one check every way in uses —
// fileIssue, the handover import and the demo. Pure.
import type { InputRefusalReason } from '../common/domain-error.js';
import { ISSUE_SHAPE, type EnteredText } from './issue.record.js';

type Shape = typeof ISSUE_SHAPE;
/** The fields ISSUE_SHAPE describes as entered text. */
export type EnteredField = { [K in keyof Shape]: Shape[K] extends { entered: EnteredText } ? K : never }[keyof Shape];
/** Their Chinese names (the handover list's headers). */
export type EnteredLabel = Shape[EnteredField]['entered']['label'];

export const ENTERED_FIELDS = (Object.keys(ISSUE_SHAPE) as (keyof Shape)[]).filter(
  (f): f is EnteredField => 'entered' in ISSUE_SHAPE[f],
);

export const enteredText = (f: EnteredField): EnteredText => ISSUE_SHAPE[f].entered;

/** Its Chinese name, typed as one of them. */
export const enteredLabel = (f: EnteredField): EnteredLabel => ISSUE_SHAPE[f].entered.label;

export type EnteredValues = Record<EnteredField, string | null>;

/** The entered fields of a larger record. */
export const enteredOf = (from: EnteredValues): EnteredValues =>
  Object.fromEntries(ENTERED_FIELDS.map((f) => [f, from[f]])) as EnteredValues;

export interface EnteredProblem {
  field: EnteredField;
  reason: Extract<InputRefusalReason, 'TOO_LONG' | 'MALFORMED'>;
  message: string;
}

/** Longer than `max` characters as people count them (code points, not UTF-16 units). */
const longerThan = (s: string, max: number): boolean => s.length > max && Array.from(s).length > max;

const patterns = new Map(
  ENTERED_FIELDS.flatMap((f) => {
    const p = enteredText(f).pattern;
    return p ? [[f, new RegExp(p.source)] as const] : [];
  }),
);

/** Trimmed, blank as null, each checked against its length and form; every problem at once. */
export function checkEntered(
  input: Partial<Record<EnteredField, string | null | undefined>>,
): { value: EnteredValues } | { problems: EnteredProblem[] } {
  const value = {} as EnteredValues;
  const problems: EnteredProblem[] = [];
  for (const f of ENTERED_FIELDS) {
    const text = input[f]?.trim() ?? '';
    const { maxLength, pattern } = enteredText(f);
    if (text !== '' && pattern && !patterns.get(f)!.test(text))
      problems.push({ field: f, reason: 'MALFORMED', message: pattern.message });
    else if (longerThan(text, maxLength))
      problems.push({ field: f, reason: 'TOO_LONG', message: `${enteredText(f).label}至多 ${maxLength} 个字` });
    value[f] = text === '' ? null : text;
  }
  return problems.length > 0 ? { problems } : { value };
}
