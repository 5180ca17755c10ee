// The city's weights (市级考核权重): the same shape as a district's score weights (EcoSettings, less the district's own
// report deadline), so a district's score and the city's ranking of districts read one definition.
import { InputType, ObjectType, OmitType } from '@nestjs/graphql';
import { EcoSettingsInput } from '../eco/dto/eco.args.js';
import { EcoSettingsModel } from '../eco/eco-table.model.js';

@ObjectType('CityWeights', {
  description:
    '市级考核权重: how the city weighs each district’s list (问题清单) and eco-report (生态报表) when it ranks districts; public rules every district reads',
})
export class CityWeightsModel extends OmitType(EcoSettingsModel, ['reportDueWorkingDays'] as const, ObjectType) {}

@InputType('CityWeightsInput', { description: 'The city’s weights to change; absent fields stay as they are' })
export class CityWeightsInput extends OmitType(EcoSettingsInput, ['reportDueWorkingDays'] as const, InputType) {}
