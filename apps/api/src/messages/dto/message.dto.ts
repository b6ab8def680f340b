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

/** The message a reply answers, as it is now (this server's addition). */
export class ReplyQuoteDto {
  @ApiProperty({ example: '0b9f3c52-6f1a-4d8e-9d7e-2b1f0f1c8a11' })
  public msgId!: string;

  @ApiProperty({ example: 41 })
  public seq!: number;

  @ApiProperty({ example: 'bob' })
  public from!: string;

  /** At most 200 characters of its text. */
  @ApiPropertyOptional({ example: 'who deploys today?' })
  public text?: string;

  /** A file's name, for a file without text. */
  @ApiPropertyOptional({ example: 'plan.pdf' })
  public file?: string;

  @ApiPropertyOptional({ enum: [true] })
  public deleted?: true;
}

/** One emoji on a message and who gave it, in the order they did. */
export class ReactionDto {
  @ApiProperty({ example: '👍' })
  public emoji!: string;

  @ApiProperty({ type: [String], example: ['bob', 'carol'] })
  public users!: string[];
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

  /** An action (`/me waves`). */
  @ApiPropertyOptional({ enum: [true] })
  public me?: true;

  public replyTo?: ReplyQuoteDto;

  /** When its text was last edited. */
  @ApiPropertyOptional({ format: 'date-time', example: '2026-11-22T10:05:00.000Z' })
  public edited?: string;

  /** Deleted: no text, no file. */
  @ApiPropertyOptional({ enum: [true] })
  public deleted?: true;

  @ApiPropertyOptional({ type: [ReactionDto] })
  public reactions?: ReactionDto[];
}
