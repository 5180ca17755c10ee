// One problem's life, from filing to "now", produced by stepping the real machine with the payloads the service
// would have stored, and rendered as COPY text rows for `issues` and `issue_events`.
import { randomUUID } from 'node:crypto';
import { ISSUE_MACHINE_VERSION } from '../workflows/issue.machine.js';
import { escalationRank } from '../workflows/issue.rules.js';
import { initialSnapshot, step, substateOf, topStateOf, type IssueSnapshot } from '../workflows/issue.runtime.js';
import {
  ESCALATION_LEVELS,
  type ComplaintFinding,
  type DeadlineKind,
  type IssueEvent,
  type IssueSource,
  type Satisfaction,
  type SignOffStep,
  REVIEW_STEP,
} from '../workflows/issue.types.js';
import { DEFAULT_CLOSURE_STEPS } from '../src/issues/closure-policies.repository.js';
import type { EventInput, Sender } from '../src/issues/transition.service.js';
import { contextColumns, CONTEXT_COLUMN_NAMES } from '../src/issues/issue-snapshot.mapper.js';
import { reachedLevel } from '../src/scheduler/escalation-policy.js';
import { addDays, nextDay, shanghaiDate, shanghaiWeekday, startOfShanghaiDay } from '../src/common/shanghai-time.js';
import { BATCHES, PROBLEM_TEMPLATES, SURNAMES, type ProblemTemplate } from '../src/demo/demo-data.js';
import { copyRow } from './copy-text.js';
import { VILLAGES } from './units.js';

const DAY = 86_400_000;

/**
 * An inspection hands its problems over in batches, each filed within its quarter (the list an office reads for months
 * after); complaints and self-inspection arrive as streams under their channel's name.
 */
function batchOf(source: IssueSource, filedAt: number, g: { pick<T>(xs: readonly T[]): T }): string {
  const [year, month] = shanghaiDate(new Date(filedAt)).split('-').map(Number);
  const quarter = Math.ceil(month / 3);
  switch (source) {
    case 'CENTRAL_INSPECTION':
      return `第三轮中央生态环境保护督察 ${year}年第${quarter}批`;
    case 'MUNICIPAL_INSPECTION':
      return `第二轮市级生态环境保护例行督察 ${year}年第${quarter}批`;
    case 'UNDERCOVER_INSPECTION':
      return `市区两级暗访督察 ${year}年第${['一', '二', '三', '四'][quarter - 1]}季度`;
    case 'SPECIAL_INSPECTION':
      return `区级专项督查 ${year}年第${quarter}批`;
    default:
      return g.pick(BATCHES[source]);
  }
}

export const ISSUE_COPY_COLUMNS = [
  'id',
  'code',
  'source',
  'batch',
  'title',
  'description',
  'category',
  'location',
  'parent_id',
  'complainant_name',
  'complainant_phone',
  'complaint_channel',
  'reply_due_at',
  'filed_at',
  'filed_by',
  'state',
  'substate',
  'machine_version',
  'version',
  ...CONTEXT_COLUMN_NAMES,
  'updated_at',
];
export const EVENT_COPY_COLUMNS = [
  'issue_id',
  'seq',
  'type',
  'from_state',
  'to_state',
  'actor',
  'actor_role',
  'actor_token_id',
  'unit_id',
  'comment',
  'payload',
  'machine_version',
  'at',
  'lead_unit_id',
  'due_at',
  'deadline_kind',
  'completed_on_time',
  'first_submitted_at',
  'satisfaction',
  'escalation_level',
  'duplicate_of_id',
];

/** Code prefixes by source, as TransitionService.file writes them. */
export const CODE_PREFIX: Record<IssueSource, string> = {
  CENTRAL_INSPECTION: 'ZY',
  MUNICIPAL_INSPECTION: 'SJ',
  UNDERCOVER_INSPECTION: 'AF',
  SPECIAL_INSPECTION: 'ZX',
  PUBLIC_COMPLAINT: 'JB',
  SELF_INSPECTION: 'ZC',
};

/** Share of each source among filed problems: complaints dominate a district's list. */
const SOURCE_MIX: [IssueSource, number][] = [
  ['PUBLIC_COMPLAINT', 0.45],
  ['MUNICIPAL_INSPECTION', 0.14],
  ['UNDERCOVER_INSPECTION', 0.12],
  ['CENTRAL_INSPECTION', 0.1],
  ['SELF_INSPECTION', 0.1],
  ['SPECIAL_INSPECTION', 0.09],
];

export interface LifeUnit {
  id: string;
  code: string;
  name: string;
  kind: string;
  /** The unit's token: who signs its events. */
  sender: Sender;
}

export interface LifeSettings {
  now: number;
  dueSoonDays: number;
  namedSupervisionDays: number;
  complaintReplyWorkingDays: number;
  /** Official holidays and make-up working days, as the service seeds them into calendar_days. */
  calendar: Map<string, 'HOLIDAY' | 'WORKDAY'>;
  office: Sender;
  leader: Sender;
  sweeper: Sender;
  units: LifeUnit[];
  seed: number;
}

export interface TimedRow {
  at: number;
  /** UTF-8, off the V8 heap: hundreds of thousands wait for their day, and the collector need not trace them. */
  line: Buffer;
}

export interface Problem {
  issueLine: string;
  events: TimedRow[];
}

/** mulberry32: small, fast, deterministic. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface ParentCandidate {
  id: string;
  /** The last close of this problem; a child filed before it would have blocked that close. */
  lastCloseAt: number;
}

/** Makes problems in filing order; keeps the little cross-problem memory the rules need (parents, originals, codes). */
export class LifeGenerator {
  readonly rnd: () => number;
  private readonly counters = new Map<string, number>();
  private readonly parents: ParentCandidate[] = [];
  private readonly complaints: string[] = [];
  private readonly leadWeights: number[];
  private readonly byCode: Map<string, LifeUnit>;
  private readonly towns: LifeUnit[];
  private readonly templatesBySource: Map<IssueSource, ProblemTemplate[]>;
  /** The machine's initial snapshot depends only on the source: built once per source. */
  private readonly initial = new Map<IssueSource, IssueSnapshot>();
  eventsMade = 0;

  constructor(private readonly s: LifeSettings) {
    this.rnd = random(s.seed);
    this.byCode = new Map(s.units.map((u) => [u.code, u]));
    this.towns = s.units.filter((u) => u.kind !== 'DEPARTMENT');
    // Some units lead far more problems than others (生态环境局 ≫ 统计局): a Zipf-like weight over a fixed shuffle.
    const order = s.units.map((_, i) => i).sort((a, b) => ((a * 7919 + 13) % 97) - ((b * 7919 + 13) % 97));
    this.leadWeights = new Array<number>(s.units.length).fill(0);
    order.forEach((unitIndex, rank) => (this.leadWeights[unitIndex] = 1 / Math.pow(rank + 1, 0.8)));
    const sum = this.leadWeights.reduce((a, b) => a + b, 0);
    let acc = 0;
    this.leadWeights = this.leadWeights.map((w) => (acc += w / sum));
    this.templatesBySource = new Map(
      SOURCE_MIX.map(([source]) => [
        source,
        source === 'SELF_INSPECTION' ? PROBLEM_TEMPLATES : PROBLEM_TEMPLATES.filter((t) => t.sources.includes(source)),
      ]),
    );
  }

  /** Code counters reached, for issue_code_counters. */
  codeCounters(): { prefix: string; year: number; last: number }[] {
    return [...this.counters].map(([k, last]) => ({ prefix: k.slice(0, 2), year: Number(k.slice(3)), last }));
  }

  /** Filing moments: weekdays in office hours (Asia/Shanghai), spread over [start, now), ascending. */
  filingTimes(count: number, start: number): Float64Array {
    const times = new Float64Array(count);
    const span = this.s.now - 3_600_000 - start;
    for (let i = 0; i < count; i++) {
      let t = start + this.rnd() * span;
      const weekday = shanghaiWeekday(shanghaiDate(new Date(t)));
      // Few problems are filed at weekends: move most of them to the Friday before.
      if (weekday >= 6 && this.rnd() < 0.85) t -= (weekday - 5) * DAY;
      times[i] = officeHours(Math.max(start, t), this.rnd);
      if (times[i] >= this.s.now) times[i] = this.s.now - 60_000 - this.rnd() * 3_600_000;
    }
    return times.sort();
  }

  problem(filedAt: number): Problem {
    return new Life(this, this.s, filedAt).run();
  }

  // --- choices shared with Life ---

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.rnd() * list.length)];
  }

  source(): IssueSource {
    let x = this.rnd();
    for (const [source, share] of SOURCE_MIX) if ((x -= share) < 0) return source;
    return 'PUBLIC_COMPLAINT';
  }

  template(source: IssueSource): ProblemTemplate {
    return this.pick(this.templatesBySource.get(source)!);
  }

  /** Half the time a unit the template names (any town for a town), otherwise any unit by its weight. */
  lead(template: ProblemTemplate): LifeUnit {
    if (this.rnd() < 0.5) {
      const hinted = this.byCode.get(this.pick(template.leads));
      if (hinted) return hinted.kind === 'DEPARTMENT' ? hinted : this.pick(this.towns);
    }
    const x = this.rnd();
    let lo = 0;
    let hi = this.leadWeights.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.leadWeights[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return this.s.units[lo];
  }

  otherUnit(than: string): LifeUnit {
    for (;;) {
      const u = this.pick(this.s.units);
      if (u.id !== than) return u;
    }
  }

  code(source: IssueSource, filedAt: number): string {
    const key = `${CODE_PREFIX[source]}-${new Date(filedAt).toISOString().slice(0, 4)}`;
    const n = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, n);
    return `${key}-${String(n).padStart(5, '0')}`;
  }

  initialSnapshot(source: IssueSource): IssueSnapshot {
    let s = this.initial.get(source);
    if (!s) this.initial.set(source, (s = initialSnapshot({ source })));
    return s;
  }

  /** A parent for a 举一反三 problem: a recent inspection problem none of whose closes comes after this filing. */
  parentFor(filedAt: number): string | null {
    for (let tries = 0; tries < 8 && this.parents.length > 0; tries++) {
      const c = this.parents[Math.floor(this.rnd() * this.parents.length)];
      if (c.lastCloseAt < filedAt) return c.id;
    }
    return null;
  }

  rememberParent(id: string, lastCloseAt: number): void {
    this.parents.push({ id, lastCloseAt });
    if (this.parents.length > 4000) this.parents.splice(0, 1000);
  }

  originalFor(): string | null {
    return this.complaints.length ? this.pick(this.complaints) : null;
  }

  rememberComplaint(id: string): void {
    this.complaints.push(id);
    if (this.complaints.length > 4000) this.complaints.splice(0, 1000);
  }

  /** CalendarService.addWorkingDays over the same official calendar: the end of the n-th working day after `from`. */
  addWorkingDays(from: number, n: number): number {
    let day = shanghaiDate(new Date(from));
    for (let left = n; left > 0;) {
      day = nextDay(day);
      const kind = this.s.calendar.get(day);
      if (kind ? kind === 'WORKDAY' : shanghaiWeekday(day) <= 5) left--;
    }
    return addDays(startOfShanghaiDay(day), 1).getTime();
  }
}

/** Moves a moment into 08:00–20:00 Asia/Shanghai (never backwards), where people do their work. */
function officeHours(t: number, rnd: () => number): number {
  const hour = ((((t + 8 * 3_600_000) % DAY) + DAY) % DAY) / 3_600_000;
  if (hour >= 8 && hour < 20) return t;
  const toEight = hour < 8 ? 8 - hour : 32 - hour;
  return t + toEight * 3_600_000 + rnd() * 2 * 3_600_000;
}

const iso = (t: number) => new Date(t).toISOString();

class Life {
  private snap: IssueSnapshot;
  private seq = 0;
  private lastAt = 0;
  private t: number;
  private readonly id = randomUUID();
  private readonly events: TimedRow[] = [];
  private readonly source: IssueSource;
  private lastCloseAt = 0;
  private lead!: LifeUnit;
  private deadlineKind: DeadlineKind = 'DATE';
  private spanDays = 30;

  constructor(
    private readonly g: LifeGenerator,
    private readonly s: LifeSettings,
    private readonly filedAt: number,
  ) {
    this.t = filedAt;
    this.source = g.source();
    this.snap = g.initialSnapshot(this.source);
  }

  run(): Problem {
    const g = this.g;
    const template = g.template(this.source);
    const complaint = this.source === 'PUBLIC_COMPLAINT';
    const hint = g.lead(template);
    const parentId = this.source === 'SELF_INSPECTION' ? g.parentFor(this.filedAt) : null;
    const code = g.code(this.source, this.filedAt);
    const title = this.source === 'SELF_INSPECTION' ? `举一反三：${template.title}` : template.title;
    const village = hint.kind === 'DEPARTMENT' ? '' : g.pick(VILLAGES);
    const filed = {
      code,
      batch: batchOf(this.source, this.filedAt, g),
      title,
      description: `${hint.name}${village}辖区内：${template.description}（点位${1 + Math.floor(g.rnd() * 400)}）`,
      category: template.category,
      location: hint.kind === 'DEPARTMENT' ? null : `${hint.name}${village}`,
      complainantName: complaint ? `${g.pick(SURNAMES)}${g.rnd() < 0.5 ? '先生' : '女士'}` : null,
      complainantPhone: complaint ? `139${String(Math.floor(g.rnd() * 1e8)).padStart(8, '0')}` : null,
      complaintChannel: complaint ? g.pick(['12345', '12369']) : null,
      replyDueAt: complaint ? g.addWorkingDays(this.filedAt, this.s.complaintReplyWorkingDays) : null,
    };
    this.fileEvent();
    const duplicateOf = complaint && g.rnd() < 0.015 ? g.originalFor() : null;
    if (duplicateOf) {
      if (this.later(0.05, 2))
        this.emit(this.s.office, {
          type: 'markDuplicate',
          duplicateOfId: duplicateOf,
          comment: '与已受理的投诉为同一问题，并案办理',
        });
    } else {
      this.lead = hint.kind === 'DEPARTMENT' || g.rnd() < 0.7 ? hint : g.lead(template);
      this.walk(title);
      if (complaint) g.rememberComplaint(this.id);
    }
    this.sweepUntil(this.s.now);
    if (!duplicateOf && (this.source === 'CENTRAL_INSPECTION' || this.source === 'MUNICIPAL_INSPECTION')) {
      g.rememberParent(this.id, this.lastCloseAt);
    }
    g.eventsMade += this.events.length;

    const c = this.snap.context;
    const substate = substateOf(this.snap);
    const issueLine = copyRow([
      this.id,
      filed.code,
      this.source,
      filed.batch,
      filed.title,
      filed.description,
      filed.category,
      filed.location,
      parentId,
      filed.complainantName,
      filed.complainantPhone,
      filed.complaintChannel,
      filed.replyDueAt === null ? null : new Date(filed.replyDueAt),
      new Date(this.filedAt),
      this.s.office.label,
      topStateOf(substate),
      substate,
      ISSUE_MACHINE_VERSION,
      this.seq,
      ...contextColumns(c),
      // updated_at: the last event's time, as the transition path keeps it
      new Date(this.events.reduce((last, e) => Math.max(last, e.at), this.filedAt)),
    ]);
    return { issueLine, events: this.events };
  }

  /** From assignment on: how far it gets depends on its age and on chance. */
  private walk(title: string): void {
    const g = this.g;
    const office = this.s.office;
    if (!this.later(0.1, 3)) return;
    const x = g.rnd();
    this.deadlineKind = this.source === 'PUBLIC_COMPLAINT' || x < 0.7 ? 'DATE' : x < 0.85 ? 'IMMEDIATE' : 'LONG_TERM';
    this.spanDays = this.source === 'PUBLIC_COMPLAINT' ? 10 + g.rnd() * 20 : 20 + g.rnd() * 160;
    const coop = g.rnd() < 0.3 ? [g.otherUnit(this.lead.id).id] : [];
    if (g.rnd() < 0.3 && coop.length) coop.push(g.otherUnit(this.lead.id).id);
    const assign = (type: 'assign' | 'reassign', unit: LifeUnit): EventInput => ({
      type,
      leadUnitId: unit.id,
      cooperatingUnitIds: [...new Set(coop)].filter((id) => id !== unit.id),
      deadlineKind: this.deadlineKind,
      dueAt: this.dueFrom(this.t),
      comment: null,
    });
    if (g.rnd() < 0.05) {
      // Sent to the wrong unit first: it returns it as not its own, the office assigns again.
      const wrong = g.otherUnit(this.lead.id);
      this.emit(office, assign('assign', wrong));
      if (!this.later(0.2, 2)) return;
      this.emit(wrong.sender, { type: 'return', reason: '不属于本单位职责范围，申请退回' });
      if (!this.later(0.2, 2)) return;
    }
    this.emit(office, assign('assign', this.lead));
    if (g.rnd() < 0.02) {
      if (!this.later(0.3, 3)) return;
      this.lead = g.otherUnit(this.lead.id);
      this.emit(office, assign('reassign', this.lead));
    }
    if ((this.source === 'CENTRAL_INSPECTION' || this.source === 'MUNICIPAL_INSPECTION') && g.rnd() < 0.25) {
      if (!this.later(0.05, 1)) return;
      this.emit(office, { type: 'publish', published: true, publicSummary: `${title}，正在按整改方案推进。` });
    }
    // A few units never sign, a few never finish: the overdue lists and the escalation ladder.
    if (g.rnd() < 0.005) return;
    if (!this.later(0.1, 3)) return;
    this.emit(this.lead.sender, { type: 'accept', comment: g.rnd() < 0.5 ? '已签收，成立整改专班' : null });
    const stuck = g.rnd() < 0.015;
    for (let round = 0; round < 3; round++) {
      if (!this.rectify(stuck)) return;
      if (!this.lookBack()) return;
    }
  }

  /** One round of work from RECTIFYING.inProgress to CLOSED; false when time runs out first. */
  private rectify(stuck: boolean): boolean {
    const g = this.g;
    const unit = this.lead.sender;
    const start = this.t;
    const due = this.snap.context.dueAt ? Date.parse(this.snap.context.dueAt) : null;
    const kind = this.snap.context.deadlineKind;
    let days: number;
    if (kind === 'LONG_TERM') days = 120 + g.rnd() * 580;
    else if (kind === 'IMMEDIATE') days = 0.3 + g.rnd() * (g.rnd() < 0.1 ? 6 : 1.5);
    else {
      const window = Math.max(1, ((due ?? start) - start) / DAY);
      days = g.rnd() < 0.15 ? window * (1 + g.rnd() * 0.5) + 1 : Math.max(0.5, window * (0.3 + g.rnd() * 0.65));
    }
    const reports = stuck
      ? 12
      : kind === 'LONG_TERM'
        ? 3 + Math.floor(g.rnd() * 4)
        : this.source === 'PUBLIC_COMPLAINT'
          ? Math.floor(g.rnd() * 2)
          : 1 + Math.floor(g.rnd() * 3);
    for (let k = 1; k <= reports; k++) {
      const target = stuck ? this.t + (20 + g.rnd() * 40) * DAY : start + (days * DAY * k) / (reports + 1);
      this.t = officeHours(Math.max(this.t + 600_000, target), g.rnd);
      if (this.t >= this.s.now) return false;
      const c = this.snap.context;
      if (
        c.deadlineKind === 'DATE' &&
        c.dueAt &&
        c.pendingExtension === null &&
        this.t < Date.parse(c.dueAt) &&
        g.rnd() < 0.08
      ) {
        const newDueAt = iso(Date.parse(c.dueAt) + (15 + Math.floor(g.rnd() * 45)) * DAY);
        this.emit(unit, { type: 'requestExtension', newDueAt, reason: '受雨季及施工条件影响，申请延期' });
        if (!this.later(0.5, 3)) return false;
        const approve = g.rnd() < 0.7;
        this.emit(this.s.office, {
          type: 'decideExtension',
          approve,
          comment: approve ? '同意延期' : '不同意延期，请按原时限完成',
        });
        continue;
      }
      const pct = Math.min(90, Math.max(10, Math.round((100 * k) / (reports + 1) / 10) * 10));
      this.emit(unit, { type: 'reportProgress', progressPercent: pct, comment: `整改完成约${pct}%，已上传现场照片` });
    }
    if (stuck) return false;
    this.t = officeHours(Math.max(this.t + 3_600_000, start + days * DAY), g.rnd);
    if (this.t >= this.s.now) return false;
    for (let attempt = 0; ; attempt++) {
      const finding: ComplaintFinding | null =
        this.source === 'PUBLIC_COMPLAINT'
          ? g.rnd() < 0.6
            ? 'SUBSTANTIATED'
            : g.rnd() < 0.6
              ? 'PARTLY_SUBSTANTIATED'
              : 'UNFOUNDED'
          : null;
      // (no supervising department is named here: the submission goes straight to the office)
      this.emit(unit, { type: 'submit', summary: '已完成整改，申请销号', finding, departmentReview: false });
      if (!this.later(1, 5)) return false;
      const passed = attempt > 0 || g.rnd() < 0.88;
      // Accepted into the rest of the chain the source's default policy names.
      const signOffSteps = DEFAULT_CLOSURE_STEPS[this.source].filter((s) => s !== REVIEW_STEP);
      this.emit(this.s.office, {
        type: 'verify',
        passed,
        comment: passed ? '现场核查合格' : '现场核查整改不到位，退回继续整改',
        ...(passed ? { signOffSteps, ...this.noticeFrom(signOffSteps[0]) } : {}),
      });
      if (passed) break;
      if (!this.later(3, 15)) return false;
    }
    if (!this.signOffChain()) return false;
    if (!this.later(0.5, 4)) return false;
    const satisfaction: Satisfaction | null =
      this.source === 'PUBLIC_COMPLAINT'
        ? g.rnd() < 0.6
          ? 'SATISFIED'
          : g.rnd() < 0.75
            ? 'BASICALLY_SATISFIED'
            : 'UNSATISFIED'
        : null;
    this.emit(this.s.office, { type: 'close', comment: '同意销号', satisfaction });
    this.lastCloseAt = this.t;
    return true;
  }

  /**
   * A public notice started at the current time runs about five working days (seven calendar days here: the bench
   * has no official calendar); other steps start none.
   */
  private noticeFrom(step: SignOffStep | undefined): { noticeEndsAt?: string } {
    return step === 'PUBLIC_NOTICE' ? { noticeEndsAt: iso(Math.max(this.t, this.lastAt + 1) + 7 * DAY) } : {};
  }

  /** The steps after acceptance, each signed by its signer: the leaders, the sweep at the notice's end, the office. */
  private signOffChain(): boolean {
    for (;;) {
      const c = this.snap.context;
      const at = substateOf(this.snap);
      if (at === 'VERIFIED.leadershipApproval') {
        if (!this.later(1, 4)) return false;
        const next = c.signOffSteps[c.signOffSteps.indexOf('LEADERSHIP_APPROVAL') + 1];
        this.emit(this.s.leader, {
          type: 'signOff',
          step: 'LEADERSHIP_APPROVAL',
          comment: '同意',
          ...this.noticeFrom(next),
        });
      } else if (at === 'VERIFIED.publicNotice') {
        this.t = Date.parse(c.noticeEndsAt!) + 60_000 + this.g.rnd() * 3_600_000;
        if (this.t >= this.s.now) return false;
        this.emit(this.s.sweeper, { type: 'signOff', step: 'PUBLIC_NOTICE', comment: '公示期满，无异议' });
      } else if (at === 'VERIFIED.cityReview') {
        if (!this.later(3, 10)) return false;
        this.emit(this.s.office, {
          type: 'signOff',
          step: 'CITY_REVIEW',
          documentNumber: `渝督改办〔${shanghaiDate(new Date(this.t)).slice(0, 4)}〕${1 + Math.floor(this.g.rnd() * 300)}号`,
        });
      } else return true;
    }
  }

  /** 回头看 after a close: most are never revisited; a revisit may find a rebound (true: a new round begins). */
  private lookBack(): boolean {
    const g = this.g;
    if (g.rnd() > 0.35 || !this.later(14, 60)) return false;
    for (let visit = 0; visit < 2; visit++) {
      if (g.rnd() < (visit === 0 ? 0.15 : 0.1)) {
        const newDueAt = iso(this.t + (20 + Math.floor(g.rnd() * 40)) * DAY);
        this.emit(this.s.office, {
          type: 'revisit',
          rebounded: true,
          comment: '回头看发现问题反弹，重新整改',
          newDueAt,
        });
        return true;
      }
      this.emit(this.s.office, { type: 'revisit', rebounded: false, comment: '回头看未发现反弹', newDueAt: null });
      // A yearly look-back now and then.
      if (g.rnd() > 0.1 || !this.later(300, 400)) return false;
    }
    return false;
  }

  private dueFrom(at: number): string | null {
    if (this.deadlineKind === 'LONG_TERM') return null;
    if (this.deadlineKind === 'IMMEDIATE') return iso(this.g.addWorkingDays(at, 1));
    return iso(at + this.spanDays * DAY);
  }

  /** Moves the clock on; false once it passes now (the problem's story so far ends there). */
  private later(minDays: number, maxDays: number): boolean {
    this.t = officeHours(this.t + (minDays + this.g.rnd() * (maxDays - minDays)) * DAY, this.g.rnd);
    return this.t < this.s.now;
  }

  private fileEvent(): void {
    const o = this.s.office;
    this.seq = 1;
    this.lastAt = this.filedAt;
    this.push(this.filedAt, 'file', null, 'FILED', o, null, {
      type: 'file',
      source: this.source,
      at: iso(this.filedAt),
    });
  }

  /** The deadline sweep (every minute) climbing each rung reached while the unit holds the problem, up to `end`. */
  private sweepUntil(end: number): void {
    for (;;) {
      const c = this.snap.context;
      const substate = substateOf(this.snap);
      if (substate !== 'ASSIGNED' && substate !== 'RECTIFYING.inProgress') return;
      if (
        c.deadlineKind === 'LONG_TERM' ||
        c.dueAt === null ||
        c.duplicateOfId !== null ||
        c.escalationLevel === 'NAMED_SUPERVISION'
      )
        return;
      const due = Date.parse(c.dueAt);
      const rank = escalationRank(c.escalationLevel);
      const threshold = [due - this.s.dueSoonDays * DAY, due, due + this.s.namedSupervisionDays * DAY][rank];
      const tick = Math.max(threshold, this.lastAt) + 1000 + this.g.rnd() * 59_000;
      if (tick + 50 >= end || tick >= this.s.now) return;
      const reached = escalationRank(
        reachedLevel(new Date(due), new Date(tick), this.s.dueSoonDays, this.s.namedSupervisionDays),
      );
      if (reached <= rank) return;
      for (let r = rank + 1; r <= reached; r++) {
        this.apply(
          this.s.sweeper,
          { type: 'escalate', level: ESCALATION_LEVELS[r], comment: null },
          tick + (r - rank) * 7,
        );
      }
    }
  }

  private emit(by: Sender, input: EventInput): void {
    this.sweepUntil(this.t);
    this.apply(by, input, this.t);
  }

  private apply(by: Sender, input: EventInput, atRequested: number): void {
    // Events of one problem are serialised by its row lock: their times never go backwards.
    const at = Math.max(atRequested, this.lastAt + 1);
    const facts = input.type === 'close' ? { openChildren: 0 } : {};
    const event = { ...input, ...facts, actor: by.actor, at: iso(at) } as IssueEvent;
    const from = substateOf(this.snap);
    const result = step(this.snap, event);
    if (!result.changed) throw new Error(`the machine refused ${input.type} in ${from}: ${JSON.stringify(event)}`);
    this.snap = result.snapshot;
    this.seq++;
    this.lastAt = at;
    this.push(at, input.type, from, substateOf(this.snap), by, commentOf(input), event);
  }

  private push(
    at: number,
    type: string,
    from: string | null,
    to: string,
    by: Sender,
    comment: string | null,
    payload: unknown,
  ): void {
    const c = this.snap.context;
    this.events.push({
      at,
      line: Buffer.from(
        copyRow([
          this.id,
          this.seq,
          type,
          from,
          to,
          by.label,
          by.actor.role,
          by.tokenId,
          by.actor.unitId,
          comment,
          JSON.stringify(payload),
          ISSUE_MACHINE_VERSION,
          new Date(at),
          c.leadUnitId,
          c.dueAt,
          c.deadlineKind,
          c.completedOnTime,
          c.firstSubmittedAt,
          c.satisfaction,
          c.escalationLevel,
          c.duplicateOfId,
        ]),
      ),
    });
  }
}

/** TransitionService's commentOf: the reason, the summary or the comment. */
function commentOf(input: EventInput): string | null {
  if ('reason' in input) return input.reason;
  if ('summary' in input) return input.summary;
  if ('comment' in input) return input.comment ?? null;
  return null;
}
