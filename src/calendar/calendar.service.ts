import { Injectable } from '@nestjs/common';
import { addDays, nextDay, shanghaiDate, shanghaiWeekday, startOfShanghaiDay } from '../common/shanghai-time.js';

/** Working days on the Asia/Shanghai calendar: Monday to Friday. */
@Injectable()
export class CalendarService {
  isWorkingDay(day: string): boolean {
    return shanghaiWeekday(day) <= 5;
  }

  /** 立行立改: due at the end (24:00 Asia/Shanghai) of the next working day after `from`. */
  endOfNextWorkingDay(from: Date): Date {
    let day = nextDay(shanghaiDate(from));
    while (!this.isWorkingDay(day)) day = nextDay(day);
    return addDays(startOfShanghaiDay(day), 1);
  }

  /** The end of the n-th working day after `from` (complaint reply deadlines). */
  addWorkingDays(from: Date, n: number): Date {
    let day = shanghaiDate(from);
    for (let left = n; left > 0; ) {
      day = nextDay(day);
      if (this.isWorkingDay(day)) left--;
    }
    return addDays(startOfShanghaiDay(day), 1);
  }
}
