import { Field, ID, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../common/scalars.js';
import type { Role } from '../../workflows/issue.types.js';
import { RoleEnum } from '../common/graphql-enums.js';
import { UnitModel } from '../units/unit.model.js';

/** Said of both kinds of token. */
export const TOKEN_UNIT = 'The responsible unit (责任单位) a UNIT token acts for; null for other roles';
const TOKEN_LABEL = 'Who holds it, as the audit log names the actor; null when none was given';
const TOKEN_SCREEN =
  'A screen token (大屏令牌), issued for a named wall screen (its label): reads as a LEADER, changes nothing (every mutation, upload and import FORBIDDEN)';

@ObjectType('ApiToken', { description: 'An API token (令牌): the one just created, or the caller’s own' })
export class ApiTokenModel {
  @Field({ description: 'The secret on creation (shown once); afterwards only a recognisable prefix' })
  token: string;
  @Field(() => RoleEnum, { description: 'What it may do (角色)' }) role: Role;
  @Field(() => UnitModel, { nullable: true, description: TOKEN_UNIT }) unit: UnitModel | null;
  @Field(() => String, { nullable: true, description: `${TOKEN_LABEL}; \`me\` shows ROLE:prefix instead` })
  label: string | null;
  @Field({ description: TOKEN_SCREEN }) screen: boolean;
}

@ObjectType('TokenInfo', { description: 'A token as the office lists it: never its secret' })
export class TokenInfoModel {
  @Field(() => ID, { description: 'The token’s id, as revokeToken takes it' }) id: string;
  @Field({ description: 'Enough to recognise it, not to use it' }) prefix: string;
  @Field(() => RoleEnum, { description: 'What it may do (角色)' }) role: Role;
  @Field(() => String, { nullable: true, description: TOKEN_LABEL }) label: string | null;
  @Field(() => DateTimeScalar, { description: 'When it was created' }) createdAt: Date;
  @Field(() => String, { nullable: true, description: 'The label of the token that minted it' }) createdBy:
    string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it stops working; null: never' })
  expiresAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'To the minute' }) lastUsedAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was revoked (吊销); null while in force' })
  revokedAt: Date | null;
  @Field(() => String, { nullable: true, description: 'The label (or prefix) of the token that revoked it' })
  revokedBy: string | null;
  @Field({ description: TOKEN_SCREEN }) screen: boolean;
  // unit is resolved by TokenInfoResolver.
  unitId: string | null;
}
