// GraphQL ⇄ report use cases: report, confirm, return; the reports and their audit.
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentCaller, Allowed } from '../auth/auth.decorators.js';
import type { Caller } from '../auth/caller.js';
import type { RequestContext } from '../common/request-context.js';
import { UnitModel } from '../units/unit.model.js';
import type { UnitRecord } from '../units/unit.record.js';
import { AuditArgs, DecideArgs, EcoReportInput, ReportsArgs, ReturnArgs } from './dto/eco.args.js';
import { EcoAuditEntryModel, EcoReportModel } from './eco-report.model.js';
import { EcoReportsService } from './eco-reports.service.js';
import type { EcoAuditRecord, EcoReportRecord } from './eco.records.js';

@Resolver(() => EcoReportModel)
export class EcoReportsResolver {
  constructor(private readonly service: EcoReportsService) {}

  @Query(() => [EcoReportModel], {
    description: 'Every report, superseded and returned ones included; a unit gets its own',
  })
  ecoReports(@Args() a: ReportsArgs, @CurrentCaller() caller: Caller): Promise<EcoReportRecord[]> {
    return this.service.list(
      { indicatorId: a.indicatorId, unitId: a.unitId, period: a.period, states: a.states },
      caller,
    );
  }

  @Allowed('readEcoAudit')
  @Query(() => [EcoAuditEntryModel], { description: 'The eco-report audit, oldest first' })
  async ecoAudit(@Args() a: AuditArgs): Promise<(EcoAuditRecord & { details: string })[]> {
    return (await this.service.auditTrail(a)).map((r) => ({ ...r, details: JSON.stringify(r.payload) }));
  }

  @Allowed('reportEco')
  @Mutation(() => EcoReportModel, {
    description: "A value for one of the unit's indicators and a period; supersedes a confirmed one only with a reason",
  })
  reportEcoValue(
    @Args('input', { description: 'The indicator, the period and the value' }) input: EcoReportInput,
    @CurrentCaller() caller: Caller,
  ): Promise<EcoReportRecord> {
    return this.service.report(input, caller);
  }

  @Allowed('reviewEcoReports')
  @Mutation(() => EcoReportModel, {
    description: 'OFFICE only: confirms a submitted report (确认): its value is in force, superseding any it corrects',
  })
  confirmEcoReport(@Args() a: DecideArgs, @CurrentCaller() caller: Caller): Promise<EcoReportRecord> {
    return this.service.confirm(a.id, a.comment ?? null, caller);
  }

  @Allowed('reviewEcoReports')
  @Mutation(() => EcoReportModel, { description: 'OFFICE only: returns a submitted report to the unit (退回)' })
  returnEcoReport(@Args() a: ReturnArgs, @CurrentCaller() caller: Caller): Promise<EcoReportRecord> {
    return this.service.return(a.id, a.comment, caller);
  }

  @ResolveField(() => UnitModel, { description: 'The unit the value is for' })
  async unit(@Parent() r: EcoReportRecord, @Context() ctx: RequestContext): Promise<UnitRecord> {
    return (await ctx.loaders.unit.load(r.unitId))!;
  }
}
