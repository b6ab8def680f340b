import { HttpStatus, Inject, Injectable } from '@nestjs/common';

import { MediaService } from '@chat/core';
import { STORE, Store } from '@chat/data';

import { EdgeLiveGateway } from '../live/edge-live.gateway';
import { HealthDto, MediaHealthDto } from './dto/health.dto';

@Injectable()
export class HealthService {
  constructor(
    @Inject(STORE) private readonly store: Store,
    private readonly edge: EdgeLiveGateway,
    private readonly media: MediaService,
  ) {}

  public async check(): Promise<HealthDto> {
    const [storeUp, edge] = await Promise.all([this.store.ping().catch(() => false), this.edge.status()]);
    return {
      status: !storeUp ? 'down' : edge ? 'ok' : 'degraded',
      store: { kind: this.store.kind, reachable: storeUp },
      edge: edge
        ? { reachable: true, connections: edge.connections, online: edge.online }
        : { reachable: false },
      media: this.mediaHealth(),
    };
  }

  private mediaHealth(): MediaHealthDto {
    const { ffmpeg, jobs } = this.media.status();
    return ffmpeg
      ? { available: true, ffmpegVersion: ffmpeg.version, ffmpegSource: ffmpeg.source, jobs }
      : { available: false, reason: 'No ffmpeg found (FFMPEG_PATH, ffmpeg-static, PATH)', jobs };
  }

  /** 503 only when the store is down: without the edge the API still serves and moderates. */
  public static httpStatus(health: HealthDto): number {
    return health.status === 'down' ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK;
  }
}
