import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/**
 * The caller's IP address (the TCP peer: the api trusts no X-Forwarded-For), whose log-ins and
 * registrations are limited: `@ClientAddress() address: string`.
 */
export const ClientAddress = createParamDecorator((_data: unknown, ctx: ExecutionContext): string => {
  const req = ctx.switchToHttp().getRequest<Request>();
  return req.socket.remoteAddress ?? '';
});

/** The caller's User-Agent header, if any, which their session records: `@UserAgent() userAgent?: string`. */
export const UserAgent = createParamDecorator((_data: unknown, ctx: ExecutionContext): string | undefined => {
  return ctx.switchToHttp().getRequest<Request>().headers['user-agent'];
});
