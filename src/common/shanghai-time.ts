// Days and weeks are Asia/Shanghai calendar days. China has had no daylight saving time since 1991,
// so the zone is a fixed UTC+8 for every date the service handles.
const OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/** 'YYYY-MM-DD' of the Shanghai calendar day containing the instant. */
export function shanghaiDate(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a Shanghai calendar day ('YYYY-MM-DD') begins. */
export function startOfShanghaiDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - OFFSET_MS);
}

/** Minutes since 00:00 Asia/Shanghai of the instant's day (0–1439). */
export function shanghaiMinuteOfDay(instant: Date): number {
  return Math.floor((instant.getTime() + OFFSET_MS) / 60_000) % 1440;
}

/** Monday 00:00 Asia/Shanghai of the week containing the instant. */
export function startOfShanghaiWeek(instant: Date): Date {
  const local = new Date(instant.getTime() + OFFSET_MS);
  const sinceMonday = (local.getUTCDay() + 6) % 7;
  return startOfShanghaiDay(new Date(local.getTime() - sinceMonday * DAY_MS).toISOString().slice(0, 10));
}

export function addDays(instant: Date, days: number): Date {
  return new Date(instant.getTime() + days * DAY_MS);
}

/** Shanghai day of week, 1 = Monday … 7 = Sunday. */
export function shanghaiWeekday(day: string): number {
  const d = new Date(`${day}T00:00:00.000Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** The calendar day a deadline is shown as: deadlines fall at 24:00 Shanghai, the start of the next day. */
export function deadlineDay(dueAt: Date): string {
  return shanghaiDate(new Date(dueAt.getTime() - 1));
}

/** Calendar days from one Shanghai day ('YYYY-MM-DD') to another: how overdue, or how long left, a deadline is. */
export function daysBetween(fromDay: string, toDay: string): number {
  return Math.round((Date.parse(`${toDay}T00:00:00.000Z`) - Date.parse(`${fromDay}T00:00:00.000Z`)) / DAY_MS);
}
