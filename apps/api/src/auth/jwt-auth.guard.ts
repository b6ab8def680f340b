import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { Observable } from 'rxjs';

import { ChatError } from '@chat/protocol';

import { IS_PUBLIC } from './public.decorator';

/** Global: every route needs a valid bearer token unless it is marked `@Public()`. */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  public override canActivate(context: ExecutionContext): boolean | Promise<boolean> | Observable<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    return isPublic ? true : super.canActivate(context);
  }

  public override handleRequest<T>(err: unknown, user: T | false, info: unknown): T {
    if (err) throw err;
    if (!user) {
      // passport-jwt says why in `info`: no token at all, or one it could not verify.
      const missing = info instanceof Error && /no auth token/i.test(info.message);
      throw missing
        ? new ChatError('NOT_AUTHENTICATED', 'A bearer token is required')
        : new ChatError('BAD_CREDENTIALS', 'Invalid or expired token');
    }
    return user;
  }
}
