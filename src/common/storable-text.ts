/// <reference lib="es2024.string" />
// The one rule for text that enters the service (GraphQL arguments, REST fields and query parameters, imported cells):
// it is refused, never altered, when PostgreSQL could not store it exactly as sent.
import { badInput, type DomainError } from './domain-error.js';

/**
 * True when PostgreSQL stores the string as sent: no U+0000 (`text` refuses it, with an error that would be a 500) and
 * no lone UTF-16 surrogate (Node would encode it as U+FFFD, silently changing what was sent).
 */
export function isStorableText(value: string): boolean {
  return value.isWellFormed() && !value.includes('\u0000');
}

/** The refusal, naming the fields (never their values). */
export function unstorableText(fields: string[]): DomainError {
  return badInput(fields, undefined, 'UNSTORABLE_TEXT');
}

/** The value when it is storable text; otherwise BAD_USER_INPUT naming `field`. For callers outside the global pipe. */
export function storableText(value: string, field: string): string {
  if (!isStorableText(value)) throw unstorableText([field]);
  return value;
}
