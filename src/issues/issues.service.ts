import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../workflows/issue.types.js';
import type { Caller } from '../auth/caller.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { badInput } from '../common/domain-error.js';
import { UnitsService } from '../units/units.service.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { AssignInput } from './dto/assign.input.js';
import type { FileIssueInput } from './dto/file-issue.input.js';
import { IssueListQuery, type ListFilter } from './issue-list.query.js';
import type { IssueRecord } from './issue.record.js';
import { canSee } from './issue-visibility.js';
import { IssuesRepository } from './issues.repository.js';
import { TransitionService, type Sender } from './transition.service.js';

export const senderOf = (caller: Caller): Sender => ({
  actor: { role: caller.role, unitId: caller.unitId },
  label: caller.label,
  tokenId: caller.tokenId,
});

export interface IssuePage {
  edges: { cursor: string; node: IssueRecord }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  /** Null when the query did not select it. */
  totalCount: number | null;
}

@Injectable()
export class IssuesService {
  constructor(
    private readonly issues: IssuesRepository,
    private readonly list: IssueListQuery,
    private readonly transitions: TransitionService,
    private readonly units: UnitsService,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async file(input: FileIssueInput, by: Sender): Promise<IssueRecord> {
    const isComplaint = input.source === 'PUBLIC_COMPLAINT';
    const complaintOnly = (['complainantName', 'complainantPhone', 'complaintChannel', 'replyDueAt'] as const).filter(
      (f) => input[f] !== undefined && input[f] !== null,
    );
    if (!isComplaint && complaintOnly.length > 0) throw badInput(complaintOnly, 'Only a PUBLIC_COMPLAINT has a complainant and a reply deadline');
    if (input.parentId && (await this.issues.byIds([input.parentId])).length === 0) {
      throw badInput(['parentId'], 'No issue with that parentId');
    }
    const filedAt = this.clock.now();
    if (input.replyDueAt && input.replyDueAt.getTime() <= filedAt.getTime()) throw badInput(['replyDueAt'], 'replyDueAt must be in the future');
    return this.transitions.file(
      {
        code: input.code ?? null,
        source: input.source,
        batch: input.batch ?? null,
        title: input.title,
        description: input.description,
        category: input.category,
        location: input.location ?? null,
        parentId: input.parentId ?? null,
        complainantName: input.complainantName ?? null,
        complainantPhone: input.complainantPhone ?? null,
        complaintChannel: input.complaintChannel ?? null,
        replyDueAt: isComplaint ? (input.replyDueAt ?? (await this.calendar.addWorkingDays(filedAt, this.config.complaintReplyWorkingDays))) : null,
        filedAt,
        filedBy: by.label,
      },
      by,
    );
  }

  /** assign and reassign: the units must exist; an IMMEDIATE deadline is resolved on the calendar. */
  async assign(input: AssignInput, caller: Caller, type: 'assign' | 'reassign'): Promise<IssueRecord> {
    const coop = input.cooperatingUnitIds ?? [];
    const unknown = await this.units.unknownIds([input.leadUnitId, ...coop]);
    const bad = [
      ...(unknown.includes(input.leadUnitId) ? ['leadUnitId'] : []),
      ...(coop.some((id) => unknown.includes(id)) ? ['cooperatingUnitIds'] : []),
    ];
    if (bad.length > 0) throw badInput(bad, 'No unit with that id');
    const at = this.clock.now();
    let dueAt: Date | null = input.dueAt ?? null;
    if (input.deadlineKind === 'IMMEDIATE') dueAt = await this.calendar.endOfNextWorkingDay(at);
    if (input.deadlineKind === 'LONG_TERM' && dueAt !== null) throw badInput(['dueAt'], 'A LONG_TERM deadline has no date');
    return this.transitions.apply(
      input.issueId,
      {
        type,
        leadUnitId: input.leadUnitId,
        cooperatingUnitIds: coop,
        deadlineKind: input.deadlineKind,
        dueAt: dueAt ? dueAt.toISOString() : null,
        comment: input.comment ?? null,
      },
      senderOf(caller),
      { expectedVersion: input.expectedVersion, at },
    );
  }

  async markDuplicate(issueId: string, ofId: string, comment: string | null, caller: Caller, expectedVersion?: number): Promise<IssueRecord> {
    if (ofId.toLowerCase() === issueId.toLowerCase()) throw badInput(['ofId'], 'A problem cannot duplicate itself');
    // The original is checked in the event's transaction, under both problems' row locks (TransitionService.apply).
    return this.transitions.apply(issueId, { type: 'markDuplicate', duplicateOfId: ofId, comment }, senderOf(caller), { expectedVersion });
  }

  async get(id: string, actor: Actor): Promise<IssueRecord | null> {
    const [issue] = await this.issues.byIds([id]);
    return issue && canSee(actor, issue) ? issue : null;
  }

  async getByCode(code: string, actor: Actor): Promise<IssueRecord | null> {
    const issue = await this.issues.byCode(code);
    return issue && canSee(actor, issue) ? issue : null;
  }

  async page(filter: ListFilter, first: number, after: string | undefined, withTotal: boolean): Promise<IssuePage> {
    if (first > this.config.maxPageSize) throw badInput(['first'], `first may be at most ${this.config.maxPageSize}`);
    const page = await this.list.page(filter, this.clock.now(), first, after ? decodeCursor(after) : null, withTotal);
    const edges = page.rows.map((node) => ({ cursor: encodeCursor(node.filedAt, node.id), node }));
    return {
      edges,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: page.totalCount,
    };
  }
}
