// complaintReport over GraphQL: the caller's scope (a unit its own problems), then the round figures.
import { Inject } from '@nestjs/common';
import { Args, ArgsType, Field, ID, Query, Resolver } from '@nestjs/graphql';
import { IsArray, IsDate, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ISSUE_SOURCES, type IssueSource } from '../../workflows/issue.types.js';
import { CurrentCaller } from '../auth/auth.decorators.js';
import type { Caller } from '../auth/caller.js';
import { ownUnitOnly } from '../auth/policy.js';
import { Clock } from '../common/clock.js';
import { badInput, forbidden } from '../common/domain-error.js';
import { DateTimeScalar } from '../common/scalars.js';
import { IssueSourceEnum } from '../common/graphql-enums.js';
import { Trim } from '../common/validation.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { FIELD_COST } from '../graphql/field-costs.js';
import { ComplaintReportModel, roundFigures } from './complaint-report.model.js';
import { ComplaintReportQuery } from './complaint-report.query.js';

@ArgsType()
class ComplaintReportArgs {
  @Field(() => [IssueSourceEnum], { nullable: true, description: 'Only these sources (default: every source)' })
  @IsOptional()
  @IsArray()
  @IsIn(ISSUE_SOURCES, { each: true })
  sources?: IssueSource[];
  @Field({
    nullable: true,
    description:
      'One inspection round: the batch, or every batch it begins ("第三轮中央生态环境保护督察" reads "… 第5批" too)',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  batch?: string;
  @Field(() => ID, { nullable: true, description: 'Only the problems this unit leads (a unit reads its own)' })
  @IsOptional()
  @IsUUID()
  unitId?: string;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      'The figures as they stood at this moment, each problem read from its log up to then (default: now; not in the future)',
  })
  @IsOptional()
  @IsDate()
  asOf?: Date;
}

@Resolver()
export class ComplaintReportResolver {
  constructor(
    private readonly query: ComplaintReportQuery,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Query(() => ComplaintReportModel, {
    description:
      '群众举报办理情况 by inspection round: received / closed / in progress, 交办率, on-time replies, findings, ' +
      'satisfaction; and the rounds’ enforcement outcomes (责令改正, 立案, 罚款). A unit reads the problems it leads',
    complexity: FIELD_COST.table,
  })
  async complaintReport(
    @Args() a: ComplaintReportArgs,
    @CurrentCaller() caller: Caller,
  ): Promise<ComplaintReportModel> {
    const scope = ownUnitOnly(caller, a.unitId);
    if (scope === 'refused') throw forbidden('单位只能查看本单位牵头的问题');
    const now = this.clock.now();
    const asOf = a.asOf ?? now;
    if (asOf.getTime() > now.getTime()) throw badInput(['asOf'], '不能查询未来时刻的数据', 'OUT_OF_RANGE');
    const { rounds, total } = await this.query.rounds(
      { sources: a.sources?.length ? a.sources : null, batch: a.batch || null, unitId: scope.unitId },
      asOf,
      this.config.complaintAssignDays,
      now,
    );
    return { asOf, rounds: rounds.map(roundFigures), total: roundFigures(total) };
  }
}
