// Look-back campaigns (回头看) as a real office runs them: it picks closed problems and hands them to their lead units
// with a due date (one transaction: the campaign, its items, the units' notifications); each unit self-checks and reports
// per problem; the office concludes each one with a `revisit` event through the one transition path, the item's
// conclusion written in that event's transaction — so a conclusion is applied once, however often it is sent.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Caller } from '../auth/caller.js';
import { ownUnitOnly, tableRowsFor } from '../auth/policy.js';
import { Clock } from '../common/clock.js';
import { badFields, badInput, DomainError, notFound } from '../common/domain-error.js';
import { deadlineDay, shanghaiDate, startOfShanghaiDay } from '../common/shanghai-time.js';
import { senderOf } from '../issues/issues.service.js';
import { TransitionService } from '../issues/transition.service.js';
import { NotificationDispatcher } from '../notifications/notification-dispatcher.service.js';
import type { NotificationRecord } from '../notifications/notifications.repository.js';
import { UnitsRepository } from '../units/units.repository.js';
import type { UnitRecord } from '../units/unit.record.js';
import type { StartLookbackInput } from './dto/lookback.input.js';
import {
  LookbackRepository,
  type CampaignRecord,
  type ItemRecord,
  type LookbackCampaignStatus,
  type LookbackCounts,
  type LookbackFinding,
  type LookbackItemStatus,
  type LookbackSelection,
  type UnitCounts,
} from './lookback.repository.js';

export type Progress = LookbackCounts & { open: number };

/** A campaign as the API shows it to one caller: its progress counted over the items the caller may read. */
export interface CampaignView extends Omit<CampaignRecord, 'selection' | 'openItems' | 'lastConcludedAt'> {
  selection: Required<{ [K in keyof LookbackSelection]: NonNullable<LookbackSelection[K]> | null }>;
  dueDay: string;
  status: LookbackCampaignStatus;
  completedAt: Date | null;
  progress: Progress;
  units: (Progress & { unit: UnitRecord })[];
}

export interface ItemView extends ItemRecord {
  status: LookbackItemStatus;
  overdue: boolean;
  report: { finding: LookbackFinding; comment: string; reportedAt: Date; reportedBy: string } | null;
}

/** The conclusion found its item no longer open (a retry, or a conclusion racing it): the event is rolled back. */
class NotOpen extends Error {}

const ZERO: LookbackCounts = { items: 0, reported: 0, concluded: 0, ok: 0, rebounds: 0, withdrawn: 0, overdue: 0 };
const withOpen = (c: LookbackCounts): Progress => ({ ...c, open: c.items - c.concluded - c.withdrawn });

@Injectable()
export class LookbackService {
  constructor(
    private readonly db: DataSource,
    private readonly lookbacks: LookbackRepository,
    private readonly transitions: TransitionService,
    private readonly units: UnitsRepository,
    private readonly notifications: NotificationDispatcher,
    private readonly clock: Clock,
  ) {}

  /**
   * Starts a campaign in one transaction: the selection checked, every problem it picks inserted by one statement, each
   * unit told (LOOKBACK_ASSIGNED) in the same transaction. Refused when it picks nothing.
   */
  async start(input: StartLookbackInput, caller: Caller): Promise<CampaignView> {
    const s = input.selection;
    const selection: LookbackSelection = {
      batch: s.batch ?? null,
      year: s.year ?? null,
      sources: s.sources?.length ? s.sources : null,
      unitId: s.unitId ?? null,
      issueIds: s.issueIds?.length ? s.issueIds : null,
      codes: s.codes?.length ? s.codes.map((c) => c.trim()) : null,
    };
    if (Object.values(selection).every((v) => v === null))
      throw badInput(['selection'], '请至少给出一个范围：批次、销号年度、来源、单位或问题清单', 'REQUIRED');
    const now = this.clock.now();
    if (input.dueAt.getTime() <= now.getTime()) throw badInput(['dueAt'], undefined, 'NOT_IN_FUTURE');
    if (selection.unitId && (await this.units.byIds([selection.unitId])).length === 0)
      throw badInput(['unitId'], '所指的单位不存在', 'UNKNOWN_REFERENCE');
    const year = selection.year;
    const closedFrom = year ? startOfShanghaiDay(`${year}-01-01`) : null;
    const closedBelow = year ? startOfShanghaiDay(`${year + 1}-01-01`) : null;

    let told: NotificationRecord[] = [];
    const id = await this.db.transaction(async (m) => {
      await this.lookbacks.lockStarts(m);
      if (selection.issueIds || selection.codes) {
        const listed = await this.lookbacks.listProblems(m, selection.issueIds ?? [], selection.codes ?? []);
        const problems = [
          ...(listed.unknownIds.length
            ? [
                {
                  field: 'issueIds',
                  reason: 'UNKNOWN_REFERENCE' as const,
                  message: `没有这些问题：${sample(listed.unknownIds)}`,
                },
              ]
            : []),
          ...(listed.unknownCodes.length
            ? [
                {
                  field: 'codes',
                  reason: 'UNKNOWN_REFERENCE' as const,
                  message: `没有这些编号的问题：${sample(listed.unknownCodes)}`,
                },
              ]
            : []),
          ...(listed.ineligible.length
            ? [
                {
                  field: selection.codes ? 'codes' : 'issueIds',
                  reason: 'CONFLICTING' as const,
                  message: `这些问题未销号、是重复问题或正在另一次回头看中：${sample(listed.ineligible)}`,
                },
              ]
            : []),
        ];
        if (problems.length > 0) throw badFields(problems);
      }
      const { id, perUnit } = await this.lookbacks.insertCampaign(
        m,
        { title: input.title, selection, dueAt: input.dueAt, startedAt: now, startedBy: caller.label },
        closedFrom,
        closedBelow,
      );
      if (perUnit.length === 0)
        throw badInput(['selection'], '所选范围内没有可回头看的已销号问题（或都已在进行中的回头看里）', 'CONFLICTING');
      told = await this.notifications.tell(
        m,
        perUnit.map((u) => ({
          trigger: 'LOOKBACK_ASSIGNED' as const,
          unitId: u.unitId,
          issueId: null,
          eventId: null,
          lookbackCampaignId: id,
          day: shanghaiDate(now),
          at: now,
          params: { title: input.title, count: String(u.items), dueDate: deadlineDay(input.dueAt) },
        })),
      );
      return id;
    });
    this.notifications.logTold(told);
    return (await this.campaign(id, caller))!;
  }

  /** A campaign the caller may read (a unit: one with items of its own), or null. */
  async campaign(id: string, caller: Caller): Promise<CampaignView | null> {
    const c = await this.lookbacks.campaign(id);
    if (!c) return null;
    const [view] = await this.views([c], caller);
    return view ?? null;
  }

  async campaigns(
    caller: Caller,
    statuses: LookbackCampaignStatus[] | null,
    first: number,
    after: string | null,
  ): Promise<CampaignView[]> {
    const rows = await this.lookbacks.campaigns(tableRowsFor(caller).onlyUnitId, statuses, first, after);
    return this.views(rows, caller);
  }

  /** Items the caller may read: a unit its own only (naming another unit is refused). */
  async items(
    caller: Caller,
    filter: { campaignId?: string; unitId?: string; statuses?: LookbackItemStatus[]; overdue?: boolean },
    first: number,
    after: string | null,
  ): Promise<ItemView[]> {
    const scope = ownUnitOnly(caller, filter.unitId);
    if (scope === 'refused') throw new DomainError('FORBIDDEN', '单位只能查看本单位的回头看问题');
    const now = this.clock.now();
    const rows = await this.lookbacks.items(
      {
        campaignId: filter.campaignId ?? null,
        unitId: scope.unitId,
        statuses: filter.statuses?.length ? filter.statuses : null,
        overdue: filter.overdue ?? null,
      },
      now,
      first,
      after,
    );
    return rows.map((r) => itemView(r, now));
  }

  /** The unit's self-check of one of its items, while the item is open; reporting again replaces it. */
  async report(itemId: string, finding: LookbackFinding, comment: string, caller: Caller): Promise<ItemView> {
    // A unit reports its own (another's is NOT_FOUND to it); the office may record a unit's report for it.
    const item = await this.readable(itemId, caller);
    const at = this.clock.now();
    if (!(await this.lookbacks.report(itemId, item.unitId, { finding, comment, at, by: caller.label })))
      throw notOpen(itemView((await this.lookbacks.item(itemId))!, at));
    return itemView((await this.lookbacks.item(itemId))!, at);
  }

  /**
   * The office's conclusion: a `revisit` event through the transition path, with the item's conclusion in its
   * transaction. Sent again (a retry) once concluded with the same outcome, it answers the item as it is; with the
   * other outcome, it is refused.
   */
  async conclude(
    a: { itemId: string; rebounded: boolean; comment?: string; newDueAt?: Date; expectedVersion?: number },
    caller: Caller,
  ): Promise<ItemView> {
    const item = await this.lookbacks.item(a.itemId);
    if (!item) throw notFound('LookbackItem');
    if (item.concludedAt !== null || item.withdrawnAt !== null) return this.concluded(item, a.rebounded);
    try {
      await this.transitions.apply(
        item.issueId,
        {
          type: 'revisit',
          rebounded: a.rebounded,
          comment: a.comment ?? null,
          newDueAt: a.newDueAt ? a.newDueAt.toISOString() : null,
        },
        senderOf(caller),
        {
          expectedVersion: a.expectedVersion,
          alsoWrite: async (m, saved) => {
            const done = await this.lookbacks.conclude(m, item.id, {
              at: saved.updatedAt,
              by: caller.label,
              rebounded: a.rebounded,
              eventSeq: saved.version,
            });
            if (!done) throw new NotOpen();
          },
        },
      );
    } catch (e) {
      if (!(e instanceof NotOpen)) throw e;
      return this.concluded((await this.lookbacks.item(item.id))!, a.rebounded);
    }
    return itemView((await this.lookbacks.item(item.id))!, this.clock.now());
  }

  /** Ends a campaign before every problem is concluded: the rest are withdrawn. Ending it again answers it as is. */
  async end(id: string, reason: string, caller: Caller): Promise<CampaignView> {
    const c = await this.lookbacks.campaign(id);
    if (!c) throw notFound('LookbackCampaign');
    if (c.endedAt === null) {
      if (c.openItems === 0)
        throw new DomainError('INVALID_TRANSITION', '回头看的问题已全部认定，无需结束', {
          lookbackStatus: 'COMPLETED',
        });
      await this.lookbacks.end(id, reason, this.clock.now());
    }
    return (await this.campaign(id, caller))!;
  }

  /** An item already closed: the same conclusion again is answered as done; anything else is refused. */
  private concluded(item: ItemRecord, rebounded: boolean): ItemView {
    const view = itemView(item, this.clock.now());
    if (item.concludedAt !== null && item.rebounded === rebounded) return view;
    throw notOpen(view);
  }

  /** The item, if the caller may read it (a unit: its own; NOT_FOUND otherwise, as a problem it cannot see). */
  private async readable(itemId: string, caller: Caller): Promise<ItemRecord> {
    const item = await this.lookbacks.item(itemId);
    const scope = tableRowsFor(caller).onlyUnitId;
    if (!item || (scope !== null && item.unitId !== scope)) throw notFound('LookbackItem');
    return item;
  }

  /** Campaigns with their progress over what the caller reads, in one statement for the page. */
  private async views(rows: CampaignRecord[], caller: Caller): Promise<CampaignView[]> {
    if (rows.length === 0) return [];
    const now = this.clock.now();
    const scope = tableRowsFor(caller).onlyUnitId;
    const counts = await this.lookbacks.counts(
      rows.map((r) => r.id),
      scope,
      now,
    );
    const units = new Map(
      (await this.units.byIds([...new Set(counts.map((c) => c.unitId))])).map((u) => [u.id, u] as const),
    );
    return rows
      .filter((r) => scope === null || counts.some((c) => c.campaignId === r.id))
      .map((r) => {
        const mine = counts.filter((c) => c.campaignId === r.id);
        const total = { ...ZERO };
        for (const c of mine) for (const k of Object.keys(ZERO) as (keyof LookbackCounts)[]) total[k] += c[k];
        const status: LookbackCampaignStatus = r.endedAt ? 'ENDED' : r.openItems === 0 ? 'COMPLETED' : 'OPEN';
        const sel = r.selection;
        return {
          id: r.id,
          title: r.title,
          selection: {
            batch: sel.batch ?? null,
            year: sel.year ?? null,
            sources: sel.sources ?? null,
            unitId: sel.unitId ?? null,
            issueIds: sel.issueIds ?? null,
            codes: sel.codes ?? null,
          },
          dueAt: r.dueAt,
          dueDay: deadlineDay(r.dueAt),
          startedAt: r.startedAt,
          startedBy: r.startedBy,
          endedAt: r.endedAt,
          endReason: r.endReason,
          status,
          completedAt: status === 'COMPLETED' ? r.lastConcludedAt : null,
          progress: withOpen(total),
          units: mine
            .map((c: UnitCounts) => ({ ...withOpen(c), unit: units.get(c.unitId)! }))
            .sort((a, b) => a.unit.code.localeCompare(b.unit.code)),
        };
      });
  }
}

function itemView(r: ItemRecord, now: Date): ItemView {
  const open = r.concludedAt === null && r.withdrawnAt === null;
  const status: LookbackItemStatus =
    r.withdrawnAt !== null
      ? 'WITHDRAWN'
      : r.concludedAt !== null
        ? 'CONCLUDED'
        : r.reportedAt
          ? 'REPORTED'
          : 'AWAITING_REPORT';
  return {
    ...r,
    status,
    overdue: open && r.reportedAt === null && r.dueAt.getTime() <= now.getTime(),
    report:
      r.reportedAt && r.reportFinding
        ? {
            finding: r.reportFinding,
            comment: r.reportComment ?? '',
            reportedAt: r.reportedAt,
            reportedBy: r.reportedBy ?? '',
          }
        : null,
  };
}

function notOpen(item: ItemView): DomainError {
  const message =
    item.status === 'WITHDRAWN'
      ? '回头看已结束，该问题已撤回'
      : `该问题本次回头看已认定为${item.rebounded ? '反弹' : '未反弹'}，不能再次认定或报送`;
  return new DomainError('INVALID_TRANSITION', message, { lookbackItemStatus: item.status });
}

/** The first few of a list, for a message. */
function sample(values: string[]): string {
  return values.length > 10 ? `${values.slice(0, 10).join('、')} 等 ${values.length} 个` : values.join('、');
}
