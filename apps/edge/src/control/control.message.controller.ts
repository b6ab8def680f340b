import { Controller, UseGuards } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';

import {
  BroadcastCommand,
  DeliverMessageCommand,
  DisconnectUserCommand,
  EdgeStatus,
  LIVE_PATTERNS,
  SendToUserCommand,
} from '@chat/core';

import { ConnectionRegistry } from '../registry/connection-registry';
import { ControlKeyGuard } from './control-key.guard';

/**
 * The edge's control channel (Transport.TCP on CONTROL_PORT): the admin API's LiveGateway calls
 * land here and act on the connection registry, so its moderation reaches live connections at once.
 */
@Controller()
@UseGuards(ControlKeyGuard)
export class ControlMessageController {
  constructor(private readonly registry: ConnectionRegistry) {}

  @MessagePattern(LIVE_PATTERNS.deliverMessage, Transport.TCP)
  public deliverMessage(@Payload() c: DeliverMessageCommand): boolean {
    this.registry.deliverMessage(c.frame, c.participants);
    return true;
  }

  @MessagePattern(LIVE_PATTERNS.sendToUser, Transport.TCP)
  public sendToUser(@Payload() c: SendToUserCommand): boolean {
    this.registry.sendToUser(c.username, c.frame);
    return true;
  }

  @MessagePattern(LIVE_PATTERNS.broadcast, Transport.TCP)
  public broadcast(@Payload() c: BroadcastCommand): boolean {
    this.registry.broadcast(c.frame);
    return true;
  }

  @MessagePattern(LIVE_PATTERNS.disconnectUser, Transport.TCP)
  public disconnectUser(@Payload() c: DisconnectUserCommand): boolean {
    this.registry.disconnectUser(c.username, c.frame);
    return true;
  }

  @MessagePattern(LIVE_PATTERNS.online, Transport.TCP)
  public online(): Promise<string[]> {
    return this.registry.online();
  }

  @MessagePattern(LIVE_PATTERNS.ping, Transport.TCP)
  public ping(): EdgeStatus {
    return { connections: this.registry.connectionCount, online: this.registry.onlineCount };
  }
}
