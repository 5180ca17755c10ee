import { Field, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/auth.decorators.js';
import { ReplayService, type ReplayResult } from './replay.service.js';

@ObjectType('LogMismatch')
class LogMismatchModel {
  @Field() issueId: string;
  @Field() code: string;
  @Field() storedSubstate: string;
  @Field(() => String, { nullable: true }) replayedSubstate: string | null;
  @Field(() => [String]) fields: string[];
}

@ObjectType('LogVerification')
class LogVerificationModel {
  @Field(() => Int) checked: number;
  @Field(() => [LogMismatchModel]) mismatches: LogMismatchModel[];
}

@Resolver()
export class ReplayResolver {
  constructor(private readonly replay: ReplayService) {}

  @Roles('OFFICE')
  @Query(() => LogVerificationModel, { description: 'Replays every problem’s log through the machine; lists those whose stored state differs' })
  verifyLog(): Promise<ReplayResult> {
    return this.replay.verifyAll();
  }
}
