import { createServer, Server as NetServer, Socket } from 'node:net';

import { Logger } from '@nestjs/common';
import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';

import type { AppConfig } from '@chat/core';
import {
  ChatError,
  DecodedItem,
  encodeFrame,
  HelloFrame,
  MAX_BAD_FRAMES_IN_A_ROW,
  parseClientFrame,
  PROTOCOL_VERSION,
  RawFrame,
  requestId,
} from '@chat/protocol';

import { ConnectionRegistry } from '../registry/connection-registry';
import { ChatContext } from './chat.context';
import { Connection } from './connection';
import { CHAT_TRANSPORT } from './frame.decorator';

/** Input waiting per connection past which reading pauses until the handlers catch up. */
const MAX_QUEUED_ITEMS = 256;
const SWEEP_INTERVAL_MS = 5_000;

export const FEATURES = ['files', 'history', 'presence', 'moderation', 'since', 'token-login'];

/**
 * The chat protocol as a NestJS transport: it owns the TCP listener and the connections,
 * decodes frames, validates them once, and dispatches each to the `@MessagePattern(type)`
 * handler registered for it, one frame at a time per connection so replies keep their order.
 */
export class ChatTransportServer extends Server implements CustomTransportStrategy {
  protected override readonly logger = new Logger('ChatTransport');
  private server?: NetServer;
  private sweepTimer?: NodeJS.Timeout;
  private readonly helloFrame: Buffer;
  private readonly busyFrame = encodeFrame(
    new ChatError('SERVER_BUSY', 'Too many connections; try again later').toFrame(),
  );
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly config: AppConfig,
    private readonly registry: ConnectionRegistry,
    /** Set after start-up, once the services exist. */
    public readonly hooks: { onDisconnect?: (conn: Connection) => void } = {},
  ) {
    super();
    this.transportId = CHAT_TRANSPORT;
    const hello: HelloFrame = {
      type: 'hello',
      server: config.serverName,
      protocol: PROTOCOL_VERSION,
      features: FEATURES,
      limits: config.limits,
    };
    this.helloFrame = Buffer.from(JSON.stringify(hello) + '\n');
  }

  public get address(): { host: string; port: number } | null {
    const addr = this.server?.address();
    return addr && typeof addr === 'object' ? { host: addr.address, port: addr.port } : null;
  }

  public listen(callback: (err?: unknown) => void): void {
    this.server = createServer({ noDelay: true }, (socket) => this.accept(socket));
    this.server.on('error', (err) => callback(err));
    this.server.listen(this.config.tcpPort, this.config.host, () => callback());
    const every = Math.min(SWEEP_INTERVAL_MS, this.config.idleTimeoutMs / 4);
    this.sweepTimer = setInterval(() => this.sweep(), every).unref();
  }

  /** Stops accepting, lets in-flight frames finish, then closes every connection. */
  public async close(): Promise<void> {
    clearInterval(this.sweepTimer);
    const closed = new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
    await Promise.allSettled([...this.inFlight]);
    for (const conn of [...this.registry.connections()]) {
      conn.sendFrame({ type: 'notice', text: 'The server is shutting down' });
      conn.close();
    }
    await closed;
  }

  public on(): never {
    throw new Error('ChatTransportServer has no events to subscribe to');
  }

  public unwrap<T>(): T {
    return this.server as T;
  }

  private accept(socket: Socket): void {
    if (this.registry.connectionCount >= this.config.maxConnections) {
      socket.on('error', () => undefined);
      socket.end(this.busyFrame);
      return;
    }
    const conn = new Connection(socket, this.config.limits);
    this.registry.connected(conn);
    socket.write(this.helloFrame);
    const queue: DecodedItem[] = [];
    let running = false;

    const drain = async (): Promise<void> => {
      running = true;
      while (queue.length > 0 && !socket.destroyed) {
        await this.handle(conn, queue.shift()!);
        if (queue.length < MAX_QUEUED_ITEMS / 2 && socket.isPaused()) socket.resume();
      }
      running = false;
    };

    socket.on('data', (chunk: Buffer) => {
      conn.lastReceivedAt = Date.now();
      conn.pinged = false;
      for (const item of conn.decoder.push(chunk)) queue.push(item);
      if (queue.length > MAX_QUEUED_ITEMS) socket.pause();
      if (!running && queue.length > 0) this.track(drain());
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      queue.length = 0;
      this.registry.disconnected(conn);
      for (const upload of conn.uploads.values()) void upload.abort();
      conn.uploads.clear();
      this.hooks.onDisconnect?.(conn);
    });
  }

  private async handle(conn: Connection, item: DecodedItem): Promise<void> {
    if (item.kind === 'error') {
      conn.sendFrame(item.error.toFrame(item.re));
      if (item.fatal || ++conn.badFramesInARow >= MAX_BAD_FRAMES_IN_A_ROW) conn.close();
      return;
    }
    conn.badFramesInARow = 0;
    const re = requestId(item.frame);
    let ctx: ChatContext | undefined;
    try {
      const frame = parseClientFrame(item.frame);
      const handler = this.getHandlerByPattern(frame.type);
      if (!handler) throw new ChatError('UNKNOWN_TYPE', `Unknown frame type: ${frame.type}`);
      ctx = new ChatContext([conn, item.bytes]);
      const result = await lastValueFrom(this.transformToObservable(await handler(frame, ctx)), {
        defaultValue: undefined,
      });
      if (result !== undefined) conn.sendFrame(reply(re, result as Record<string, unknown>));
    } catch (err) {
      if (!(err instanceof ChatError))
        this.logger.error(err instanceof Error ? (err.stack ?? err.message) : err);
      conn.sendFrame(ChatError.from(err).toFrame(re));
    }
    for (const task of ctx?.afterReply ?? []) await task();
  }

  /** Pings idle connections and closes those silent past the idle timeout. */
  private sweep(): void {
    const now = Date.now();
    const timeout = this.config.idleTimeoutMs;
    for (const conn of this.registry.connections()) {
      const idle = now - conn.lastReceivedAt;
      if (idle >= timeout) {
        conn.sendFrame({
          type: 'notice',
          text: `Closed after ${Math.round(timeout / 1000)} s without a frame`,
        });
        conn.close();
      } else if (idle >= timeout / 2 && !conn.pinged) {
        conn.pinged = true;
        conn.sendFrame({ type: 'ping' });
      }
      for (const [id, upload] of conn.uploads) {
        if (now - upload.lastActivity > UPLOAD_IDLE_MS) {
          conn.uploads.delete(id);
          void upload.abort();
        }
      }
    }
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }
}

/** An upload left idle this long is discarded (protocol.md §6). */
const UPLOAD_IDLE_MS = 10 * 60_000;

/** A handler's result as a reply frame: fields of an `ok`, or a whole frame (`pong`). */
function reply(re: string | undefined, result: Record<string, unknown>): RawFrame {
  const { type, ...fields } = result;
  return { type: typeof type === 'string' ? type : 'ok', ...(re === undefined ? {} : { re }), ...fields };
}
