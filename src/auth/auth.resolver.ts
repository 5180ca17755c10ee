import { Args, ArgsType, Context, Field, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsBoolean, IsDate, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import type { RequestContext } from '../common/request-context.js';
import { DateTimeScalar } from '../common/scalars.js';
import { Clock } from '../common/clock.js';
import { UnitModel } from '../units/unit.model.js';
import type { UnitRecord } from '../units/unit.record.js';
import { ROLES, type Role } from '../../workflows/issue.types.js';
import { badInput, forbidden } from '../common/domain-error.js';
import { RoleEnum } from '../common/graphql-enums.js';
import { Trim } from '../common/validation.js';
import { UnitsService } from '../units/units.service.js';
import { ApiTokenModel, TOKEN_UNIT, TokenInfoModel } from './api-token.model.js';
import type { TokenInfo } from './tokens.repository.js';
import { CurrentCaller, Allowed } from './auth.decorators.js';
import { isCityRole, SCREEN_ROLE } from './policy.js';
import { AuthService } from './auth.service.js';
import type { Caller } from './caller.js';

@ArgsType()
class CreateTokenArgs {
  @Field(() => RoleEnum, { description: 'What the new token may do (角色)' }) @IsIn(ROLES) role: Role;
  @Field(() => ID, { nullable: true, description: 'Required for UNIT, absent otherwise' })
  @IsOptional()
  @IsUUID()
  unitId?: string;
  @Field({ nullable: true, description: 'Who holds it; written in the audit log as the actor' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  label?: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it stops working; never when absent' })
  @IsOptional()
  @IsDate()
  expiresAt?: Date;
}

@ArgsType()
class CreateScreenTokenArgs {
  @Field({ description: 'The screen it is for, as people name it (e.g. 指挥中心大屏); the token’s label' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it stops working; never when absent' })
  @IsOptional()
  @IsDate()
  expiresAt?: Date;
}

@ArgsType()
class TokensArgs {
  @Field({ nullable: true, defaultValue: false, description: 'Also list revoked tokens' })
  @IsOptional()
  @IsBoolean()
  includeRevoked: boolean = false;
}

@ArgsType()
class RevokeTokenArgs {
  @Field(() => ID, { description: 'The id of the token to revoke (TokenInfo.id); not the caller’s own' })
  @IsUUID()
  id: string;
}

@Resolver(() => ApiTokenModel)
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly units: UnitsService,
    private readonly clock: Clock,
  ) {}

  @Query(() => ApiTokenModel, { description: 'The calling token (its secret is never shown again, only a prefix)' })
  async me(@CurrentCaller() caller: Caller): Promise<ApiTokenModel> {
    const [prefix, unit] = await Promise.all([
      this.auth.prefixOf(caller.tokenId),
      caller.unitId ? this.units.byId(caller.unitId) : null,
    ]);
    // A city caller reading one district (X-Rectify-District) is read-only too, but it is no screen token.
    const screen = caller.readOnly === true && !isCityRole(caller.role);
    return { token: `${prefix}…`, role: caller.role, unit, label: caller.label, screen };
  }

  @Allowed('manageTokens')
  @Mutation(() => ApiTokenModel, { description: 'OFFICE only; the token is shown once' })
  async createToken(@Args() a: CreateTokenArgs, @CurrentCaller() caller: Caller): Promise<ApiTokenModel> {
    if (isCityRole(a.role))
      throw forbidden(`A district's office issues its district's tokens; ${a.role} tokens are the city's own`);
    if ((a.role === 'UNIT') !== Boolean(a.unitId))
      throw badInput(['unitId'], 'A UNIT token needs a unitId; other roles have none');
    const unit = a.unitId ? await this.units.byId(a.unitId) : null;
    if (a.unitId && !unit) throw badInput(['unitId'], 'No unit with that id');
    if (a.expiresAt && a.expiresAt.getTime() <= this.clock.now().getTime())
      throw badInput(['expiresAt'], 'expiresAt must be in the future');
    const { token, row } = await this.auth.mint(
      a.role,
      a.unitId ?? null,
      a.label || null,
      caller.tokenId,
      a.expiresAt ?? null,
    );
    return { token, role: row.role, unit, label: row.label, screen: row.screen };
  }

  @Allowed('manageTokens')
  @Mutation(() => ApiTokenModel, {
    description:
      'OFFICE only: a screen token (大屏令牌) for the named wall screen — a LEADER’s reads, read-only, revocable with revokeToken; shown once',
  })
  async createScreenToken(@Args() a: CreateScreenTokenArgs, @CurrentCaller() caller: Caller): Promise<ApiTokenModel> {
    if (a.expiresAt && a.expiresAt.getTime() <= this.clock.now().getTime())
      throw badInput(['expiresAt'], 'expiresAt must be in the future');
    const { token, row } = await this.auth.mint(SCREEN_ROLE, null, a.name, caller.tokenId, a.expiresAt ?? null, true);
    return { token, role: row.role, unit: null, label: row.label, screen: true };
  }

  @Allowed('manageTokens')
  @Query(() => [TokenInfoModel], { description: 'OFFICE only: every token, never its secret' })
  tokens(@Args() a: TokensArgs): Promise<TokenInfo[]> {
    return this.auth.list(a.includeRevoked);
  }

  @Allowed('manageTokens')
  @Mutation(() => TokenInfoModel, { description: 'OFFICE only: the token stops working at once' })
  revokeToken(@Args() { id }: RevokeTokenArgs, @CurrentCaller() caller: Caller): Promise<TokenInfo> {
    return this.auth.revoke(id, caller);
  }
}

@Resolver(() => TokenInfoModel)
export class TokenInfoResolver {
  @ResolveField(() => UnitModel, { nullable: true, description: TOKEN_UNIT })
  unit(@Parent() token: TokenInfo, @Context() ctx: RequestContext): Promise<UnitRecord | null> | null {
    return token.unitId ? ctx.loaders.unit.load(token.unitId) : null;
  }
}
