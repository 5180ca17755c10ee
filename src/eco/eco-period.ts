// Reporting periods as keys: '2026' (year), '2026-Q3' (quarter), '2026-09' (month), on Asia/Shanghai calendar days.
import { nextDay, startOfShanghaiDay } from '../common/shanghai-time.js';
import type { PeriodKind } from './eco.types.js';

export interface Period {
  key: string;
  kind: PeriodKind;
  year: number;
  /** Month 1–12, quarter 1–4, or 1 for a year. */
  index: number;
  firstDay: string;
  lastDay: string;
}

const KEY = /^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$/;
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

const pad = (n: number) => String(n).padStart(2, '0');

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function build(kind: PeriodKind, year: number, index: number): Period {
  const [fromMonth, toMonth] =
    kind === 'YEAR' ? [1, 12] : kind === 'QUARTER' ? [index * 3 - 2, index * 3] : [index, index];
  const key = kind === 'YEAR' ? String(year) : kind === 'QUARTER' ? `${year}-Q${index}` : `${year}-${pad(index)}`;
  return {
    key,
    kind,
    year,
    index,
    firstDay: `${year}-${pad(fromMonth)}-01`,
    lastDay: `${year}-${pad(toMonth)}-${pad(daysInMonth(year, toMonth))}`,
  };
}

/** The period a key names, or null when the key is malformed or outside 2000–2100. */
export function parsePeriod(key: string): Period | null {
  const m = KEY.exec(key);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < MIN_YEAR || year > MAX_YEAR) return null;
  if (m[2]) return build('QUARTER', year, Number(m[2]));
  if (m[3]) return build('MONTH', year, Number(m[3]));
  return build('YEAR', year, 1);
}

/** The period of `kind` that contains the calendar day 'YYYY-MM-DD'. */
export function periodContaining(kind: PeriodKind, day: string): Period {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  if (kind === 'YEAR') return build('YEAR', year, 1);
  if (kind === 'QUARTER') return build('QUARTER', year, Math.ceil(month / 3));
  return build('MONTH', year, month);
}

/**
 * The period an indicator reported `kind`-ly answers for when the table asks about `asked`: the one containing the
 * asked period's last day. A yearly indicator asked about 2026-Q3 answers with 2026; a monthly one asked about 2026
 * answers with 2026-12; equal kinds answer with the period itself.
 */
export function reportingPeriod(kind: PeriodKind, asked: Period): Period {
  return periodContaining(kind, asked.lastDay);
}

/** 00:00 Asia/Shanghai of the period's first day. */
export function periodStart(p: Period): Date {
  return startOfShanghaiDay(p.firstDay);
}

/** 24:00 Asia/Shanghai of the period's last day (the instant the next period begins). */
export function periodEnd(p: Period): Date {
  return startOfShanghaiDay(nextDay(p.lastDay));
}

/**
 * Where the period's end sits on the plan's time axis, in years: a year value Y stands for the end of year Y, so
 * 2026 → 2026, 2026-Q3 → 2025.75, 2026-09 → 2025.75, 2026-01 → 2025 + 1/12. The path is read at this point.
 */
export function timeOnPath(p: Period): number {
  const monthsElapsed = p.kind === 'YEAR' ? 12 : p.kind === 'QUARTER' ? p.index * 3 : p.index;
  return p.year - 1 + monthsElapsed / 12;
}
