import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import type { SessionView } from '@chat/core';

export const SESSION_TRANSPORTS = ['http', 'tcp', 'ws'] as const;

/** One of the caller's sessions: a password log-in and the tokens renewed from it. */
export class SessionDto {
  @ApiProperty({ example: '0b7c6a3e-8f1d-4c36-9a57-5b2f1e0c9d41' })
  public id!: string;

  @ApiProperty({ example: '2026-12-03T10:00:00.000Z' })
  public createdAt!: string;

  /** When a token of the session was last used (to the minute). */
  @ApiProperty({ example: '2026-12-03T11:30:00.000Z' })
  public lastSeen!: string;

  /** How the log-in came: the admin API (and the web client's REST calls), a terminal over TCP, or WebSocket. */
  @ApiProperty({ enum: SESSION_TRANSPORTS, enumName: 'SessionTransport', example: 'ws' })
  public transport!: string;

  /** The client's User-Agent header, when it sent one. */
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0',
  })
  public userAgent!: string | null;

  /** The client's IP address. */
  @ApiPropertyOptional({ type: String, nullable: true, example: '192.0.2.10' })
  public address!: string | null;

  /** The session the request came with. */
  @ApiProperty({ example: true })
  public current!: boolean;

  public static from(session: SessionView): SessionDto {
    return {
      id: session.id,
      createdAt: session.createdAt.toISOString(),
      lastSeen: session.lastSeen.toISOString(),
      transport: session.transport,
      userAgent: session.userAgent,
      address: session.address,
      current: session.current,
    };
  }
}
