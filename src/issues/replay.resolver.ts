import { Field, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Allowed } from '../auth/auth.decorators.js';
import { ReplayService, type ReplayResult } from './replay.service.js';

@ObjectType('LogMismatch', { description: 'A problem whose stored state is not what replaying its log gives' })
class LogMismatchModel {
  @Field({ description: 'The problem’s id' }) issueId: string;
  @Field({ description: 'Its code (问题编号)' }) code: string;
  @Field({ description: 'The sub-state stored on the problem' }) storedSubstate: string;
  @Field(() => String, {
    nullable: true,
    description: 'The sub-state the replay reached (or stopped at); null when the log does not start with file',
  })
  replayedSubstate: string | null;
  @Field(() => [String], {
    description: 'What differs: "substate", "version", context fields, or "log" when the log cannot be replayed',
  })
  fields: string[];
}

@ObjectType('LogVerification', { description: 'What replaying every problem’s audit log through the machine found' })
class LogVerificationModel {
  @Field(() => Int, { description: 'How many problems were replayed' }) checked: number;
  @Field(() => [LogMismatchModel], { description: 'The problems whose stored state differs; empty when all agree' })
  mismatches: LogMismatchModel[];
}

@Resolver()
export class ReplayResolver {
  constructor(private readonly replay: ReplayService) {}

  @Allowed('verifyLog')
  @Query(() => LogVerificationModel, {
    description: 'Replays every problem’s log through the machine; lists those whose stored state differs',
  })
  verifyLog(): Promise<ReplayResult> {
    return this.replay.verifyAll();
  }
}
