import { describe, expect, it } from '@jest/globals';
import { fieldsFromMessage, formatError } from './format-error.js';

describe('fields of a variable that did not coerce', () => {
  it.each([
    ['Variable "$input" got invalid value "tomorrow" at "input.dueAt"; DateTime must be ISO-8601', ['dueAt']],
    ['Variable "$d" got invalid value "x"; DateTime must be ISO-8601', ['d']],
    [
      'Variable "$input" got invalid value { title: "x" }; Field "description" of required type "String!" was not provided.',
      ['description'],
    ],
    ['Variable "$ids" got invalid value "x" at "ids[1]"; ID cannot represent', ['ids']],
    ['Something else entirely', []],
  ])('%s', (message, fields) => {
    expect(fieldsFromMessage(message)).toEqual(fields);
  });

  it('adds fields to BAD_USER_INPUT without them and drops stack traces outside development', () => {
    const out = formatError(
      {
        message: 'Variable "$input" got invalid value 1 at "input.title"; nope',
        extensions: { code: 'BAD_USER_INPUT', stacktrace: ['at x'] },
      },
      false,
    );
    expect(out.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: ['title'],
      reasons: [{ field: 'title', reason: 'MALFORMED', message: '格式不正确' }],
    });
  });

  it('says a missing required field is missing', () => {
    const out = formatError(
      {
        message:
          'Variable "$input" got invalid value { title: "x" }; Field "description" of required type "String!" was not provided.',
        extensions: { code: 'BAD_USER_INPUT' },
      },
      false,
    );
    expect(out.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: ['description'],
      reasons: [{ field: 'description', reason: 'REQUIRED', message: '必填，不能为空' }],
    });
  });

  it('gives fields named without reasons a reason each (INVALID, with the message)', () => {
    const out = formatError(
      { message: 'first may be at most 200', extensions: { code: 'BAD_USER_INPUT', fields: ['first'] } },
      false,
    );
    expect(out.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: ['first'],
      reasons: [{ field: 'first', reason: 'INVALID', message: 'first may be at most 200' }],
    });
  });

  it('treats graphql-js giving up after 50 bad variables as bad input', () => {
    const out = formatError(
      {
        message: 'Too many errors processing variables, error limit reached. Execution aborted.',
        extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['x'] },
      },
      false,
    );
    expect(out.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: [], reasons: [] });
  });

  it('keeps stack traces in development and hides internal messages elsewhere', () => {
    expect(
      formatError({ message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] } }, true)
        .extensions?.stacktrace,
    ).toEqual(['at x']);
    expect(
      formatError({ message: 'relation "x" does not exist', extensions: { code: 'INTERNAL_SERVER_ERROR' } }, false)
        .message,
    ).toBe('Internal server error');
  });
});
