// The codes errors carry in extensions, as GraphQL enums: no field returns them, but clients generate types from the
// schema, so they are in it (orphaned types in schema-options.ts), each value described.
import type { TransitionRefusalReason } from '../../workflows/issue.types.js';
import { INPUT_REASON_TEXT, type InputRefusalReason } from '../common/domain-error.js';
import { describedEnum } from '../common/described-enum.js';
import { REFUSAL_TEXT } from '../issues/transition-refusal.js';

export const TransitionRefusalReasonEnum = describedEnum<TransitionRefusalReason>(
  'TransitionRefusalReason',
  'Why an event was refused: `extensions.reason` of INVALID_TRANSITION (and of FORBIDDEN when the caller may not send the ' +
    'event: NOT_LEAD_UNIT, OFFICE_ONLY, READ_ONLY). The error message says it in Chinese, with the problem’s particulars.',
  REFUSAL_TEXT,
);

export const InputRefusalReasonEnum = describedEnum<InputRefusalReason>(
  'InputRefusalReason',
  'Why a field was refused: BAD_USER_INPUT lists `extensions.fields` (the names) and `extensions.reasons`, one ' +
    '`{ field, reason, message }` per field, `reason` one of these and `message` in Chinese.',
  INPUT_REASON_TEXT,
);
