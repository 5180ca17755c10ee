// Supervision orders (督办单), leaders' instructions (批示) and the office's supervision settings, as GraphQL types.
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { OrderLevel } from '../../workflows/issue.types.js';
import { OrderLevelEnum, OrderStatusEnum } from '../common/graphql-enums.js';
import { DateTimeScalar } from '../common/scalars.js';
import { IssueModel } from '../issues/issue.model.js';
import { UnitModel } from '../units/unit.model.js';
import type { OrderStatus } from './supervision.repository.js';

@ObjectType('SupervisionOrder', {
  description:
    '督办单: the office’s order to one unit on one or many of its problems — the reasons, a date for a written reply; ' +
    'closed when the office accepts the reply. Each step is an event in every problem’s log',
})
export class SupervisionOrderModel {
  @Field(() => ID, { description: 'The order’s id' }) id: string;
  @Field({ description: '督办单编号, e.g. 督办〔2026〕3号' }) number: string;
  @Field(() => OrderLevelEnum, { description: '督办 or 挂牌督办' }) level: OrderLevel;
  @Field({ description: 'Why (督办事由)' }) reasons: string;
  @Field(() => UnitModel, { description: 'The unit it is addressed to (the problems’ lead unit when issued)' })
  unit: UnitModel;
  @Field(() => [IssueModel], { description: 'The problems it concerns (those the caller may read)' })
  issues: IssueModel[];
  @Field(() => DateTimeScalar, { description: 'When the written reply is due' }) replyDueAt: Date;
  @Field({ description: 'Its calendar day (Asia/Shanghai, YYYY-MM-DD), as pages and messages show it' })
  replyDueDay: string;
  @Field({ description: 'Awaiting a reply past its date (回复逾期)' }) replyOverdue: boolean;
  @Field(() => DateTimeScalar, { description: 'When it was issued' }) issuedAt: Date;
  @Field({ description: 'Who issued it (the office token’s label, or the deadline sweep)' }) issuedBy: string;
  @Field({ description: 'Raised by an escalation rung, as the office configured (自动督办)' }) automatic: boolean;
  @Field(() => OrderStatusEnum, { description: 'Where it stands' }) status: OrderStatus;
  @Field(() => String, { nullable: true, description: 'The unit’s explanation (情况说明), as last replied' })
  explanation: string | null;
  @Field(() => String, { nullable: true, description: 'The unit’s measures (整改措施), as last replied' })
  measures: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the unit last replied' }) repliedAt: Date | null;
  @Field(() => Int, { description: 'How many replies the unit has sent (a reply sent back asks for another)' })
  replies: number;
  @Field(() => String, { nullable: true, description: 'The office’s opinion on the last reply' })
  decisionComment: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the office accepted a reply (办结)' })
  closedAt: Date | null;
}

@ObjectType('LeaderInstruction', {
  description: '领导批示: a leader’s instruction on problems or on an order, which the unit acknowledges (签收)',
})
export class LeaderInstructionModel {
  @Field(() => ID, { description: 'The instruction’s id' }) id: string;
  @Field({ description: 'What the leader wrote' }) text: string;
  @Field(() => SupervisionOrderModel, { nullable: true, description: 'The order it was written on, if any' })
  order: SupervisionOrderModel | null;
  @Field(() => UnitModel, {
    nullable: true,
    description: 'The unit to acknowledge it (the problems’ lead unit); null: none leads them yet — the office does',
  })
  unit: UnitModel | null;
  @Field(() => [IssueModel], { description: 'The problems it concerns (those the caller may read)' })
  issues: IssueModel[];
  @Field(() => DateTimeScalar, { description: 'When it was written' }) issuedAt: Date;
  @Field({ description: 'Which leader’s token wrote it' }) issuedBy: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was acknowledged; null: not yet' })
  acknowledgedAt: Date | null;
  @Field(() => String, { nullable: true, description: 'Who acknowledged it' }) acknowledgedBy: string | null;
  @Field(() => String, { nullable: true, description: 'What the unit said on acknowledging it' })
  acknowledgement: string | null;
}

@ObjectType('SupervisionSettings', { description: 'How the office runs supervision orders' })
export class SupervisionSettingsModel {
  @Field(() => [OrderLevelEnum], {
    description:
      'The escalation rungs at which the deadline sweep also issues an order to the unit (自动督办); empty: none',
  })
  autoOrderLevels: OrderLevel[];
  @Field(() => Int, { description: 'Working days a unit has to reply when the office names no date' })
  replyWorkingDays: number;
  @Field(() => DateTimeScalar, { description: 'When they were last set' }) updatedAt: Date;
}
