import { Module } from '@nestjs/common';

import { ConversationsHttpController } from './conversations.http.controller';
import { MessagesHttpController } from './messages.http.controller';
import { SearchHttpController } from './search.http.controller';

@Module({ controllers: [MessagesHttpController, ConversationsHttpController, SearchHttpController] })
export class MessagesModule {}
