// The GraphQL types of look-back campaigns (回头看): the campaign, its progress per unit, its items.
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { IssueSource } from '../../workflows/issue.types.js';
import { describedEnum } from '../common/described-enum.js';
import { IssueSourceEnum } from '../common/graphql-enums.js';
import { DateTimeScalar } from '../common/scalars.js';
import { UnitModel } from '../units/unit.model.js';
import type { UnitRecord } from '../units/unit.record.js';
import type { LookbackCampaignStatus, LookbackFinding, LookbackItemStatus } from './lookback.repository.js';

export const LOOKBACK_FINDING_LABELS: Record<LookbackFinding, string> = {
  HOLDING: '整改成效巩固，未发现反弹',
  REBOUNDED: '发现问题反弹（回潮）',
};

export const LookbackFindingEnum = describedEnum<LookbackFinding>(
  'LookbackFinding',
  'What a unit’s self-check (自查) found of a closed problem',
  LOOKBACK_FINDING_LABELS,
);

export const LookbackItemStatusEnum = describedEnum<LookbackItemStatus>(
  'LookbackItemStatus',
  'Where a problem of a look-back campaign is',
  {
    AWAITING_REPORT: '待单位自查报送',
    REPORTED: '单位已报送自查情况，待整改办认定',
    CONCLUDED: '整改办已认定（未反弹或反弹），已记入问题的回头看事件',
    WITHDRAWN: '回头看结束时尚未认定，已撤回',
  },
);

export const LookbackCampaignStatusEnum = describedEnum<LookbackCampaignStatus>(
  'LookbackCampaignStatus',
  'Where a look-back campaign is',
  {
    OPEN: '进行中：尚有问题未认定',
    COMPLETED: '已完成：每个问题都已认定',
    ENDED: '已结束：整改办提前结束，未认定的问题已撤回',
  },
);

@ObjectType('LookbackSelection', {
  description: 'What a campaign was started over, as the office gave it: every condition given held',
})
export class LookbackSelectionModel {
  @Field(() => String, { nullable: true, description: 'A batch (批次), or a round whose batches begin with it' })
  batch: string | null;
  @Field(() => Int, { nullable: true, description: 'The year (Asia/Shanghai) the problems were closed in' })
  year: number | null;
  @Field(() => [IssueSourceEnum], { nullable: true, description: 'Sources (问题来源)' })
  sources: IssueSource[] | null;
  @Field(() => ID, { nullable: true, description: 'The lead unit (or a unit above it)' })
  unitId: string | null;
  @Field(() => [ID], { nullable: true, description: 'Problems listed by id' })
  issueIds: string[] | null;
  @Field(() => [String], { nullable: true, description: 'Problems listed by code (问题编号)' })
  codes: string[] | null;
}

@ObjectType('LookbackProgress', {
  description: 'How far a campaign has come (回头看进度): in total, or for one unit; a unit reads its own items only',
})
export class LookbackProgressModel {
  @Field(() => Int, { description: 'Problems handed out (回头看问题数)' }) items: number;
  @Field(() => Int, { description: 'Self-checks the units have reported (已报送自查)' }) reported: number;
  @Field(() => Int, { description: 'Concluded by the office (已认定): ok + rebounds' }) concluded: number;
  @Field(() => Int, { description: 'Concluded with no rebound (巩固): the problem is REVISITED' }) ok: number;
  @Field(() => Int, {
    description: 'Concluded as rebounds (反弹): the problem is back in rectification, its reboundCount raised',
  })
  rebounds: number;
  @Field(() => Int, { description: 'Neither reported nor concluded, withdrawn when the campaign ended' })
  withdrawn: number;
  @Field(() => Int, {
    description: 'Overdue (逾期未报): not reported by the campaign’s due date, now past, and not yet concluded',
  })
  overdue: number;
  @Field(() => Int, { description: 'Still to conclude: items − concluded − withdrawn' }) open: number;
}

@ObjectType('LookbackUnitProgress', { description: 'A unit’s row of a campaign’s progress' })
export class LookbackUnitProgressModel extends LookbackProgressModel {
  @Field(() => UnitModel, { description: 'The unit (the problems’ lead unit when the campaign started)' })
  unit: UnitRecord;
}

@ObjectType('LookbackCampaign', {
  description:
    '回头看: closed problems the office hands back to their lead units with a due date; each unit reports its ' +
    'self-check per problem, and the office concludes each one — no rebound, or a rebound that reopens the problem',
})
export class LookbackCampaignModel {
  @Field(() => ID, { description: 'The campaign’s id' }) id: string;
  @Field({ description: 'Its title, e.g. 第三轮中央督察第5批问题整改“回头看”' }) title: string;
  @Field(() => LookbackSelectionModel, { description: 'The selection it was started with' })
  selection: LookbackSelectionModel;
  @Field(() => DateTimeScalar, { description: 'When the units’ self-check reports are due' }) dueAt: Date;
  @Field({ description: 'The due date as a calendar day (Asia/Shanghai, YYYY-MM-DD): the last day to report on' })
  dueDay: string;
  @Field(() => DateTimeScalar, { description: 'When the office started it' }) startedAt: Date;
  @Field({ description: 'Who started it (the token’s label)' }) startedBy: string;
  @Field(() => LookbackCampaignStatusEnum, { description: 'Open, completed, or ended by the office' })
  status: LookbackCampaignStatus;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the last problem was concluded, once completed' })
  completedAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the office ended it early; null otherwise' })
  endedAt: Date | null;
  @Field(() => String, { nullable: true, description: 'Why the office ended it early' }) endReason: string | null;
  @Field(() => LookbackProgressModel, { description: 'Its progress in total (a unit: its own items)' })
  progress: LookbackProgressModel;
  @Field(() => [LookbackUnitProgressModel], {
    description: 'Its progress per unit, by unit code (a unit: its own row only)',
  })
  units: LookbackUnitProgressModel[];
}

@ObjectType('LookbackReport', { description: 'A unit’s self-check of one problem (自查报告)' })
export class LookbackReportModel {
  @Field(() => LookbackFindingEnum, { description: 'What it found' }) finding: LookbackFinding;
  @Field({ description: 'What was checked and how (自查情况)' }) comment: string;
  @Field(() => DateTimeScalar, { description: 'When it was (last) reported' }) reportedAt: Date;
  @Field({ description: 'Who reported it (the token’s label)' }) reportedBy: string;
}

@ObjectType('LookbackItem', { description: 'One problem of a look-back campaign, for its unit and the office' })
export class LookbackItemModel {
  @Field(() => ID, { description: 'The item’s id' }) id: string;
  @Field(() => ID, { description: 'The campaign’s id' }) campaignId: string;
  // `campaign`, `issue` and `unit` are resolved by LookbackItemResolver.
  issueId: string;
  unitId: string;
  @Field(() => LookbackItemStatusEnum, { description: 'Awaiting the unit’s report, reported, concluded or withdrawn' })
  status: LookbackItemStatus;
  @Field({ description: 'Not reported by the campaign’s due date, now past, and not concluded (逾期未报)' })
  overdue: boolean;
  @Field(() => LookbackReportModel, { nullable: true, description: 'The unit’s self-check; null until reported' })
  report: LookbackReportModel | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the office concluded it; null until then' })
  concludedAt: Date | null;
  @Field(() => String, { nullable: true, description: 'Who concluded it (the token’s label)' })
  concludedBy: string | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'The conclusion: true a rebound (反弹, reopened), false none; null until concluded',
  })
  rebounded: boolean | null;
  @Field(() => Int, {
    nullable: true,
    description: 'The seq of the revisit event that carried the conclusion in the problem’s log (Issue.events)',
  })
  eventSeq: number | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was withdrawn (the campaign ended early)' })
  withdrawnAt: Date | null;
}
