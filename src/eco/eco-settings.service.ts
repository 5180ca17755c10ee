// The office's knobs: the report deadline (working days after a period) and the score's weights.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { badInput } from '../common/domain-error.js';
import type { EcoSettingsInput } from './dto/eco.args.js';
import { WEIGHT_KEYS, type ScoreWeights } from './eco-score.js';
import type { EcoActor, EcoSettingsRecord } from './eco.records.js';
import { EcoAuditQuery } from './repository/eco-audit.query.js';
import { EcoSettingsQuery, type SettingsValues } from './repository/eco-settings.query.js';

const KEYS: (keyof SettingsValues)[] = ['reportDueWorkingDays', ...WEIGHT_KEYS];

/** A weighted mean needs some weight: each pair may not be all zero (the district's weights and the city's alike). */
export function assertWeights(w: ScoreWeights): void {
  if (w.listWeight + w.tableWeight <= 0)
    throw badInput(['listWeight', 'tableWeight'], 'listWeight + tableWeight must be above 0');
  if (w.closureRateWeight + w.onTimeRateWeight <= 0)
    throw badInput(['closureRateWeight', 'onTimeRateWeight'], 'closureRateWeight + onTimeRateWeight must be above 0');
  if (w.bindingWeight + w.expectedWeight <= 0)
    throw badInput(['bindingWeight', 'expectedWeight'], 'bindingWeight + expectedWeight must be above 0');
}

@Injectable()
export class EcoSettingsService {
  constructor(
    private readonly db: DataSource,
    private readonly settings: EcoSettingsQuery,
    private readonly audit: EcoAuditQuery,
    private readonly clock: Clock,
  ) {}

  get(): Promise<EcoSettingsRecord> {
    return this.settings.get();
  }

  async update(input: EcoSettingsInput, by: EcoActor): Promise<EcoSettingsRecord> {
    const at = this.clock.now();
    await this.db.transaction(async (m) => {
      const before = await this.settings.lock(m);
      const after = Object.fromEntries(KEYS.map((k) => [k, input[k] ?? before[k]])) as unknown as SettingsValues;
      assertWeights(after);
      await this.settings.update(m, after, by.label, at);
      const changed = Object.fromEntries(
        KEYS.filter((k) => before[k] !== after[k]).map((k) => [k, { from: before[k], to: after[k] }]),
      );
      await this.audit.append(m, by, at, { action: 'SETTINGS_UPDATED', payload: changed });
    });
    return this.settings.get();
  }
}
