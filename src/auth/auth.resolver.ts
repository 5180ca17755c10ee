import { Args, ArgsType, Field, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ROLES, type Role } from '../../workflows/issue.types.js';
import { badInput } from '../common/domain-error.js';
import { RoleEnum } from '../common/graphql-enums.js';
import { Trim } from '../common/validation.js';
import { UnitsService } from '../units/units.service.js';
import { ApiTokenModel } from './api-token.model.js';
import { CurrentCaller, Roles } from './auth.decorators.js';
import { AuthService } from './auth.service.js';
import type { Caller } from './caller.js';

@ArgsType()
class CreateTokenArgs {
  @Field(() => RoleEnum) @IsIn(ROLES) role: Role;
  @Field(() => ID, { nullable: true, description: 'Required for UNIT, absent otherwise' }) @IsOptional() @IsUUID() unitId?: string;
  @Field({ nullable: true, description: 'Who holds it; written in the audit log as the actor' })
  @IsOptional() @Trim() @IsString() @MaxLength(100) label?: string;
}

@Resolver(() => ApiTokenModel)
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly units: UnitsService,
  ) {}

  @Query(() => ApiTokenModel, { description: 'The calling token (its secret is never shown again, only a prefix)' })
  async me(@CurrentCaller() caller: Caller): Promise<ApiTokenModel> {
    const [prefix, unit] = await Promise.all([
      this.auth.prefixOf(caller.tokenId),
      caller.unitId ? this.units.byId(caller.unitId) : null,
    ]);
    return { token: `${prefix}…`, role: caller.role, unit, label: caller.label };
  }

  @Roles('OFFICE')
  @Mutation(() => ApiTokenModel, { description: 'OFFICE only; the token is shown once' })
  async createToken(@Args() a: CreateTokenArgs, @CurrentCaller() caller: Caller): Promise<ApiTokenModel> {
    if ((a.role === 'UNIT') !== Boolean(a.unitId)) throw badInput(['unitId'], 'A UNIT token needs a unitId; other roles have none');
    const unit = a.unitId ? await this.units.byId(a.unitId) : null;
    if (a.unitId && !unit) throw badInput(['unitId'], 'No unit with that id');
    const { token, row } = await this.auth.mint(a.role, a.unitId ?? null, a.label || null, caller.tokenId);
    return { token, role: row.role, unit, label: row.label };
  }
}
