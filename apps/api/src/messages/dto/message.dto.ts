import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import {
  CALL_MEDIA,
  type CallMedia,
  type CallOutcome,
  type MessageKind,
  type Recipient,
} from '@chat/protocol';

import { FileInfoDto } from '../../files/dto/file-info.dto';

export const MESSAGE_KINDS: MessageKind[] = ['all', 'private', 'group', 'room'];

/** How a call went (protocol.md §11): a call's message carries it instead of text. */
export class CallInfoDto {
  @ApiProperty({ example: '5c0e1c2a-8d7b-4f3e-9a61-0d2b7f4e9c10' })
  public callId!: string;

  @ApiProperty({ enum: CALL_MEDIA, enumName: 'CallMedia', example: 'video' })
  public media!: CallMedia;

  @ApiProperty({ enum: ['answered', 'missed', 'rejected'], enumName: 'CallOutcome', example: 'answered' })
  public outcome!: CallOutcome;

  /** From the first answer to the end; 0 when nobody answered. */
  @ApiProperty({ example: 192000 })
  public durationMs!: number;
}

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

  /** `"*"`, one name (private), names (a group), or a room (`"#dev"`), as addressed. */
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }], example: 'bob' })
  public to!: Recipient;

  @ApiProperty({ enum: MESSAGE_KINDS, enumName: 'MessageKind', example: 'private' })
  public kind!: MessageKind;

  @ApiPropertyOptional({ example: 'hi bob' })
  public text?: string;

  public file?: FileInfoDto;

  /** Set on a call's message, which has no text. */
  public call?: CallInfoDto;
}
