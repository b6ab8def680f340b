import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';

import { ApiErrors } from '../common/api-errors.decorator';

export const ADMIN_ONLY = 'chat:admin-only';

const AUTH_ERRORS = [
  { code: 'NOT_AUTHENTICATED', message: 'A bearer token is required' },
  { code: 'BAD_CREDENTIALS', message: 'Invalid or expired token' },
  { code: 'BAD_CREDENTIALS', message: 'This session was signed out; log in again', name: 'SIGNED_OUT' },
  { code: 'BANNED', message: 'You are banned', details: { until: null, reason: 'spam' } },
] as const;

/**
 * Documents a route for any logged-in user (the global JWT guard enforces it): the bearer token
 * and the errors a missing, bad, revoked or banned token gets.
 */
export const Authenticated = (): MethodDecorator & ClassDecorator =>
  applyDecorators(ApiBearerAuth(), ApiErrors(...AUTH_ERRORS));

/** Declares a route for admins only (the role is read from the store on every request) and documents it. */
export const AdminOnly = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(ADMIN_ONLY, true),
    ApiBearerAuth(),
    ApiErrors(...AUTH_ERRORS, { code: 'FORBIDDEN', message: 'Only admins may do that', name: 'NOT_ADMIN' }),
  );
