// THE path every event takes: lock → version → policy → machine → save + append → commit.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ISSUE_MACHINE_VERSION } from '../../workflows/issue.machine.js';
import { actorMaySend, payloadProblems, preconditionHolds } from '../../workflows/issue.rules.js';
import { allowedEvents, eventsOfState, initialSnapshot, snapshotOf, step, substateOf, topStateOf } from '../../workflows/issue.runtime.js';
import type { Actor, IssueEvent, IssueSource } from '../../workflows/issue.types.js';
import { Clock } from '../common/clock.js';
import { badInput, DomainError, forbidden, notFound } from '../common/domain-error.js';
import type { IssueRecord } from './issue.record.js';
import { canSee } from './issue-visibility.js';
import { contextOf } from './issue-snapshot.mapper.js';
import { IssuesRepository, type NewIssueRow } from './issues.repository.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An event as a mutation describes it; the service adds who sent it and when. */
export type EventInput = DistributiveOmit<IssueEvent, 'actor' | 'at'>;

/** Who sends an event: a token's caller, or the scheduler. */
export interface Sender {
  actor: Actor;
  label: string;
  tokenId: string | null;
}

export interface ApplyOptions {
  expectedVersion?: number | null;
  /** The moment of the event, when the caller already fixed it (e.g. to resolve an IMMEDIATE deadline). */
  at?: Date;
}

@Injectable()
export class TransitionService {
  constructor(
    private readonly db: DataSource,
    private readonly issues: IssuesRepository,
    private readonly clock: Clock,
  ) {}

  async apply(issueId: string, input: EventInput, by: Sender, options: ApplyOptions = {}): Promise<IssueRecord> {
    const at = options.at ?? this.clock.now();
    return this.db.transaction(async (manager) => {
      const issue = await this.issues.lock(manager, issueId);
      if (!issue || !canSee(by.actor, issue)) throw notFound('Issue');
      const expected = options.expectedVersion;
      if (expected !== undefined && expected !== null && expected !== issue.version) {
        throw new DomainError('VERSION_CONFLICT', `The issue is at version ${issue.version}, not ${expected}`, {
          currentVersion: issue.version,
        });
      }
      const context = contextOf(issue);
      if (!actorMaySend(by.actor, context, input.type)) throw forbidden(`This caller may not ${input.type} this issue`);

      const facts: { openChildren?: number } =
        input.type === 'close' ? { openChildren: (await this.issues.openChildren([issue.id], manager)).get(issue.id) ?? 0 } : {};
      const event = { ...input, ...facts, actor: by.actor, at: at.toISOString() } as IssueEvent;
      const before = snapshotOf(issue.substate, context);
      if (!eventsOfState(before).includes(input.type) || !preconditionHolds(context, input.type, event.at, facts)) {
        throw new DomainError('INVALID_TRANSITION', refusal(input.type, issue.substate, context.duplicateOfId, facts.openChildren), {
          state: issue.substate,
          allowedEvents: allowedEvents(before, by.actor, event.at, facts),
        });
      }
      const problems = payloadProblems(context, event);
      if (problems.length > 0) throw badInput(problems);

      const { changed, snapshot } = step(before, event);
      if (!changed) {
        // The checks above mirror the machine's guards; reaching this means they disagree.
        throw new DomainError('INVALID_TRANSITION', `The machine refused ${input.type}`, {
          state: issue.substate,
          allowedEvents: allowedEvents(before, by.actor, event.at),
        });
      }
      const substate = substateOf(snapshot);
      return this.issues.saveTransition(
        manager,
        issue.id,
        { state: topStateOf(substate), substate, machineVersion: ISSUE_MACHINE_VERSION, context: snapshot.context },
        {
          seq: issue.version + 1,
          type: input.type,
          fromState: issue.substate,
          toState: substate,
          actor: by.label,
          actorRole: by.actor.role,
          actorTokenId: by.tokenId,
          unitId: by.actor.unitId,
          comment: commentOf(input),
          payload: event,
          machineVersion: ISSUE_MACHINE_VERSION,
          at,
        },
      );
    });
  }

  /** Files a new problem: the machine's initial snapshot and the log's first row ("file"). */
  async file(row: Omit<NewIssueRow, 'code'> & { code: string | null }, by: Sender): Promise<IssueRecord> {
    return this.db.transaction(async (manager) => {
      let code = row.code;
      if (code === null) {
        const prefix = CODE_PREFIX[row.source as IssueSource];
        const year = Number(row.filedAt.toISOString().slice(0, 4));
        code = `${prefix}-${year}-${String(await this.issues.nextCodeNumber(manager, prefix, year)).padStart(5, '0')}`;
      }
      const snapshot = initialSnapshot({ source: row.source as IssueSource });
      const substate = substateOf(snapshot);
      const issue = await this.issues.insert(
        manager,
        { ...row, code },
        { state: topStateOf(substate), substate, machineVersion: ISSUE_MACHINE_VERSION, context: snapshot.context },
        {
          seq: 1,
          type: 'file',
          fromState: null,
          toState: substate,
          actor: by.label,
          actorRole: by.actor.role,
          actorTokenId: by.tokenId,
          unitId: by.actor.unitId,
          comment: null,
          // The replay input; the complainant stays in the issue row, never in the log.
          payload: { type: 'file', source: row.source, at: row.filedAt.toISOString() },
          machineVersion: ISSUE_MACHINE_VERSION,
          at: row.filedAt,
        },
      );
      // A taken code, even by a filing racing this one, is the client's to change.
      if (!issue) throw badInput(['code'], 'An issue with that code already exists');
      return issue;
    });
  }
}

/** Code prefixes by source: 中央 ZY, 市级 SJ, 暗访 AF, 专项 ZX, 举报 JB, 自查 ZC. */
const CODE_PREFIX: Record<IssueSource, string> = {
  CENTRAL_INSPECTION: 'ZY',
  MUNICIPAL_INSPECTION: 'SJ',
  UNDERCOVER_INSPECTION: 'AF',
  SPECIAL_INSPECTION: 'ZX',
  PUBLIC_COMPLAINT: 'JB',
  SELF_INSPECTION: 'ZC',
};

function refusal(type: string, substate: string, duplicateOf: string | null, openChildren: number | undefined): string {
  if (duplicateOf) return `The issue is a duplicate; it takes no ${type}`;
  if (openChildren) return `Cannot close: ${openChildren} derived issue(s) (举一反三) are still open`;
  return `Cannot ${type} an issue in ${substate}`;
}

function commentOf(input: EventInput): string | null {
  if ('reason' in input) return input.reason;
  if ('summary' in input) return input.summary;
  if ('comment' in input) return input.comment ?? null;
  return null;
}
