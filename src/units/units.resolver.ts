import { Args, ArgsType, Context, Field, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { Roles } from '../auth/auth.decorators.js';
import { UnitKindEnum } from '../common/graphql-enums.js';
import type { RequestContext } from '../common/request-context.js';
import { Trim } from '../common/validation.js';
import { UnitModel } from './unit.model.js';
import { UNIT_KINDS, type UnitKind, type UnitRecord } from './unit.record.js';
import { UnitsService } from './units.service.js';

@ArgsType()
class CreateUnitArgs {
  @Field() @Trim() @Matches(/^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$/) code: string;
  @Field() @Trim() @IsString() @IsNotEmpty() @MaxLength(100) name: string;
  @Field(() => UnitKindEnum) @IsIn(UNIT_KINDS) kind: UnitKind;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() parentId?: string;
}

@Resolver(() => UnitModel)
export class UnitsResolver {
  constructor(private readonly service: UnitsService) {}

  @Query(() => [UnitModel])
  units(): Promise<UnitRecord[]> {
    return this.service.list();
  }

  @Roles('OFFICE')
  @Mutation(() => UnitModel)
  createUnit(@Args() a: CreateUnitArgs): Promise<UnitRecord> {
    return this.service.create({ code: a.code, name: a.name, kind: a.kind, parentId: a.parentId ?? null });
  }

  @ResolveField(() => UnitModel, { nullable: true })
  parent(@Parent() unit: UnitRecord, @Context() ctx: RequestContext): Promise<UnitRecord | null> | null {
    return unit.parentId ? ctx.loaders.unit.load(unit.parentId) : null;
  }
}
