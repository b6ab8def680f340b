import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';

import type { Actor } from '@chat/core';
import { ChatError } from '@chat/protocol';

import { ADMIN_ONLY } from './authenticated.decorator';

/**
 * Global, after the JWT guard: routes declared `@AdminOnly()` need the admin role. The role comes
 * from the store (the JWT strategy reads the user on every request), not from the token's claims.
 */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  public canActivate(context: ExecutionContext): boolean {
    const adminOnly = this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!adminOnly) return true;
    const user = context.switchToHttp().getRequest<Request & { user?: Actor }>().user;
    if (user?.role !== 'admin') throw new ChatError('FORBIDDEN', 'Only admins may do that');
    return true;
  }
}
