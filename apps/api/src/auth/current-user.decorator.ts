import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

import type { Actor } from '@chat/core';

/** The authenticated caller, as the JWT strategy resolved it from the store: `@CurrentUser() user: Actor`. */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest<Request & { user: Actor }>().user;
});
