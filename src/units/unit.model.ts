import { Field, ID, ObjectType } from '@nestjs/graphql';
import { UnitKindEnum } from '../common/graphql-enums.js';
import type { UnitKind } from './unit.record.js';

@ObjectType('ResponsibleUnit', { description: '责任单位: a department, town or street' })
export class UnitModel {
  @Field(() => ID) id: string;
  @Field() code: string;
  @Field() name: string;
  @Field(() => UnitKindEnum) kind: UnitKind;
  // `parent` is resolved by UnitsResolver.
  parentId: string | null;
}
