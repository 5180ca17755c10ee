// The log is the truth: replaying each problem's events through the machine must give its stored state.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { initialSnapshot, step, substateOf } from '../../workflows/issue.runtime.js';
import type { IssueContext, IssueEvent, IssueSource } from '../../workflows/issue.types.js';
import { contextOf } from './issue-snapshot.mapper.js';
import { EVENT_COLUMNS, ISSUE_COLUMNS, type IssueEventRecord, type IssueRecord } from './issue.record.js';

export interface ReplayMismatch {
  issueId: string;
  code: string;
  storedSubstate: string;
  replayedSubstate: string | null;
  /** Context fields (and "version") that differ; "log" when the log itself cannot be replayed. */
  fields: string[];
}

export interface ReplayResult {
  checked: number;
  mismatches: ReplayMismatch[];
}

const BATCH = 500;

@Injectable()
export class ReplayService {
  constructor(private readonly db: DataSource) {}

  async verifyAll(): Promise<ReplayResult> {
    const mismatches: ReplayMismatch[] = [];
    let checked = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const issues: IssueRecord[] = await this.db.query(
        `SELECT ${ISSUE_COLUMNS} FROM issues i WHERE i.id > $1 ORDER BY i.id LIMIT ${BATCH}`,
        [after],
      );
      if (issues.length === 0) break;
      const events: IssueEventRecord[] = await this.db.query(
        `SELECT ${EVENT_COLUMNS} FROM issue_events e WHERE e.issue_id = ANY($1::uuid[]) ORDER BY e.issue_id, e.seq`,
        [issues.map((i) => i.id)],
      );
      const byIssue = new Map<string, IssueEventRecord[]>();
      for (const e of events) byIssue.set(e.issueId, [...(byIssue.get(e.issueId) ?? []), e]);
      for (const issue of issues) {
        const mismatch = compare(issue, byIssue.get(issue.id) ?? []);
        if (mismatch) mismatches.push(mismatch);
      }
      checked += issues.length;
      after = issues[issues.length - 1].id;
    }
    return { checked, mismatches };
  }
}

export function compare(issue: IssueRecord, log: IssueEventRecord[]): ReplayMismatch | null {
  const base = { issueId: issue.id, code: issue.code, storedSubstate: issue.substate };
  const [first, ...rest] = log;
  if (!first || first.type !== 'file') return { ...base, replayedSubstate: null, fields: ['log'] };
  let snapshot = initialSnapshot(first.payload as { source: IssueSource; complaint?: boolean });
  for (const e of rest) {
    const result = step(snapshot, e.payload as unknown as IssueEvent);
    if (!result.changed) return { ...base, replayedSubstate: substateOf(snapshot), fields: ['log'] };
    snapshot = result.snapshot;
  }
  const stored = contextOf(issue);
  const replayed: IssueContext = snapshot.context;
  const fields: string[] = (Object.keys(stored) as (keyof IssueContext)[]).filter(
    (k) => JSON.stringify(normalise(stored[k])) !== JSON.stringify(normalise(replayed[k])),
  );
  const substate = substateOf(snapshot);
  if (substate !== issue.substate) fields.unshift('substate');
  if (issue.version !== log.length) fields.push('version');
  return fields.length ? { ...base, replayedSubstate: substate, fields } : null;
}

/** Dates may come back spelled differently, and jsonb returns object keys in its own order. */
function normalise(v: unknown): unknown {
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) return new Date(v).toISOString();
  if (Array.isArray(v)) return v.map(normalise);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, x]) => [k, normalise(x)]),
    );
  }
  return v;
}
