import { describe, expect, it } from '@jest/globals';
import {
  cellText,
  normalizeHeader,
  parseCategory,
  parseDeadline,
  parseSource,
  splitUnitNames,
  titleFrom,
} from './handover-values.parser.js';

describe('handover list values', () => {
  it.each([
    ['第三轮中央生态环境保护督察', 'CENTRAL_INSPECTION'],
    ['第二轮市级生态环境保护例行督察', 'MUNICIPAL_INSPECTION'],
    ['中央环保督察交办', 'CENTRAL_INSPECTION'],
    ['市级生态环境保护例行督察', 'MUNICIPAL_INSPECTION'],
    ['市区两级暗访督察', 'UNDERCOVER_INSPECTION'],
    ['暗访', 'UNDERCOVER_INSPECTION'],
    ['专项督察', 'SPECIAL_INSPECTION'],
    ['长江警示片', 'SPECIAL_INSPECTION'],
    ['区级专项督查', 'SPECIAL_INSPECTION'],
    ['群众举报', 'PUBLIC_COMPLAINT'],
    ['信访投诉', 'PUBLIC_COMPLAINT'],
    ['12345', 'PUBLIC_COMPLAINT'],
    ['12369环保热线', 'PUBLIC_COMPLAINT'],
    ['举一反三', 'SELF_INSPECTION'],
    ['自查', 'SELF_INSPECTION'],
    ['SELF_INSPECTION', 'SELF_INSPECTION'],
    ['central_inspection', 'CENTRAL_INSPECTION'],
  ])('reads the source %s', (text, source) => {
    expect(parseSource(text)).toBe(source);
  });

  it('knows no other source', () => {
    expect(parseSource('路边听说')).toBeNull();
  });

  it.each([
    ['大气', 'AIR'],
    ['水', 'WATER'],
    ['土壤', 'SOIL'],
    ['固体废物', 'SOLID_WASTE'],
    ['噪声', 'NOISE'],
    ['生态', 'ECOLOGY'],
    ['辐射', 'RADIATION'],
    ['其他', 'OTHER'],
    ['NOISE', 'NOISE'],
    ['water', 'WATER'],
    ['水污染', 'WATER'],
  ])('reads the category %s', (text, category) => {
    expect(parseCategory(text)).toBe(category);
  });

  it('knows no other category', () => {
    expect(parseCategory('光污染')).toBeNull();
  });

  it.each([
    ['2026-06-30', '2026-06-30'],
    ['2026/6/30', '2026-06-30'],
    ['2026年6月30日', '2026-06-30'],
    ['2026.6.3', '2026-06-03'],
    [' 2026 年 6 月 30 日 ', '2026-06-30'],
  ])('reads the date %s', (text, day) => {
    expect(parseDeadline(text)).toEqual({ kind: 'DATE', day });
  });

  it('reads an Excel date cell by its calendar day, and an Excel serial number', () => {
    expect(parseDeadline(new Date('2026-06-30T00:00:00.000Z'))).toEqual({ kind: 'DATE', day: '2026-06-30' });
    expect(parseDeadline(46203)).toEqual({ kind: 'DATE', day: '2026-06-30' });
  });

  it('reads 立行立改 and 长期坚持', () => {
    expect(parseDeadline('立行立改')).toEqual({ kind: 'IMMEDIATE' });
    expect(parseDeadline('长期坚持')).toEqual({ kind: 'LONG_TERM' });
    expect(parseDeadline('LONG_TERM')).toEqual({ kind: 'LONG_TERM' });
  });

  it.each(['2026-02-30', '2026-13-01', '30/06/2026', '下月底', '2026-06', '12'])('refuses %s as a deadline', (text) => {
    expect(parseDeadline(text)).toBeNull();
  });

  it('splits cooperating units on 、 , ， ; ； and spaces, each once', () => {
    expect(splitUnitNames('区生态环境局、区水利局，区林业局;南平镇；大观镇 东城街道,区水利局')).toEqual([
      '区生态环境局',
      '区水利局',
      '区林业局',
      '南平镇',
      '大观镇',
      '东城街道',
    ]);
    expect(splitUnitNames('  ')).toEqual([]);
  });

  it('takes a title from the first sentence, cut to 200 characters', () => {
    expect(titleFrom('村内沟渠黑臭。生活污水直排！')).toBe('村内沟渠黑臭');
    expect(titleFrom('Outfall not closed. Second sentence.')).toBe('Outfall not closed');
    const long = '污'.repeat(300);
    expect(Array.from(titleFrom(long))).toHaveLength(200);
    expect(titleFrom(long).endsWith('…')).toBe(true);
  });

  it('reads headers without spaces, stars or a trailing note', () => {
    expect(normalizeHeader(' 整改 时限（年/月/日）')).toBe('整改时限');
    expect(normalizeHeader('编号*')).toBe('编号');
    expect(normalizeHeader('牵头单位(名称或代码)')).toBe('牵头单位');
  });

  it('turns cells into text: numbers as written, dates as days, no NUL', () => {
    expect(cellText(1001)).toBe('1001');
    expect(cellText(new Date('2026-06-30T00:00:00Z'))).toBe('2026-06-30');
    expect(cellText(' a\u0000b ')).toBe('ab');
    expect(cellText(null)).toBe('');
  });
});
