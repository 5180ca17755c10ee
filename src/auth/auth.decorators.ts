import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Role } from '../../workflows/issue.types.js';
import type { RequestContext } from '../common/request-context.js';
import { unauthenticated } from '../common/domain-error.js';
import type { Caller } from './caller.js';

export const PUBLIC_KEY = 'rectify:public';
export const ROLES_KEY = 'rectify:roles';

/** No token needed. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Only these roles may call the operation. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** The authenticated caller (the guard has already refused anonymous requests). */
export const CurrentCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  const caller = GqlExecutionContext.create(ctx).getContext<RequestContext>().caller;
  if (!caller) throw unauthenticated();
  return caller;
});
