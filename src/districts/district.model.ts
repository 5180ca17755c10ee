import { Field, ID, ObjectType } from '@nestjs/graphql';
import { describedEnum } from '../common/described-enum.js';
import type { DistrictKind } from './district.record.js';

export const DistrictKindEnum = describedEnum<DistrictKind>('DistrictKind', 'A district (区县) or the city (市)', {
  DISTRICT: '区县: a tenant with its own office, units and list',
  CITY: '市: the city above the districts (its office and leaders)',
});

@ObjectType('District', { description: '区县: one of the city’s districts and counties, or the city itself' })
export class DistrictModel {
  @Field(() => ID, { description: 'The district’s id' }) id: string;
  @Field({ description: 'Its name, e.g. 南川区' }) name: string;
  @Field(() => String, { nullable: true, description: '行政区划代码 (administrative division code), e.g. 500119' })
  code: string | null;
  @Field(() => DistrictKindEnum, { description: 'A district or the city' }) kind: DistrictKind;
}
