// GraphQL ⇄ indicator use cases.
import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentCaller, Allowed } from '../auth/auth.decorators.js';
import type { Caller } from '../auth/caller.js';
import { UnitModel } from '../units/unit.model.js';
import type { UnitRecord } from '../units/unit.record.js';
import { EcoIndicatorInput, EcoIndicatorPatch } from './dto/eco-indicator.input.js';
import { IdArgs, IndicatorsArgs } from './dto/eco.args.js';
import { EcoIndicatorModel } from './eco-indicator.model.js';
import { EcoIndicatorsService } from './eco-indicators.service.js';
import { baselineText, targetText } from './eco-labels.js';
import type { EcoIndicatorRecord } from './eco.records.js';

@Resolver(() => EcoIndicatorModel)
export class EcoIndicatorsResolver {
  constructor(private readonly service: EcoIndicatorsService) {}

  @Query(() => [EcoIndicatorModel], {
    description: '生态报表 indicators in plan order; a unit gets those it leads or contributes to',
  })
  ecoIndicators(@Args() a: IndicatorsArgs, @CurrentCaller() caller: Caller): Promise<EcoIndicatorRecord[]> {
    return this.service.list(a, caller);
  }

  @Query(() => EcoIndicatorModel, {
    nullable: true,
    description: 'One indicator by id; null when there is none, or for a unit one it neither leads nor contributes to',
  })
  ecoIndicator(@Args() { id }: IdArgs, @CurrentCaller() caller: Caller): Promise<EcoIndicatorRecord | null> {
    return this.service.get(id, caller);
  }

  @Allowed('manageEcoIndicators')
  @Mutation(() => EcoIndicatorModel, { description: 'OFFICE only: adds an indicator to the eco-report (生态报表)' })
  createEcoIndicator(
    @Args('input', { description: 'The indicator' }) input: EcoIndicatorInput,
    @CurrentCaller() caller: Caller,
  ): Promise<EcoIndicatorRecord> {
    return this.service.create(input, caller);
  }

  @Allowed('manageEcoIndicators')
  @Mutation(() => EcoIndicatorModel, { description: 'e.g. the city sets a pending target: { finalTargetValue: 10 }' })
  updateEcoIndicator(
    @Args() { id }: IdArgs,
    @Args('input', { description: 'The fields to change' }) input: EcoIndicatorPatch,
    @CurrentCaller() caller: Caller,
  ): Promise<EcoIndicatorRecord> {
    return this.service.update(id, input, caller);
  }

  @Allowed('manageEcoIndicators')
  @Mutation(() => Boolean, { description: 'Only an indicator without reports' })
  deleteEcoIndicator(@Args() { id }: IdArgs, @CurrentCaller() caller: Caller): Promise<boolean> {
    return this.service.remove(id, caller);
  }

  @ResolveField(() => UnitModel, { description: '牵头单位' })
  leadUnit(@Parent() i: EcoIndicatorRecord): UnitRecord {
    return i.units.find((u) => u.role === 'LEAD')!.unit;
  }

  @ResolveField(() => String, { description: "基期值 as the plan prints it, e.g. '354*', '【21.6】', '－'" })
  baselineText(@Parent() i: EcoIndicatorRecord): string {
    return baselineText(i);
  }

  @ResolveField(() => String, { description: "目标值 as the plan prints it, e.g. '≥330', '58', '由市级下达'" })
  targetText(@Parent() i: EcoIndicatorRecord): string {
    return targetText(i.direction, i.finalTargetValue, i.finalTargetNote);
  }
}
