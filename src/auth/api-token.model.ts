import { Field, ObjectType } from '@nestjs/graphql';
import type { Role } from '../../workflows/issue.types.js';
import { RoleEnum } from '../common/graphql-enums.js';
import { UnitModel } from '../units/unit.model.js';

@ObjectType('ApiToken')
export class ApiTokenModel {
  @Field({ description: 'The secret on creation (shown once); afterwards only a recognisable prefix' })
  token: string;
  @Field(() => RoleEnum) role: Role;
  @Field(() => UnitModel, { nullable: true }) unit: UnitModel | null;
  @Field(() => String, { nullable: true }) label: string | null;
}
