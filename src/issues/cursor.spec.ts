import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DomainError } from '../common/domain-error.js';
import { decodeCursor, encodeCursor, type IssueOrderField } from './cursor.js';

const raw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function refusal(cursor: string, field: IssueOrderField = 'FILED_AT', arg: 'after' | 'before' = 'after'): DomainError {
  try {
    decodeCursor(cursor, field, arg);
  } catch (e) {
    return e as DomainError;
  }
  throw new Error(`cursor ${cursor} was accepted`);
}

describe('issue list cursors', () => {
  const id = randomUUID();
  const row = {
    id,
    filedAt: new Date('2026-03-02T02:00:00.123Z'),
    updatedAt: new Date('2026-03-05T08:00:00.000Z'),
    dueAt: null,
  };

  it('reads back what it wrote, in each order', () => {
    expect(decodeCursor(encodeCursor('FILED_AT', row), 'FILED_AT', 'after')).toEqual({ key: row.filedAt, id });
    expect(decodeCursor(encodeCursor('UPDATED_AT', row), 'UPDATED_AT', 'before')).toEqual({ key: row.updatedAt, id });
    expect(decodeCursor(encodeCursor('DUE_AT', row), 'DUE_AT', 'after')).toEqual({ key: null, id });
    const due = new Date('2026-04-01T10:00:00.000Z');
    expect(decodeCursor(encodeCursor('DUE_AT', { ...row, dueAt: due }), 'DUE_AT', 'after')).toEqual({ key: due, id });
  });

  it('reads a cursor handed out before the list had other orders ([filedAt, id])', () => {
    expect(decodeCursor(raw(['2026-03-02T02:00:00.000Z', id]), 'FILED_AT', 'after')).toEqual({
      key: new Date('2026-03-02T02:00:00.000Z'),
      id,
    });
  });

  it('refuses a cursor of another order, naming the argument', () => {
    const e = refusal(encodeCursor('UPDATED_AT', row), 'FILED_AT', 'before');
    expect(e.extensions).toMatchObject({ fields: ['before'] });
    expect(e.message).toMatch(/UPDATED_AT/);
    expect(refusal(encodeCursor('FILED_AT', row), 'DUE_AT').extensions).toMatchObject({ fields: ['after'] });
  });

  it.each([
    ['garbage', 'garbage'],
    ['empty', ''],
    ['JSON null', raw(null)],
    ['an object', raw({ a: 1 })],
    ['a list of one', raw(['2026-03-02T02:00:00.000Z'])],
    ['a list of three', raw(['2026-03-02T02:00:00.000Z', randomUUID(), 1])],
    ['an unknown order', raw(['closedAt', '2026-03-02T02:00:00.000Z', randomUUID()])],
    ['a list of four', raw(['updatedAt', '2026-03-02T02:00:00.000Z', randomUUID(), 1])],
    ['no date in a filing cursor', raw([null, randomUUID()])],
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
  ])('refuses %s as BAD_USER_INPUT on the argument', (_, cursor) => {
    for (const field of ['FILED_AT', 'UPDATED_AT', 'DUE_AT'] as const) {
      const e = refusal(cursor, field, 'before');
      expect(e).toBeInstanceOf(DomainError);
      expect(e.code).toBe('BAD_USER_INPUT');
      expect(e.extensions).toMatchObject({ fields: ['before'] });
    }
  });

  it.each([
    ['a year-10000 update', raw(['updatedAt', '+010000-01-01T00:00:00.000Z', randomUUID()]), 'UPDATED_AT'],
    ['no date in an update cursor', raw(['updatedAt', null, randomUUID()]), 'UPDATED_AT'],
    ['a deadline not written by the service', raw(['dueAt', '2026-03-02', randomUUID()]), 'DUE_AT'],
  ] as const)('refuses %s', (_, cursor, field) => {
    expect(refusal(cursor, field).extensions).toMatchObject({ fields: ['after'] });
  });
});
