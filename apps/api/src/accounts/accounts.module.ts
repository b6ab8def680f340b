import { Module } from '@nestjs/common';

import { AccountCareHttpController } from './account-care.http.controller';

/** The admin routes over the shared AccountCareService (from the global CoreModule). */
@Module({ controllers: [AccountCareHttpController] })
export class AccountsModule {}
