import type { ScoreWeights } from '../eco/eco-score.js';

/** The city's weights, and who changed them last (null while the city's starting weights stand). */
export interface CityWeightsRecord extends ScoreWeights {
  updatedBy: string | null;
  updatedAt: Date | null;
}

/** The weights' names, in the order the settings keep them. */
export const WEIGHT_KEYS = [
  'listWeight',
  'tableWeight',
  'closureRateWeight',
  'onTimeRateWeight',
  'overduePenalty',
  'reboundPenalty',
  'bindingWeight',
  'expectedWeight',
  'atRiskCredit',
  'interviewPenalty',
  'publicCriticismPenalty',
  'accountabilityPenalty',
] as const satisfies readonly (keyof ScoreWeights)[];
