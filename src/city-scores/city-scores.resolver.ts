// GraphQL ⇄ the city's ranking of districts and the city's weights.
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allowed, CurrentCaller } from '../auth/auth.decorators.js';
import type { Caller } from '../auth/caller.js';
import { PeriodArgs } from '../eco/dto/eco.args.js';
import { FIELD_COST } from '../graphql/field-costs.js';
import { CityWeightsInput, CityWeightsModel } from './city-weights.model.js';
import type { CityWeightsRecord } from './city-weights.record.js';
import { CityWeightsService } from './city-weights.service.js';
import { DistrictScoreModel } from './district-score.model.js';
import { DistrictScoresService, type DistrictScoreView } from './district-scores.service.js';

@Resolver()
export class CityScoresResolver {
  constructor(
    private readonly scores: DistrictScoresService,
    private readonly weights: CityWeightsService,
  ) {}

  @Allowed('readDistrictScores')
  @Query(() => [DistrictScoreModel], {
    description:
      '一单一表 for the city: each district’s score for the period under the city’s weights, ranked, with its rank in the ' +
      'previous period; the city’s roles read every district, a district’s office and leaders its own row',
    complexity: FIELD_COST.ecoTable,
  })
  districtScores(@Args() { period }: PeriodArgs, @CurrentCaller() caller: Caller): Promise<DistrictScoreView[]> {
    return this.scores.scores(period, caller);
  }

  @Query(() => CityWeightsModel, {
    description: '市级考核权重: how the city weighs the list and the eco-report when it ranks districts (public rules)',
  })
  cityWeights(): Promise<CityWeightsRecord> {
    return this.weights.get();
  }

  @Allowed('manageCityWeights')
  @Mutation(() => CityWeightsModel, {
    description: 'CITY_OFFICE only: changes the city’s weights (recorded in the audit)',
  })
  setCityWeights(
    @Args('input', { description: 'The weights to change' }) input: CityWeightsInput,
    @CurrentCaller() caller: Caller,
  ): Promise<CityWeightsRecord> {
    return this.weights.set(input, caller);
  }
}
