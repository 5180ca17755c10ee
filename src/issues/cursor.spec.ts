import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DomainError } from '../common/domain-error.js';
import { decodeCursor, encodeCursor } from './cursor.js';

const raw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function refusal(cursor: string): DomainError {
  try {
    decodeCursor(cursor);
  } catch (e) {
    return e as DomainError;
  }
  throw new Error(`cursor ${cursor} was accepted`);
}

describe('issue list cursors', () => {
  it('reads back what it wrote', () => {
    const id = randomUUID();
    const filedAt = new Date('2026-03-02T02:00:00.123Z');
    expect(decodeCursor(encodeCursor(filedAt, id))).toEqual({ filedAt, id });
  });

  it.each([
    ['garbage', 'garbage'],
    ['empty', ''],
    ['JSON null', raw(null)],
    ['an object', raw({ a: 1 })],
    ['a list of one', raw(['2026-03-02T02:00:00.000Z'])],
    ['a list of three', raw(['2026-03-02T02:00:00.000Z', randomUUID(), 1])],
    ['an id that is no UUID', raw(['2026-03-02T02:00:00.000Z', 'abc'])],
    ['a number for the id', raw(['2026-03-02T02:00:00.000Z', 1])],
    ['a NUL in the id', raw(['2026-03-02T02:00:00.000Z', `${randomUUID()}\u0000`])],
    ['words for the date', raw(['yesterday', randomUUID()])],
    ['a number for the date', raw([0, randomUUID()])],
    ['a date in year 0', raw(['0000-01-01T00:00:00.000Z', randomUUID()])],
    ['a date before year 0', raw(['-000001-01-01T00:00:00.000Z', randomUUID()])],
    ['the last date JavaScript holds', raw(['+275760-09-13T00:00:00.000Z', randomUUID()])],
    ['a date in year 10000', raw(['+010000-01-01T00:00:00.000Z', randomUUID()])],
    ['a date not written by the service', raw(['2026-03-02T10:00:00+08:00', randomUUID()])],
    ['a date rolled over by JavaScript', raw(['2026-02-30T00:00:00.000Z', randomUUID()])],
  ])('refuses %s as BAD_USER_INPUT on after', (_, cursor) => {
    const e = refusal(cursor);
    expect(e).toBeInstanceOf(DomainError);
    expect(e.code).toBe('BAD_USER_INPUT');
    expect(e.extensions).toEqual({ fields: ['after'] });
  });
});
