import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { ExtractJwt, Strategy } from 'passport-jwt';

import { Actor, APP_CONFIG, AppConfig, AuthService } from '@chat/core';

const fromBearer = ExtractJwt.fromAuthHeaderAsBearerToken();

/**
 * The JWTs the edge issues and accepts (same secret, claims `{sub, role, tv, auth_time, sid}`).
 * passport-jwt checks the signature and expiry; AuthService then reads the caller from the store
 * and checks the token against it, so a role change, a ban, a revocation (the token version) or
 * an ended session applies to the very next request.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly auth: AuthService,
  ) {
    super({ jwtFromRequest: fromBearer, secretOrKey: config.jwtSecret, passReqToCallback: true });
  }

  public async validate(req: Request): Promise<Actor> {
    return this.auth.actorFromToken(fromBearer(req) ?? '');
  }
}
