// Who reads a problem, and how much of it. A unit reads the problems it holds (leads or cooperates on) or supervises
// (the department that reviews the work) whole; the
// problems it once held and no longer does (issue_former_holders, migration 17) as a former holder: the problem as it
// is now, but its log, evidence and pending extension request only up to the event that took the problem away
// (README: Former holders). The office, leaders and the scheduler read everything.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../workflows/issue.types.js';
import type { IssueRecord } from './issue.record.js';

/**
 * The caller reads the problem whole: a unit that leads, cooperates on or supervises it; the office, leaders and the
 * scheduler see all.
 */
export function canSee(
  actor: Actor,
  issue: Pick<IssueRecord, 'leadUnitId' | 'cooperatingUnitIds' | 'supervisingUnitId'>,
): boolean {
  if (actor.role !== 'UNIT') return true;
  return heldBy(actor, issue) || (actor.unitId !== null && issue.supervisingUnitId === actor.unitId);
}

/** Issue.heldByMe: the caller's unit leads or cooperates on the problem now (never, for a caller without a unit). */
export function heldBy(actor: Actor, issue: Pick<IssueRecord, 'leadUnitId' | 'cooperatingUnitIds'>): boolean {
  return (
    actor.unitId !== null && (issue.leadUnitId === actor.unitId || issue.cooperatingUnitIds.includes(actor.unitId))
  );
}

/** A former holder's view stops at this seq; holders and everyone else see the whole log. */
export function seesEvent(issue: Pick<IssueRecord, 'heldThroughSeq'>, seq: number | null): boolean {
  const through = issue.heldThroughSeq;
  return through === undefined || through === null || (seq !== null && seq <= through);
}

@Injectable()
export class IssueViews {
  constructor(private readonly db: DataSource) {}

  /** The problem as this caller may read it, or null when it may not. */
  async of(actor: Actor, issue: IssueRecord): Promise<IssueRecord | null> {
    if (canSee(actor, issue)) return issue;
    if (actor.role !== 'UNIT' || actor.unitId === null) return null;
    const rows: { seq: number }[] = await this.db.query(
      `SELECT until_seq AS seq FROM issue_former_holders WHERE unit_id = $1 AND issue_id = $2`,
      [actor.unitId, issue.id],
    );
    return rows.length ? { ...issue, heldThroughSeq: rows[0].seq } : null;
  }
}

// Evidence is loaded per problem for a whole request (Issue.evidence and IssueEvent.evidence share one load, in
// src/evidence), keyed by the problem's id alone. The query resolvers that hand a former holder its view note the
// problem's cut-off here, against the request's loaders, and the evidence loader (loaders.factory.ts) keeps only what
// the view may see. Keyed weakly: a request's notes go with its loaders.
const cutOffs = new WeakMap<object, Map<string, number>>();

export function noteViews(request: object, issues: readonly (IssueRecord | null)[]): void {
  for (const issue of issues) {
    if (issue?.heldThroughSeq === undefined || issue.heldThroughSeq === null) continue;
    let notes = cutOffs.get(request);
    if (!notes) cutOffs.set(request, (notes = new Map()));
    notes.set(issue.id, issue.heldThroughSeq);
  }
}

/** The seq through which this request reads the problem's evidence (undefined: all of it). */
export function evidenceCutOff(request: object, issueId: string): number | undefined {
  return cutOffs.get(request)?.get(issueId);
}
