import { Field, Float, ID, Int, InterfaceType, ObjectType } from '@nestjs/graphql';
import type {
  DeadlineKind,
  EscalationLevel,
  IssueSource,
  IssueState,
  LoggedEventType,
  SignOffStep,
} from '../../workflows/issue.types.js';
import {
  ComplaintFindingEnum,
  DeadlineKindEnum,
  EscalationLevelEnum,
  IssueCategoryEnum,
  IssueEventTypeEnum,
  IssueSourceEnum,
  IssueStateEnum,
  SatisfactionEnum,
  SignOffStepEnum,
} from '../common/graphql-enums.js';
import { DateTimeScalar } from '../common/scalars.js';
import type { IssueCategory } from './issue.record.js';
import { CoordinateSystemEnum } from '../common/graphql-enums.js';
import type { CoordinateSystem } from './coordinates.js';
import { EnteredFieldsModel } from './entered-fields.model.js';

@ObjectType('Complainant', { description: '举报人: visible to the office only' })
export class ComplainantModel {
  @Field(() => String, { nullable: true, description: 'The complainant’s name (举报人)' }) name: string | null;
  @Field(() => String, { nullable: true, description: 'Their phone number (联系电话)' }) phone: string | null;
  @Field(() => String, { nullable: true, description: 'How the complaint came in (投诉渠道), e.g. 12345' })
  channel: string | null;
}

@ObjectType('EnforcementOutcome', { description: '执法成果: what enforcement came of a problem, as its unit reported' })
export class EnforcementOutcomeModel {
  @Field(() => Int, { description: 'Orders to correct (责令改正), in number' }) ordersToCorrect: number;
  @Field(() => Int, { description: 'Cases opened (立案), in number' }) casesOpened: number;
  @Field(() => Float, { description: 'Fines (罚款), in yuan' }) fineYuan: number;
}

@ObjectType('PendingExtension', { description: '待审批的延期申请' })
export class PendingExtensionModel {
  @Field(() => DateTimeScalar, { description: 'The deadline the unit asks for' }) newDueAt: Date;
  @Field({ description: 'Its calendar day (Asia/Shanghai, YYYY-MM-DD), as pages and messages show it' })
  newDueDay: string;
  @Field({ description: 'Why it needs more time (延期理由)' }) reason: string;
  @Field(() => DateTimeScalar, { description: 'When it asked' }) requestedAt: Date;
}

@ObjectType('IssueEvent', { description: 'One row of a problem’s audit log' })
export class IssueEventModel {
  @Field(() => Int, { description: 'Its place in the problem’s log, from 1 (file)' }) seq: number;
  @Field(() => IssueEventTypeEnum, { description: 'What happened: the event this row records' })
  type: LoggedEventType;
  @Field(() => String, { nullable: true, description: 'The sub-state before it, e.g. "ASSIGNED"; null on file' })
  fromState: string | null;
  @Field({ description: 'The sub-state after it, e.g. "RECTIFYING.inProgress"' }) toState: string;
  @Field({ description: 'Who sent it: the token’s label, or system:deadline-sweep for an escalation' }) actor: string;
  @Field(() => DateTimeScalar, { description: 'When it was logged' }) at: Date;
  // unit and comment are resolved by IssueEventResolver.
}

@InterfaceType('Node', {
  description:
    'An object that can be fetched again by its id alone (Relay’s Node): ids are UUIDs, unique across every type, so they serve as global ids as they are',
  resolveType: () => IssueModel,
})
export abstract class NodeModel {
  @Field(() => ID, { description: 'Its global id' }) id: string;
}

@ObjectType('Issue', { description: '督察整改问题', implements: () => [NodeModel] })
export class IssueModel extends EnteredFieldsModel {
  @Field(() => ID, { description: 'The problem’s id, a UUID (its global id)' }) id: string;
  @Field({ description: 'Its unique code (问题编号), e.g. ZY-2026-00042' }) code: string;
  @Field(() => IssueSourceEnum, { description: 'Where it came from (问题来源)' }) source: IssueSource;
  @Field({ description: 'Its title, one line that names the problem' }) title: string;
  // description is resolved by IssueFieldsResolver: the public sees the public summary instead.
  @Field(() => IssueCategoryEnum, { description: 'Its environmental field (问题类别)' }) category: IssueCategory;
  @Field(() => String, { nullable: true, description: 'The wording the public view shows (公开摘要)' }) publicSummary:
    string | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Its longitude (经度) in coordinateSystem, 73–136; null when not located (with latitude)',
  })
  longitude: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Its latitude (纬度) in coordinateSystem, 3–54; null when not located (with longitude)',
  })
  latitude: number | null;
  @Field(() => CoordinateSystemEnum, {
    nullable: true,
    description: 'The coordinate system longitude and latitude are in (坐标系); null when not located',
  })
  coordinateSystem: CoordinateSystem | null;
  @Field(() => IssueStateEnum, { description: 'Its top-level state (办理状态)' }) state: IssueState;
  @Field({ description: '"RECTIFYING.inProgress", "RECTIFYING.submitted", or the state itself' }) substate: string;
  @Field(() => Int, { description: 'How many events its log holds; send it as expectedVersion to refuse stale writes' })
  version: number;
  @Field(() => DeadlineKindEnum, { nullable: true, description: 'How its deadline is set; null while not assigned' })
  deadlineKind: DeadlineKind | null;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'The deadline in force (整改时限), moved by an approved extension; null while unassigned or LONG_TERM',
  })
  dueAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'The deadline as first assigned, before extensions' })
  originalDueAt: Date | null;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'A complaint’s reply deadline (答复期限); null otherwise',
  })
  replyDueAt: Date | null;
  @Field(() => Int, { description: 'Progress last reported (整改进度), a percentage 0–100; 100 once verified' })
  progressPercent: number;
  @Field(() => DateTimeScalar, { description: 'When it was filed (登记时间)' }) filedAt: Date;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When it was closed (销号); null while open or reopened',
  })
  closedAt: Date | null;
  @Field(() => ComplaintFindingEnum, {
    nullable: true,
    description: 'A complaint’s finding (是否属实), as last submitted',
  })
  finding: string | null;
  @Field(() => EnforcementOutcomeModel, {
    nullable: true,
    description: 'What enforcement came of it (执法成果), as the lead unit last reported on submitting; null: none',
  })
  enforcement: EnforcementOutcomeModel | null;
  @Field(() => SatisfactionEnum, {
    nullable: true,
    description: 'The complainant’s satisfaction (回访满意度), at closure',
  })
  satisfaction: string | null;
  @Field(() => Int, { description: 'How many look-backs found it rebounded (反弹次数)' }) reboundCount: number;
  @Field(() => EscalationLevelEnum, {
    description:
      '预警 / 督办 / 挂牌督办 as of this read: while the unit holds a dated problem, at least the rung its ' +
      'deadline has reached — overdue ⇒ SUPERVISION or above, due soon ⇒ WARNING or above — whether or not the sweep has ' +
      'logged it yet; otherwise the rung last logged. Starts again at NONE with a new deadline',
  })
  escalationLevel: EscalationLevel;
  @Field({ description: 'Shown on the public view (信息公开), in publicIssues' }) published: boolean;
  @Field(() => [SignOffStepEnum], {
    description:
      'The sign-off chain after acceptance (签批链), fixed by its source’s closure policy when the work was accepted; ' +
      'empty before acceptance, when the policy names none, and after the work is sent back',
  })
  signOffSteps: SignOffStep[];
  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      'When its public notice (销号公示) ends, or ended; null when it has had none since its last acceptance',
  })
  noticeEndsAt: Date | null;
  @Field(() => Int, { description: 'How many times a step of the chain sent the work back to the unit (退回整改)' })
  sentBackCount: number;
  @Field(() => DateTimeScalar, {
    description: 'The last event’s time (最近更新): what IssueFilter.updatedAfter and the UPDATED_AT order read',
  })
  updatedAt: Date;
  // The entered text fields (batch, location, …) come from EnteredFieldsModel.
  // heldByMe, awaitingMe, leadUnit, cooperatingUnits, overdue, dueSoon, parent, complainant, allowedEvents, events,
  // pendingExtension are resolved by IssueFieldsResolver.
}

@ObjectType('IssueEdge', { description: 'A problem on a page of the list, with its cursor (Relay)' })
export class IssueEdgeModel {
  @Field({ description: 'The problem’s place in the list’s order, for `after` or `before`' }) cursor: string;
  @Field(() => IssueModel, { description: 'The problem' }) node: IssueModel;
}

@ObjectType('PageInfo', { description: 'Where a page lies in the whole list (Relay)' })
export class PageInfoModel {
  @Field({
    description:
      'Going forward (first/after): whether more rows follow the page; going backward (last/before): whether a row lies at or after `before`',
  })
  hasNextPage: boolean;
  @Field({
    description:
      'Going forward (first/after): whether a row lies at or before `after`; going backward (last/before): whether more rows lie before the page',
  })
  hasPreviousPage: boolean;
  @Field(() => String, { nullable: true, description: 'The first edge’s cursor (null on an empty page)' }) startCursor:
    string | null;
  @Field(() => String, { nullable: true, description: 'The last edge’s cursor (null on an empty page)' })
  endCursor: string | null;
}

@ObjectType('IssueConnection', { description: 'A page of the problem list (问题清单), Relay-style' })
export class IssueConnectionModel {
  @Field(() => [IssueEdgeModel], { description: 'The page’s problems, in the list’s order' }) edges: IssueEdgeModel[];
  @Field(() => PageInfoModel, { description: 'Where the page lies in the whole list' }) pageInfo: PageInfoModel;
  @Field(() => Int, { description: 'How many problems match, all pages together (counted only when asked for)' })
  totalCount: number;
}
