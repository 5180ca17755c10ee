import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { DistrictModel } from '../districts/district.model.js';
import type { DistrictRecord } from '../districts/district.record.js';

@ObjectType('DistrictScore', {
  description:
    "一单一表 for the city: one district's score from its list (问题清单) and its eco-report (生态报表) for a period, " +
    'weighted as the city sets (cityWeights), ranked among the districts; the same figures and fields as UnitScore',
})
export class DistrictScoreModel {
  @Field(() => DistrictModel, { description: 'The district' }) district: DistrictRecord;
  @Field({ description: "The period, e.g. '2026-Q3' or '2026'" }) period: string;
  @Field(() => Int, {
    nullable: true,
    description: '排名 among the districts by score (ties share a rank); null without a score',
  })
  rank: number | null;
  @Field(() => Int, {
    nullable: true,
    description: 'Its rank in the previous period of the same kind (2026-Q3 → 2026-Q2, 2026 → 2025); null without one',
  })
  previousRank: number | null;
  @Field(() => Int, {
    nullable: true,
    description: '排名变化: previousRank − rank (5th → 1st = +4: up four places); null unless both are ranked',
  })
  rankChange: number | null;
  @Field(() => Int, {
    description:
      'How many districts have a rank (a score) in the period: a district reading its own row sees its place',
  })
  rankedDistricts: number;
  @Field(() => Float, {
    nullable: true,
    description:
      '综合得分 0..100: the parts mixed by the city’s weights, less accountabilityDeduction, floored at 0; null when neither part applies',
  })
  score: number | null;
  @Field(() => Float, { nullable: true, description: '问题清单得分 0..100; null when the district has no problem' })
  listScore: number | null;
  @Field(() => Float, {
    nullable: true,
    description: '生态报表得分 0..100; null when none of its indicators is judged',
  })
  tableScore: number | null;
  @Field(() => Int, {
    description: '问题总数: the district’s problems (its closure table’s total) at the period’s end',
  })
  problems: number;
  @Field(() => Int, { description: 'Its problems closed (已销号)' }) closed: number;
  @Field(() => Float, { description: 'Closure rate (销号率): closed ÷ problems, 0–1' }) closureRate: number;
  @Field(() => Float, { description: 'On-time rate (按时率): closed on time ÷ closed, 0–1' }) onTimeRate: number;
  @Field(() => Int, { description: 'Its problems overdue (逾期)' }) overdue: number;
  @Field(() => Int, { description: 'Rebounds (反弹) of its problems' }) rebounds: number;
  @Field(() => Int, { description: 'Its indicators (the district’s own, lead side)' }) indicators: number;
  @Field(() => Int, { description: 'Indicators counted in the table part' }) judgedIndicators: number;
  @Field(() => Int, { description: 'Indicators on track (达标) in the period' }) onTrackIndicators: number;
  @Field(() => Float, {
    description:
      '问责扣分: points the accountability records decided in the district in the period take off the score (before ' +
      'the floor at 0), as the city’s weights weigh each kind; revoked records count for nothing',
  })
  accountabilityDeduction: number;
  @Field(() => Int, { description: 'Interviews (约谈) in the district decided in the period' }) interviews: number;
  @Field(() => Int, { description: 'Public criticisms (通报批评) in the district decided in the period' })
  publicCriticisms: number;
  @Field(() => Int, { description: 'Accountability decisions (问责) in the district in the period' })
  accountabilityActions: number;
}
