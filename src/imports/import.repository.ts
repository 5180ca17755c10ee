import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

@Injectable()
export class ImportRepository {
  constructor(private readonly db: DataSource) {}

  /** Which of these codes are filed already: one query for the whole list. */
  async existingCodes(codes: readonly string[]): Promise<Set<string>> {
    if (codes.length === 0) return new Set();
    const rows: { code: string }[] = await this.db.query(`SELECT code FROM issues WHERE code = ANY($1::text[])`, [
      codes,
    ]);
    return new Set(rows.map((r) => r.code));
  }
}
