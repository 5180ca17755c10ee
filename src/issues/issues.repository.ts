import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { IssueContext, IssueState, Substate } from '../../workflows/issue.types.js';
import { prepared, runPrepared } from '../database/prepared-statement.js';
import { openSql } from './deadline-status.js';
import {
  CONTEXT_COLUMN_NAMES,
  contextColumns,
  EVENT_FACT_COLUMNS,
  EVENT_FACT_FIELDS,
} from './issue-snapshot.mapper.js';
import {
  columnOf,
  EVENT_COLUMNS,
  ISSUE_COLUMNS,
  ISSUE_SHAPE,
  type IssueEventRecord,
  type IssueRecord,
} from './issue.record.js';

type Shape = typeof ISSUE_SHAPE;
/** What the row itself keeps (its id, version, state, last change), not what a filing gives. */
type RowKept = 'id' | 'state' | 'substate' | 'machineVersion' | 'version' | 'updatedAt';
/** The fields a filing gives: ISSUE_SHAPE's, less those events change (the machine's context) and those the row keeps. */
type FiledField = Exclude<
  { [K in keyof Shape]: Shape[K] extends { context: string } ? never : K }[keyof Shape],
  RowKept
>;
const ROW_KEPT: readonly string[] = [
  'id',
  'state',
  'substate',
  'machineVersion',
  'version',
  'updatedAt',
] satisfies RowKept[];
const FILED_FIELDS = (Object.keys(ISSUE_SHAPE) as (keyof Shape)[]).filter(
  (f): f is FiledField => !('context' in ISSUE_SHAPE[f]) && !ROW_KEPT.includes(f),
);

/** A new problem as filed. */
export type NewIssueRow = Pick<IssueRecord, FiledField>;

/** A filing's columns by name, as insertMany's jsonb_to_recordset reads them. */
export const filedColumns = (row: NewIssueRow): BulkIssue =>
  Object.fromEntries(FILED_FIELDS.map((f) => [columnOf(f), row[f]])) as BulkIssue;

/** A new problem's columns, in the order of insert's parameters: the filing's, the machine's snapshot, the context. */
const NEW_ISSUE_COLUMNS = [
  ...FILED_FIELDS.map(columnOf),
  'state',
  'substate',
  'machine_version',
  'version',
  ...CONTEXT_COLUMN_NAMES,
];

export interface EventRow {
  seq: number;
  type: string;
  fromState: string | null;
  toState: string;
  actor: string;
  actorRole: string;
  actorTokenId: string | null;
  unitId: string | null;
  comment: string | null;
  payload: unknown;
  machineVersion: number;
  at: Date;
}

export interface SnapshotRow {
  state: IssueState;
  substate: Substate;
  machineVersion: number;
  context: IssueContext;
}

/** Columns of a bulk-filed problem, as jsonb_to_recordset reads them (context columns included). */
const BULK_ISSUE_FIELDS: [string, string][] = Object.entries(ISSUE_SHAPE)
  .filter(([f]) => f !== 'id' && f !== 'updatedAt')
  .map(([f, shape]) => [columnOf(f), shape.sql]);
const BULK_ISSUE_COLUMNS = BULK_ISSUE_FIELDS.map(([n]) => n).join(', ');
const BULK_ISSUE_TYPES = BULK_ISSUE_FIELDS.map(([n, t]) => `${n} ${t}`).join(', ');
const BULK_EVENT_TYPES = `code text, seq int, type text, from_state text, to_state text, comment text, payload jsonb,
  ${EVENT_FACT_FIELDS.map((f) => `${columnOf(f)} ${ISSUE_SHAPE[f].sql}`).join(', ')}`;

export type BulkIssue = Record<string, unknown> & { code: string };
export type BulkEvent = Record<string, unknown> & { code: string; seq: number };
export interface BulkActor {
  actor: string;
  actorRole: string;
  actorTokenId: string | null;
  unitId: string | null;
  machineVersion: number;
  at: Date;
}

const CONTEXT_SET = CONTEXT_COLUMN_NAMES.map((name, i) => `${name} = $${i + 5}`).join(', ');
const EVENT_INSERT = `INSERT INTO issue_events
  (issue_id, seq, type, from_state, to_state, actor, actor_role, actor_token_id, unit_id, comment, payload, machine_version, at,
   ${EVENT_FACT_COLUMNS.join(', ')})`;

const LOCK_ONE = prepared('issue_lock', `SELECT ${ISSUE_COLUMNS} FROM issues i WHERE i.id = $1 FOR UPDATE`);
/** A problem (or several) by id: the transition path's read, also the bench's reference statement for it. */
export const BY_IDS = prepared('issues_by_ids', `SELECT ${ISSUE_COLUMNS} FROM issues i WHERE i.id = ANY($1::uuid[])`);

/** $1 the id, $2–$4 state, substate, machine version, then the context's columns, the event's, and the version read. */
const SAVE_TRANSITION = (() => {
  const versionParam = 5 + CONTEXT_COLUMN_NAMES.length + 12;
  // updated_at is the event's own `at` (eventParams' last), so the row and its log row say the same instant.
  const atParam = versionParam - 1;
  return prepared(
    'issue_transition',
    `WITH i AS (
       UPDATE issues SET state = $2, substate = $3, machine_version = $4, version = version + 1, updated_at = $${atParam}, ${CONTEXT_SET}
        WHERE id = $1 AND version = $${versionParam} RETURNING *
     ), e AS (
       ${EVENT_INSERT} SELECT i.id, ${eventPlaceholders(5 + CONTEXT_COLUMN_NAMES.length)} FROM i
     )
     SELECT ${ISSUE_COLUMNS} FROM i`,
  );
})();

/** The event's own columns, then the problem's facts after it (taken from the saved row i). */
function eventParams(e: EventRow): unknown[] {
  return [
    e.seq,
    e.type,
    e.fromState,
    e.toState,
    e.actor,
    e.actorRole,
    e.actorTokenId,
    e.unitId,
    e.comment,
    JSON.stringify(e.payload),
    e.machineVersion,
    e.at,
  ];
}

@Injectable()
export class IssuesRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Locks the problem's row, and those of the other problems an event reads facts from, in id order: two events
   * locking the same pair from either end queue one behind the other instead of deadlocking.
   */
  async lock(manager: EntityManager, id: string, others: readonly string[] = []): Promise<IssueRecord | null> {
    if (others.length === 0) {
      const rows = await runPrepared<IssueRecord>(manager, LOCK_ONE, [id]);
      return rows[0] ?? null;
    }
    // Rows are locked as the sort hands them over (LockRows sits above Sort), so in id order.
    const rows: IssueRecord[] = await manager.query(
      `SELECT ${ISSUE_COLUMNS} FROM issues i WHERE i.id = ANY($1::uuid[]) ORDER BY i.id FOR UPDATE`,
      [[id, ...others]],
    );
    return rows.find((r) => r.id === id.toLowerCase()) ?? null;
  }

  /** Locks several problems' rows in id order (as `lock` does), for an event sent to all of them in one transaction. */
  async lockAll(manager: EntityManager, ids: readonly string[]): Promise<IssueRecord[]> {
    return manager.query(
      `SELECT ${ISSUE_COLUMNS} FROM issues i WHERE i.id = ANY($1::uuid[]) ORDER BY i.id FOR UPDATE`,
      [ids],
    );
  }

  /** markDuplicate's facts, read under both rows' locks: is the original there, is it a duplicate, how many has this one. */
  async duplicateFacts(
    manager: EntityManager,
    id: string,
    originalId: string,
  ): Promise<{ originalFound: boolean; originalIsDuplicate: boolean; duplicates: number }> {
    const [row]: { originalIsDuplicate: boolean | null; duplicates: number }[] = await manager.query(
      `SELECT (SELECT duplicate_of_id IS NOT NULL FROM issues WHERE id = $2) AS "originalIsDuplicate",
              (SELECT count(*)::int FROM issues WHERE duplicate_of_id = $1) AS duplicates`,
      [id, originalId],
    );
    return {
      originalFound: row.originalIsDuplicate !== null,
      originalIsDuplicate: row.originalIsDuplicate === true,
      duplicates: row.duplicates,
    };
  }

  /** The district a problem belongs to (as far as the session sees it), or null. */
  async districtOf(id: string): Promise<string | null> {
    const rows: { d: string }[] = await this.db.query(`SELECT district_id AS d FROM issues WHERE id = $1`, [id]);
    return rows[0]?.d ?? null;
  }

  async byIds(ids: readonly string[]): Promise<IssueRecord[]> {
    return runPrepared(this.db.manager, BY_IDS, [ids]);
  }

  async byCode(code: string): Promise<IssueRecord | null> {
    const rows: IssueRecord[] = await this.db.query(`SELECT ${ISSUE_COLUMNS} FROM issues i WHERE i.code = $1`, [code]);
    return rows[0] ?? null;
  }

  /** Derived problems (举一反三) of each parent not yet closed; duplicates do not count. */
  async openChildren(
    parentIds: readonly string[],
    manager: EntityManager = this.db.manager,
  ): Promise<Map<string, number>> {
    const rows: { parentId: string; n: number }[] = await manager.query(
      `SELECT parent_id AS "parentId", count(*)::int AS n FROM issues
        WHERE parent_id = ANY($1::uuid[]) AND ${openSql('issues')}
        GROUP BY parent_id`,
      [parentIds],
    );
    return new Map(rows.map((r) => [r.parentId, r.n]));
  }

  async childrenOf(parentIds: readonly string[]): Promise<IssueRecord[]> {
    return this.db.query(
      `SELECT ${ISSUE_COLUMNS} FROM issues i WHERE i.parent_id = ANY($1::uuid[]) ORDER BY i.filed_at, i.id`,
      [parentIds],
    );
  }

  async duplicatesOf(ids: readonly string[]): Promise<IssueRecord[]> {
    return this.db.query(
      `SELECT ${ISSUE_COLUMNS} FROM issues i WHERE i.duplicate_of_id = ANY($1::uuid[]) ORDER BY i.filed_at, i.id`,
      [ids],
    );
  }

  eventsOf(issueIds: readonly string[]): Promise<IssueEventRecord[]> {
    return this.db.query(
      `SELECT ${EVENT_COLUMNS} FROM issue_events e WHERE e.issue_id = ANY($1::uuid[]) ORDER BY e.issue_id, e.seq`,
      [issueIds],
    );
  }

  /** Next number for a generated code, e.g. ZY-2026-00042; the counter row serialises concurrent filings. */
  async nextCodeNumber(manager: EntityManager, prefix: string, year: number): Promise<number> {
    const rows: { last: number }[] = await manager.query(
      `INSERT INTO issue_code_counters (prefix, year, last) VALUES ($1, $2, 1)
       ON CONFLICT (prefix, year, district_id) DO UPDATE SET last = issue_code_counters.last + 1 RETURNING last`,
      [prefix, year],
    );
    return rows[0].last;
  }

  /** A new problem and its first log row ("file"), in the caller's transaction; null when the code is taken. */
  async insert(
    manager: EntityManager,
    issue: NewIssueRow,
    snapshot: SnapshotRow,
    event: EventRow,
  ): Promise<IssueRecord | null> {
    const rows: IssueRecord[] = await manager.query(
      `WITH i AS (
         INSERT INTO issues (${NEW_ISSUE_COLUMNS.join(', ')})
         VALUES (${NEW_ISSUE_COLUMNS.map((_, k) => `$${k + 1}`).join(', ')})
         ON CONFLICT (code, district_id) DO NOTHING
         RETURNING *
       ), e AS (
         ${EVENT_INSERT} SELECT i.id, ${eventPlaceholders(NEW_ISSUE_COLUMNS.length + 1)} FROM i
       )
       SELECT ${ISSUE_COLUMNS} FROM i`,
      [
        ...FILED_FIELDS.map((f) => issue[f]),
        snapshot.state,
        snapshot.substate,
        snapshot.machineVersion,
        1,
        ...contextColumns(snapshot.context),
        ...eventParams(event),
      ],
    );
    return rows[0] ?? null;
  }

  /**
   * Many new problems and their log rows in one statement (imports). Rows whose code is taken are skipped, with
   * their log rows; the codes written are returned.
   */
  async insertMany(manager: EntityManager, issues: BulkIssue[], events: BulkEvent[], by: BulkActor): Promise<string[]> {
    const rows: { code: string }[] = await manager.query(
      `WITH x AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(${BULK_ISSUE_TYPES})),
       ins AS (
         INSERT INTO issues (${BULK_ISSUE_COLUMNS}) SELECT ${BULK_ISSUE_COLUMNS} FROM x
         ON CONFLICT (code, district_id) DO NOTHING RETURNING id, code
       ),
       ev AS (SELECT * FROM jsonb_to_recordset($2::jsonb) AS ev(${BULK_EVENT_TYPES})),
       written AS (
         ${EVENT_INSERT}
         SELECT ins.id, ev.seq, ev.type, ev.from_state, ev.to_state, $3, $4, $5::uuid, $6::uuid, ev.comment, ev.payload, $7, $8,
                ${EVENT_FACT_COLUMNS.map((c) => `ev.${c}`).join(', ')}
           FROM ev JOIN ins ON ins.code = ev.code
       )
       SELECT code FROM ins`,
      [
        JSON.stringify(issues),
        JSON.stringify(events),
        by.actor,
        by.actorRole,
        by.actorTokenId,
        by.unitId,
        by.machineVersion,
        by.at,
      ],
    );
    return rows.map((r) => r.code);
  }

  /** The new state and its log row in one statement, one round trip, if the problem is still at `fromVersion` (else undefined). */
  async saveTransition(
    manager: EntityManager,
    id: string,
    snapshot: SnapshotRow,
    event: EventRow,
    fromVersion: number,
  ): Promise<IssueRecord | undefined> {
    const rows = await runPrepared<IssueRecord>(manager, SAVE_TRANSITION, [
      id,
      snapshot.state,
      snapshot.substate,
      snapshot.machineVersion,
      ...contextColumns(snapshot.context),
      ...eventParams(event),
      fromVersion,
    ]);
    return rows[0];
  }
}

function eventPlaceholders(first: number): string {
  // payload ($first + 9) is jsonb text
  const own = Array.from({ length: 12 }, (_, k) => (k === 9 ? `$${first + k}::jsonb` : `$${first + k}`));
  return [...own, ...EVENT_FACT_COLUMNS.map((c) => `i.${c}`)].join(', ');
}
