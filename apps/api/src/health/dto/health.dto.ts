import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class StoreHealthDto {
  @ApiProperty({ enum: ['sqlite', 'mongodb'], example: 'sqlite' })
  public kind!: 'sqlite' | 'mongodb';

  @ApiProperty({ example: true })
  public reachable!: boolean;
}

export class EdgeHealthDto {
  /** Whether the edge answered on its control channel within a second. */
  @ApiProperty({ example: true })
  public reachable!: boolean;

  /** Open connections on the edge, when reachable. */
  @ApiPropertyOptional({ example: 3 })
  public connections?: number;

  /** Users online, when reachable. */
  @ApiPropertyOptional({ example: 2 })
  public online?: number;
}

/** `ok`: store and edge reachable; `degraded`: the edge is not (moderation still applies to the store); `down`: the store is not. */
export class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded', 'down'], enumName: 'HealthStatus', example: 'ok' })
  public status!: 'ok' | 'degraded' | 'down';

  public store!: StoreHealthDto;

  public edge!: EdgeHealthDto;
}
