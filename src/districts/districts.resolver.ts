import { Context, Query, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '../common/request-context.js';
import { DistrictModel } from './district.model.js';
import type { DistrictRecord } from './district.record.js';
import { DistrictsService } from './districts.service.js';

@Resolver(() => DistrictModel)
export class DistrictsResolver {
  constructor(private readonly service: DistrictsService) {}

  @Query(() => [DistrictModel], {
    description:
      'The districts the caller may name: every district for the city’s roles, its own for a district’s caller',
  })
  districts(@Context() ctx: RequestContext): Promise<DistrictRecord[]> {
    return this.service.visibleTo(ctx.caller);
  }
}
