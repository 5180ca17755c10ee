// The SQL of contact persons, notification rules, notifications and their text messages (migration 1763900000023).
import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { heldSql } from '../issues/deadline-status.js';
import { NotificationRuleEntity, UnitContactEntity } from './notification.entities.js';
import { failPending } from '../common/delivery-attempts.js';
import { overdueMilestonesSql, PLAN_IN_FORCE_SQL } from '../issues/plan-progress.js';
import { TELLING_EVENTS, type LoggedEvent, type Raised } from './notification-text.js';
import type { ContactRole, NotificationChannel, NotificationRule, NotificationTrigger } from './notification.types.js';

export interface ContactRecord {
  id: string;
  unitId: string | null;
  name: string;
  mobile: string;
  role: ContactRole;
  createdAt: Date;
}

export interface NotificationRecord {
  id: string;
  trigger: NotificationTrigger;
  unitId: string | null;
  issueId: string | null;
  lookbackCampaignId: string | null;
  day: string;
  channels: NotificationChannel[];
  text: string;
  createdAt: Date;
  readAt: Date | null;
}

/** A notification ready to store: what was raised, rendered, with the rule's channels and template. */
export interface NewNotification extends Raised {
  channels: NotificationChannel[];
  templateId: string;
  text: string;
}

/** A text message due now, with what the gateway needs: the number is read from the contact at this moment. */
export interface DueMessage {
  id: string;
  attempts: number;
  mobile: string | null;
  templateId: string;
  params: Record<string, string>;
  text: string;
}

export type MessageStatus = 'PENDING' | 'SENT' | 'FAILED';

/** A text message as the office sees it: to whom, what, and how its sending went. */
export interface MessageRecord {
  id: string;
  notificationId: string;
  contactId: string;
  text: string;
  status: MessageStatus;
  attempts: number;
  lastResponseCode: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** A problem the day's reminders name: held, with a deadline that has passed or is near. */
export interface DeadlineRow {
  issueId: string;
  code: string;
  leadUnitId: string;
  dueAt: Date;
}

/** A supervision order whose written reply is overdue: its number, how many problems it covers (the first named). */
export interface OrderReplyRow extends DeadlineRow {
  number: string;
  problems: number;
}

/** A deadline of a plan's milestone (节点) that has passed: the milestone's title with it. */
export interface MilestoneRow extends DeadlineRow {
  milestone: string;
}

const NOTIFICATION = `n.id, n.trigger, n.unit_id AS "unitId", n.issue_id AS "issueId",
  n.lookback_campaign_id AS "lookbackCampaignId", n.day::text AS day, n.channels,
  n.text, n.created_at AS "createdAt", n.read_at AS "readAt"`;
/** The inbox of a unit ($1), or the leaders' (NULL). */
const INBOX = `n.unit_id IS NOT DISTINCT FROM $1::uuid AND 'INBOX' = ANY (n.channels)`;
/** When the reader read it: a unit's notification once for the unit, the leaders' each token for itself ($5). */
const READS = `LEFT JOIN notification_reads r ON n.unit_id IS NULL AND r.notification_id = n.id AND r.token_id = $5`;
const READ_AT = `CASE WHEN n.unit_id IS NULL THEN r.read_at ELSE n.read_at END`;

/** Whose inbox, read by which token. */
export interface InboxReader {
  /** The unit's; null: the leaders'. */
  unitId: string | null;
  tokenId: string;
}

@Injectable()
export class NotificationsRepository {
  constructor(private readonly db: DataSource) {}

  private get contactRows() {
    return this.db.getRepository(UnitContactEntity);
  }

  /** A unit's contacts (`unitId` a unit), the leaders (null), or everyone's (undefined); the leaders first. */
  contacts(unitId: string | null | undefined): Promise<ContactRecord[]> {
    return this.contactRows.find({
      where: { deletedAt: IsNull(), ...(unitId === undefined ? {} : { unitId: unitId ?? IsNull() }) },
      order: { unitId: { direction: 'ASC', nulls: 'FIRST' }, role: 'DESC', createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** Null when the unit (or the leaders) already has a contact with that number. */
  async addContact(row: Omit<ContactRecord, 'id'>): Promise<ContactRecord | null> {
    const inserted = await this.contactRows.createQueryBuilder().insert().values(row).orIgnore().execute();
    const id = (inserted.identifiers[0] as { id?: string } | undefined)?.id;
    return id ? this.contactRows.findOneBy({ id }) : null;
  }

  /** Removed: told nothing more, and what was still to be sent to it fails with the reason. */
  async removeContact(id: string, at: Date): Promise<boolean> {
    return this.db.transaction(async (m) => {
      const [, removed]: [unknown, number] = await m.query(
        `UPDATE unit_contacts SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL`,
        [id, at],
      );
      if (removed === 0) return false;
      await failPending(m, 'notification_messages', id, '联系人已删除');
      return true;
    });
  }

  rules(m: EntityManager | DataSource = this.db): Promise<NotificationRule[]> {
    return m.getRepository(NotificationRuleEntity).find({ order: { trigger: 'ASC' } });
  }

  async setRule(
    trigger: NotificationTrigger,
    patch: { enabled: boolean; channels: NotificationChannel[]; daysBefore: number | null; smsTemplateId: string },
    at: Date,
  ): Promise<NotificationRule> {
    const rules = this.db.getRepository(NotificationRuleEntity);
    await rules.update({ trigger }, { ...patch, updatedAt: at });
    return rules.findOneByOrFail({ trigger });
  }

  /** The log rows of transactions in [from, below), with what the rules read of them. */
  loggedEvents(m: EntityManager, from: string, below: string): Promise<LoggedEvent[]> {
    return m.query(
      `SELECT e.id::text AS id, e.issue_id AS "issueId", i.code, e.type, e.payload, e.comment, e.lead_unit_id AS "leadUnitId",
              i.supervising_unit_id AS "supervisingUnitId", e.due_at AS "dueAt", e.at
         FROM issue_events e JOIN issues i ON i.id = e.issue_id
        WHERE e.tx >= $1::xid8 AND e.tx < $2::xid8 AND e.type = ANY($3::text[])
        ORDER BY e.tx, e.id`,
      [from, below, TELLING_EVENTS],
    );
  }

  /**
   * Problems rectifying whose plan in force has a milestone past its date and not done at `now` (the SQL twin of
   * plan-progress.ts overdueMilestones), each with the earliest such milestone.
   */
  /** Orders still awaiting the unit's reply past its date at `now`, each told to its unit on its first problem. */
  overdueOrderReplies(m: EntityManager, now: Date): Promise<OrderReplyRow[]> {
    return m.query(
      `SELECT o.issue_ids[1] AS "issueId", i.code, o.unit_id AS "leadUnitId", o.reply_due_at AS "dueAt",
              o.number, cardinality(o.issue_ids) AS problems
         FROM supervision_orders o JOIN issues i ON i.id = o.issue_ids[1]
        WHERE o.status = 'AWAITING_REPLY' AND o.reply_due_at < $1
        ORDER BY o.number`,
      [now],
    );
  }

  overdueMilestones(m: EntityManager, now: Date): Promise<MilestoneRow[]> {
    return m.query(
      `SELECT i.id AS "issueId", i.code, i.lead_unit_id AS "leadUnitId", x.m->>'title' AS milestone,
              (x.m->>'dueAt')::timestamptz AS "dueAt"
         FROM issues i
         CROSS JOIN LATERAL (SELECT * FROM ${overdueMilestonesSql('$1')} o LIMIT 1) x
        WHERE i.substate = 'RECTIFYING.inProgress' AND ${PLAN_IN_FORCE_SQL}
          AND i.duplicate_of_id IS NULL AND i.lead_unit_id IS NOT NULL
        ORDER BY i.code`,
      [now],
    );
  }

  /** Held problems past their deadline at `now`, or (`until`) not yet past it and due by then. */
  deadlines(m: EntityManager, now: Date, until: Date | null): Promise<DeadlineRow[]> {
    return m.query(
      `SELECT i.id AS "issueId", i.code, i.lead_unit_id AS "leadUnitId", i.due_at AS "dueAt"
         FROM issues i
        WHERE ${heldSql('i.substate', 'i.deadline_kind')} AND i.duplicate_of_id IS NULL AND i.lead_unit_id IS NOT NULL
          AND CASE WHEN $2::timestamptz IS NULL THEN i.due_at < $1 ELSE i.due_at >= $1 AND i.due_at <= $2 END
        ORDER BY i.due_at, i.code`,
      [now, until],
    );
  }

  /** The district's day in four numbers, for the leaders' digest: [from, to) and overdue at `to`. */
  async daySummary(
    m: EntityManager,
    from: Date,
    to: Date,
  ): Promise<{ filed: number; escalated: number; closed: number; overdue: number }> {
    const [row] = (await m.query(
      `SELECT count(*) FILTER (WHERE e.type = 'file')::int AS filed,
              count(*) FILTER (WHERE e.type IN ('escalate', 'superviseOrder'))::int AS escalated,
              count(*) FILTER (WHERE e.type = 'close')::int AS closed,
              (SELECT count(*)::int FROM issues i
                WHERE ${heldSql('i.substate', 'i.deadline_kind')} AND i.duplicate_of_id IS NULL AND i.due_at < $2) AS overdue
         FROM issue_events e WHERE e.at >= $1 AND e.at < $2`,
      [from, to],
    )) as { filed: number; escalated: number; closed: number; overdue: number }[];
    return row;
  }

  /**
   * Stores what is new (one per rule, unit, problem and day: a repeat is dropped) and queues a text message to each
   * contact of the unit told — its 责任人 and 联络员, or the leaders for the digest — when the rule sends SMS, to go at
   * `sendAt`. Answers the notifications stored.
   */
  async store(m: EntityManager, told: NewNotification[], now: Date, sendAt: Date): Promise<NotificationRecord[]> {
    // Of several for one rule, unit, problem and day in one batch, the last: two rungs climbed at once tell the higher.
    const rows = [
      ...new Map(
        told.map((r) => [`${r.trigger} ${r.unitId} ${r.issueId} ${r.day} ${r.lookbackCampaignId ?? null}`, r] as const),
      ).values(),
    ];
    if (rows.length === 0) return [];
    const stored: NotificationRecord[] = await m.query(
      `INSERT INTO notifications AS n (trigger, unit_id, issue_id, event_id, day, channels, template_id, params, text,
                                       created_at, lookback_campaign_id)
       SELECT r.trigger, r.unit_id, r.issue_id, r.event_id, r.day, ARRAY(SELECT jsonb_array_elements_text(r.channels)),
              r.template_id, r.params, r.text, r.at, r.lookback_campaign_id
         FROM jsonb_to_recordset($1::jsonb) AS r(trigger text, unit_id uuid, issue_id uuid, event_id bigint, day date,
                                                  at timestamptz, channels jsonb, template_id text, params jsonb,
                                                  text text, lookback_campaign_id uuid)
       ON CONFLICT DO NOTHING
       RETURNING ${NOTIFICATION}`,
      [
        JSON.stringify(
          rows.map((r) => ({
            trigger: r.trigger,
            unit_id: r.unitId,
            issue_id: r.issueId,
            event_id: r.eventId,
            day: r.day,
            at: r.at,
            channels: r.channels,
            template_id: r.templateId,
            params: r.params,
            text: r.text,
            lookback_campaign_id: r.lookbackCampaignId ?? null,
          })),
        ),
      ],
    );
    const texted = stored.filter((n) => n.channels.includes('SMS')).map((n) => n.id);
    if (texted.length > 0) {
      await m.query(
        `INSERT INTO notification_messages (notification_id, contact_id, next_attempt_at, created_at)
         SELECT n.id, c.id, $2, $3
           FROM notifications n
           JOIN unit_contacts c ON c.deleted_at IS NULL
            AND CASE WHEN n.unit_id IS NULL THEN c.role = 'LEADER' ELSE c.unit_id = n.unit_id END
          WHERE n.id = ANY ($1::uuid[])
         ON CONFLICT DO NOTHING`,
        [texted, sendAt, now],
      );
    }
    return stored;
  }

  /** An inbox, newest first; `after` is the last id of the page before. */
  inbox(reader: InboxReader, unreadOnly: boolean, first: number, after: string | null): Promise<NotificationRecord[]> {
    return this.db.query(
      `SELECT ${NOTIFICATION.replace('n.read_at AS "readAt"', `${READ_AT} AS "readAt"`)}
         FROM notifications n ${READS}
        WHERE ${INBOX} AND (NOT $2 OR ${READ_AT} IS NULL)
          AND ($4::uuid IS NULL OR (n.created_at, n.id) < (SELECT created_at, id FROM notifications WHERE id = $4))
        ORDER BY n.created_at DESC, n.id DESC LIMIT $3`,
      [reader.unitId, unreadOnly, first, after, reader.tokenId],
    );
  }

  async unreadCount(reader: InboxReader): Promise<number> {
    const [{ count }] = (await this.db.query(
      `SELECT count(*)::int AS count FROM notifications n ${READS.replace('$5', '$2')}
        WHERE ${INBOX} AND ${READ_AT} IS NULL`,
      [reader.unitId, reader.tokenId],
    )) as { count: number }[];
    return count;
  }

  /** Marks the inbox's notifications read: those listed, or (`ids` null) all. Answers how many were unread. */
  async markRead(reader: InboxReader, ids: string[] | null, at: Date): Promise<number> {
    if (reader.unitId !== null) {
      const [, changed]: [unknown, number] = await this.db.query(
        `UPDATE notifications n SET read_at = $3
          WHERE ${INBOX} AND n.read_at IS NULL AND ($2::uuid[] IS NULL OR n.id = ANY ($2::uuid[]))`,
        [reader.unitId, ids, at],
      );
      return changed;
    }
    const marked: unknown[] = await this.db.query(
      `INSERT INTO notification_reads (notification_id, token_id, read_at)
       SELECT n.id, $4, $3 FROM notifications n
        WHERE ${INBOX} AND ($2::uuid[] IS NULL OR n.id = ANY ($2::uuid[]))
       ON CONFLICT DO NOTHING
       RETURNING 1`,
      [null, ids, at, reader.tokenId],
    );
    return marked.length;
  }

  /** Text messages newest first, of one status or all; `after` is the last id of the page before. */
  messages(status: MessageStatus | null, first: number, after: string | null): Promise<MessageRecord[]> {
    return this.db.query(
      `SELECT s.id, s.notification_id AS "notificationId", s.contact_id AS "contactId", n.text, s.status, s.attempts,
              s.last_response_code AS "lastResponseCode", s.last_error AS "lastError",
              s.next_attempt_at AS "nextAttemptAt", s.created_at AS "createdAt", s.sent_at AS "sentAt"
         FROM notification_messages s JOIN notifications n ON n.id = s.notification_id
        WHERE ($1::text IS NULL OR s.status = $1)
          AND ($3::uuid IS NULL
               OR (s.created_at, s.id) < (SELECT created_at, id FROM notification_messages WHERE id = $3))
        ORDER BY s.created_at DESC, s.id DESC LIMIT $2`,
      [status, first, after],
    );
  }

  contact(id: string): Promise<ContactRecord | null> {
    return this.contactRows.findOneBy({ id });
  }

  /** Up to `limit` text messages due at `now`, locked (another dispatcher skips them). */
  claimDueMessages(m: EntityManager, now: Date, limit: number): Promise<DueMessage[]> {
    return m.query(
      `SELECT s.id, s.attempts, c.mobile, n.template_id AS "templateId", n.params, n.text
         FROM notification_messages s
         JOIN notifications n ON n.id = s.notification_id
         JOIN unit_contacts c ON c.id = s.contact_id
        WHERE s.status = 'PENDING' AND s.next_attempt_at <= $1
        ORDER BY s.next_attempt_at, s.id
        LIMIT $2
        FOR UPDATE OF s SKIP LOCKED`,
      [now, limit],
    );
  }
}
