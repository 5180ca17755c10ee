import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export type CalendarDayKind = 'HOLIDAY' | 'WORKDAY';

export interface CalendarDayRecord {
  day: string;
  kind: CalendarDayKind;
  name: string | null;
  source: string;
}

const COLUMNS = `to_char(day, 'YYYY-MM-DD') AS day, kind, name, source`;

@Injectable()
export class CalendarRepository {
  constructor(private readonly db: DataSource) {}

  between(from: string, to: string): Promise<CalendarDayRecord[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM calendar_days WHERE day BETWEEN $1 AND $2 ORDER BY day`, [from, to]);
  }

  async upsert(day: CalendarDayRecord, by: string): Promise<CalendarDayRecord> {
    const rows: CalendarDayRecord[] = await this.db.query(
      `INSERT INTO calendar_days (day, kind, name, source, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, source = EXCLUDED.source,
         updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING ${COLUMNS}`,
      [day.day, day.kind, day.name, day.source, by],
    );
    return rows[0];
  }

  async remove(day: string): Promise<boolean> {
    // Through a CTE: TypeORM answers a bare DELETE with [rows, count], not rows.
    const rows: { n: number }[] = await this.db.query(
      `WITH d AS (DELETE FROM calendar_days WHERE day = $1 RETURNING day) SELECT count(*)::int AS n FROM d`,
      [day],
    );
    return rows[0].n > 0;
  }

  /** Seeds the years not seeded before, in one transaction; the office's own edits of those years are kept. */
  async seedYears(days: CalendarDayRecord[]): Promise<number[]> {
    return this.db.transaction(async (m) => {
      await m.query('LOCK TABLE calendar_seeded_years IN EXCLUSIVE MODE');
      const done = new Set(
        ((await m.query(`SELECT year FROM calendar_seeded_years`)) as { year: number }[]).map((r) => r.year),
      );
      const fresh = days.filter((d) => !done.has(Number(d.day.slice(0, 4))));
      const years = [...new Set(fresh.map((d) => Number(d.day.slice(0, 4))))];
      if (years.length === 0) return [];
      await m.query(
        `INSERT INTO calendar_days (day, kind, name, source)
         SELECT * FROM unnest($1::date[], $2::text[], $3::text[], $4::text[]) ON CONFLICT (day) DO NOTHING`,
        [fresh.map((d) => d.day), fresh.map((d) => d.kind), fresh.map((d) => d.name), fresh.map((d) => d.source)],
      );
      await m.query(`INSERT INTO calendar_seeded_years (year) SELECT unnest($1::int[])`, [years]);
      return years;
    });
  }
}
