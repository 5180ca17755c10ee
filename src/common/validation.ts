import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationError } from 'class-validator';
import { badFields, type DomainError, type InputRefusalReason } from './domain-error.js';
import { isCalendarDay } from './scalars.js';

/** 'YYYY-MM-DD' that names a real day. */
export const IsCalendarDay = () =>
  ValidateBy({
    name: 'isCalendarDay',
    validator: { validate: isCalendarDay, defaultMessage: () => 'must be a day YYYY-MM-DD' },
  });

/** A code a person types and a spreadsheet keeps: a unit's, a problem's, an indicator's. */
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Trims strings; required text then fails @IsNotEmpty when only blanks were sent. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** class-validator's constraint names, by the reason a client is told. Anything else: MALFORMED. */
const CONSTRAINT_REASONS: Record<string, InputRefusalReason> = {
  isNotEmpty: 'REQUIRED',
  isDefined: 'REQUIRED',
  arrayNotEmpty: 'REQUIRED',
  maxLength: 'TOO_LONG',
  arrayMaxSize: 'TOO_LONG',
  min: 'OUT_OF_RANGE',
  max: 'OUT_OF_RANGE',
  minLength: 'OUT_OF_RANGE',
  arrayMinSize: 'OUT_OF_RANGE',
  isPositive: 'OUT_OF_RANGE',
  minDate: 'OUT_OF_RANGE',
  maxDate: 'OUT_OF_RANGE',
};

/** When a field breaks several constraints, the one that says most: a blank value is missing before it is malformed. */
const PRECEDENCE: InputRefusalReason[] = ['REQUIRED', 'MALFORMED', 'OUT_OF_RANGE', 'TOO_LONG'];

function reasonOf(constraints: Record<string, string>): InputRefusalReason {
  const reasons = Object.keys(constraints).map((c) => CONSTRAINT_REASONS[c] ?? 'MALFORMED');
  return PRECEDENCE.find((r) => reasons.includes(r)) ?? 'MALFORMED';
}

/** Turns class-validator's errors into BAD_USER_INPUT naming each bad field with its reason (never its value). */
export function validationFailure(errors: ValidationError[]): DomainError {
  const problems: { field: string; reason: InputRefusalReason }[] = [];
  const walk = (list: ValidationError[]) => {
    for (const e of list) {
      if (e.constraints && Object.keys(e.constraints).length > 0 && !problems.some((p) => p.field === e.property)) {
        problems.push({ field: e.property, reason: reasonOf(e.constraints) });
      }
      if (e.children?.length) walk(e.children);
    }
  };
  walk(errors);
  return badFields(problems);
}
