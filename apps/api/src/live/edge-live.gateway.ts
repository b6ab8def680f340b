import { Inject, Injectable, Logger } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { lastValueFrom, timeout } from 'rxjs';

import { ConnectionId, EdgeStatus, LIVE_PATTERNS, LiveGateway, LivePattern, RoomChange } from '@chat/core';
import type { EventFrame, SequencedFrame } from '@chat/protocol';

export const EDGE_CONTROL = Symbol('EDGE_CONTROL');
export const CONTROL_KEY = Symbol('CONTROL_KEY');

/** A control call that takes longer means the edge is down or stuck; moderation must not wait on it. */
export const CONTROL_TIMEOUT_MS = 1_000;

/**
 * The admin API's LiveGateway: it has no connections of its own, so it tells the edge over its
 * control channel (`@nestjs/microservices` TCP). When the edge cannot be reached the call gives up
 * after a second and the caller carries on: the store and the audit log are already updated, and a
 * banned or muted user meets the restriction on the next log-in or send.
 */
@Injectable()
export class EdgeLiveGateway implements LiveGateway {
  private readonly logger = new Logger('EdgeControl');
  private reachable = true;

  constructor(
    @Inject(EDGE_CONTROL) private readonly client: ClientProxy,
    @Inject(CONTROL_KEY) private readonly key: string,
  ) {}

  public deliverMessage(frame: SequencedFrame, participants: readonly string[]): void {
    void this.call(LIVE_PATTERNS.deliverMessage, { frame, participants: [...participants] });
  }

  public async sendToUser(username: string, frame: EventFrame, except?: ConnectionId): Promise<boolean> {
    return (await this.call(LIVE_PATTERNS.sendToUser, { username, frame, except })) !== null;
  }

  public async sendToConnection(
    username: string,
    connection: ConnectionId,
    frame: EventFrame,
  ): Promise<void> {
    await this.call(LIVE_PATTERNS.sendToConnection, { username, connection, frame });
  }

  public async sendToRoom(room: string, frame: EventFrame): Promise<void> {
    await this.call(LIVE_PATTERNS.sendToRoom, { room, frame });
  }

  /**
   * The edge's membership index learns the change; should the edge be unreachable it reloads the
   * index from the store when it starts again, and a running edge that missed it only misdelivers
   * live (history and `since` read the store).
   */
  public async roomChanged(change: RoomChange): Promise<void> {
    await this.call(LIVE_PATTERNS.roomChanged, { change });
  }

  public async broadcast(frame: EventFrame): Promise<void> {
    await this.call(LIVE_PATTERNS.broadcast, { frame });
  }

  public async disconnectUser(username: string, frame: EventFrame, session?: string): Promise<boolean> {
    return (await this.call(LIVE_PATTERNS.disconnectUser, { username, frame, session })) !== null;
  }

  /** Names online on the edge; none when it cannot be reached. */
  public async online(): Promise<string[]> {
    return (await this.call<string[]>(LIVE_PATTERNS.online, {})) ?? [];
  }

  /** The edge's Prometheus text (`live.metrics`), or null when it cannot be reached. */
  public metricsText(): Promise<string | null> {
    return this.call<string>(LIVE_PATTERNS.metrics, {});
  }

  /** The edge's counts, or null when it cannot be reached. */
  public status(): Promise<EdgeStatus | null> {
    return this.call<EdgeStatus>(LIVE_PATTERNS.ping, {});
  }

  private async call<T>(pattern: LivePattern, payload: object): Promise<T | null> {
    try {
      const result = await lastValueFrom(
        this.client.send<T>(pattern, { key: this.key, ...payload }).pipe(timeout(CONTROL_TIMEOUT_MS)),
      );
      if (!this.reachable) this.logger.log('Edge control channel reachable again');
      this.reachable = true;
      return result;
    } catch (err) {
      // Say it once per outage, not once per call.
      if (this.reachable) this.logger.warn(`Edge control channel unreachable (${pattern}): ${describe(err)}`);
      this.reachable = false;
      return null;
    }
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  if (err && typeof err === 'object' && 'message' in err)
    return String((err as { message: unknown }).message);
  return String(err);
}
