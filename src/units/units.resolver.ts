import { Args, ArgsType, Context, Field, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { Allowed } from '../auth/auth.decorators.js';
import { UnitKindEnum } from '../common/graphql-enums.js';
import type { RequestContext } from '../common/request-context.js';
import { CODE_PATTERN, Trim } from '../common/validation.js';
import { UnitModel } from './unit.model.js';
import { UNIT_KINDS, type UnitKind, type UnitRecord } from './unit.record.js';
import { UnitsService } from './units.service.js';

@ArgsType()
class CreateUnitArgs {
  @Field({ description: 'A unique code: a letter or digit, then up to 63 letters, digits, _, . or -' })
  @Trim()
  @Matches(CODE_PATTERN)
  code: string;
  @Field({ description: 'Its name, up to 100 characters, e.g. 水江镇' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;
  @Field(() => UnitKindEnum, { description: 'A department (部门), a town (镇), a street (街道) or other' })
  @IsIn(UNIT_KINDS)
  kind: UnitKind;
  @Field(() => ID, { nullable: true, description: 'The unit it sits under (上级单位), if any' })
  @IsOptional()
  @IsUUID()
  parentId?: string;
}

@Resolver(() => UnitModel)
export class UnitsResolver {
  constructor(private readonly service: UnitsService) {}

  @Query(() => [UnitModel], { description: 'Every responsible unit (责任单位)' })
  units(): Promise<UnitRecord[]> {
    return this.service.list();
  }

  @Allowed('manageUnits')
  @Mutation(() => UnitModel, { description: 'OFFICE only: adds a responsible unit (责任单位)' })
  createUnit(@Args() a: CreateUnitArgs): Promise<UnitRecord> {
    return this.service.create({ code: a.code, name: a.name, kind: a.kind, parentId: a.parentId ?? null });
  }

  @ResolveField(() => UnitModel, { nullable: true, description: 'The unit it sits under (上级单位); null at the top' })
  parent(@Parent() unit: UnitRecord, @Context() ctx: RequestContext): Promise<UnitRecord | null> | null {
    return unit.parentId ? ctx.loaders.unit.load(unit.parentId) : null;
  }
}
