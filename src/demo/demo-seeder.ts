// Twelve weeks of a district's rectification work, written through the real transition path with a manual clock,
// so the log, the figures and the escalations are what the service itself would have produced.
import { SupervisionService } from '../supervision/supervision.service.js';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { partPending } from '../../workflows/issue.rules.js';
import type { IssueSource, Substate } from '../../workflows/issue.types.js';
import { AccountabilityService } from '../accountability/accountability.service.js';
import { AuthService } from '../auth/auth.service.js';
import { DEFAULT_DISTRICT_ID } from '../tenancy/district-scope.js';
import { Clock, ManualClock } from '../common/clock.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { addDays, shanghaiDate } from '../common/shanghai-time.js';
import { chongqingDistrict, DEMO_DISTRICT, pointsInside } from '../dashboard/district-outline.js';
import type { FileIssueInput } from '../issues/dto/file-issue.input.js';
import { gcj02ToWgs84 } from '../issues/coordinates.js';
import type { IssueCategory, IssueRecord } from '../issues/issue.record.js';
import { IssuesService } from '../issues/issues.service.js';
import { TransitionService, type EventInput, type Sender } from '../issues/transition.service.js';
import { EcoDemoSeeder } from '../eco/eco-demo.seeder.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { DeadlineSweepService } from '../scheduler/deadline-sweep.service.js';
import { UnitsService } from '../units/units.service.js';
import type { UnitRecord } from '../units/unit.record.js';
import { BATCHES, DEMO_UNITS, PROBLEM_TEMPLATES, SURNAMES } from './demo-data.js';

const OFFICE: Sender = { actor: { role: 'OFFICE', unitId: null }, label: '区整改办', tokenId: null };
const LEADER: Sender = { actor: { role: 'LEADER', unitId: null }, label: '分管副区长', tokenId: null };
/** The deadline sweep, which ends a public notice that has run its days (as DeadlineSweepService signs it). */
const SWEEP: Sender = { actor: { role: 'SYSTEM', unitId: null }, label: 'system:deadline-sweep', tokenId: null };
const WEEKS = 12;

/** Small deterministic PRNG (mulberry32): the same demo every time. */
/** 南川区's administrative code (行政区划代码). */
const DEMO_ADMIN_CODE = '500119';

/** Points inside the demo district's outline (GCJ-02), the same on every seed. */
function demoPlaces(): [number, number][] {
  const outline = chongqingDistrict(DEMO_DISTRICT);
  return outline ? pointsInside(outline, 997, 20261123) : [];
}

function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoSummary {
  units: number;
  issues: number;
  events: number;
  tokens: { unit: string; token: string }[];
}

@Injectable()
export class DemoSeeder {
  private rnd = random(20261123);
  /** The road's rarer turns, each walked at least once: an objection in 公示, a return by the city. */
  private objected = false;
  private cityReturned = false;
  private documents = 0;
  /** Places inside the district's outline (GCJ-02), drawn apart from rnd so the rest of the demo stays as it was. */
  private readonly places = demoPlaces();
  private filed = 0;

  constructor(
    private readonly db: DataSource,
    private readonly units: UnitsService,
    private readonly issues: IssuesService,
    private readonly transitions: TransitionService,
    private readonly calendar: CalendarService,
    private readonly sweep: DeadlineSweepService,
    private readonly auth: AuthService,
    @Inject(Clock) private readonly clock: ManualClock,
    private readonly eco: EcoDemoSeeder,
    private readonly notifications: NotificationsService,
    private readonly accountability: AccountabilityService,
    private readonly supervision: SupervisionService,
  ) {}

  async isEmpty(): Promise<boolean> {
    const [{ n }] = (await this.db.query(
      `SELECT (SELECT count(*) FROM issues) + (SELECT count(*) FROM units) AS n`,
    )) as { n: string }[];
    return Number(n) === 0;
  }

  async run(count: number, now: Date): Promise<DemoSummary> {
    const units = new Map<string, UnitRecord>();
    for (const u of DEMO_UNITS) units.set(u.code, await this.units.create({ ...u, parentId: null }));
    const start = addDays(now, -WEEKS * 7);
    // File in time order, so codes and the list read like the real thing.
    const filedAt = Array.from(
      { length: count },
      () => new Date(start.getTime() + this.rnd() * (now.getTime() - start.getTime() - 3_600_000)),
    ).sort((a, b) => a.getTime() - b.getTime());
    const parents: IssueRecord[] = [];
    for (const at of filedAt) {
      const issue = await this.fileOne(at, units, parents);
      if (issue.source === 'CENTRAL_INSPECTION') parents.push(issue);
      await this.walk(issue, at, now, units);
    }
    this.clock.set(now);
    await this.sweep.sweep();
    const tokens = [];
    for (const code of ['STHJJ', 'SJZ', 'CSGLJ']) {
      const unit = units.get(code)!;
      tokens.push({
        unit: unit.name,
        token: (await this.auth.mint('UNIT', unit.id, `${unit.name}整改专班`, null)).token,
      });
    }
    tokens.push({ unit: '区领导', token: (await this.auth.mint('LEADER', null, '区领导', null)).token });
    await this.eco.run(units, now); // 生态报表: 专栏2's indicators and their reported values
    await this.addContacts(units);
    await this.holdToAccount(now);
    await this.supervise(now);
    const [{ n }] = (await this.db.query(`SELECT count(*)::int AS n FROM issue_events`)) as { n: number }[];
    return { units: units.size, issues: count, events: n, tokens };
  }

  /** Each unit's 责任人 and 联络员, and a district leader: made-up names, numbers of the 138 0000 range. */
  private async addContacts(units: Map<string, UnitRecord>): Promise<void> {
    let n = 0;
    const mobile = () => `1380000${String(++n).padStart(4, '0')}`;
    for (const unit of units.values()) {
      for (const role of ['RESPONSIBLE', 'LIAISON'] as const) {
        await this.notifications.addContact({
          unitId: unit.id,
          name: `${this.pick(SURNAMES)}某某`,
          mobile: mobile(),
          role,
        });
      }
    }
    await this.notifications.addContact({ name: `${this.pick(SURNAMES)}区长`, mobile: mobile(), role: 'LEADER' });
  }

  /**
   * 追责问责 as the office practises it: the unit with the most problems overdue is interviewed (约谈 of its 主要负责人),
   * the next publicly criticised (通报批评), each citing its oldest overdue problems.
   */
  private async holdToAccount(now: Date): Promise<void> {
    const worst: { unitId: string; name: string; issueIds: string[]; n: number }[] = await this.db.query(
      `SELECT i.lead_unit_id AS "unitId", u.name, (array_agg(i.id ORDER BY i.due_at, i.code))[1:3] AS "issueIds",
              count(*)::int AS n
         FROM issues i JOIN units u ON u.id = i.lead_unit_id
        WHERE i.state IN ('ASSIGNED', 'RECTIFYING') AND i.due_at < $1 AND i.duplicate_of_id IS NULL
        GROUP BY i.lead_unit_id, u.name, u.code HAVING count(*) >= 2
        ORDER BY count(*) DESC, u.code LIMIT 2`,
      [now],
    );
    const office = {
      tokenId: '',
      role: 'OFFICE' as const,
      unitId: null,
      districtId: DEFAULT_DISTRICT_ID,
      label: '区整改办',
    };
    for (const [i, w] of worst.entries()) {
      await this.accountability.record(
        {
          kind: i === 0 ? 'INTERVIEW' : 'PUBLIC_CRITICISM',
          unitId: w.unitId,
          personName: i === 0 ? `${this.pick(SURNAMES)}某某` : null,
          personPost: i === 0 ? `${w.name}主要负责人` : null,
          documentNumber: `区整改办〔${shanghaiDate(now).slice(0, 4)}〕${i + 1}号`,
          decidedOn: shanghaiDate(now),
          reason: `督察反馈问题整改逾期${w.n}件，推进不力`,
          problemIds: w.issueIds,
        },
        office,
      );
    }
  }

  /**
   * 督办: the office orders the two units with the most problems overdue to explain in writing (挂牌督办 for the
   * worst), the second replies and the office accepts it; the district leader writes on the first order (批示).
   */
  private async supervise(now: Date): Promise<void> {
    const worst: { issueIds: string[] }[] = await this.db.query(
      `SELECT (array_agg(i.id ORDER BY i.due_at, i.code))[1:3] AS "issueIds"
         FROM issues i
        WHERE i.state IN ('ASSIGNED', 'RECTIFYING') AND i.due_at < $1 AND i.duplicate_of_id IS NULL
        GROUP BY i.lead_unit_id
        ORDER BY count(*) DESC, i.lead_unit_id LIMIT 2`,
      [now],
    );
    // (each acts with a token of its own: the log names the token behind every event)
    const caller = async (role: 'OFFICE' | 'LEADER' | 'UNIT', label: string, unitId: string | null = null) => ({
      tokenId: (await this.auth.mint(role, unitId, label, null)).row.id,
      role,
      unitId,
      districtId: DEFAULT_DISTRICT_ID,
      label,
    });
    const office = await caller('OFFICE', '区整改办督查科');
    for (const [i, w] of worst.entries()) {
      const order = await this.supervision.issueOrder(
        {
          issueIds: w.issueIds,
          level: i === 0 ? 'NAMED_SUPERVISION' : 'SUPERVISION',
          number: null,
          replyDueAt: null,
          reasons: '督察反馈问题整改逾期，进度明显滞后，请书面说明原因并提出整改措施',
        },
        office,
      );
      if (i === 0) {
        await this.supervision.instruct(
          { issueIds: null, orderId: order.id, text: '请主要负责同志亲自研究部署，确保按期整改到位' },
          await caller('LEADER', '区委书记'),
        );
        continue;
      }
      const unit = await caller('UNIT', '督办回复专用', order.unitId);
      await this.supervision.reply(
        order.id,
        { explanation: '前期施工受汛期影响，进度滞后', measures: '增派力量，倒排工期，两周内完成', evidenceIds: [] },
        unit,
      );
      await this.supervision.decide(order.id, { accepted: true, comment: '同意' }, office);
    }
  }

  /** 整改方案: three stages to the deadline, or yearly reviews for long-term work. */
  private plan(title: string, issue: IssueRecord, at: Date): EventInput {
    const start = at.getTime();
    const end = issue.dueAt ? issue.dueAt.getTime() : start + 700 * 86_400_000;
    const stages = issue.dueAt
      ? [
          ['完成排查摸底，制定工作台账', 0.25],
          ['主体整治工程完工', 0.7],
          ['完成自查评估，准备验收', 0.95],
        ]
      : [
          ['第一年度巡查评估', 0.45],
          ['第二年度巡查评估', 0.95],
        ];
    return {
      type: 'setPlan',
      goal: `${title}问题整改到位，长效机制健全`,
      measures: '成立整改专班，逐项排查，挂图作战，按节点销号',
      leader: { name: `${this.pick(SURNAMES)}某`, post: '分管负责同志' },
      responsible: { name: `${this.pick(SURNAMES)}某`, post: '整改专班负责人' },
      milestones: stages.map(([t, f]) => ({
        title: t as string,
        dueAt: new Date(Math.round(start + (end - start) * (f as number))).toISOString(),
      })),
    };
  }

  /**
   * The steps after acceptance, each as its signer signs it, until 销号 is next (true), the work is sent back to the unit
   * (true: it is RECTIFYING again) or the demo's present is reached (false).
   */
  private async signOff(
    start: IssueRecord,
    send: (by: Sender, event: EventInput) => Promise<void>,
    later: (minDays: number, maxDays: number) => boolean,
    now: () => Date,
  ): Promise<boolean> {
    const current = async () => (await this.issues.get(start.id, OFFICE.actor))!;
    for (
      let issue = start;
      issue.state === 'VERIFIED' && issue.substate !== 'VERIFIED.signedOff';
      issue = await current()
    ) {
      switch (issue.substate) {
        case 'VERIFIED.leadershipApproval':
          if (!later(1, 4)) return false;
          await send(LEADER, { type: 'signOff', step: 'LEADERSHIP_APPROVAL', comment: '同意销号，按程序公示' });
          break;
        case 'VERIFIED.publicNotice': {
          // 公示: now and then a resident objects (the office records it); the office finds it unfounded, or not.
          if (!this.objected || this.rnd() < 0.08) {
            if (!later(1, 3)) return false;
            this.objected = true;
            await send(OFFICE, { type: 'object', comment: '公示期间群众来电反映：夜间仍有异味，请核实' });
            if (!later(1, 3)) return false;
            await send(
              OFFICE,
              this.rnd() < 0.7
                ? { type: 'dismissObjection', comment: '经现场核查，异味来自邻近农田施肥，异议不成立' }
                : { type: 'sendBack', step: 'PUBLIC_NOTICE', comment: '经核查异议属实，退回继续整改' },
            );
            break;
          }
          const ends = issue.noticeEndsAt!;
          if (
            !later(
              (ends.getTime() - now().getTime()) / 86_400_000,
              (ends.getTime() - now().getTime()) / 86_400_000 + 0.5,
            )
          )
            return false;
          await send(SWEEP, { type: 'signOff', step: 'PUBLIC_NOTICE', comment: '公示期满，无异议' });
          break;
        }
        case 'VERIFIED.cityReview':
          if (!later(3, 10)) return false;
          if (!this.cityReturned || this.rnd() < 0.05) {
            this.cityReturned = true;
            await send(OFFICE, {
              type: 'sendBack',
              step: 'CITY_REVIEW',
              comment: '市级审核：销号佐证材料不全，退回补充',
            });
            break;
          }
          await send(OFFICE, {
            type: 'signOff',
            step: 'CITY_REVIEW',
            documentNumber: `渝督改办〔2026〕${++this.documents}号`,
            comment: '市级审核同意销号',
          });
          break;
        default:
          return true;
      }
    }
    return true;
  }

  /**
   * Most problems on the map: one in seven without a place (as a list from before the map has none), one in three of
   * the rest given in WGS-84 as a phone would (the map converts it back), the others in GCJ-02 as read off 高德.
   */
  private nextPlace(): Partial<FileIssueInput> {
    const n = this.filed++;
    if (n % 7 === 6 || this.places.length === 0) return {};
    const [lng, lat] = this.places[n % this.places.length];
    const [longitude, latitude] = n % 3 === 0 ? gcj02ToWgs84(lng, lat) : [lng, lat];
    return {
      longitude: Math.round(longitude * 1e6) / 1e6,
      latitude: Math.round(latitude * 1e6) / 1e6,
      coordinateSystem: n % 3 === 0 ? 'WGS84' : 'GCJ02',
      adminCode: DEMO_ADMIN_CODE,
    };
  }

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.rnd() * list.length)];
  }

  private async fileOne(at: Date, units: Map<string, UnitRecord>, parents: IssueRecord[]): Promise<IssueRecord> {
    const selfCheck = parents.length > 0 && this.rnd() < 0.08;
    const template = this.pick(PROBLEM_TEMPLATES);
    const source: IssueSource = selfCheck ? 'SELF_INSPECTION' : this.pick(template.sources);
    // An inspection team hands over complaints in its round too (seed 001: 38 in the third central round).
    const handedOver = (source === 'CENTRAL_INSPECTION' || source === 'MUNICIPAL_INSPECTION') && this.rnd() < 0.3;
    const complaint = source === 'PUBLIC_COMPLAINT' || handedOver;
    const unitHint = units.get(this.pick(template.leads))!;
    this.clock.set(at);
    return this.issues.file(
      {
        source,
        batch: this.pick(BATCHES[source]),
        title: selfCheck ? `举一反三：${template.title}` : template.title,
        description: `${unitHint.name}辖区内：${template.description}`,
        category: template.category,
        location: unitHint.kind === 'DEPARTMENT' ? undefined : unitHint.name,
        parentId: selfCheck ? this.pick(parents).id : undefined,
        complainantName: complaint ? `${this.pick(SURNAMES)}先生` : undefined,
        complainantPhone: complaint ? `1390000${String(Math.floor(this.rnd() * 10000)).padStart(4, '0')}` : undefined,
        complaintChannel: handedOver ? '督察组举报电话' : complaint ? this.pick(['12345', '12369']) : undefined,
        responsibleLeader: responsibleLeaderOf(source, template.category),
        ...this.nextPlace(),
      },
      OFFICE,
    );
  }

  /** One problem's life from filing until `now`: how far it gets depends on its age and on chance. */
  private async walk(issue: IssueRecord, filedAt: Date, now: Date, units: Map<string, UnitRecord>): Promise<void> {
    const template = PROBLEM_TEMPLATES.find((t) => issue.title.endsWith(t.title))!;
    const lead = units.get(this.pick(template.leads))!;
    const unit: Sender = { actor: { role: 'UNIT', unitId: lead.id }, label: `${lead.name}整改专班`, tokenId: null };
    // A town's or a street's work is reviewed by the department over its field (行业主管部门) where the policy says so.
    const department =
      lead.kind === 'DEPARTMENT'
        ? null
        : (template.leads.map((code) => units.get(code)!).find((u) => u.kind === 'DEPARTMENT') ?? null);
    let t = filedAt;
    const later = (minDays: number, maxDays: number): boolean => {
      t = new Date(t.getTime() + (minDays + this.rnd() * (maxDays - minDays)) * 86_400_000);
      return t.getTime() < now.getTime();
    };
    const send = async (by: Sender, event: EventInput) => {
      this.clock.set(t);
      issue = await this.transitions.apply(issue.id, event, by, { at: t });
    };

    if (!later(0.1, 3)) return;
    const kind = this.rnd();
    const deadlineKind =
      issue.source === 'PUBLIC_COMPLAINT' || kind < 0.7 ? 'DATE' : kind < 0.85 ? 'IMMEDIATE' : 'LONG_TERM';
    this.clock.set(t);
    const dueAt =
      deadlineKind === 'DATE'
        ? addDays(t, 10 + Math.floor(this.rnd() * 50))
        : deadlineKind === 'IMMEDIATE'
          ? await this.calendar.endOfNextWorkingDay(t)
          : null;
    const coop =
      this.rnd() < 0.3 ? [units.get(this.pick(DEMO_UNITS.filter((u) => u.code !== lead.code)).code)!.id] : [];
    const assign = (type: 'assign' | 'reassign', id: string): EventInput => ({
      type,
      leadUnitId: id,
      cooperatingUnitIds: coop.filter((c) => c !== id && c !== department?.id),
      supervisingUnitId: id === lead.id ? (department?.id ?? null) : null,
      deadlineKind,
      dueAt: dueAt?.toISOString() ?? null,
      comment: null,
    });
    if (this.rnd() < 0.05) {
      // Sent to the wrong unit first: it returns it, the office assigns again.
      const wrong = units.get(this.pick(DEMO_UNITS.filter((u) => u.code !== lead.code)).code)!;
      await send(OFFICE, assign('assign', wrong.id));
      if (!later(0.2, 2)) return;
      await send(
        { actor: { role: 'UNIT', unitId: wrong.id }, label: `${wrong.name}整改专班`, tokenId: null },
        { type: 'return', reason: '不属于本单位职责范围' },
      );
      if (!later(0.2, 2) || (dueAt && t >= dueAt)) return;
    }
    await send(OFFICE, assign('assign', lead.id));
    if (issue.source === 'CENTRAL_INSPECTION' && this.rnd() < 0.25) {
      await send(OFFICE, { type: 'publish', published: true, publicSummary: `${issue.title}，正在按整改方案推进。` });
    }
    if (!later(0.1, 3)) return;
    await send(unit, { type: 'accept', comment: '已签收，成立整改专班' });
    if (!later(0.5, 3)) return;
    // (a deadline a day or two away leaves nothing to plan)
    if (this.rnd() < 0.8 && (!issue.dueAt || issue.dueAt.getTime() > t.getTime() + 3 * 86_400_000))
      await send(unit, this.plan(template.title, issue, t));

    const slow = this.rnd() < 0.2;
    for (const pct of [30, 60, 90]) {
      if (!later(2, slow ? 20 : 8)) return;
      // Milestones reported done as they come (a slow unit lets some lapse: 序时推进 behind).
      for (const m of issue.plan?.milestones ?? []) {
        if (m.doneAt === null && Date.parse(m.dueAt) <= t.getTime() + 2 * 86_400_000 && this.rnd() < (slow ? 0.5 : 0.9))
          await send(unit, { type: 'completeMilestone', milestone: m.title, comment: `${m.title}已完成，附现场照片` });
      }
      if (
        issue.dueAt &&
        issue.deadlineKind === 'DATE' &&
        this.rnd() < 0.08 &&
        t < issue.dueAt &&
        !issue.pendingExtension
      ) {
        await send(unit, {
          type: 'requestExtension',
          newDueAt: addDays(issue.dueAt, 30).toISOString(),
          reason: '雨季施工受阻，申请延期30天',
        });
        if (!later(0.5, 3)) return;
        await send(OFFICE, { type: 'decideExtension', approve: this.rnd() < 0.7, comment: null });
        continue;
      }
      await send(unit, { type: 'reportProgress', progressPercent: pct, comment: `整改完成约${pct}%` });
    }
    // 配合单位: each reports its part done (now and then the office waives one the lead did itself).
    for (const part of issue.parts.filter(partPending)) {
      if (!later(0.2, 2)) return;
      const unit = [...units.values()].find((u) => u.id === part.unitId)!;
      const cooperating: Sender = {
        actor: { role: 'UNIT', unitId: unit.id },
        label: `${unit.name}整改专班`,
        tokenId: null,
      };
      if (this.rnd() < 0.9)
        await send(cooperating, {
          type: 'reportPart',
          unitId: unit.id,
          progressPercent: 100,
          comment: '配合任务已完成',
          done: true,
        });
      else await send(OFFICE, { type: 'waivePart', unitId: unit.id, reason: '该部分已由牵头单位完成' });
    }
    // The road to 销号, as the source's closure policy has it: the department's review, the office's acceptance, the
    // leaders, the public notice, the city. Any of them may send the work back; the unit then submits again.
    // (read through a function: `send` moves the problem on behind the compiler's back)
    const stage = (i: IssueRecord): Substate => i.substate;
    for (let attempt = 0; attempt < 4 && stage(issue) === 'RECTIFYING.inProgress'; attempt++) {
      if (!later(1, 6)) return;
      const complaint = issue.source === 'PUBLIC_COMPLAINT';
      await send(unit, {
        type: 'submit',
        summary: attempt === 0 ? '已完成整改，申请销号' : '已按意见补充整改，重新申请销号',
        finding: complaint ? this.pick(['SUBSTANTIATED', 'PARTLY_SUBSTANTIATED', 'UNFOUNDED'] as const) : null,
      });
      if (stage(issue) === 'RECTIFYING.departmentReview' && department) {
        if (!later(0.5, 3)) return;
        const reviewer: Sender = {
          actor: { role: 'UNIT', unitId: department.id },
          label: `${department.name}整改专班`,
          tokenId: null,
        };
        await send(
          reviewer,
          attempt === 0 && this.rnd() < 0.15
            ? { type: 'sendBack', step: 'DEPARTMENT_REVIEW', comment: '行业审核：整改佐证不充分，请补充监测报告' }
            : { type: 'signOff', step: 'DEPARTMENT_REVIEW', comment: '经行业主管部门现场核查，同意提交验收' },
        );
        if (stage(issue) !== 'RECTIFYING.submitted') continue;
      }
      if (!later(1, 5)) return;
      const passed = attempt > 0 || this.rnd() < 0.88;
      await send(OFFICE, {
        type: 'verify',
        passed,
        comment: passed ? '现场核查合格' : '现场核查整改不到位，退回继续整改',
      });
      if (passed && !(await this.signOff(issue, send, later, () => t))) return;
    }
    if (issue.substate !== 'VERIFIED.signedOff' || !later(0.5, 4)) return;
    const satisfaction =
      issue.source === 'PUBLIC_COMPLAINT'
        ? this.pick(['SATISFIED', 'SATISFIED', 'BASICALLY_SATISFIED', 'UNSATISFIED'] as const)
        : null;
    await send(OFFICE, { type: 'close', comment: '同意销号', satisfaction });
    if ((issue.state as string) !== 'CLOSED' || this.rnd() > 0.35 || !later(14, 40)) return;
    const rebound = this.rnd() < 0.2;
    await send(
      OFFICE,
      rebound
        ? { type: 'revisit', rebounded: true, comment: '回头看发现问题反弹', newDueAt: addDays(t, 20).toISOString() }
        : { type: 'revisit', rebounded: false, comment: '回头看未发现反弹', newDueAt: null },
    );
  }
}

/** 责任领导 as inspection lists name them: the district head for a central problem, the leader over the field else. */
function responsibleLeaderOf(source: IssueSource, category: IssueCategory): string | undefined {
  if (source === 'CENTRAL_INSPECTION') return '区长';
  if (source === 'PUBLIC_COMPLAINT' || source === 'SELF_INSPECTION') return undefined;
  const field: Partial<Record<IssueCategory, string>> = { WATER: '水利', ECOLOGY: '林业', SOLID_WASTE: '城市管理' };
  return `分管${field[category] ?? '生态环境'}的副区长`;
}
