import { describe, expect, it } from '@jest/globals';
import { DomainError } from './domain-error.js';
import { isStorableText, storableText } from './storable-text.js';

describe('storable text', () => {
  it.each(['', '整改说明', 'a b\tc\nd', '水江镇🚧', '\u202e\u200b', '\ufffd', '\uffff', '\\u0000', '%00'])(
    'stores %p as sent',
    (s) => {
      expect(isStorableText(s)).toBe(true);
    },
  );

  it.each([
    ['a NUL', 'a\u0000b'],
    ['only a NUL', '\u0000'],
    ['a lone high surrogate', '\ud800'],
    ['a lone low surrogate inside text', '整改\udfff说明'],
    ['a surrogate pair reversed', '\ude80\ud83d'],
    ['a pair cut in half at the end', '🚧'.slice(0, 1)],
  ])('refuses %s', (_, s) => {
    expect(isStorableText(s)).toBe(false);
  });

  it('names the field, never the value, when refusing', () => {
    expect(storableText('ok', 'title')).toBe('ok');
    let error: unknown;
    try {
      storableText('secret\u0000', 'title');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('BAD_USER_INPUT');
    expect((error as DomainError).extensions).toEqual({
      fields: ['title'],
      reasons: [
        { field: 'title', reason: 'UNSTORABLE_TEXT', message: '含无法保存的字符（U+0000 或不成对的 UTF-16 代理项）' },
      ],
    });
    expect((error as DomainError).message).not.toContain('secret');
  });
});
