import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EvidenceMediaType } from './evidence-type.js';

/** One row of `evidence`, in camelCase. */
export interface EvidenceRecord {
  id: string;
  issueId: string;
  /** The event it is attached to; null while the upload waits to be attached. */
  eventSeq: number | null;
  uploadedByTokenId: string;
  uploadedBy: string;
  unitId: string | null;
  fileName: string;
  mediaType: EvidenceMediaType;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  note: string | null;
  public: boolean;
  at: Date;
  /** Set when reached through the public view: resolves as for an anonymous reader. */
  publicView?: true;
}

export type NewEvidenceRow = Omit<EvidenceRecord, 'id' | 'eventSeq' | 'public' | 'publicView'>;

const COLUMNS = `ev.id, ev.issue_id AS "issueId", ev.event_seq AS "eventSeq", ev.uploaded_by_token AS "uploadedByTokenId",
  ev.uploaded_by AS "uploadedBy", ev.unit_id AS "unitId", ev.file_name AS "fileName", ev.media_type AS "mediaType",
  ev.size_bytes AS "sizeBytes", ev.sha256, ev.storage_key AS "storageKey", ev.note, ev.public, ev.created_at AS "at"`;

@Injectable()
export class EvidenceRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Inserts the row and runs `store` (which puts the file in place) before the row commits, in one transaction: the
   * insert failing leaves no file and `store` failing no row.
   */
  insert(row: NewEvidenceRow, store: () => Promise<unknown>): Promise<EvidenceRecord> {
    return this.db.transaction(async (m) => {
      const rows: EvidenceRecord[] = await m.query(
        `INSERT INTO evidence AS ev (issue_id, uploaded_by_token, uploaded_by, unit_id, file_name, media_type, size_bytes, sha256,
           storage_key, note, created_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)
         RETURNING ${COLUMNS}`,
        [
          row.issueId,
          row.uploadedByTokenId,
          row.uploadedBy,
          row.unitId,
          row.fileName,
          row.mediaType,
          row.sizeBytes,
          row.sha256,
          row.storageKey,
          row.note,
          row.at,
        ],
      );
      await store();
      return rows[0];
    });
  }

  async byId(id: string): Promise<EvidenceRecord | null> {
    const rows: EvidenceRecord[] = await this.db.query(`SELECT ${COLUMNS} FROM evidence ev WHERE ev.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Every problem's evidence, oldest first: one query for a whole page of problems (and their events). */
  ofIssues(issueIds: readonly string[]): Promise<EvidenceRecord[]> {
    return this.db.query(
      `SELECT ${COLUMNS} FROM evidence ev WHERE ev.issue_id = ANY($1::uuid[]) ORDER BY ev.issue_id, ev.created_at, ev.id`,
      [issueIds],
    );
  }

  async setPublic(id: string, value: boolean): Promise<EvidenceRecord | null> {
    const rows: [EvidenceRecord[], number] = await this.db.query(
      `UPDATE evidence ev SET public = $2 WHERE ev.id = $1 RETURNING ${COLUMNS}`,
      [id, value],
    );
    return rows[0][0] ?? null;
  }
}
