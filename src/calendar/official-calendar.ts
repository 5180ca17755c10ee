// The State Council's holiday arrangements (法定节假日 and 调休), as maintained in the `chinese-days` package.
import { createRequire } from 'node:module';
import type { CalendarDayRecord } from './calendar.repository.js';

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

export const OFFICIAL_SOURCE = 'chinese-days';

export function officialCalendar(): CalendarDayRecord[] {
  const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as ChineseDaysData;
  // Values look like "Spring Festival,春节,4": the Chinese name is the second part.
  const name = (v: string) => v.split(',')[1] ?? v;
  return [
    ...Object.entries(data.holidays).map(([day, v]) => ({
      day,
      kind: 'HOLIDAY' as const,
      name: name(v),
      source: OFFICIAL_SOURCE,
    })),
    ...Object.entries(data.workdays).map(([day, v]) => ({
      day,
      kind: 'WORKDAY' as const,
      name: `${name(v)}调休`,
      source: OFFICIAL_SOURCE,
    })),
  ];
}
