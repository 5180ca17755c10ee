import { Field, ID, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../common/scalars.js';
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

@ObjectType('TokenInfo', { description: 'A token as the office lists it: never its secret' })
export class TokenInfoModel {
  @Field(() => ID) id: string;
  @Field({ description: 'Enough to recognise it, not to use it' }) prefix: string;
  @Field(() => RoleEnum) role: Role;
  @Field(() => String, { nullable: true }) label: string | null;
  @Field(() => DateTimeScalar) createdAt: Date;
  @Field(() => String, { nullable: true, description: 'The label of the token that minted it' }) createdBy: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) expiresAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'To the minute' }) lastUsedAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) revokedAt: Date | null;
  @Field(() => String, { nullable: true }) revokedBy: string | null;
  // unit is resolved by TokenInfoResolver.
  unitId: string | null;
}
