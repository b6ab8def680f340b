import { ApiProperty } from '@nestjs/swagger';

import { CONVERSATION_KINDS, ConversationKind } from '@chat/protocol';

import { MessageDto } from './message.dto';

/** One of the caller's private or group conversations, by its latest message. */
export class ConversationDto {
  @ApiProperty({ enum: CONVERSATION_KINDS, enumName: 'ConversationKind', example: 'private' })
  public kind!: ConversationKind;

  /**
   * The others in it, canonical names: one name for a private conversation, the sorted names for a
   * group. What `GET /api/messages` takes as `with` (a group's names joined by commas).
   */
  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: 'bob',
  })
  public with!: string | string[];

  /** The newest message of the conversation. */
  public last!: MessageDto;
}

/** The caller's conversations besides the one with everyone. */
export class ConversationsDto {
  /** Most recent first. */
  public conversations!: ConversationDto[];
}
