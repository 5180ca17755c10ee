// Who objected to a closure in its public notice, from the public page (公示异议): the office's to read.
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface NoticeObjectionRecord {
  id: string;
  issueId: string;
  eventSeq: number | null;
  name: string;
  phone: string;
  comment: string;
  receivedAt: Date;
}

export type NewNoticeObjection = Omit<NoticeObjectionRecord, 'id'>;

@Injectable()
export class NoticeObjectionsRepository {
  constructor(private readonly db: DataSource) {}

  async add(row: NewNoticeObjection, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.query(
      `INSERT INTO notice_objections (issue_id, event_seq, name, phone, comment, received_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [row.issueId, row.eventSeq, row.name, row.phone, row.comment, row.receivedAt],
    );
  }

  /** The problems' objections, oldest first. */
  ofIssues(issueIds: readonly string[]): Promise<NoticeObjectionRecord[]> {
    return this.db.query(
      `SELECT id, issue_id AS "issueId", event_seq AS "eventSeq", name, phone, comment, received_at AS "receivedAt"
         FROM notice_objections WHERE issue_id = ANY ($1::uuid[]) ORDER BY received_at, id`,
      [issueIds],
    );
  }
}
