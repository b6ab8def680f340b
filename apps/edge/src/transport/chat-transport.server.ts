import { IncomingMessage, Server as HttpServer, STATUS_CODES } from 'node:http';
import { createServer, Server as NetServer, Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';

import { Logger } from '@nestjs/common';
import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { RawData, WebSocket, WebSocketServer } from 'ws';

import {
  AppConfig,
  createHttpServer,
  limitHttpServer,
  Metrics,
  TLS_HANDSHAKE_TIMEOUT_MS,
  tlsServerOptions,
  TransportLabel,
} from '@chat/core';
import {
  ChatError,
  DecodedItem,
  encodeFrame,
  HelloFrame,
  MAX_BAD_FRAMES_IN_A_ROW,
  parseClientFrame,
  parseFrameText,
  PROTOCOL_VERSION,
  RawFrame,
  requestId,
} from '@chat/protocol';

import { ConnectionRegistry } from '../registry/connection-registry';
import { AddressCounts } from './address-counts';
import { ChatContext } from './chat.context';
import { Connection } from './connection';
import { connectionCap, raiseDescriptorLimit } from './descriptors';
import { CHAT_TRANSPORT } from './frame.decorator';
import { PendingHandshakes } from './pending-handshakes';
import { TcpWire, Wire, WsWire } from './wire';

/**
 * Decoded input waiting per connection, in bytes, past which reading pauses (TCP backpressure:
 * the peer's writes wait in its own buffers) until the handlers have taken half of it. Each item
 * counts its wire size plus ITEM_OVERHEAD, so that a flood of tiny frames is bounded too.
 */
const MAX_QUEUED_BYTES = 2 * 1024 * 1024;
const ITEM_OVERHEAD = 256;
const SWEEP_INTERVAL_MS = 5_000;

/**
 * Connections waiting to be accepted (the kernel caps it at net.core.somaxconn). Node's default,
 * 511, overflows when thousands of clients come back at once after a restart, and the kernel then
 * resets them.
 */
const LISTEN_BACKLOG = 4096;

/**
 * The chat protocol as a NestJS transport: it owns the TCP listener and the connections,
 * decodes frames, validates them once, and dispatches each to the `@MessagePattern(type)`
 * handler registered for it, one frame at a time per connection so replies keep their order.
 */
export class ChatTransportServer extends Server implements CustomTransportStrategy {
  protected override readonly logger = new Logger('ChatTransport');
  private server?: NetServer;
  private httpServer?: HttpServer;
  private wsServer?: WebSocketServer;
  private sweepTimer?: NodeJS.Timeout;
  private helloFrame: Buffer;
  private readonly busyFrame = encodeFrame(
    new ChatError('SERVER_BUSY', 'Too many connections; try again later').toFrame(),
  );
  private readonly addressBusyFrame = encodeFrame(
    new ChatError('SERVER_BUSY', 'Too many connections from your address; try again later').toFrame(),
  );
  private readonly inFlight = new Set<Promise<void>>();
  /** Open connections by remote address, for the per-address cap. */
  private readonly perAddress = new AddressCounts();
  /** `maxConnections`, lowered to what the descriptor limit allows. */
  public readonly maxConnections: number;
  /** TLS connections before their handshake is done, which the caps above do not see yet. */
  private readonly handshakes: PendingHandshakes;

  constructor(
    private readonly config: AppConfig,
    private readonly registry: ConnectionRegistry<Connection>,
    /** Counts the errors answered here; its connection gauge reads the registry when scraped. */
    private readonly metrics: Metrics,
    /** Set after start-up, once the services exist. */
    public readonly hooks: { onDisconnect?: (conn: Connection) => void } = {},
  ) {
    super();
    this.transportId = CHAT_TRANSPORT;
    const descriptors = raiseDescriptorLimit();
    this.maxConnections = connectionCap(config.maxConnections, descriptors);
    if (this.maxConnections < config.maxConnections) {
      this.logger.warn(
        `At most ${this.maxConnections} connections (MAX_CONNECTIONS is ${config.maxConnections}): ` +
          `the open-file limit is ${descriptors?.soft}; raise it (ulimit -n, LimitNOFILE=) for more`,
      );
    }
    this.handshakes = new PendingHandshakes(
      config.maxConnectionsPerAddress,
      this.maxConnections,
      TLS_HANDSHAKE_TIMEOUT_MS + 1_000,
    );
    this.helloFrame = helloLine({
      server: config.serverName,
      protocol: PROTOCOL_VERSION,
      features: [],
      limits: config.limits,
    });
    metrics.countConnections(() => this.connectionsByTransport());
  }

  /** The greeting each new connection gets; set at start-up, once the features are known. */
  public greetWith(hello: Omit<HelloFrame, 'type'>): void {
    this.helloFrame = helloLine(hello);
  }

  public get address(): { host: string; port: number } | null {
    const addr = this.server?.address();
    return addr && typeof addr === 'object' ? { host: addr.address, port: addr.port } : null;
  }

  public get wsAddress(): { host: string; port: number } | null {
    const addr = this.wsServer?.address();
    return addr && typeof addr === 'object' ? { host: addr.address, port: addr.port } : null;
  }

  /** Whether the TCP port and the WebSocket port speak TLS (`TLS_CERT`, `TLS_KEY`). */
  public get secure(): boolean {
    return this.config.tls !== undefined;
  }

  /**
   * Listens on TCP (NDJSON with raw blocks) and WebSocket (`/ws`, one frame per text message),
   * both over TLS when it is configured: a TLS connection is greeted once its handshake is done.
   */
  public listen(callback: (err?: unknown) => void): void {
    const accept = (socket: Socket): void => this.acceptTcp(socket);
    const tls = this.config.tls;
    const tcp = tls
      ? createTlsServer({ noDelay: true, ...tlsServerOptions(tls) }, accept)
      : createServer({ noDelay: true }, accept);
    if (tls) {
      tcp.on('connection', (raw: Socket) => {
        if (!this.handshakes.admit(raw)) raw.destroy();
      });
    }
    this.server = tcp;
    tcp.once('error', (err) => callback(err));
    tcp.listen({ port: this.config.tcpPort, host: this.config.host, backlog: LISTEN_BACKLOG }, () => {
      const http = this.createWsHttpServer();
      const ws = new WebSocketServer({
        server: http,
        path: '/ws',
        // ws closes (1009) past this; up to it, the frame limit answers FRAME_TOO_LARGE like TCP.
        maxPayload: this.config.limits.frame * 4,
        verifyClient: ({ origin }: { origin?: string }) => this.originAllowed(origin),
      });
      this.httpServer = http;
      this.wsServer = ws;
      ws.once('error', (err) => callback(err));
      ws.once('listening', () => callback());
      ws.on('connection', (socket, req) => this.acceptWs(socket, req));
      http.listen({ port: this.config.wsPort, host: this.config.host, backlog: LISTEN_BACKLOG });
    });
    const every = Math.min(
      SWEEP_INTERVAL_MS,
      this.config.idleTimeoutMs / 4,
      this.config.loginTimeoutMs / 4,
      this.config.uploadIdleMs / 4,
    );
    this.sweepTimer = setInterval(() => this.sweep(), every).unref();
  }

  /** Stops accepting, lets in-flight frames finish, then closes every connection. */
  public async close(): Promise<void> {
    clearInterval(this.sweepTimer);
    const closed = Promise.all([
      new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve())),
      new Promise<void>((resolve) => (this.wsServer ? this.wsServer.close(() => resolve()) : resolve())),
      // ws leaves a server it was given open.
      new Promise<void>((resolve) => (this.httpServer ? this.httpServer.close(() => resolve()) : resolve())),
    ]);
    await Promise.allSettled([...this.inFlight]);
    for (const conn of [...this.registry.connections()]) {
      conn.sendFrame({ type: 'notice', text: 'The server is shutting down' });
      conn.close();
    }
    await closed;
  }

  /**
   * The WebSocket port's HTTP server (HTTPS with TLS: `wss://`), with the bounds of every HTTP
   * server of the system: a client that drips its upgrade request is cut off at the headers timeout. It holds the chat's
   * WebSockets (the registry answers SERVER_BUSY past MAX_CONNECTIONS) and, beside them, at most
   * MAX_HTTP_CONNECTIONS more; Node drops the ones beyond. A plain request gets 426, as from ws.
   */
  private createWsHttpServer(): HttpServer {
    const http = createHttpServer(this.config.http, this.config.tls, (_req, res) => {
      const body = STATUS_CODES[426]!;
      res.writeHead(426, { 'Content-Length': body.length, 'Content-Type': 'text/plain' });
      res.end(body);
    });
    limitHttpServer(http, this.config.http, this.config.maxConnections + this.config.http.maxConnections);
    return http;
  }

  public on(): never {
    throw new Error('ChatTransportServer has no events to subscribe to');
  }

  public unwrap<T>(): T {
    return this.server as T;
  }

  private acceptTcp(socket: Socket): void {
    socket.on('error', () => undefined);
    if (this.secure) this.handshakes.secured(socket);
    const wire = new TcpWire(socket);
    const conn = this.open(wire, socket.remoteAddress ?? '');
    if (!(conn instanceof Connection)) {
      socket.end(conn);
      return;
    }
    socket.on('data', (chunk: Buffer) => this.received(conn, conn.decoder.push(chunk)));
    socket.on('close', () => this.closed(conn));
  }

  private acceptWs(ws: WebSocket, req: IncomingMessage): void {
    ws.on('error', () => undefined);
    const address = req.socket.remoteAddress ?? '';
    const conn = this.open(
      new WsWire(ws, address, req.socket.remotePort, req.headers['user-agent']),
      address,
    );
    if (!(conn instanceof Connection)) {
      ws.send(conn.subarray(0, conn.length - 1), { binary: false });
      ws.close(1013);
      return;
    }
    ws.on('message', (data: RawData, isBinary: boolean) =>
      this.received(conn, [this.decodeMessage(data, isBinary)]),
    );
    ws.on('close', () => this.closed(conn));
  }

  /** A WebSocket message is one whole frame (protocol.md §1); limits as on TCP. */
  private decodeMessage(data: RawData, isBinary: boolean): DecodedItem {
    const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    if (buf.length > this.config.limits.frame) {
      return {
        kind: 'error',
        error: new ChatError('FRAME_TOO_LARGE', `A frame may be at most ${this.config.limits.frame} bytes`),
        fatal: true,
      };
    }
    if (isBinary)
      return { kind: 'error', error: new ChatError('BAD_FRAME', 'Frames are text messages'), fatal: false };
    try {
      return { kind: 'frame', frame: parseFrameText(buf.toString('utf8')), size: buf.length };
    } catch (err) {
      const error = ChatError.from(err);
      return { kind: 'error', error, fatal: false, re: (err as { re?: string }).re };
    }
  }

  private originAllowed(origin: string | undefined): boolean {
    // Browsers always send Origin; other clients (tests, scripts) may not, and are not at risk.
    return origin === undefined || this.config.webOrigins.includes(origin);
  }

  /** Open connections by transport, for the `natter_connections` gauge. */
  private connectionsByTransport(): Record<TransportLabel, number> {
    const counts = { tcp: 0, tls: 0, websocket: 0 };
    const stream = this.secure ? 'tls' : 'tcp';
    for (const conn of this.registry.connections()) counts[conn.wire.kind === 'ws' ? 'websocket' : stream]++;
    return counts;
  }

  /** A new connection, greeted; or, when the edge or the address is full, the refusal to send. */
  private open(wire: Wire, address: string): Connection | Buffer {
    const refusal = this.refusal(address);
    if (refusal) {
      this.metrics.error('SERVER_BUSY');
      return refusal;
    }
    this.perAddress.add(address);
    const conn = new Connection(wire, this.config.limits, address);
    this.registry.connected(conn);
    conn.send(this.helloFrame);
    return conn;
  }

  /** The SERVER_BUSY frame for a connection the edge or its address has no room for, or null. */
  private refusal(address: string): Buffer | null {
    if (this.registry.connectionCount >= this.maxConnections) return this.busyFrame;
    if (this.perAddress.of(address) >= this.config.maxConnectionsPerAddress) return this.addressBusyFrame;
    return null;
  }

  private received(conn: Connection, items: DecodedItem[]): void {
    // A connection on its way out (kicked, banned, logged out, shut down) takes no further frame.
    if (!conn.isOpen) return;
    // Only a whole frame is activity: bytes dripped into a line that never ends keep nothing open.
    if (items.length === 0) return;
    conn.lastReceivedAt = Date.now();
    conn.pinged = false;
    for (const item of items) {
      conn.input.push(item);
      conn.inputBytes += inputCost(item);
    }
    if (conn.inputBytes > MAX_QUEUED_BYTES) conn.wire.pause();
    if (!conn.handling && conn.input.length > 0) this.track(this.drain(conn));
  }

  private async drain(conn: Connection): Promise<void> {
    conn.handling = true;
    while (conn.input.length > 0 && conn.isOpen) {
      const item = conn.input.shift()!;
      conn.inputBytes -= inputCost(item);
      await this.handle(conn, item);
      if (conn.inputBytes < MAX_QUEUED_BYTES / 2) conn.wire.resume();
    }
    // Closed meanwhile: what was queued behind is dropped, never run.
    if (!conn.isOpen) {
      conn.input.length = 0;
      conn.inputBytes = 0;
    }
    conn.handling = false;
  }

  private closed(conn: Connection): void {
    conn.input.length = 0;
    conn.inputBytes = 0;
    this.perAddress.remove(conn.address);
    this.registry
      .disconnected(conn)
      .catch((err: unknown) => this.logger.error(`Presence after a disconnect failed: ${String(err)}`));
    for (const upload of conn.uploads.values()) {
      void upload.abort().catch((err: unknown) => this.logger.error(`Dropping an upload: ${String(err)}`));
    }
    conn.uploads.clear();
    this.hooks.onDisconnect?.(conn);
  }

  private async handle(conn: Connection, item: DecodedItem): Promise<void> {
    if (item.kind === 'error') {
      this.metrics.error(item.error.code);
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
      const error = ChatError.from(err);
      this.metrics.error(error.code);
      conn.sendFrame(error.toFrame(re));
    }
    for (const task of ctx?.afterReply ?? []) await task();
  }

  /**
   * Pings idle connections and closes those silent past the idle timeout, and those that have not
   * logged in within the login timeout.
   */
  private sweep(): void {
    const now = Date.now();
    const timeout = this.config.idleTimeoutMs;
    const loginTimeout = this.config.loginTimeoutMs;
    for (const conn of this.registry.connections()) {
      const idle = now - conn.lastReceivedAt;
      if (!conn.user && now - conn.connectedAt >= loginTimeout) {
        conn.sendFrame({
          type: 'notice',
          text: `Closed: not logged in within ${Math.round(loginTimeout / 1000)} s`,
        });
        conn.close();
      } else if (idle >= timeout) {
        conn.sendFrame({
          type: 'notice',
          text: `Closed after ${Math.round(timeout / 1000)} s without a frame`,
        });
        conn.close();
      } else if (idle >= timeout / 2 && !conn.pinged) {
        conn.pinged = true;
        conn.sendFrame({ type: 'ping' });
      }
      this.dropIdleUploads(conn, now);
    }
  }

  /** Uploads without a chunk for UPLOAD_IDLE_SEC go, with their temp files; the uploader is told. */
  private dropIdleUploads(conn: Connection, now: number): void {
    const limit = this.config.uploadIdleMs;
    for (const [id, upload] of conn.uploads) {
      if (now - upload.lastActivity < limit) continue;
      conn.uploads.delete(id);
      const told = new ChatError(
        'NO_SUCH_UPLOAD',
        `Upload ${id} got no chunk for ${Math.round(limit / 1000)} s and was discarded; offer the file again`,
        { upload: id },
      ).toFrame();
      // Told once its temp file is gone.
      void upload
        .abort()
        .catch((err: unknown) => this.logger.error(`Dropping upload ${id}: ${String(err)}`))
        .finally(() => conn.sendFrame(told));
    }
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }
}

function inputCost(item: DecodedItem): number {
  return ITEM_OVERHEAD + (item.kind === 'frame' ? (item.size ?? 0) : 0);
}

/** A handler's result as a reply frame: fields of an `ok`, or a whole frame (`pong`). */
function reply(re: string | undefined, result: Record<string, unknown>): RawFrame {
  const { type, ...fields } = result;
  return { type: typeof type === 'string' ? type : 'ok', ...(re === undefined ? {} : { re }), ...fields };
}

function helloLine(fields: Omit<HelloFrame, 'type'>): Buffer {
  const hello: HelloFrame = { type: 'hello', ...fields };
  return Buffer.from(JSON.stringify(hello) + '\n');
}
