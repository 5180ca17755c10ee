import { describe, expect, it } from '@jest/globals';
import type { ArgumentMetadata } from '@nestjs/common';
import { DomainError } from './domain-error.js';
import { parseInstant } from './scalars.js';
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
    const value = {
      input: { title: '整改', tags: ['a', '🚧'], at: new Date('2026-03-02T02:00:00Z'), n: 1, ok: true, none: null },
    };
    expect(pipe.transform(value, args())).toBe(value);
    expect(pipe.transform('水江镇', args('name'))).toBe('水江镇');
  });

  it('names a scalar argument by its name', () => {
    expect(refused('a\u0000b', args('comment')).extensions).toMatchObject({
      fields: ['comment'],
      reasons: [{ field: 'comment', reason: 'UNSTORABLE_TEXT' }],
    });
    expect(refused('\ud800', { type: 'query', data: 'period' }).extensions).toMatchObject({ fields: ['period'] });
  });

  it('names the innermost field of nested input objects, a list by its own name', () => {
    const value = {
      issueId: 'ok',
      input: {
        title: 'x\u0000',
        contributors: [
          { unitId: 'u', share: 1 },
          { unitId: '\udc00', share: 2 },
        ],
        evidenceIds: ['ok', 'id\u0000'],
      },
    };
    const e = refused(value, args());
    expect(e.code).toBe('BAD_USER_INPUT');
    expect(e.extensions.fields).toEqual(['title', 'evidenceIds', 'unitId']);
    expect((e.extensions.reasons as { reason: string }[]).map((r) => r.reason)).toEqual([
      'UNSTORABLE_TEXT',
      'UNSTORABLE_TEXT',
      'UNSTORABLE_TEXT',
    ]);
    expect(e.message).toContain('U+0000');
  });

  it('refuses an invalid or out-of-range Date (what the DateTime scalar makes of one it cannot hold)', () => {
    expect(refused({ dueAt: new Date(Number.NaN) }, args()).extensions).toMatchObject({
      fields: ['dueAt'],
      reasons: [{ field: 'dueAt', reason: 'OUT_OF_RANGE' }],
    });
    expect(refused({ asOf: new Date('+275760-09-13T00:00:00Z') }, args()).extensions).toMatchObject({
      fields: ['asOf'],
    });
  });

  it('says why the DateTime scalar could not read a value: no offset, no date at all, out of range', () => {
    const e = refused(
      {
        dueAt: parseInstant('2026-12-01T18:00:00'),
        newDueAt: parseInstant('next week'),
        asOf: parseInstant('0999-01-01T00:00:00Z'),
        note: 'x\u0000',
      },
      args(),
    );
    expect(e.extensions.fields).toEqual(['dueAt', 'newDueAt', 'asOf', 'note']);
    expect(e.extensions.reasons).toEqual([
      { field: 'dueAt', reason: 'MISSING_OFFSET', message: '须带时区，如 2026-12-01T18:00:00+08:00' },
      { field: 'newDueAt', reason: 'MALFORMED', message: '格式不正确，须为带时区的时间，如 2026-12-01T18:00:00+08:00' },
      { field: 'asOf', reason: 'OUT_OF_RANGE', message: '须在 1000 年至 9999 年之间' },
      { field: 'note', reason: 'UNSTORABLE_TEXT', message: '含无法保存的字符（U+0000 或不成对的 UTF-16 代理项）' },
    ]);
    expect(e.message).toBe(
      'dueAt：须带时区，如 2026-12-01T18:00:00+08:00；newDueAt：格式不正确，须为带时区的时间，如 2026-12-01T18:00:00+08:00；asOf：须在 1000 年至 9999 年之间；note：含无法保存的字符（U+0000 或不成对的 UTF-16 代理项）',
    );
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
