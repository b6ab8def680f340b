import { Module } from '@nestjs/common';

import { MessagesHttpController } from './messages.http.controller';

@Module({ controllers: [MessagesHttpController] })
export class MessagesModule {}
