// Closure policies (销号流程) over GraphQL: every source's sign-off chain, and the office's edits.
import { Args, ArgsType, Field, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsIn } from 'class-validator';
import { ISSUE_SOURCES, SIGN_OFF_STEPS, type IssueSource, type SignOffStep } from '../../workflows/issue.types.js';
import { Allowed, CurrentCaller } from '../auth/auth.decorators.js';
import type { Caller } from '../auth/caller.js';
import { Clock } from '../common/clock.js';
import { IssueSourceEnum, SignOffStepEnum } from '../common/graphql-enums.js';
import { DateTimeScalar } from '../common/scalars.js';
import { ClosurePoliciesRepository, DEFAULT_CLOSURE_STEPS } from './closure-policies.repository.js';

@ObjectType('ClosurePolicy', {
  description:
    'How a source’s problems reach 销号 (销号流程): the department’s review if named, the office’s acceptance, then the ' +
    'other steps, in order',
})
export class ClosurePolicyModel {
  @Field(() => IssueSourceEnum, { description: 'The source it applies to' }) source: IssueSource;
  @Field(() => [SignOffStepEnum], {
    description:
      'The steps besides the office’s acceptance, in order; DEPARTMENT_REVIEW applies to problems that name a ' +
      'supervising department; empty: 销号 right after acceptance',
  })
  steps: SignOffStep[];
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the office last set it; null: never set, the default for the source applies',
  })
  updatedAt: Date | null;
  @Field(() => String, { nullable: true, description: 'Which office token set it' }) updatedBy: string | null;
}

@ArgsType()
class SetClosurePolicyArgs {
  @Field(() => IssueSourceEnum, { description: 'The source whose chain to set' })
  @IsIn(ISSUE_SOURCES)
  source: IssueSource;
  @Field(() => [SignOffStepEnum], {
    description: 'The steps besides acceptance (kept in the chain’s own order, each once); empty: 销号 right after',
  })
  @IsArray()
  @ArrayMaxSize(SIGN_OFF_STEPS.length)
  @IsIn(SIGN_OFF_STEPS, { each: true })
  steps: SignOffStep[];
}

@Resolver(() => ClosurePolicyModel)
export class ClosurePolicyResolver {
  constructor(
    private readonly policies: ClosurePoliciesRepository,
    private readonly clock: Clock,
  ) {}

  @Allowed('readClosurePolicies')
  @Query(() => [ClosurePolicyModel], { description: 'Every source’s closure policy, in the order of IssueSource' })
  async closurePolicies(): Promise<ClosurePolicyModel[]> {
    const set = await this.policies.all();
    return ISSUE_SOURCES.map((source) => ({
      source,
      steps: [...DEFAULT_CLOSURE_STEPS[source]],
      updatedAt: null,
      updatedBy: null,
      ...set.get(source),
    }));
  }

  @Allowed('manageClosurePolicies')
  @Mutation(() => ClosurePolicyModel, {
    description:
      'Sets a source’s closure policy; problems entering a step from now on follow it, those already past keep theirs',
  })
  async setClosurePolicy(
    @Args() a: SetClosurePolicyArgs,
    @CurrentCaller() caller: Caller,
  ): Promise<ClosurePolicyModel> {
    await this.policies.set(a.source, a.steps, caller.label, this.clock.now());
    return (await this.closurePolicies()).find((p) => p.source === a.source)!;
  }
}
