import type { ScoreWeights } from '../eco/eco-score.js';

/** The city's weights, and who changed them last (null while the city's starting weights stand). */
export interface CityWeightsRecord extends ScoreWeights {
  updatedBy: string | null;
  updatedAt: Date | null;
}
