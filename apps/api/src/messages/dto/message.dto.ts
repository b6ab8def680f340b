import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import type { MessageKind, Recipient } from '@chat/protocol';

import { FileInfoDto } from '../../files/dto/file-info.dto';

export const MESSAGE_KINDS: MessageKind[] = ['all', 'private', 'group'];

/** A stored message: the protocol's `message` event. */
export class MessageDto {
  @ApiProperty({ enum: ['message'], example: 'message' })
  public type!: 'message';

  /** Unique and increasing over all messages. */
  @ApiProperty({ example: 42 })
  public seq!: number;

  @ApiProperty({ example: '0b9f3c52-6f1a-4d8e-9d7e-2b1f0f1c8a11' })
  public msgId!: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-22T10:00:00.000Z' })
  public ts!: string;

  @ApiProperty({ example: 'alice' })
  public from!: string;

  /** `"*"`, one name (private), or names (a group), as addressed. */
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }], example: 'bob' })
  public to!: Recipient;

  @ApiProperty({ enum: MESSAGE_KINDS, enumName: 'MessageKind', example: 'private' })
  public kind!: MessageKind;

  @ApiPropertyOptional({ example: 'hi bob' })
  public text?: string;

  public file?: FileInfoDto;
}
