// THE path every event takes: read → version → policy → machine → save + append if the version still holds (else again).
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ISSUE_MACHINE_VERSION } from '../../workflows/issue.machine.js';
import {
  actorMaySend,
  actorRefusal,
  factsOf,
  isComplaint,
  nextSignOff,
  payloadIssues,
  stampedFacts,
  stepOf,
  type ProblemFacts,
} from '../../workflows/issue.rules.js';
import {
  allowedEvents,
  initialSnapshot,
  refusalOf,
  snapshotOf,
  step,
  substateOf,
  topStateOf,
} from '../../workflows/issue.runtime.js';
import { REVIEW_STEP } from '../../workflows/issue.types.js';
import type {
  Actor,
  IssueContext,
  IssueEvent,
  IssueInput,
  IssueSource,
  PayloadProblem,
  SignOffStep,
} from '../../workflows/issue.types.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { ClosurePoliciesRepository } from './closure-policies.repository.js';
import { badFields, badInput, DomainError, notFound } from '../common/domain-error.js';
import type { IssueRecord } from './issue.record.js';
import { canSee } from './issue-visibility.js';
import { afterFacts, contextOf, contextRecord } from './issue-snapshot.mapper.js';
import { transitionRefusal } from './transition-refusal.js';
import { currentScope } from '../limits/request-scope.js';
import { CITY_WIDE, districtSetting, inDistrict } from '../tenancy/district-scope.js';
import {
  IssuesRepository,
  type BulkEvent,
  type BulkIssue,
  type EventRow,
  filedColumns,
  type NewIssueRow,
  type SnapshotRow,
} from './issues.repository.js';

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
  /** The sender's own unattached uploads, attached to the appended event in the same transaction (all or none). */
  evidenceIds?: readonly string[];
  /** What else the event writes, in its transaction (the event's row saved): all of it commits, or none. */
  alsoWrite?: (manager: EntityManager, saved: IssueRecord) => Promise<void>;
}

/** A problem to file: its row, with no code when one is to be generated. */
export type Filing = Omit<NewIssueRow, 'code'> & { code: string | null };

export interface FileOptions {
  /** What else the filing writes, in its transaction (the problem and its first log row saved): all of it, or none. */
  alsoWrite?: (manager: EntityManager, saved: IssueRecord) => Promise<void>;
}

@Injectable()
export class TransitionService {
  constructor(
    private readonly db: DataSource,
    private readonly issues: IssuesRepository,
    private readonly policies: ClosurePoliciesRepository,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Applies an event: read the problem, stamp the moment, check and step the machine, then save the new state and
   * append the event in one statement on the condition that the version read is still current (a compare-and-set: two
   * round trips, no lock held between them). Lost to a concurrent event, it reads again and decides afresh; after a few
   * losses it queues on the row lock instead. Evidence is attached in the event's own transaction, and an event whose
   * facts come from another problem's row holds that row's lock too, so the facts still hold at commit: the locked path.
   */
  async apply(issueId: string, input: EventInput, by: Sender, options: ApplyOptions = {}): Promise<IssueRecord> {
    // A city-wide caller (the city's office signing a district's CITY_REVIEW) acts in the problem's district: its log
    // row, outbox and the planners' work take their district from the session, as for the district's own callers.
    if (districtSetting(currentScope()?.district) === CITY_WIDE) {
      const district = await this.issues.districtOf(issueId);
      if (district) return inDistrict(district, () => this.applyHere(issueId, input, by, options));
    }
    return this.applyHere(issueId, input, by, options);
  }

  private async applyHere(issueId: string, input: EventInput, by: Sender, options: ApplyOptions): Promise<IssueRecord> {
    const others = lockedWith(input);
    if (!options.evidenceIds?.length && !options.alsoWrite && others.length === 0) {
      for (let attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
        const [issue] = await this.issues.byIds([issueId]);
        // Read after the problem: an event that lost to another is stamped after it, so a problem's log is in time
        // order (figures as of a moment rely on it).
        const at = options.at ?? this.clock.now();
        const next = await this.decide(issue ?? null, input, by, options, at, this.db.manager);
        const saved = await this.issues.saveTransition(
          this.db.manager,
          next.id,
          next.snapshot,
          next.event,
          next.fromVersion,
        );
        if (saved) return saved;
      }
    }
    return this.db.transaction(async (manager) => {
      const issue = await this.issues.lock(manager, issueId, others);
      // Stamped after the lock, for the same reason.
      const at = options.at ?? this.clock.now();
      const next = await this.decide(issue, input, by, options, at, manager);
      const saved = await this.issues.saveTransition(manager, next.id, next.snapshot, next.event, next.fromVersion);
      if (!saved) throw new Error(`issue ${next.id} changed under its row lock`);
      if (options.evidenceIds?.length) await attachEvidence(manager, saved, options.evidenceIds, by.tokenId);
      if (options.alsoWrite) await options.alsoWrite(manager, saved);
      return saved;
    });
  }

  /**
   * Sends one event to several problems in one transaction — a supervision order, its reply and decision, a leader's
   * instruction and its acknowledgement: the rows locked in id order, each decided and saved as `apply` decides and
   * saves one, each upload attached to its own problem's event, then what else the event writes. A refusal of any
   * refuses them all, naming the problem (extensions.issueId, issueCode).
   */
  async applyAll(
    issueIds: readonly string[],
    input: EventInput,
    by: Sender,
    options: {
      evidenceIds?: readonly string[];
      alsoWrite?: (manager: EntityManager, saved: IssueRecord[]) => Promise<void>;
    } = {},
  ): Promise<IssueRecord[]> {
    const ids = [...new Set(issueIds.map((id) => id.toLowerCase()))].sort();
    return this.db.transaction(async (manager) => {
      const rows = new Map((await this.issues.lockAll(manager, ids)).map((r) => [r.id, r]));
      const at = this.clock.now();
      const saved: IssueRecord[] = [];
      for (const id of ids) {
        const issue = rows.get(id) ?? null;
        try {
          const next = await this.decide(issue, input, by, {}, at, manager);
          const one = await this.issues.saveTransition(manager, next.id, next.snapshot, next.event, next.fromVersion);
          if (!one) throw new Error(`issue ${next.id} changed under its row lock`);
          saved.push(one);
        } catch (e) {
          throw e instanceof DomainError && issue ? naming(e, issue) : e;
        }
      }
      if (options.evidenceIds?.length) await attachEvidenceToEach(manager, saved, options.evidenceIds, by.tokenId);
      if (options.alsoWrite) await options.alsoWrite(manager, saved);
      return saved;
    });
  }

  /** Visibility, version, policy and the machine: the problem's next state and log row, or the refusal. */
  private async decide(
    issue: IssueRecord | null,
    input: EventInput,
    by: Sender,
    options: ApplyOptions,
    at: Date,
    manager: EntityManager,
  ): Promise<{ id: string; fromVersion: number; snapshot: SnapshotRow; event: EventRow }> {
    if (!issue || !canSee(by.actor, issue)) throw notFound('Issue');
    const expected = options.expectedVersion;
    if (expected !== undefined && expected !== null && expected !== issue.version) {
      throw new DomainError('VERSION_CONFLICT', `The issue is at version ${issue.version}, not ${expected}`, {
        currentVersion: issue.version,
      });
    }
    const context = contextOf(issue);
    const before = snapshotOf(issue.substate, context);
    const situation = { attempt: input.type, substate: issue.substate, context };
    // The caller first, before anything is looked up for the event.
    const byActor = actorRefusal(by.actor, context, input.type, stepOf(input));
    if (byActor) throw transitionRefusal(byActor, { ...situation, allowedEvents: [] });

    const event = {
      ...input,
      ...stampedFacts(context, input.type),
      ...(await this.factsFor(issue.id, input, manager)),
      ...(await this.chainFacts(context, input, at, manager)),
      actor: by.actor,
      at: at.toISOString(),
    } as IssueEvent;
    const facts = factsOf(event);
    const refused = refusalOf(before, by.actor, input.type, event.at, facts, stepOf(input));
    if (refused)
      throw transitionRefusal(refused, {
        ...situation,
        facts,
        allowedEvents: allowedEvents(before, by.actor, event.at, facts),
      });
    const problems = payloadIssues(context, event);
    if (problems.length > 0) throw payloadRefusal(event, problems);

    const { changed, snapshot } = step(before, event);
    if (!changed) {
      // The checks above mirror the machine's guards; reaching this means they disagree.
      throw new DomainError('INVALID_TRANSITION', `The machine refused ${input.type}`, {
        state: issue.substate,
        allowedEvents: allowedEvents(before, by.actor, event.at),
      });
    }
    const substate = substateOf(snapshot);
    return {
      id: issue.id,
      fromVersion: issue.version,
      snapshot: {
        state: topStateOf(substate),
        substate,
        machineVersion: ISSUE_MACHINE_VERSION,
        context: snapshot.context,
      },
      event: {
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
    };
  }

  /**
   * What the sign-off chain's events carry from outside the machine, from the source's closure policy now: a
   * submission, whether the supervising department reviews it first (when the problem names one); an acceptance, the
   * steps after it; an event that starts the public notice, when it ends (the official calendar's working days).
   */
  private async chainFacts(
    context: IssueContext,
    input: EventInput,
    at: Date,
    manager: EntityManager,
  ): Promise<{ signOffSteps?: SignOffStep[]; noticeEndsAt?: string; departmentReview?: boolean; withParts?: boolean }> {
    const noticeEnd = async () =>
      (await this.calendar.addWorkingDays(at, this.config.publicNoticeWorkingDays)).toISOString();
    // Version 6 on: an assignment gives each cooperating unit a part of its own to report.
    if (input.type === 'assign' || input.type === 'reassign') return { withParts: true };
    if (input.type === 'submit')
      return {
        departmentReview:
          context.supervisingUnitId !== null &&
          (await this.policies.stepsFor(context.source, manager)).includes(REVIEW_STEP),
      };
    if (input.type === 'verify' && input.passed === true) {
      const signOffSteps = (await this.policies.stepsFor(context.source, manager)).filter((s) => s !== REVIEW_STEP);
      return nextSignOff(signOffSteps, null) === 'PUBLIC_NOTICE'
        ? { signOffSteps, noticeEndsAt: await noticeEnd() }
        : { signOffSteps };
    }
    const step = stepOf(input);
    if (input.type === 'signOff' && step && nextSignOff(context.signOffSteps, step) === 'PUBLIC_NOTICE')
      return { noticeEndsAt: await noticeEnd() };
    if (input.type === 'dismissObjection') return { noticeEndsAt: await noticeEnd() };
    return {};
  }

  /**
   * What the event must know of other problems, read in its transaction and passed in it for the machine's guards:
   * open derived problems before a close; before a markDuplicate, under both rows' locks, whether the original is
   * itself a duplicate and how many duplicates this problem already has.
   */
  private async factsFor(id: string, input: EventInput, manager: EntityManager): Promise<EventFacts> {
    if (input.type === 'close') return { openChildren: (await this.issues.openChildren([id], manager)).get(id) ?? 0 };
    if (input.type !== 'markDuplicate') return {};
    const { originalFound, originalIsDuplicate, duplicates } = await this.issues.duplicateFacts(
      manager,
      id,
      input.duplicateOfId,
    );
    if (!originalFound) throw badInput(['ofId'], '所指的原问题不存在', 'UNKNOWN_REFERENCE');
    return { duplicates, originalIsDuplicate };
  }

  /**
   * Files many problems at once (imports), each optionally assigned: the same machine and rules as `file` and
   * `apply`, stepped in memory, then written in one transaction with multi-row statements. A code taken meanwhile is
   * skipped. Returns the codes written. The rows are stepped a chunk at a time, just before their statement, so that
   * one chunk's snapshots, log rows and JSON are held at once, not the whole list's (a refusal by the machine throws
   * inside the transaction: nothing is written either way).
   */
  async fileMany(items: BulkFiling[], by: Sender, at: Date): Promise<string[]> {
    const actor = {
      actor: by.label,
      actorRole: by.actor.role,
      actorTokenId: by.tokenId,
      unitId: by.actor.unitId,
      machineVersion: ISSUE_MACHINE_VERSION,
      at,
    };
    return this.db.transaction(async (manager) => {
      const written: string[] = [];
      for (let i = 0; i < items.length; i += BULK_CHUNK) {
        const { issues, events } = bulkRows(items.slice(i, i + BULK_CHUNK), by, at);
        written.push(...(await this.issues.insertMany(manager, issues, events, actor)));
      }
      return written;
    });
  }

  /** Files a new problem: the machine's initial snapshot and the log's first row ("file"). */
  async file(row: Filing, by: Sender, options: FileOptions = {}): Promise<IssueRecord> {
    return this.db.transaction(async (manager) => {
      let code = row.code;
      if (code === null) {
        const prefix = CODE_PREFIX[row.source as IssueSource];
        const year = Number(row.filedAt.toISOString().slice(0, 4));
        code = `${prefix}-${year}-${String(await this.issues.nextCodeNumber(manager, prefix, year)).padStart(5, '0')}`;
      }
      const filing = filingOf(row.source as IssueSource, row.complaintChannel);
      const snapshot = initialSnapshot(filing);
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
          payload: { type: 'file', ...filing, at: row.filedAt.toISOString() },
          machineVersion: ISSUE_MACHINE_VERSION,
          at: row.filedAt,
        },
      );
      // A taken code, even by a filing racing this one, is the client's to change.
      if (!issue) throw badInput(['code'], '已有问题使用此编号', 'TAKEN');
      if (options.alsoWrite) await options.alsoWrite(manager, issue);
      return issue;
    });
  }
}

/**
 * What a filing tells the machine: the source, and that it is a complaint when that does not follow from the source
 * (a complaint handed over by an inspection team keeps its round); the log's first row records it for replay.
 */
function filingOf(source: IssueSource, complaintChannel: string | null): IssueInput {
  return isComplaint(source, complaintChannel !== null) && source !== 'PUBLIC_COMPLAINT'
    ? { source, complaint: true }
    : { source };
}

/** The facts the service fills into an event (see IssueEvent). */
type EventFacts = ProblemFacts & { originalIsDuplicate?: boolean };

/**
 * Other problems whose rows the event's facts come from. markDuplicate reads both ends of the link: locked together,
 * in id order (see IssuesRepository.lock), two markings sharing a problem queue one behind the other, so the second
 * reads the first's link (read unlocked, both would pass and leave a chain or a cycle).
 */
function lockedWith(input: EventInput): string[] {
  return input.type === 'markDuplicate' ? [input.duplicateOfId] : [];
}

/** The problems' rows and their log rows (file, and assign when asked), stepped through the machine in memory. */
function bulkRows(items: readonly BulkFiling[], by: Sender, at: Date): { issues: BulkIssue[]; events: BulkEvent[] } {
  const issues: BulkIssue[] = [];
  const events: BulkEvent[] = [];
  for (const { row, assign } of items) {
    const filing = filingOf(row.source as IssueSource, row.complaintChannel);
    const initial = initialSnapshot(filing);
    const log: BulkEvent[] = [
      {
        code: row.code,
        seq: 1,
        type: 'file',
        from_state: null,
        to_state: 'FILED',
        comment: null,
        payload: { type: 'file', ...filing, at: at.toISOString() },
        ...afterFacts(initial.context),
      },
    ];
    let snapshot = initial;
    if (assign) {
      // (stamped as the one-problem path stamps it: each cooperating unit gets its part)
      const event = { ...assign, withParts: true, actor: by.actor, at: at.toISOString() } as IssueEvent;
      const problems = payloadIssues(snapshot.context, event);
      if (problems.length > 0) throw badFields(problems);
      if (!actorMaySend(by.actor, snapshot.context, 'assign')) throw badInput(['assign']);
      const stepped = step(snapshot, event);
      if (!stepped.changed)
        throw new DomainError('INVALID_TRANSITION', 'The machine refused assign', {
          state: 'FILED',
          allowedEvents: [],
        });
      snapshot = stepped.snapshot;
      log.push({
        code: row.code,
        seq: 2,
        type: 'assign',
        from_state: 'FILED',
        to_state: substateOf(snapshot),
        comment: assign.comment ?? null,
        payload: event,
        ...afterFacts(snapshot.context),
      });
    }
    const substate = substateOf(snapshot);
    issues.push({
      ...filedColumns({ ...row, filedAt: at, filedBy: by.label }),
      state: topStateOf(substate),
      substate,
      machine_version: ISSUE_MACHINE_VERSION,
      version: log.length,
      ...contextRecord(snapshot.context),
    });
    events.push(...log);
  }
  return { issues, events };
}

/** Compare-and-set tries before an event queues on the problem's row lock. */
const OPTIMISTIC_ATTEMPTS = 3;

/** Rows per multi-row statement: large enough to amortise round trips, small enough for one jsonb parameter. */
const BULK_CHUNK = 2500;

/** One problem to file in bulk, with the assignment to make at once, if any. */
export interface BulkFiling {
  row: Omit<NewIssueRow, 'filedAt' | 'filedBy'>;
  assign: Extract<EventInput, { type: 'assign' }> | null;
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

/** BAD_USER_INPUT in the API's field names (markDuplicate's original is `ofId` there), each with its reason. */
function payloadRefusal(event: IssueEvent, problems: PayloadProblem[]): DomainError {
  return badFields(
    problems.map(({ field, reason }) =>
      event.type === 'markDuplicate' && field === 'duplicateOfId'
        ? {
            field: 'ofId',
            reason,
            message: reason === 'CONFLICTING' ? '所指的问题本身是重复问题，请指向它的原问题' : undefined,
          }
        : { field, reason },
    ),
  );
}

/** Attaches uploads to the event just appended (seq = the new version); one that is not the sender's, not this problem's or already attached fails it all. */
async function attachEvidence(
  manager: EntityManager,
  issue: IssueRecord,
  ids: readonly string[],
  tokenId: string | null,
): Promise<void> {
  const unique = [...new Set(ids)];
  const [, attached]: [unknown[], number] = await manager.query(
    `UPDATE evidence SET event_seq = $1
      WHERE id = ANY($2::uuid[]) AND issue_id = $3 AND event_seq IS NULL AND uploaded_by_token = $4`,
    [issue.version, unique, issue.id, tokenId],
  );
  if (attached < unique.length) {
    throw badInput(['evidenceIds'], '佐证只能由上传它的令牌、附在它所属的问题上、且只能附一次', 'CONFLICTING');
  }
}

/** A refusal of one problem among several, saying which. */
function naming(e: DomainError, issue: IssueRecord): DomainError {
  return new DomainError(e.code, `问题 ${issue.code}：${e.message}`, {
    ...e.extensions,
    issueId: issue.id,
    issueCode: issue.code,
  });
}

/** Attaches each upload to the event just appended to its own problem; as attachEvidence, all or none. */
async function attachEvidenceToEach(
  manager: EntityManager,
  saved: IssueRecord[],
  ids: readonly string[],
  tokenId: string | null,
): Promise<void> {
  const unique = [...new Set(ids)];
  const [, attached]: [unknown[], number] = await manager.query(
    `UPDATE evidence e SET event_seq = s.version
       FROM unnest($2::uuid[], $3::int[]) AS s(issue_id, version)
      WHERE e.id = ANY($1::uuid[]) AND e.issue_id = s.issue_id AND e.event_seq IS NULL AND e.uploaded_by_token = $4`,
    [unique, saved.map((i) => i.id), saved.map((i) => i.version), tokenId],
  );
  if (attached < unique.length) {
    throw badInput(['evidenceIds'], '佐证只能由上传它的令牌、附在它所属的问题上、且只能附一次', 'CONFLICTING');
  }
}

function commentOf(input: EventInput): string | null {
  if ('reason' in input) return input.reason;
  if ('summary' in input) return input.summary;
  if ('reasons' in input) return input.reasons;
  if ('explanation' in input) return input.explanation;
  if ('text' in input) return input.text;
  if ('comment' in input) return input.comment ?? null;
  return null;
}
