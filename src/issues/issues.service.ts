import { Inject, Injectable } from '@nestjs/common';
import { isComplaint } from '../../workflows/issue.rules.js';
import type { Actor } from '../../workflows/issue.types.js';
import type { Caller } from '../auth/caller.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { badFields, badInput } from '../common/domain-error.js';
import { checkCoordinates } from './coordinates.js';
import { checkEntered } from './entered-fields.js';
import { UnitsService } from '../units/units.service.js';
import { decodeCursor, encodeCursor, type IssueOrderField } from './cursor.js';
import type { AssignInput } from './dto/assign.input.js';
import type { FileIssueInput } from './dto/file-issue.input.js';
import { IssueListQuery, type ListFilter, type OrderDirection } from './issue-list.query.js';
import type { IssueRecord } from './issue.record.js';
import { IssueViews } from './issue-visibility.js';
import { observedSince } from './observation.js';
import { IssuesRepository } from './issues.repository.js';
import { TransitionService, type FileOptions, type Filing, type Sender } from './transition.service.js';

export const senderOf = (caller: Caller): Sender => ({
  actor: { role: caller.role, unitId: caller.unitId },
  label: caller.label,
  tokenId: caller.tokenId,
});

/** 50 rows when the query says neither `first` nor `last`. */
export const DEFAULT_PAGE_SIZE = 50;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  orderBy?: { field: IssueOrderField; direction: OrderDirection } | null;
}

const isGiven = (n: number | null | undefined): n is number => n !== undefined && n !== null;

export interface IssuePage {
  edges: { cursor: string; node: IssueRecord }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  /** Null when the query did not select it. */
  totalCount: number | null;
}

@Injectable()
export class IssuesService {
  constructor(
    private readonly issues: IssuesRepository,
    private readonly list: IssueListQuery,
    private readonly views: IssueViews,
    private readonly transitions: TransitionService,
    private readonly units: UnitsService,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async file(input: FileIssueInput, by: Sender, options: FileOptions = {}): Promise<IssueRecord> {
    return this.fileChecked(await this.filingOf(input, by), by, options);
  }

  /** Files a filing `filingOf` has checked (the city's hand-down files one into several lists). */
  fileChecked(filing: Filing, by: Sender, options: FileOptions = {}): Promise<IssueRecord> {
    return this.transitions.file(filing, by, options);
  }

  /**
   * A filing's row from fileIssue's input, checked (every refusal before anything is written): what `file` writes, and
   * what the city's hand-down checks for every problem of its batch before it files the first.
   */
  async filingOf(input: FileIssueInput, by: Sender): Promise<Filing> {
    // A complaint: every PUBLIC_COMPLAINT, and a problem of any source filed with its channel (it keeps its round).
    const complaint = isComplaint(input.source, input.complaintChannel != null);
    const complaintOnly = (['complainantName', 'complainantPhone', 'replyDueAt'] as const).filter(
      (f) => input[f] !== undefined && input[f] !== null,
    );
    if (!complaint && complaintOnly.length > 0)
      throw badInput(
        complaintOnly,
        '只有群众举报（PUBLIC_COMPLAINT）或填写了投诉渠道的问题才有举报人和答复期限',
        'NOT_APPLICABLE',
      );
    if (input.parentId && (await this.issues.byIds([input.parentId])).length === 0) {
      throw badInput(['parentId'], '所指的问题不存在', 'UNKNOWN_REFERENCE');
    }
    const place = checkCoordinates(input);
    const entered = checkEntered(input);
    const problems = [
      ...('problems' in place ? place.problems : []),
      ...('problems' in entered ? entered.problems : []),
    ];
    if (problems.length > 0 || 'problems' in place || 'problems' in entered) throw badFields(problems);
    const filedAt = this.clock.now();
    if (input.replyDueAt && input.replyDueAt.getTime() <= filedAt.getTime())
      throw badInput(['replyDueAt'], undefined, 'NOT_IN_FUTURE');
    return {
      code: input.code ?? null,
      source: input.source,
      title: input.title,
      description: input.description,
      category: input.category,
      ...entered.value,
      ...place.value,
      parentId: input.parentId ?? null,
      complainantName: input.complainantName ?? null,
      complainantPhone: input.complainantPhone ?? null,
      complaintChannel: input.complaintChannel ?? null,
      replyDueAt: complaint
        ? (input.replyDueAt ?? (await this.calendar.addWorkingDays(filedAt, this.config.complaintReplyWorkingDays)))
        : null,
      filedAt,
      filedBy: by.label,
    };
  }

  /** assign and reassign: the units must exist; an IMMEDIATE deadline is resolved on the calendar. */
  async assign(input: AssignInput, caller: Caller, type: 'assign' | 'reassign'): Promise<IssueRecord> {
    const coop = input.cooperatingUnitIds ?? [];
    const supervisor = input.supervisingUnitId ?? null;
    const unknown = await this.units.unknownIds([input.leadUnitId, ...coop, ...(supervisor ? [supervisor] : [])]);
    const bad = [
      ...(unknown.includes(input.leadUnitId) ? ['leadUnitId'] : []),
      ...(coop.some((id) => unknown.includes(id)) ? ['cooperatingUnitIds'] : []),
      ...(supervisor && unknown.includes(supervisor) ? ['supervisingUnitId'] : []),
    ];
    if (bad.length > 0) throw badInput(bad, '所指的单位不存在', 'UNKNOWN_REFERENCE');
    const at = this.clock.now();
    let dueAt: Date | null = input.dueAt ?? null;
    if (input.deadlineKind === 'IMMEDIATE') dueAt = await this.calendar.endOfNextWorkingDay(at);
    if (input.deadlineKind === 'LONG_TERM' && dueAt !== null)
      throw badInput(['dueAt'], '长期坚持的问题没有整改时限，不应填写', 'NOT_APPLICABLE');
    return this.transitions.apply(
      input.issueId,
      {
        type,
        leadUnitId: input.leadUnitId,
        cooperatingUnitIds: coop,
        supervisingUnitId: supervisor,
        deadlineKind: input.deadlineKind,
        dueAt: dueAt ? dueAt.toISOString() : null,
        comment: input.comment ?? null,
      },
      senderOf(caller),
      { expectedVersion: input.expectedVersion, at },
    );
  }

  async markDuplicate(
    issueId: string,
    ofId: string,
    comment: string | null,
    caller: Caller,
    expectedVersion?: number,
  ): Promise<IssueRecord> {
    if (ofId.toLowerCase() === issueId.toLowerCase()) throw badInput(['ofId'], '问题不能是它自己的重复', 'CONFLICTING');
    // The original is checked in the event's transaction, under both problems' row locks (TransitionService.apply).
    return this.transitions.apply(issueId, { type: 'markDuplicate', duplicateOfId: ofId, comment }, senderOf(caller), {
      expectedVersion,
    });
  }

  /** A problem the caller holds, or once held (a former holder's view), or may see as the office or a leader. */
  async get(id: string, actor: Actor): Promise<IssueRecord | null> {
    const [issue] = await this.issues.byIds([id]);
    return issue ? this.views.of(actor, issue) : null;
  }

  async getByCode(code: string, actor: Actor): Promise<IssueRecord | null> {
    const issue = await this.issues.byCode(code);
    return issue ? this.views.of(actor, issue) : null;
  }

  /**
   * A page of the list (Relay): the first `first` after `after`, or the last `last` before `before`, in `order`. The
   * side the page starts from is probed for earlier (or later) rows only when the query asks for that flag.
   */
  async page(
    filter: ListFilter,
    args: PageArgs,
    wants: { totalCount: boolean; beyondStart: boolean },
  ): Promise<IssuePage> {
    const order = args.orderBy ?? { field: 'FILED_AT', direction: 'DESC' };
    // Cursors first: a cursor the service did not make is refused as such, whatever else is wrong.
    const after = args.after ? decodeCursor(args.after, order.field, 'after') : null;
    const before = args.before ? decodeCursor(args.before, order.field, 'before') : null;
    if (isGiven(args.first) && isGiven(args.last))
      throw badInput(['first', 'last'], '不能同时指定 first 和 last', 'CONFLICTING');
    const backward = isGiven(args.last);
    const size = backward ? args.last! : (args.first ?? DEFAULT_PAGE_SIZE);
    if (size > this.config.maxPageSize)
      throw badInput([backward ? 'last' : 'first'], `每页不能超过 ${this.config.maxPageSize} 条`, 'OUT_OF_RANGE');
    if (filter.unitRole && !filter.unitId && filter.viewer?.role !== 'UNIT')
      throw badInput(['unitRole'], 'unitRole 须与 unitId 一起使用', 'NOT_APPLICABLE');
    const now = this.clock.now();
    const observed = { observedSince: observedSince(now, this.config.observationDays) };
    const page = await this.list.page(
      { ...filter, ...observed },
      now,
      new Date(now.getTime() + this.config.dueSoonDays * 86_400_000),
      {
        order,
        size,
        backward,
        after,
        before,
        withTotal: wants.totalCount,
        probe: wants.beyondStart,
      },
    );
    const edges = page.rows.map((node) => ({ cursor: encodeCursor(order.field, node), node }));
    const beyondStart = page.beyondStart ?? false;
    return {
      edges,
      pageInfo: {
        hasNextPage: backward ? beyondStart : page.more,
        hasPreviousPage: backward ? page.more : beyondStart,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
      totalCount: page.totalCount,
    };
  }
}
