import { ApiProperty } from '@nestjs/swagger';

import { ERROR_CODES, ErrorCode } from '@chat/protocol';

/** The body of every error: the protocol's code, for clients to act on, and a message for humans. */
export class ErrorResponseDto {
  /** The HTTP status, repeated in the body. */
  @ApiProperty({ example: 404 })
  public statusCode!: number;

  /** The protocol's error code (protocol.md §8): stable, what clients act on. */
  @ApiProperty({ enum: ERROR_CODES, enumName: 'ErrorCode', example: 'NO_SUCH_USER' })
  public code!: ErrorCode;

  /** For humans; may change between versions. */
  @ApiProperty({ example: 'No such user: bob' })
  public message!: string;
}
