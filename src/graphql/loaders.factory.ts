import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { Loaders } from '../common/request-context.js';
import { EvidenceRepository, type EvidenceRecord } from '../evidence/evidence.repository.js';
import type { IssueEventRecord, IssueRecord } from '../issues/issue.record.js';
import { evidenceCutOff } from '../issues/issue-visibility.js';
import { IssuesRepository } from '../issues/issues.repository.js';
import { NoticeObjectionsRepository, type NoticeObjectionRecord } from '../issues/notice-objections.repository.js';
import type { UnitRecord } from '../units/unit.record.js';
import { UnitsRepository } from '../units/units.repository.js';

function groupBy<T>(keys: readonly string[], rows: T[], key: (row: T) => string | null): T[][] {
  const grouped = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const r of rows) grouped.get(key(r) ?? '')?.push(r);
  return keys.map((k) => grouped.get(k) ?? []);
}

function byKey<T>(keys: readonly string[], rows: T[], key: (row: T) => string): (T | null)[] {
  const map = new Map(rows.map((r) => [key(r), r]));
  return keys.map((k) => map.get(k) ?? null);
}

/** Fresh loaders per request: batching without caching across callers. */
@Injectable()
export class LoadersFactory {
  constructor(
    private readonly units: UnitsRepository,
    private readonly issues: IssuesRepository,
    private readonly evidence: EvidenceRepository,
    private readonly objections: NoticeObjectionsRepository,
  ) {}

  create(): Loaders {
    const loaders: Loaders = {
      unit: new DataLoader<string, UnitRecord | null>(async (ids) =>
        byKey(ids, await this.units.byIds(ids), (u) => u.id),
      ),
      issue: new DataLoader<string, IssueRecord | null>(async (ids) =>
        byKey(ids, await this.issues.byIds(ids), (i) => i.id),
      ),
      events: new DataLoader<string, IssueEventRecord[]>(async (ids) =>
        groupBy(ids, await this.issues.eventsOf(ids), (e) => e.issueId),
      ),
      children: new DataLoader<string, IssueRecord[]>(async (ids) =>
        groupBy(ids, await this.issues.childrenOf(ids), (i) => i.parentId),
      ),
      duplicates: new DataLoader<string, IssueRecord[]>(async (ids) =>
        groupBy(ids, await this.issues.duplicatesOf(ids), (i) => i.duplicateOfId),
      ),
      objections: new DataLoader<string, NoticeObjectionRecord[]>(async (ids) =>
        groupBy(ids, await this.objections.ofIssues(ids), (o) => o.issueId),
      ),
      openChildren: new DataLoader<string, number>(async (ids) => {
        const counts = await this.issues.openChildren(ids);
        return ids.map((id) => counts.get(id) ?? 0);
      }),
      // A former holder's view of a problem (noted by the query that served it) keeps the evidence of the events it sees.
      evidence: new DataLoader<string, EvidenceRecord[]>(async (ids) =>
        groupBy(ids, await this.evidence.ofIssues(ids), (e) => e.issueId).map((rows, k) => {
          const through = evidenceCutOff(loaders, ids[k]);
          return through === undefined ? rows : rows.filter((e) => e.eventSeq !== null && e.eventSeq <= through);
        }),
      ),
    };
    return loaders;
  }
}
