import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Role } from '../../workflows/issue.types.js';
import { forbidden, unauthenticated } from '../common/domain-error.js';
import type { RequestContext } from '../common/request-context.js';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators.js';

/** Every GraphQL operation needs a valid token unless marked @Public; @Roles narrows it further. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType<string>() !== 'graphql') return true; // HTTP routes authenticate themselves
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const { caller } = GqlExecutionContext.create(context).getContext<RequestContext>();
    if (!caller) throw unauthenticated();
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(caller.role)) throw forbidden(`Only ${roles.join(' or ')} may do this`);
    return true;
  }
}
