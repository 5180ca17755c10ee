// Complaints by round (群众举报办理情况) and the rounds' enforcement outcomes, as GraphQL types.
import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import type { IssueSource } from '../../workflows/issue.types.js';
import { IssueSourceEnum } from '../common/graphql-enums.js';
import { DateTimeScalar } from '../common/scalars.js';
import type { ComplaintCounts, RoundCounts } from './complaint-report.query.js';

@ObjectType('ComplaintFigures', {
  description:
    '群众举报办理情况: the complaints (every PUBLIC_COMPLAINT, and problems of any source filed with a complaint channel)',
})
export class ComplaintFiguresModel {
  @Field(() => Int, { description: 'Received (受理): complaints filed, duplicates aside' }) received: number;
  @Field(() => Int, { description: 'Closed (办结): 销号, or looked back on since' }) closed: number;
  @Field(() => Int, { description: 'In progress (正在办理): received − closed' }) inProgress: number;
  @Field(() => Int, {
    description: 'Assigned to a unit within RECTIFY_COMPLAINT_ASSIGN_DAYS days of receipt (按时交办)',
  })
  assignedInTime: number;
  @Field(() => Float, { description: '交办率: assignedInTime / received (0 when none received)' })
  assignmentRate: number;
  @Field(() => Int, { description: 'Replied (已办理反馈): the lead unit has submitted its finding' }) replied: number;
  @Field(() => Int, { description: 'Replied by the reply deadline (按时反馈)' }) repliedOnTime: number;
  @Field(() => Int, { description: 'Due to have been replied: replied, or past the reply deadline' }) replyDue: number;
  @Field(() => Float, { description: '按时反馈率: repliedOnTime / replyDue (0 when none due)' })
  onTimeReplyRate: number;
  @Field(() => Int, { description: 'Found true (属实)' }) substantiated: number;
  @Field(() => Int, { description: 'Found partly true (部分属实)' }) partlySubstantiated: number;
  @Field(() => Int, { description: 'Found untrue (不属实)' }) unfounded: number;
  @Field(() => Int, { description: 'Complainants satisfied (满意)' }) satisfied: number;
  @Field(() => Int, { description: 'Complainants basically satisfied (基本满意)' }) basicallySatisfied: number;
  @Field(() => Int, { description: 'Complainants unsatisfied (不满意)' }) unsatisfied: number;
  @Field(() => Float, {
    description: '满意率: (satisfied + basically satisfied) / those asked (0 when nobody was asked)',
  })
  satisfactionRate: number;
}

@ObjectType('EnforcementTotals', { description: '执法成果: what the problems’ units reported, summed' })
export class EnforcementTotalsModel {
  @Field(() => Int, { description: 'Orders to correct (责令改正)' }) ordersToCorrect: number;
  @Field(() => Int, { description: 'Cases opened (立案)' }) casesOpened: number;
  @Field(() => Float, { description: 'Fines (罚款), in yuan' }) fineYuan: number;
  @Field(() => Int, { description: 'Problems that reported outcomes' }) problems: number;
}

@ObjectType('RoundFigures', { description: 'One inspection round (批次) of one source, or the total over them' })
export class RoundFiguresModel {
  @Field(() => IssueSourceEnum, { nullable: true, description: 'The source; null on the total' })
  source: IssueSource | null;
  @Field(() => String, {
    nullable: true,
    description: 'The batch (批次); null: problems filed without one, or the total',
  })
  batch: string | null;
  @Field(() => Int, { description: 'Problems of the round, complaints included, duplicates aside' }) problems: number;
  @Field(() => Int, { description: 'Of them closed (销号)' }) closedProblems: number;
  @Field(() => ComplaintFiguresModel, { description: 'The round’s complaints' }) complaints: ComplaintFiguresModel;
  @Field(() => EnforcementTotalsModel, { description: 'The round’s enforcement outcomes' })
  enforcement: EnforcementTotalsModel;
}

@ObjectType('ComplaintReport', {
  description: 'Complaints and enforcement by inspection round (按批次的群众举报办理和执法成果), as of now',
})
export class ComplaintReportModel {
  @Field(() => DateTimeScalar, { description: 'The moment the figures are of' }) asOf: Date;
  @Field(() => [RoundFiguresModel], { description: 'One row per source and batch' }) rounds: RoundFiguresModel[];
  @Field(() => RoundFiguresModel, { description: 'Over every row' }) total: RoundFiguresModel;
}

const rate = (part: number, whole: number) => (whole > 0 ? part / whole : 0);

export function complaintFigures(c: ComplaintCounts): ComplaintFiguresModel {
  const asked = c.satisfied + c.basicallySatisfied + c.unsatisfied;
  return {
    ...c,
    inProgress: c.received - c.closed,
    assignmentRate: rate(c.assignedInTime, c.received),
    onTimeReplyRate: rate(c.repliedOnTime, c.replyDue),
    satisfactionRate: rate(c.satisfied + c.basicallySatisfied, asked),
  };
}

export function roundFigures(r: RoundCounts): RoundFiguresModel {
  return {
    source: r.source,
    batch: r.batch,
    problems: r.problems,
    closedProblems: r.closedProblems,
    complaints: complaintFigures(r.complaints),
    enforcement: r.enforcement,
  };
}
