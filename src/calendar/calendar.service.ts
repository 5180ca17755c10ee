import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { addDays, nextDay, shanghaiDate, shanghaiWeekday, startOfShanghaiDay } from '../common/shanghai-time.js';
import { CalendarRepository, type CalendarDayKind, type CalendarDayRecord } from './calendar.repository.js';
import { officialCalendar } from './official-calendar.js';

/**
 * Working days on the Asia/Shanghai calendar: Monday to Friday, minus official holidays, plus make-up working
 * days (调休), as kept in calendar_days (seeded from the official calendar, edited by the office).
 */
@Injectable()
export class CalendarService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Calendar');

  constructor(private readonly days: CalendarRepository) {}

  async onApplicationBootstrap(): Promise<void> {
    const years = await this.days.seedYears(officialCalendar());
    if (years.length) this.logger.log(`official holidays seeded for ${years.join(', ')}`);
  }

  /** 立行立改: due at the end (24:00 Asia/Shanghai) of the next working day after `from`. */
  async endOfNextWorkingDay(from: Date): Promise<Date> {
    return this.addWorkingDays(from, 1);
  }

  /** The end (24:00 Asia/Shanghai) of the n-th working day after the day of `from`. */
  async addWorkingDays(from: Date, n: number): Promise<Date> {
    const start = shanghaiDate(from);
    // Long holidays are at most 8 days; 2n + 30 calendar days always hold n working days.
    const exceptions = await this.exceptions(start, shanghaiDate(addDays(from, 2 * n + 30)));
    let day = start;
    for (let left = n; left > 0;) {
      day = nextDay(day);
      if (isWorking(day, exceptions)) left--;
    }
    return addDays(startOfShanghaiDay(day), 1);
  }

  async isWorkingDay(day: string): Promise<boolean> {
    return isWorking(day, await this.exceptions(day, day));
  }

  list(year: number): Promise<CalendarDayRecord[]> {
    return this.days.between(`${year}-01-01`, `${year}-12-31`);
  }

  set(day: string, kind: CalendarDayKind, name: string | null, by: string): Promise<CalendarDayRecord> {
    return this.days.upsert({ day, kind, name, source: 'office' }, by);
  }

  remove(day: string): Promise<boolean> {
    return this.days.remove(day);
  }

  private async exceptions(from: string, to: string): Promise<Map<string, CalendarDayKind>> {
    return new Map((await this.days.between(from, to)).map((d) => [d.day, d.kind]));
  }
}

function isWorking(day: string, exceptions: Map<string, CalendarDayKind>): boolean {
  const kind = exceptions.get(day);
  if (kind) return kind === 'WORKDAY';
  return shanghaiWeekday(day) <= 5;
}
