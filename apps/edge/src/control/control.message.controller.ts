import { Controller, Inject, UseGuards } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';

import {
  BroadcastCommand,
  DeliverMessageCommand,
  DisconnectUserCommand,
  EdgeStatus,
  LIVE_GATEWAY,
  LIVE_PATTERNS,
  LiveGateway,
  Metrics,
  RoomChangedCommand,
  SendToConnectionCommand,
  SendToRoomCommand,
  SendToUserCommand,
} from '@chat/core';

import { ConnectionRegistry } from '../registry/connection-registry';
import { ControlKeyGuard } from './control-key.guard';

/**
 * The edge's control channel (Transport.TCP on CONTROL_PORT): the admin API's LiveGateway calls
 * land here and go on through the edge's own gateway, so its moderation reaches live connections
 * at once, as far as that gateway reaches. Each call is answered once its effect is done.
 */
@Controller()
@UseGuards(ControlKeyGuard)
export class ControlMessageController {
  constructor(
    @Inject(LIVE_GATEWAY) private readonly live: LiveGateway,
    private readonly registry: ConnectionRegistry,
    private readonly metrics: Metrics,
  ) {}

  @MessagePattern(LIVE_PATTERNS.deliverMessage, Transport.TCP)
  public deliverMessage(@Payload() c: DeliverMessageCommand): boolean {
    this.live.deliverMessage(c.frame, c.participants);
    return true;
  }

  @MessagePattern(LIVE_PATTERNS.sendToUser, Transport.TCP)
  public async sendToUser(@Payload() c: SendToUserCommand): Promise<boolean> {
    await this.live.sendToUser(c.username, c.frame, c.except);
    return true;
  }

  @MessagePattern(LIVE_PATTERNS.sendToConnection, Transport.TCP)
  public async sendToConnection(@Payload() c: SendToConnectionCommand): Promise<boolean> {
    await this.live.sendToConnection(c.username, c.connection, c.frame);
    return true;
  }

  @MessagePattern(LIVE_PATTERNS.sendToRoom, Transport.TCP)
  public async sendToRoom(@Payload() c: SendToRoomCommand): Promise<boolean> {
    await this.live.sendToRoom(c.room, c.frame);
    return true;
  }

  @MessagePattern(LIVE_PATTERNS.roomChanged, Transport.TCP)
  public async roomChanged(@Payload() c: RoomChangedCommand): Promise<boolean> {
    await this.live.roomChanged(c.change);
    return true;
  }

  @MessagePattern(LIVE_PATTERNS.broadcast, Transport.TCP)
  public async broadcast(@Payload() c: BroadcastCommand): Promise<boolean> {
    await this.live.broadcast(c.frame);
    return true;
  }

  @MessagePattern(LIVE_PATTERNS.disconnectUser, Transport.TCP)
  public async disconnectUser(@Payload() c: DisconnectUserCommand): Promise<boolean> {
    await this.live.disconnectUser(c.username, c.frame, c.session);
    return true;
  }

  @MessagePattern(LIVE_PATTERNS.online, Transport.TCP)
  public online(): Promise<string[]> {
    return this.live.online();
  }

  /** This edge's own counts: its health, not the deployment's. */
  @MessagePattern(LIVE_PATTERNS.ping, Transport.TCP)
  public ping(): EdgeStatus {
    return { connections: this.registry.connectionCount, online: this.registry.onlineCount };
  }

  /** This edge's Prometheus text, for the api's `/api/metrics` to merge with its own. */
  @MessagePattern(LIVE_PATTERNS.metrics, Transport.TCP)
  public metricsText(): Promise<string> {
    return this.metrics.text();
  }
}
