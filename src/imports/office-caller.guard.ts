// HTTP routes authenticate themselves (the global guard covers GraphQL only). As a guard, this runs before the
// upload interceptor, so a request without an OFFICE token is refused before its file is read.
import { type CanActivate, createParamDecorator, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AuthService } from '../auth/auth.service.js';
import type { Caller } from '../auth/caller.js';
import { forbidden, unauthenticated } from '../common/domain-error.js';

const callers = new WeakMap<Request, Caller>();

@Injectable()
export class OfficeCallerGuard implements CanActivate {
  constructor(private readonly auth: AuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const caller = await this.auth.callerFromHeader(req.headers.authorization);
    if (!caller) throw unauthenticated();
    if (caller.role !== 'OFFICE') throw forbidden('Only OFFICE may do this');
    callers.set(req, caller);
    return true;
  }
}

/** The OFFICE caller OfficeCallerGuard let through. */
export const OfficeCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  const caller = callers.get(ctx.switchToHttp().getRequest<Request>());
  if (!caller) throw unauthenticated();
  return caller;
});
