import { Field, ID, Int, InterfaceType, ObjectType } from '@nestjs/graphql';
import type { DeadlineKind, EscalationLevel, IssueSource, IssueState } from '../../workflows/issue.types.js';
import {
  ComplaintFindingEnum,
  DeadlineKindEnum,
  EscalationLevelEnum,
  IssueCategoryEnum,
  IssueSourceEnum,
  IssueStateEnum,
  SatisfactionEnum,
} from '../common/graphql-enums.js';
import { DateTimeScalar } from '../common/scalars.js';
import type { IssueCategory } from './issue.record.js';

@ObjectType('Complainant', { description: '举报人: visible to the office only' })
export class ComplainantModel {
  @Field(() => String, { nullable: true }) name: string | null;
  @Field(() => String, { nullable: true }) phone: string | null;
  @Field(() => String, { nullable: true }) channel: string | null;
}

@ObjectType('PendingExtension', { description: '待审批的延期申请' })
export class PendingExtensionModel {
  @Field(() => DateTimeScalar) newDueAt: Date;
  @Field() reason: string;
  @Field(() => DateTimeScalar) requestedAt: Date;
}

@ObjectType('IssueEvent', { description: 'One row of a problem’s audit log' })
export class IssueEventModel {
  @Field(() => Int) seq: number;
  @Field({ description: 'file, assign, reassign, accept, return, reportProgress, requestExtension, decideExtension, submit, verify, close, revisit, publish' })
  type: string;
  @Field(() => String, { nullable: true }) fromState: string | null;
  @Field() toState: string;
  @Field() actor: string;
  @Field(() => DateTimeScalar) at: Date;
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
export class IssueModel {
  @Field(() => ID) id: string;
  @Field() code: string;
  @Field(() => IssueSourceEnum) source: IssueSource;
  @Field(() => String, { nullable: true }) batch: string | null;
  @Field() title: string;
  // description is resolved by IssueFieldsResolver: the public sees the public summary instead.
  @Field(() => IssueCategoryEnum) category: IssueCategory;
  @Field(() => String, { nullable: true, description: 'The wording the public view shows (公开摘要)' }) publicSummary: string | null;
  @Field(() => String, { nullable: true }) location: string | null;
  @Field(() => IssueStateEnum) state: IssueState;
  @Field({ description: '"RECTIFYING.inProgress", "RECTIFYING.submitted", or the state itself' }) substate: string;
  @Field(() => Int) version: number;
  @Field(() => DeadlineKindEnum, { nullable: true }) deadlineKind: DeadlineKind | null;
  @Field(() => DateTimeScalar, { nullable: true }) dueAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'The deadline as first assigned, before extensions' })
  originalDueAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) replyDueAt: Date | null;
  @Field(() => Int) progressPercent: number;
  @Field(() => DateTimeScalar) filedAt: Date;
  @Field(() => DateTimeScalar, { nullable: true }) closedAt: Date | null;
  @Field(() => ComplaintFindingEnum, { nullable: true }) finding: string | null;
  @Field(() => SatisfactionEnum, { nullable: true }) satisfaction: string | null;
  @Field(() => Int) reboundCount: number;
  @Field(() => EscalationLevelEnum, {
    description:
      '预警 / 督办 / 挂牌督办 as of this read: while the unit holds a dated problem, at least the rung its ' +
      'deadline has reached — overdue ⇒ SUPERVISION or above, due soon ⇒ WARNING or above — whether or not the sweep has ' +
      'logged it yet; otherwise the rung last logged. Starts again at NONE with a new deadline',
  })
  escalationLevel: EscalationLevel;
  @Field() published: boolean;
  @Field(() => DateTimeScalar, { description: 'The last event’s time (最近更新): what IssueFilter.updatedAfter and the UPDATED_AT order read' })
  updatedAt: Date;
  // heldByMe, awaitingMe, leadUnit, cooperatingUnits, overdue, dueSoon, parent, complainant, allowedEvents, events,
  // pendingExtension are resolved by IssueFieldsResolver.
}

@ObjectType('IssueEdge')
export class IssueEdgeModel {
  @Field() cursor: string;
  @Field(() => IssueModel) node: IssueModel;
}

@ObjectType('PageInfo')
export class PageInfoModel {
  @Field({ description: 'Going forward (first/after): whether more rows follow the page; going backward (last/before): whether a row lies at or after `before`' })
  hasNextPage: boolean;
  @Field({
    description:
      'Going forward (first/after): whether a row lies at or before `after`; going backward (last/before): whether more rows lie before the page',
  })
  hasPreviousPage: boolean;
  @Field(() => String, { nullable: true, description: 'The first edge’s cursor (null on an empty page)' }) startCursor: string | null;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

@ObjectType('IssueConnection')
export class IssueConnectionModel {
  @Field(() => [IssueEdgeModel]) edges: IssueEdgeModel[];
  @Field(() => PageInfoModel) pageInfo: PageInfoModel;
  @Field(() => Int) totalCount: number;
}
