import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

/** A page of a list read newest first, resumed after the id of the last item of the page before. */
@ArgsType()
export class NewestFirstPageArgs {
  @Field(() => Int, { nullable: true, defaultValue: 50, description: 'How many, newest first (at most 200)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(200)
  first: number = 50;

  @Field(() => String, { nullable: true, description: 'The id of the last item of the page before' })
  @IsOptional()
  @IsUUID()
  after?: string;
}
