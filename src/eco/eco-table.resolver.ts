// GraphQL ⇄ the table, the score and the settings.
import { FIELD_COST } from '../graphql/field-costs.js';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentCaller, Allowed } from '../auth/auth.decorators.js';
import type { Caller } from '../auth/caller.js';
import { EcoSettingsInput, EcoTableArgs, PeriodArgs } from './dto/eco.args.js';
import { EcoScoreService, type UnitScoreView } from './eco-score.service.js';
import { EcoSettingsService } from './eco-settings.service.js';
import { EcoSettingsModel, EcoTableModel, UnitScoreModel } from './eco-table.model.js';
import { EcoTableService, type EcoTable } from './eco-table.service.js';
import type { EcoSettingsRecord } from './eco.records.js';

@Resolver()
export class EcoTableResolver {
  constructor(
    private readonly table: EcoTableService,
    private readonly scores: EcoScoreService,
    private readonly settings: EcoSettingsService,
  ) {}

  @Query(() => EcoTableModel, {
    description: '生态报表: indicators × periods; without unitId the district (lead) side, a unit always its own side',
    complexity: FIELD_COST.ecoTable,
  })
  ecoTable(@Args() a: EcoTableArgs, @CurrentCaller() caller: Caller): Promise<EcoTable> {
    return this.table.table(a, caller);
  }

  @Query(() => [UnitScoreModel], {
    description: '一单一表 score per unit for the period, ranked; a unit gets its own row',
    complexity: FIELD_COST.ecoTable,
  })
  unitScores(@Args() { period }: PeriodArgs, @CurrentCaller() caller: Caller): Promise<UnitScoreView[]> {
    return this.scores.scores(period, caller);
  }

  @Query(() => EcoSettingsModel, { description: 'The report deadline and the score’s weights' })
  ecoSettings(): Promise<EcoSettingsRecord> {
    return this.settings.get();
  }

  @Allowed('manageEcoSettings')
  @Mutation(() => EcoSettingsModel, { description: 'OFFICE only: changes the report deadline and the score’s weights' })
  updateEcoSettings(
    @Args('input', { description: 'The settings to change' }) input: EcoSettingsInput,
    @CurrentCaller() caller: Caller,
  ): Promise<EcoSettingsRecord> {
    return this.settings.update(input, caller);
  }
}
