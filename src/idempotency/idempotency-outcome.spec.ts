import { describe, expect, it } from '@jest/globals';
import { isOutcome } from './idempotency.hook.js';

const reply = (...codes: string[]) =>
  JSON.stringify({ data: null, errors: codes.map((code) => ({ message: 'x', extensions: { code } })) });

describe('what an Idempotency-Key keeps', () => {
  it('keeps results and refusals of the request itself', () => {
    expect(isOutcome(200, JSON.stringify({ data: { reportProgress: { version: 4 } } }))).toBe(true);
    for (const code of ['BAD_USER_INPUT', 'INVALID_TRANSITION', 'VERSION_CONFLICT', 'NOT_FOUND', 'FORBIDDEN'])
      expect(isOutcome(200, reply(code))).toBe(true);
  });

  it('gives the key back after anything transient, whatever the HTTP status', () => {
    for (const code of ['RATE_LIMITED', 'SERVICE_UNAVAILABLE', 'INTERNAL_SERVER_ERROR'])
      expect(isOutcome(200, reply(code))).toBe(false);
    expect(isOutcome(200, reply('BAD_USER_INPUT', 'SERVICE_UNAVAILABLE'))).toBe(false);
    expect(isOutcome(429, reply('RATE_LIMITED'))).toBe(false);
    expect(isOutcome(503, reply('SERVICE_UNAVAILABLE'))).toBe(false);
    expect(isOutcome(200, 'not json')).toBe(false);
  });
});
