import { describe, expect, it } from '@jest/globals';
import type { ArgumentMetadata } from '@nestjs/common';
import { DomainError } from './domain-error.js';
import { StorableInputPipe, unstorableFields } from './storable-input.pipe.js';

const pipe = new StorableInputPipe();
const args = (data?: string): ArgumentMetadata => ({ type: 'body', data });

function refused(value: unknown, metadata: ArgumentMetadata): DomainError {
  try {
    pipe.transform(value, metadata);
  } catch (e) {
    return e as DomainError;
  }
  throw new Error('accepted');
}

describe('StorableInputPipe', () => {
  it('passes clean arguments through untouched', () => {
    const value = { input: { title: '整改', tags: ['a', '🚧'], at: new Date('2026-03-02T02:00:00Z'), n: 1, ok: true, none: null } };
    expect(pipe.transform(value, args())).toBe(value);
    expect(pipe.transform('水江镇', args('name'))).toBe('水江镇');
  });

  it('names a scalar argument by its name', () => {
    expect(refused('a\u0000b', args('comment')).extensions).toEqual({ fields: ['comment'] });
    expect(refused('\ud800', { type: 'query', data: 'period' }).extensions).toEqual({ fields: ['period'] });
  });

  it('names the innermost field of nested input objects, a list by its own name', () => {
    const value = {
      issueId: 'ok',
      input: { title: 'x\u0000', contributors: [{ unitId: 'u', share: 1 }, { unitId: '\udc00', share: 2 }], evidenceIds: ['ok', 'id\u0000'] },
    };
    const e = refused(value, args());
    expect(e.code).toBe('BAD_USER_INPUT');
    expect(e.extensions).toEqual({ fields: ['title', 'evidenceIds', 'unitId'] });
    expect(e.message).toContain('U+0000');
  });

  it('refuses an invalid or out-of-range Date (what the DateTime scalar makes of one it cannot hold)', () => {
    expect(refused({ dueAt: new Date(Number.NaN) }, args()).extensions).toEqual({ fields: ['dueAt'] });
    expect(refused({ asOf: new Date('+275760-09-13T00:00:00Z') }, args()).extensions).toEqual({ fields: ['asOf'] });
  });

  it('leaves parents, context, info and uploaded files alone', () => {
    const file = { originalname: 'a\u0000.jpg' };
    expect(pipe.transform(file, { type: 'custom' })).toBe(file);
  });

  it('walks deep input without recursion', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(unstorableFields(deep, 'body').fields).toEqual(['a']);
  });
});
