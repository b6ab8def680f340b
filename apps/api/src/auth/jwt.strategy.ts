import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { ExtractJwt, Strategy } from 'passport-jwt';

import { Actor, APP_CONFIG, AppConfig, AuthService } from '@chat/core';

const fromBearer = ExtractJwt.fromAuthHeaderAsBearerToken();

/**
 * The JWTs the edge issues and accepts (same secret, claims `{sub, role}`). passport-jwt checks the
 * signature and expiry; the caller is then read from the store through AuthService, so a role
 * change or a ban applies to the very next request.
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
    const user = await this.auth.userFromToken(fromBearer(req) ?? '');
    this.auth.assertNotBanned(user);
    return this.auth.toActor(user);
  }
}
