import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';

import { AccountHttpController } from './account.http.controller';
import { AdminGuard } from './admin.guard';
import { AuthHttpController } from './auth.http.controller';
import { JwtStrategy } from './jwt.strategy';
import { JwtAuthGuard } from './jwt-auth.guard';

/** Log-in, registration, password and sign-out routes, and the guards every other route passes: the JWT, then the admin role. */
@Module({
  imports: [PassportModule],
  controllers: [AuthHttpController, AccountHttpController],
  providers: [
    JwtStrategy,
    // Order matters: the caller is known before the admin check reads its role.
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: AdminGuard },
  ],
})
export class AuthModule {}
