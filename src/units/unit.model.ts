import { Field, ID, ObjectType } from '@nestjs/graphql';
import { UnitKindEnum } from '../common/graphql-enums.js';
import type { UnitKind } from './unit.record.js';

@ObjectType('ResponsibleUnit', { description: '责任单位: a department, town or street' })
export class UnitModel {
  @Field(() => ID, { description: 'The unit’s id' }) id: string;
  @Field({ description: 'Its unique code, e.g. SJZ' }) code: string;
  @Field({ description: 'Its name, e.g. 水江镇 or 区生态环境局' }) name: string;
  @Field(() => UnitKindEnum, { description: 'A department (部门), a town (镇), a street (街道) or other' })
  kind: UnitKind;
  // `parent` is resolved by UnitsResolver.
  parentId: string | null;
}
