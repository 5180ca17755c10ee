import { describe, expect, it } from '@jest/globals';
import { checkEntered, ENTERED_FIELDS, enteredText } from './entered-fields.js';
import { ISSUE_SHAPE } from './issue.record.js';

const problemsOf = (r: ReturnType<typeof checkEntered>) => ('problems' in r ? r.problems : []);

describe('the entered text fields', () => {
  it('are the fields ISSUE_SHAPE describes as entered, each text with a label and a limit', () => {
    expect(ENTERED_FIELDS).toEqual(expect.arrayContaining(['batch', 'location', 'adminCode']));
    for (const f of ENTERED_FIELDS) {
      expect(ISSUE_SHAPE[f].sql).toBe('text');
      expect(enteredText(f).label).toMatch(/^\p{Script=Han}+$/u);
      expect(enteredText(f).maxLength).toBeGreaterThan(0);
    }
  });

  it('are trimmed, blank as null, and all of them checked', () => {
    const none = Object.fromEntries(ENTERED_FIELDS.map((f) => [f, null]));
    expect(checkEntered({})).toEqual({ value: none });
    expect(checkEntered({ batch: '  第5批 ', location: '   ', adminCode: ' 500119 ' })).toEqual({
      value: { ...none, batch: '第5批', adminCode: '500119' },
    });
    expect(problemsOf(checkEntered({ batch: 'x'.repeat(201), location: '𠀀'.repeat(500), adminCode: '5001' }))).toEqual(
      [
        { field: 'batch', reason: 'TOO_LONG', message: '批次至多 200 个字' },
        { field: 'adminCode', reason: 'MALFORMED', message: '行政区划代码须为 6–12 位数字' },
      ],
    );
  });

  it('refuse an administrative code that is not 6–12 digits', () => {
    for (const bad of ['50011', '5001190010011', '50011a', '５００１１９'])
      expect(problemsOf(checkEntered({ adminCode: bad }))).toEqual([
        { field: 'adminCode', reason: 'MALFORMED', message: '行政区划代码须为 6–12 位数字' },
      ]);
    for (const good of ['500119', '500119100', '500119100001'])
      expect(checkEntered({ adminCode: good })).toMatchObject({ value: { adminCode: good } });
  });
});
