// Typed domain errors carrying the contract's codes; one filter turns them into GraphQL errors.
import { PAYLOAD_PROBLEM_REASONS, type TransitionRefusalReason } from '../../workflows/issue.types.js';

export type ErrorCode =
  'BAD_USER_INPUT' | 'INVALID_TRANSITION' | 'VERSION_CONFLICT' | 'NOT_FOUND' | 'UNAUTHENTICATED' | 'FORBIDDEN';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/**
 * Why one field of a request is refused (BAD_USER_INPUT's `extensions.reasons`): the machine's payload reasons and
 * those only the service can tell. The API's InputRefusalReason enum is made from this list.
 */
export const INPUT_REFUSAL_REASONS = [
  ...PAYLOAD_PROBLEM_REASONS,
  'MISSING_OFFSET',
  'UNKNOWN_REFERENCE',
  'TAKEN',
  'UNSTORABLE_TEXT',
  'INVALID',
] as const;
export type InputRefusalReason = (typeof INPUT_REFUSAL_REASONS)[number];

/** What each input reason means, in words an office clerk reads (also the enum's descriptions). */
export const INPUT_REASON_TEXT: Record<InputRefusalReason, string> = {
  REQUIRED: '必填，不能为空',
  TOO_LONG: '超过长度上限',
  OUT_OF_RANGE: '超出允许的范围',
  MALFORMED: '格式不正确',
  NOT_IN_FUTURE: '须晚于当前时间',
  NOT_AFTER_DEADLINE: '须晚于现行整改时限',
  NOT_APPLICABLE: '此情形下不应填写',
  CONFLICTING: '与其他填写内容或问题现状矛盾',
  MISSING_OFFSET: '须带时区，如 2026-12-01T18:00:00+08:00',
  UNKNOWN_REFERENCE: '所指的对象不存在',
  TAKEN: '已被占用',
  UNSTORABLE_TEXT: '含无法保存的字符（U+0000 或不成对的 UTF-16 代理项）',
  INVALID: '取值无效',
};

/** One refused field, as `extensions.reasons` lists it. */
export interface FieldProblem {
  field: string;
  reason: InputRefusalReason;
  message: string;
}

/** BAD_USER_INPUT for fields that each have their own reason; the message lists them in Chinese. */
export function badFields(
  problems: readonly { field: string; reason: InputRefusalReason; message?: string }[],
  message?: string,
): DomainError {
  const reasons: FieldProblem[] = problems.map((p) => ({
    field: p.field,
    reason: p.reason,
    message: p.message ?? INPUT_REASON_TEXT[p.reason],
  }));
  const fields = [...new Set(reasons.map((r) => r.field))];
  return new DomainError('BAD_USER_INPUT', message ?? describeFields(reasons), { fields, reasons });
}

/** "dueAt：须晚于当前时间；comment：超过长度上限" */
export function describeFields(reasons: readonly FieldProblem[]): string {
  return reasons.map((r) => `${r.field}：${r.message}`).join('；') || '输入有误';
}

/** BAD_USER_INPUT naming fields that share one reason (INVALID unless told), the message standing for each. */
export const badInput = (fields: string[], message?: string, reason: InputRefusalReason = 'INVALID'): DomainError =>
  badFields(
    fields.map((field) => ({ field, reason, message })),
    message,
  );

export const notFound = (what: string): DomainError => new DomainError('NOT_FOUND', `${what} not found`);

export const forbidden = (message = 'Not allowed for this caller', reason?: TransitionRefusalReason): DomainError =>
  new DomainError('FORBIDDEN', message, reason ? { reason } : {});

export const unauthenticated = (): DomainError =>
  new DomainError('UNAUTHENTICATED', 'A valid bearer token is required');

export const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  INVALID_TRANSITION: 409,
  VERSION_CONFLICT: 409,
  NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
};
