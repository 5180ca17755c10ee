// GraphQL ⇄ accountability records: the resolver maps arguments to the service, nothing else.
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allowed, CurrentCaller } from '../auth/auth.decorators.js';
import type { Caller } from '../auth/caller.js';
import { AccountabilityRecordModel } from './accountability.model.js';
import type { AccountabilityRecord } from './accountability.record.js';
import { AccountabilityService } from './accountability.service.js';
import {
  AccountabilityRecordsArgs,
  RecordAccountabilityInput,
  RevokeAccountabilityArgs,
} from './dto/accountability.input.js';

@Resolver()
export class AccountabilityResolver {
  constructor(private readonly accountability: AccountabilityService) {}

  @Allowed('readAccountability')
  @Query(() => [AccountabilityRecordModel], {
    description:
      '追责问责 records, newest decision first: the office and leaders any unit’s or all, with the person; a unit its ' +
      'own, without the person’s name and post',
  })
  accountabilityRecords(
    @Args() a: AccountabilityRecordsArgs,
    @CurrentCaller() caller: Caller,
  ): Promise<AccountabilityRecord[]> {
    return this.accountability.list(a, caller);
  }

  @Allowed('recordAccountability')
  @Mutation(() => AccountabilityRecordModel, {
    description:
      'OFFICE only: records an interview (约谈), public criticism (通报批评) or accountability (问责) against a unit; ' +
      'the unit’s score (unitScores) deducts for it in the period of its day, as ecoSettings weighs it',
  })
  recordAccountability(
    @Args('input', { description: 'The record' }) input: RecordAccountabilityInput,
    @CurrentCaller() caller: Caller,
  ): Promise<AccountabilityRecord> {
    return this.accountability.record(input, caller);
  }

  @Allowed('recordAccountability')
  @Mutation(() => AccountabilityRecordModel, {
    description:
      'OFFICE only: revokes a record decided in error, with the reason; it is kept (includeRevoked) and no longer ' +
      'deducted or listed in the bulletin',
  })
  revokeAccountabilityRecord(
    @Args() a: RevokeAccountabilityArgs,
    @CurrentCaller() caller: Caller,
  ): Promise<AccountabilityRecord> {
    return this.accountability.revoke(a, caller);
  }
}
