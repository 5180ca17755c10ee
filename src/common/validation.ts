import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationError } from 'class-validator';
import { badInput, type DomainError } from './domain-error.js';
import { isCalendarDay } from './scalars.js';

/** 'YYYY-MM-DD' that names a real day. */
export const IsCalendarDay = () =>
  ValidateBy({ name: 'isCalendarDay', validator: { validate: isCalendarDay, defaultMessage: () => 'must be a day YYYY-MM-DD' } });

/** Trims strings; required text then fails @IsNotEmpty when only blanks were sent. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** Turns class-validator's errors into BAD_USER_INPUT naming the bad fields (never their values). */
export function validationFailure(errors: ValidationError[]): DomainError {
  const fields: string[] = [];
  const walk = (list: ValidationError[]) => {
    for (const e of list) {
      if (e.constraints && Object.keys(e.constraints).length > 0) fields.push(e.property);
      if (e.children?.length) walk(e.children);
    }
  };
  walk(errors);
  const unique = [...new Set(fields)];
  return badInput(unique, `Invalid value for: ${unique.join(', ')}`);
}
