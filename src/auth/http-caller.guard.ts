// HTTP routes authenticate themselves (the global guard covers GraphQL only): this guard reads the bearer token and
// asks the policy about the route's @Allowed operation. As a guard it runs before an upload interceptor, so a request
// that may not call the route is refused before its file is read.
import { type CanActivate, createParamDecorator, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { forbidden, unauthenticated } from '../common/domain-error.js';
import { OPERATION_KEY } from './auth.decorators.js';
import { notAllowed } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import type { Caller } from './caller.js';
import { can, mayWrite, writeRefusal, type Operation } from './policy.js';

const callers = new WeakMap<FastifyRequest, Caller>();

@Injectable()
export class HttpCallerGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const caller = await this.auth.callerFromHeader(req.headers.authorization);
    if (!caller) throw unauthenticated();
    // Downloads are GETs; anything else (an import, an upload) changes something.
    if (req.method !== 'GET' && req.method !== 'HEAD' && !mayWrite(caller)) throw forbidden(writeRefusal(caller));
    const operation = this.reflector.getAllAndOverride<Operation | undefined>(OPERATION_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (operation && !can(caller, operation)) throw notAllowed(operation);
    callers.set(req, caller);
    return true;
  }
}

/** The caller HttpCallerGuard let through. */
export const HttpCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  const caller = callers.get(ctx.switchToHttp().getRequest<FastifyRequest>());
  if (!caller) throw unauthenticated();
  return caller;
});
