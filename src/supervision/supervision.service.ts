// Supervision with teeth: the office's supervision orders (督办单) on one or many problems of one unit, the unit's
// written reply and the office's decision on it, leaders' instructions (批示) and their acknowledgement. Each step is
// one machine event sent to every problem concerned in one transaction (TransitionService.applyAll), with the order
// or instruction written alongside; the unit is told from the log like any other event.
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OrderLevel, OrderStamp } from '../../workflows/issue.types.js';
import type { Caller } from '../auth/caller.js';
import { unitInScope } from '../auth/policy.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { Clock } from '../common/clock.js';
import { badInput, notFound } from '../common/domain-error.js';
import { deadlineDay, shanghaiDate } from '../common/shanghai-time.js';
import type { IssueRecord } from '../issues/issue.record.js';
import { IssuesRepository } from '../issues/issues.repository.js';
import { senderOf } from '../issues/issues.service.js';
import { TransitionService, type EventInput } from '../issues/transition.service.js';
import {
  SupervisionRepository,
  type InstructionRecord,
  type OrderRecord,
  type OrderStatus,
  type SupervisionSettings,
} from './supervision.repository.js';

export interface IssueOrderCommand {
  issueIds: string[];
  level: OrderLevel;
  /** 督办单编号; generated (督办〔year〕n号) when absent. */
  number: string | null;
  /** The written reply's due date; the settings' working days from now when absent. */
  replyDueAt: Date | null;
  reasons: string;
}

/** Problems one order or instruction may cover. */
export const MAX_PROBLEMS_PER_ORDER = 100;

@Injectable()
export class SupervisionService {
  constructor(
    private readonly repo: SupervisionRepository,
    private readonly issues: IssuesRepository,
    private readonly transitions: TransitionService,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
  ) {}

  /** The office issues an order to the unit that leads every problem named. */
  async issueOrder(c: IssueOrderCommand, caller: Caller): Promise<OrderRecord> {
    const problems = await this.problems(c.issueIds);
    const unitId = oneLead(problems, 'issueIds');
    const now = this.clock.now();
    const settings = await this.repo.settings();
    const replyDueAt = c.replyDueAt ?? (await this.calendar.addWorkingDays(now, settings.replyWorkingDays));
    const id = randomUUID();
    const issueIds = problems.map((p) => p.id);
    const number = c.number ?? (await this.generatedNumber(now));
    await this.transitions.applyAll(
      issueIds,
      {
        type: 'superviseOrder',
        orderId: id,
        number,
        level: c.level,
        replyDueAt: replyDueAt.toISOString(),
        reasons: c.reasons,
        issueIds,
      },
      senderOf(caller),
      {
        alsoWrite: async (m, saved) => {
          const written = await this.repo.insertOrder(m, {
            id,
            number,
            level: c.level,
            reasons: c.reasons,
            unitId,
            issueIds,
            replyDueAt,
            issuedAt: saved[0].updatedAt,
            issuedBy: caller.label,
            automatic: false,
          });
          if (!written) throw badInput(['number'], '已有督办单使用此编号', 'TAKEN');
        },
      },
    );
    return (await this.repo.order(id))!;
  }

  /** The unit's written reply (explanation and measures), with evidence uploaded to the problems beforehand. */
  reply(
    orderId: string,
    r: { explanation: string; measures: string; evidenceIds: string[] },
    caller: Caller,
  ): Promise<OrderRecord> {
    return this.onOrder(
      orderId,
      caller,
      (issueIds) => ({ type: 'replyToOrder', orderId, explanation: r.explanation, measures: r.measures, issueIds }),
      (m, at) => this.repo.recordReply(m, orderId, { ...r, at, by: caller.label }),
      r.evidenceIds,
    );
  }

  /** The office accepts the reply (the order is closed) or sends it back for another. */
  decide(orderId: string, d: { accepted: boolean; comment: string | null }, caller: Caller): Promise<OrderRecord> {
    return this.onOrder(
      orderId,
      caller,
      (issueIds) => ({ type: 'decideOrderReply', orderId, accepted: d.accepted, comment: d.comment, issueIds }),
      (m, at) => this.repo.recordDecision(m, orderId, { ...d, at }),
    );
  }

  /** An event on every problem still under the order, the order's row written with it; the order as it then stands. */
  private async onOrder(
    orderId: string,
    caller: Caller,
    event: (issueIds: string[]) => EventInput,
    write: (m: EntityManager, at: Date) => Promise<void>,
    evidenceIds: string[] = [],
  ): Promise<OrderRecord> {
    const issueIds = await this.carrying(await this.visibleOrder(orderId, caller));
    await this.transitions.applyAll(issueIds, event(issueIds), senderOf(caller), {
      evidenceIds,
      alsoWrite: (m, saved) => write(m, saved[0].updatedAt),
    });
    return (await this.repo.order(orderId))!;
  }

  /** A leader's instruction on problems (of one unit) or on an order (its problems still under it). */
  async instruct(
    i: { issueIds: string[] | null; orderId: string | null; text: string },
    caller: Caller,
  ): Promise<InstructionRecord> {
    let problems: IssueRecord[];
    let unitId: string | null;
    if (i.orderId !== null) {
      if (i.issueIds?.length) throw badInput(['issueIds'], '批示督办单时不再另列问题', 'NOT_APPLICABLE');
      const order = await this.visibleOrder(i.orderId, caller, 'orderId');
      problems = await this.problems(await this.carrying(order));
      unitId = order.unitId;
    } else {
      if (!i.issueIds?.length) throw badInput(['issueIds'], '请指明批示的问题或督办单', 'REQUIRED');
      problems = await this.problems(i.issueIds);
      unitId = sameLead(problems);
    }
    const id = randomUUID();
    const issueIds = problems.map((p) => p.id);
    await this.transitions.applyAll(
      issueIds,
      { type: 'instruct', instructionId: id, text: i.text, orderId: i.orderId, issueIds },
      senderOf(caller),
      {
        alsoWrite: (m, saved) =>
          this.repo.insertInstruction(m, {
            id,
            text: i.text,
            orderId: i.orderId,
            unitId,
            issueIds,
            issuedAt: saved[0].updatedAt,
            issuedBy: caller.label,
          }),
      },
    );
    return (await this.repo.instruction(id))!;
  }

  /** The unit (or the office, for problems no unit leads) acknowledges an instruction (签收). */
  async acknowledge(instructionId: string, comment: string | null, caller: Caller): Promise<InstructionRecord> {
    const instruction = await this.repo.instruction(instructionId);
    if (!instruction || !mayReach(caller, instruction.unitId)) throw notFound('Instruction');
    const issueIds = (await this.issues.byIds(instruction.issueIds))
      .filter((p) => p.instructions.some((n) => n.id === instructionId) && p.duplicateOfId === null)
      .map((p) => p.id);
    if (issueIds.length === 0) throw badInput(['instructionId'], '该批示已签收', 'CONFLICTING');
    await this.transitions.applyAll(
      issueIds,
      { type: 'acknowledgeInstruction', instructionId, comment, issueIds },
      senderOf(caller),
      {
        alsoWrite: (m, saved) =>
          this.repo.recordAcknowledgement(m, instructionId, { at: saved[0].updatedAt, by: caller.label, comment }),
      },
    );
    return (await this.repo.instruction(instructionId))!;
  }

  order(id: string, caller: Caller): Promise<OrderRecord> {
    return this.visibleOrder(id, caller);
  }

  /** A unit reads its own orders; the office and leaders every unit's, or the one they name. */
  orders(
    f: { unitId: string | null; status: OrderStatus | null; overdue: boolean; issueId: string | null; first: number },
    caller: Caller,
  ): Promise<OrderRecord[]> {
    return this.repo.orders({
      unitId: unitInScope(caller, caller.role === 'UNIT' ? null : f.unitId),
      status: f.status,
      overdueAt: f.overdue ? this.clock.now() : null,
      issueId: f.issueId,
      limit: f.first,
    });
  }

  async instruction(id: string, caller: Caller): Promise<InstructionRecord> {
    const instruction = await this.repo.instruction(id);
    if (!instruction || !mayReach(caller, instruction.unitId)) throw notFound('Instruction');
    return instruction;
  }

  instructions(
    f: {
      unitId: string | null;
      acknowledged: boolean | null;
      issueId: string | null;
      orderId: string | null;
      first: number;
    },
    caller: Caller,
  ): Promise<InstructionRecord[]> {
    return this.repo.instructions({
      ...f,
      unitId: unitInScope(caller, caller.role === 'UNIT' ? null : f.unitId),
      limit: f.first,
    });
  }

  settings(): Promise<SupervisionSettings> {
    return this.repo.settings();
  }

  async setSettings(s: Omit<SupervisionSettings, 'updatedAt'>): Promise<SupervisionSettings> {
    await this.repo.setSettings(s, this.clock.now());
    return this.repo.settings();
  }

  /**
   * The order an escalation rung raises where the office configured it to (the deadline sweep's 督办 and 挂牌督办):
   * the stamp its escalate event carries and the row written with it; null when the rung raises none.
   */
  async rungOrder(
    level: OrderLevel,
    issueId: string,
  ): Promise<{ order: OrderStamp; alsoWrite: (m: EntityManager, saved: IssueRecord) => Promise<void> } | null> {
    const settings = await this.repo.settings();
    if (!settings.autoOrderLevels.includes(level)) return null;
    const now = this.clock.now();
    const replyDueAt = await this.calendar.addWorkingDays(now, settings.replyWorkingDays);
    const order: OrderStamp = {
      orderId: randomUUID(),
      // (a rung refused meanwhile leaves its number unused: numbers are unique, not gapless)
      number: await this.generatedNumber(now),
      replyDueAt: replyDueAt.toISOString(),
      issueIds: [issueId],
    };
    return {
      order,
      alsoWrite: async (m, saved) => {
        await this.repo.insertOrder(m, {
          id: order.orderId,
          number: order.number,
          level,
          reasons: `整改时限 ${deadlineDay(saved.dueAt ?? now)} 已过或将至，按整改办设置自动${level === 'SUPERVISION' ? '督办' : '挂牌督办'}`,
          unitId: saved.leadUnitId!,
          issueIds: [issueId],
          replyDueAt,
          issuedAt: saved.updatedAt,
          issuedBy: 'system:deadline-sweep',
          automatic: true,
        });
      },
    };
  }

  private async generatedNumber(now: Date): Promise<string> {
    const year = Number(shanghaiDate(now).slice(0, 4));
    return `督办〔${year}〕${await this.repo.nextOrderNumber(year)}号`;
  }

  /** The problems named, each once, all of them there (the office sees every problem). */
  private async problems(ids: readonly string[]): Promise<IssueRecord[]> {
    const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
    if (unique.length === 0) throw badInput(['issueIds'], '请至少指明一个问题', 'REQUIRED');
    if (unique.length > MAX_PROBLEMS_PER_ORDER)
      throw badInput(['issueIds'], `一次最多 ${MAX_PROBLEMS_PER_ORDER} 个问题`, 'OUT_OF_RANGE');
    const found = await this.issues.byIds(unique);
    if (found.length < unique.length) throw badInput(['issueIds'], '所指的问题不存在', 'UNKNOWN_REFERENCE');
    return found;
  }

  /** An order the caller may reach: the office and leaders every one, a unit its own. */
  private async visibleOrder(id: string, caller: Caller, field = 'Order'): Promise<OrderRecord> {
    const order = await this.repo.order(id);
    if (!order || !mayReach(caller, order.unitId)) {
      if (field === 'orderId') throw badInput(['orderId'], '所指的督办单不存在', 'UNKNOWN_REFERENCE');
      throw notFound('SupervisionOrder');
    }
    return order;
  }

  /** The order's problems that still carry it (a problem marked a duplicate meanwhile takes no more events). */
  private async carrying(order: OrderRecord): Promise<string[]> {
    const ids = (await this.issues.byIds(order.issueIds))
      .filter((p) => p.orders.some((o) => o.id === order.id) && p.duplicateOfId === null)
      .map((p) => p.id);
    if (ids.length === 0) throw badInput(['orderId'], '该督办单已办结', 'CONFLICTING');
    return ids;
  }
}

/** An order goes to one unit: the one leading every problem it names. */
function oneLead(problems: IssueRecord[], field: string): string {
  const lead = sameLead(problems);
  if (lead === null) throw badInput([field], '督办单只发给已交办问题的牵头单位', 'CONFLICTING');
  return lead;
}

/** The unit leading every problem (null: none leads them yet); problems of different units are refused. */
function sameLead(problems: IssueRecord[]): string | null {
  const leads = new Set(problems.map((p) => p.leadUnitId));
  if (leads.size > 1) throw badInput(['issueIds'], '所列问题的牵头单位不同：请按单位分别办理', 'CONFLICTING');
  return problems[0].leadUnitId;
}

/** The office and leaders reach every order and instruction; a unit its own. */
function mayReach(caller: Caller, unitId: string | null): boolean {
  return caller.role !== 'UNIT' || (caller.unitId !== null && caller.unitId === unitId);
}
