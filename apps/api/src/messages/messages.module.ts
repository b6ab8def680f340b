import { Module } from '@nestjs/common';

import { ConversationsHttpController } from './conversations.http.controller';
import { MessagesHttpController } from './messages.http.controller';

@Module({ controllers: [MessagesHttpController, ConversationsHttpController] })
export class MessagesModule {}
