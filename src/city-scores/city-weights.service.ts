// The city's weights: read by anyone (public rules), changed by the city's office, validated as a district's weights
// are (assertWeights) and each change recorded in the audit with what it changed.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { badInput } from '../common/domain-error.js';
import { assertWeights } from '../eco/eco-settings.service.js';
import type { ScoreWeights } from '../eco/eco-score.js';
import type { EcoActor } from '../eco/eco.records.js';
import { cityWide } from '../tenancy/district-scope.js';
import type { CityWeightsInput } from './city-weights.model.js';
import { WEIGHT_KEYS } from '../eco/eco-score.js';
import type { CityWeightsRecord } from './city-weights.record.js';
import { CityWeightsRepository } from './city-weights.repository.js';

@Injectable()
export class CityWeightsService {
  constructor(
    private readonly db: DataSource,
    private readonly weights: CityWeightsRepository,
    private readonly clock: Clock,
  ) {}

  /** The city's row is the city's: read city-wide, whoever asks (a district reads the city's rules too). */
  get(): Promise<CityWeightsRecord> {
    return cityWide(() => this.weights.get());
  }

  set(input: CityWeightsInput, by: EcoActor): Promise<CityWeightsRecord> {
    const at = this.clock.now();
    return cityWide(async () => {
      await this.db.transaction(async (m) => {
        const before = await this.weights.lock(m);
        if (!before) throw badInput([], 'No city is on file to set weights for');
        const after = Object.fromEntries(WEIGHT_KEYS.map((k) => [k, input[k] ?? before[k]])) as unknown as ScoreWeights;
        assertWeights(after);
        await this.weights.update(m, after, by.label, at);
        const changed = Object.fromEntries(
          WEIGHT_KEYS.filter((k) => before[k] !== after[k]).map((k) => [k, { from: before[k], to: after[k] }]),
        );
        await this.weights.appendChange(m, by, at, changed);
      });
      return this.weights.get();
    });
  }
}
