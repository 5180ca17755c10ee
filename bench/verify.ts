// The generated data must be what the service would have written: each log replays through the machine to the
// stored row (ReplayService's own comparison), each event row's after-columns are the snapshot after that event,
// and every problem's version is its number of events.
import { initialSnapshot, step } from '../workflows/issue.runtime.js';
import type { IssueContext, IssueEvent, IssueSource } from '../workflows/issue.types.js';
import { EVENT_COLUMNS, ISSUE_COLUMNS, type IssueEventRecord, type IssueRecord } from '../src/issues/issue.record.js';
import { compare } from '../src/issues/replay.service.js';
import { withClient } from './database.js';

export interface VerifyResult {
  replayed: number;
  mismatches: number;
  eventRowsChecked: number;
  eventMismatches: number;
  /** Problems whose version differs from their event count or highest seq (all problems, not a sample). */
  versionMismatches: number;
  examples: string[];
}

interface EventWithFacts extends IssueEventRecord {
  afterLeadUnitId: string | null;
  afterDueAt: Date | null;
  afterDeadlineKind: string | null;
  afterCompletedOnTime: boolean | null;
  afterFirstSubmittedAt: Date | null;
  afterSatisfaction: string | null;
  afterEscalationLevel: string | null;
  afterDuplicateOfId: string | null;
}

const AFTER_COLUMNS = `e.lead_unit_id AS "afterLeadUnitId", e.due_at AS "afterDueAt", e.deadline_kind AS "afterDeadlineKind",
  e.completed_on_time AS "afterCompletedOnTime", e.first_submitted_at AS "afterFirstSubmittedAt", e.satisfaction AS "afterSatisfaction",
  e.escalation_level AS "afterEscalationLevel", e.duplicate_of_id AS "afterDuplicateOfId"`;

/** `sample` problems chosen at random, or all of them when null. */
export async function verifyData(url: string, sample: number | null): Promise<VerifyResult> {
  return withClient(url, async (c) => {
    const result: VerifyResult = {
      replayed: 0,
      mismatches: 0,
      eventRowsChecked: 0,
      eventMismatches: 0,
      versionMismatches: 0,
      examples: [],
    };
    const ids: string[] =
      sample === null
        ? (await c.query<{ id: string }>(`SELECT id FROM issues ORDER BY id`)).rows.map((r) => r.id)
        : (
            await c.query<{ id: string }>(`SELECT id FROM issues TABLESAMPLE SYSTEM (5) ORDER BY random() LIMIT $1`, [
              sample,
            ])
          ).rows.map((r) => r.id);
    for (let i = 0; i < ids.length; i += 1000) {
      const batch = ids.slice(i, i + 1000);
      const issues = (
        await c.query<IssueRecord>(`SELECT ${ISSUE_COLUMNS} FROM issues i WHERE i.id = ANY($1::uuid[])`, [batch])
      ).rows;
      const events = (
        await c.query<EventWithFacts>(
          `SELECT ${EVENT_COLUMNS}, ${AFTER_COLUMNS} FROM issue_events e WHERE e.issue_id = ANY($1::uuid[]) ORDER BY e.issue_id, e.seq`,
          [batch],
        )
      ).rows;
      const byIssue = new Map<string, EventWithFacts[]>();
      for (const e of events) {
        let list = byIssue.get(e.issueId);
        if (!list) byIssue.set(e.issueId, (list = []));
        list.push(e);
      }
      for (const issue of issues) {
        const log = byIssue.get(issue.id) ?? [];
        const mismatch = compare(issue, log);
        result.replayed++;
        if (mismatch) {
          result.mismatches++;
          if (result.examples.length < 5) result.examples.push(`${issue.code}: ${mismatch.fields.join(',')}`);
        }
        const bad = afterColumnsMismatch(log);
        result.eventRowsChecked += log.length;
        if (bad) {
          result.eventMismatches++;
          if (result.examples.length < 5) result.examples.push(`${issue.code}: ${bad}`);
        }
      }
    }
    result.versionMismatches = Number(
      (
        await c.query<{ n: string }>(
          `SELECT count(*) AS n FROM issues i
         LEFT JOIN (SELECT issue_id, count(*) AS n, max(seq) AS m FROM issue_events GROUP BY issue_id) e ON e.issue_id = i.id
        WHERE e.n IS DISTINCT FROM i.version OR e.m IS DISTINCT FROM i.version`,
        )
      ).rows[0].n,
    );
    return result;
  });
}

/** The first event whose stored after-columns differ from the machine's context after it, or null. */
function afterColumnsMismatch(log: EventWithFacts[]): string | null {
  const [first, ...rest] = log;
  if (!first) return 'no events';
  let snapshot = initialSnapshot({ source: (first.payload as { source: IssueSource }).source });
  const check = (e: EventWithFacts, c: IssueContext): string | null => {
    const pairs: [string, unknown, unknown][] = [
      ['lead_unit_id', e.afterLeadUnitId, c.leadUnitId],
      ['due_at', e.afterDueAt?.toISOString() ?? null, c.dueAt ? new Date(c.dueAt).toISOString() : null],
      ['deadline_kind', e.afterDeadlineKind, c.deadlineKind],
      ['completed_on_time', e.afterCompletedOnTime, c.completedOnTime],
      [
        'first_submitted_at',
        e.afterFirstSubmittedAt?.toISOString() ?? null,
        c.firstSubmittedAt ? new Date(c.firstSubmittedAt).toISOString() : null,
      ],
      ['satisfaction', e.afterSatisfaction, c.satisfaction],
      ['escalation_level', e.afterEscalationLevel, c.escalationLevel],
      ['duplicate_of_id', e.afterDuplicateOfId, c.duplicateOfId],
    ];
    const bad = pairs.find(([, stored, replayed]) => stored !== replayed);
    return bad ? `event ${e.seq} ${bad[0]}` : null;
  };
  const firstBad = check(first, snapshot.context);
  if (firstBad) return firstBad;
  for (const e of rest) {
    const r = step(snapshot, e.payload as unknown as IssueEvent);
    if (!r.changed) return `event ${e.seq} refused`;
    snapshot = r.snapshot;
    const bad = check(e, snapshot.context);
    if (bad) return bad;
  }
  return null;
}
