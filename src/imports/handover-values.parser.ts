// How a handover list writes each value, in Chinese as the inspection teams do, or as the API's enum names.
import { ISSUE_SOURCES, type IssueSource } from '../../workflows/issue.types.js';
import { ISSUE_CATEGORIES, type IssueCategory } from '../issues/issue.record.js';
import type { RawCell } from './handover-sheet.parser.js';

/** A cell as text: trimmed; numbers as written (a numeric 编号 1001 is "1001"); dates as YYYY-MM-DD. */
export function cellText(cell: RawCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  // PostgreSQL text cannot hold NUL.
  return String(cell).replaceAll('\u0000', '').trim();
}

/** A header as written, without spaces, required-field stars or a trailing note such as （年/月/日）. */
export function normalizeHeader(cell: RawCell | undefined): string {
  return cellText(cell)
    .replace(/[\s\u3000\ufeff]+/g, '')
    .replace(/[*＊]/g, '')
    .replace(/[（(][^（()）]*[)）]$/, '');
}

const SOURCE_LABELS: [RegExp, IssueSource][] = [
  // 暗访 first: "市区两级暗访督察" starts like a municipal source.
  [/暗访/, 'UNDERCOVER_INSPECTION'],
  [/^中央/, 'CENTRAL_INSPECTION'],
  [/^市级|^市生态环境保护/, 'MUNICIPAL_INSPECTION'],
  [/专项|警示片/, 'SPECIAL_INSPECTION'],
  [/举报|信访|投诉|12345|12369/, 'PUBLIC_COMPLAINT'],
  [/自查|举一反三/, 'SELF_INSPECTION'],
];

/** Teams write the round first: 第三轮中央生态环境保护督察. */
const ROUND = /^第[一二三四五六七八九十百\d]+轮/;

export function parseSource(text: string): IssueSource | null {
  const upper = text.toUpperCase();
  if ((ISSUE_SOURCES as readonly string[]).includes(upper)) return upper as IssueSource;
  const label = text.replace(/\s+/g, '').replace(ROUND, '');
  return SOURCE_LABELS.find(([pattern]) => pattern.test(label))?.[1] ?? null;
}

const CATEGORY_LABELS: Record<string, IssueCategory> = {
  大气: 'AIR',
  大气污染: 'AIR',
  水: 'WATER',
  水污染: 'WATER',
  土壤: 'SOIL',
  土壤污染: 'SOIL',
  固体废物: 'SOLID_WASTE',
  固废: 'SOLID_WASTE',
  噪声: 'NOISE',
  噪声污染: 'NOISE',
  生态: 'ECOLOGY',
  辐射: 'RADIATION',
  其他: 'OTHER',
  其它: 'OTHER',
};

export function parseCategory(text: string): IssueCategory | null {
  const upper = text.toUpperCase();
  if ((ISSUE_CATEGORIES as readonly string[]).includes(upper)) return upper as IssueCategory;
  return CATEGORY_LABELS[text.replace(/\s+/g, '')] ?? null;
}

export type ParsedDeadline = { kind: 'DATE'; day: string } | { kind: 'IMMEDIATE' } | { kind: 'LONG_TERM' };

const DATE_TEXT = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/;
// Excel serial days: 1970-01-01 … 2099-12-31, the range a deadline can sensibly be in.
const SERIAL_MIN = 25569;
const SERIAL_MAX = 73050;

/** 整改时限: a calendar day (text, an Excel date cell or serial), 立行立改 or 长期坚持; null when it is none of them. */
export function parseDeadline(cell: RawCell): ParsedDeadline | null {
  if (cell instanceof Date)
    return Number.isNaN(cell.getTime()) ? null : { kind: 'DATE', day: cell.toISOString().slice(0, 10) };
  if (typeof cell === 'number') {
    if (cell < SERIAL_MIN || cell > SERIAL_MAX) return null;
    const day = new Date(Date.UTC(1899, 11, 30) + Math.floor(cell) * 86_400_000).toISOString().slice(0, 10);
    return { kind: 'DATE', day };
  }
  const text = cellText(cell).replace(/\s+/g, '');
  if (text === '立行立改' || text.toUpperCase() === 'IMMEDIATE') return { kind: 'IMMEDIATE' };
  if (text === '长期坚持' || text.toUpperCase() === 'LONG_TERM') return { kind: 'LONG_TERM' };
  const m = DATE_TEXT.exec(text);
  if (!m) return null;
  const day = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  // Rejects 2026-02-30 and the like, which Date would roll over.
  const parsed = new Date(`${day}T00:00:00.000Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === day ? { kind: 'DATE', day } : null;
}

/** 配合单位 lists units separated by 、 , ， ; ； or spaces; each once. */
export function splitUnitNames(text: string): string[] {
  return [...new Set(text.split(/[、,，;；\s\u3000]+/).filter((s) => s.length > 0))];
}

export const TITLE_MAX = 200;

/** A title from a description: its first sentence, cut to TITLE_MAX characters. */
export function titleFrom(description: string): string {
  const first = description.split(/[。！？!?\r\n]|\.(?=\s)/)[0].trim() || description.trim();
  const chars = Array.from(first);
  return chars.length <= TITLE_MAX ? first : `${chars.slice(0, TITLE_MAX - 1).join('')}…`;
}
