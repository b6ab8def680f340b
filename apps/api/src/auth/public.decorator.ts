import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'chat:public';

/** Opts a route out of the global JWT guard: anyone may call it. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
