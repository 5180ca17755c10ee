import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { RequestContext } from '../common/request-context.js';
import { unauthenticated } from '../common/domain-error.js';
import type { Caller } from './caller.js';
import type { Operation } from './policy.js';

export const PUBLIC_KEY = 'rectify:public';
export const OPERATION_KEY = 'rectify:operation';

/** No token needed. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The operation it is, for the policy to answer who may call it (auth/policy.ts, OPERATIONS). */
export const Allowed = (operation: Operation) => SetMetadata(OPERATION_KEY, operation);

/** The authenticated caller (the guard has already refused anonymous requests). */
export const CurrentCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  const caller = GqlExecutionContext.create(ctx).getContext<RequestContext>().caller;
  if (!caller) throw unauthenticated();
  return caller;
});
