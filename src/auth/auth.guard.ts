import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { forbidden, unauthenticated } from '../common/domain-error.js';
import type { RequestContext } from '../common/request-context.js';
import { OPERATION_KEY, PUBLIC_KEY } from './auth.decorators.js';
import type { GraphQLResolveInfo } from 'graphql';
import { can, CITY_REFUSAL, isCityRole, mayMutate, OPERATIONS, writeRefusal, type Operation } from './policy.js';

/**
 * Every GraphQL operation needs a valid token unless marked @Public; @Allowed asks the policy who may call it, and a
 * mutation (over HTTP or graphql-ws) whether the caller may change anything at all.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType<string>() !== 'graphql') return true; // HTTP routes authenticate themselves
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const gql = GqlExecutionContext.create(context);
    const { caller } = gql.getContext<RequestContext>();
    if (!caller) throw unauthenticated();
    const operation = this.reflector.getAllAndOverride<Operation | undefined>(OPERATION_KEY, targets);
    // An operation some city role has (the city's weights) names who may call it, to the city's other role too.
    const cityOperation = operation !== undefined && OPERATIONS[operation].some(isCityRole);
    const info = gql.getInfo<GraphQLResolveInfo>();
    if (info.operation.operation === 'mutation' && !mayMutate(caller, info.fieldName))
      throw operation && cityOperation && isCityRole(caller.role) && !can(caller, operation)
        ? notAllowed(operation)
        : forbidden(writeRefusal(caller));
    if (operation && !can(caller, operation))
      throw isCityRole(caller.role) && !cityOperation ? forbidden(CITY_REFUSAL) : notAllowed(operation);
    return true;
  }
}

/** The refusal of an operation the caller's role may not call. */
export const notAllowed = (operation: Operation) => forbidden(`Only ${OPERATIONS[operation].join(' or ')} may do this`);
