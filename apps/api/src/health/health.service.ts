import { HttpStatus, Inject, Injectable } from '@nestjs/common';

import { MediaService } from '@chat/core';
import { BlobStore, STORE, Store } from '@chat/data';

import { EdgeLiveGateway } from '../live/edge-live.gateway';
import { DiskHealthDto, HealthDto, MediaHealthDto, StoreHealthDto } from './dto/health.dto';

/** Free space below which health says `degraded`: whichever of the two is larger. */
export const LOW_DISK_BYTES = 100 * 1024 * 1024;
export const LOW_DISK_RATIO = 0.01;

const MiB = 1024 * 1024;

@Injectable()
export class HealthService {
  constructor(
    @Inject(STORE) private readonly store: Store,
    private readonly blobs: BlobStore,
    private readonly edge: EdgeLiveGateway,
    private readonly media: MediaService,
  ) {}

  public async check(): Promise<HealthDto> {
    const [store, edge, disk] = await Promise.all([
      this.storeHealth(),
      this.edge.status(),
      this.diskHealth(),
    ]);
    const reasons: string[] = [];
    if (store.error) reasons.push(store.error);
    if (!edge) reasons.push('The edge does not answer on its control channel');
    if (disk.error) reasons.push(disk.error);
    else if (disk.low) {
      reasons.push(
        `Low disk space: ${Math.floor(disk.freeBytes! / MiB)} MiB free of ${Math.floor(disk.totalBytes! / MiB)} MiB in ${disk.path}`,
      );
    }
    const down = !store.reachable || store.error !== undefined;
    return {
      status: down ? 'down' : reasons.length > 0 ? 'degraded' : 'ok',
      ...(reasons.length > 0 ? { reasons } : {}),
      store,
      edge: edge
        ? { reachable: true, connections: edge.connections, online: edge.online }
        : { reachable: false },
      disk,
      media: this.mediaHealth(),
    };
  }

  /** Reachable, and its data sound as a process starting now would find it. */
  private async storeHealth(): Promise<StoreHealthDto> {
    const [reachable, found] = await Promise.all([
      this.store.ping().catch(() => false),
      this.store.verify().catch((err: unknown) => String(err)),
    ]);
    const problem = found ?? (reachable ? null : `The ${this.store.kind} store is unreachable`);
    return { kind: this.store.kind, reachable, ...(problem ? { error: problem } : {}) };
  }

  private async diskHealth(): Promise<DiskHealthDto> {
    try {
      const { path, freeBytes, totalBytes } = await this.blobs.diskSpace();
      const low = freeBytes < Math.max(LOW_DISK_BYTES, totalBytes * LOW_DISK_RATIO);
      return { path, freeBytes, totalBytes, low };
    } catch (err) {
      return { path: this.blobs.root, low: true, error: `Cannot read the disk space: ${String(err)}` };
    }
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
