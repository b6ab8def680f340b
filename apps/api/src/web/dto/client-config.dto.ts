import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Protocol limits, as the edge announces them in `hello`. */
export class ClientLimitsDto {
  /** Largest frame line in bytes. */
  @ApiProperty({ example: 1048576 })
  public frame!: number;

  /** Longest message text in characters. */
  @ApiProperty({ example: 4000 })
  public text!: number;

  /** Largest file in bytes. */
  @ApiProperty({ example: 104857600 })
  public file!: number;

  /** Largest raw byte block (file chunk) in bytes. */
  @ApiProperty({ example: 262144 })
  public chunk!: number;
}

/** What the web client needs before it connects: where the edge's WebSocket is, and the limits. */
export class ClientConfigDto {
  /** The WebSocket URL to use as is (PUBLIC_WS_URL), e.g. behind a reverse proxy. */
  @ApiPropertyOptional({ example: 'wss://chat.example.com/ws' })
  public wsUrl?: string;

  /** The edge's WebSocket port; without `wsUrl` the client connects to `ws://<page host>:<wsPort>/ws`. */
  @ApiProperty({ example: 8081 })
  public wsPort!: number;

  public limits!: ClientLimitsDto;
}
