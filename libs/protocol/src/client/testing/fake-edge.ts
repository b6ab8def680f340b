import { AddressInfo, createServer, Server, Socket } from 'node:net';

import { encodeFrame, FrameDecoder } from '../../codec';
import { MessageFrame } from '../../frames';
import { RawFrame } from '../../raw-frame';

/**
 * A small real TCP server that speaks the session part of protocol.md (hello, login with a
 * password or a token and `since`, who, logout), keeps messages and can drop connections. It
 * writes a login's reply and its `since` replay in one write, as a busy edge may: the client then
 * reads them in one chunk, which is what the session's held events are for.
 */
export class FakeEdge {
  public readonly received: RawFrame[] = [];
  public readonly users = new Map<string, string>([['alice', 'alice-password']]);
  /** Tokens stop working (as after the edge's secret changed): BAD_CREDENTIALS. */
  public refuseTokens = false;
  /** Every login is answered with this error, e.g. BANNED. */
  public loginError: { code: string; message: string } | undefined;
  /** Frames sent right after the next login's replay, in the same write. */
  public afterNextLogin: object[] = [];
  /** Replays from `since - replayOverlap`: duplicates the session must drop. */
  public replayOverlap = 0;
  private readonly messages: MessageFrame[] = [];
  private readonly sockets = new Set<Socket>();
  private tokens = 0;

  private constructor(
    private readonly server: Server,
    public readonly port: number,
  ) {}

  public static async start(port = 0): Promise<FakeEdge> {
    const ref: { self?: FakeEdge } = {};
    const server = createServer((socket) => ref.self!.accept(socket));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    ref.self = new FakeEdge(server, (server.address() as AddressInfo).port);
    return ref.self;
  }

  public get logins(): RawFrame[] {
    return this.received.filter((f) => f.type === 'login');
  }

  /** Stores a message and sends it to every logged-in connection. */
  public post(text: string, from = 'bob'): MessageFrame {
    const seq = this.messages.length + 1;
    const message: MessageFrame = {
      type: 'message',
      seq,
      msgId: `m${seq}`,
      ts: '',
      from,
      to: '*',
      kind: 'all',
      text,
    };
    this.messages.push(message);
    this.broadcast(message);
    return message;
  }

  public broadcast(frame: object): void {
    for (const s of this.sockets) s.write(encodeFrame(frame));
  }

  /** Drops every connection, as a crash or a network failure would. */
  public dropAll(): void {
    for (const s of this.sockets) s.destroy();
  }

  public async stop(): Promise<void> {
    this.dropAll();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private accept(socket: Socket): void {
    const decoder = new FrameDecoder();
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('data', (chunk: Buffer) => {
      for (const item of decoder.push(chunk)) if (item.kind === 'frame') this.handle(item.frame, socket);
    });
    socket.write(encodeFrame({ type: 'hello', server: 'fake', protocol: 1, features: [], limits: {} }));
  }

  private handle(f: RawFrame, socket: Socket): void {
    this.received.push(f);
    const re = f.id;
    const reply = (...frames: object[]): boolean =>
      socket.write(Buffer.concat(frames.map((x) => encodeFrame(x))));
    const error = (code: string, message: string): boolean => reply({ type: 'error', re, code, message });
    if (f.type === 'who') return void reply({ type: 'ok', re, online: ['alice'], count: 1 });
    if (f.type === 'logout') {
      reply({ type: 'ok', re });
      return void socket.end();
    }
    if (f.type !== 'login') return void error('UNKNOWN_TYPE', 'Unknown frame type');
    if (this.loginError) return void error(this.loginError.code, this.loginError.message);
    const user =
      typeof f.token === 'string'
        ? this.refuseTokens
          ? undefined
          : /^tok-(\w+)-\d+$/.exec(f.token)?.[1]
        : this.users.get(f.user as string) === f.password
          ? (f.user as string)
          : undefined;
    if (user === undefined) return void error('BAD_CREDENTIALS', 'Wrong user name or password');
    this.sockets.add(socket);
    const since = typeof f.since === 'number' ? f.since - this.replayOverlap : undefined;
    reply(
      {
        type: 'ok',
        re,
        user,
        role: 'user',
        token: `tok-${user}-${++this.tokens}`,
        online: [user],
        seq: this.messages.length,
      },
      ...(since === undefined ? [] : this.messages.filter((m) => m.seq > since)),
      ...this.afterNextLogin.splice(0),
    );
  }
}
