import { AddressInfo, createServer, Server, Socket } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import { encodeFrame, FrameDecoder, MessageFrame, RawFrame } from '@chat/protocol';

import { ChatSession, EndReason, OfflineError } from './chat.session';
import { LoginIo, promptLogin } from './login.prompt';

/**
 * A small real TCP server that speaks the session part of protocol.md (hello, register, login
 * with password or token and `since`, send, logout), keeps messages and can drop connections:
 * enough to drive the session's reconnects and the log-in dialogue over real sockets.
 */
class FakeChatServer {
  public readonly logins: RawFrame[] = [];
  public readonly users = new Map<string, string>([['alice', 'alice-password']]);
  public readonly banned = new Map<string, string | null>();
  private readonly messages: MessageFrame[] = [];
  private readonly sockets = new Set<Socket>();
  private tokens = 0;

  private constructor(
    private readonly server: Server,
    public readonly port: number,
  ) {}

  public static async start(): Promise<FakeChatServer> {
    const ref: { self?: FakeChatServer } = {};
    const server = createServer((socket) => ref.self!.accept(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ref.self = new FakeChatServer(server, (server.address() as AddressInfo).port);
    return ref.self;
  }

  /** Stores a message and sends it to every connection. */
  public post(text: string, from = 'bob'): MessageFrame {
    const seq = this.messages.length + 1;
    const message: MessageFrame = {
      type: 'message',
      seq,
      msgId: `m${seq}`,
      ts: new Date().toISOString(),
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
    const reply = (frame: object): boolean => socket.write(encodeFrame(frame));
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('data', (chunk: Buffer) => {
      for (const item of decoder.push(chunk))
        if (item.kind === 'frame') this.handle(item.frame, socket, reply);
    });
    reply({
      type: 'hello',
      server: 'fake',
      protocol: 1,
      features: [],
      limits: { frame: 1 << 20, text: 4000, file: 1 << 20, chunk: 1 << 16 },
    });
  }

  private handle(f: RawFrame, socket: Socket, reply: (frame: object) => void): void {
    const re = f.id;
    const error = (code: string, message: string, extra: object = {}): void =>
      reply({ type: 'error', re, code, message, ...extra });
    switch (f.type) {
      case 'register': {
        const user = f.user as string;
        if (this.users.has(user)) return error('USER_EXISTS', 'That user name is taken');
        if ((f.password as string).length < 8)
          return error('WEAK_PASSWORD', 'A password has at least 8 characters');
        this.users.set(user, f.password as string);
        return reply({ type: 'ok', re, user });
      }
      case 'login': {
        this.logins.push(f);
        const user =
          typeof f.token === 'string'
            ? /^tok-(\w+)-\d+$/.exec(f.token)?.[1]
            : this.users.get(f.user as string) === f.password
              ? (f.user as string)
              : undefined;
        if (user === undefined) return error('BAD_CREDENTIALS', 'Wrong user name or password');
        if (this.banned.has(user))
          return error('BANNED', 'You are banned', { until: this.banned.get(user)!, reason: 'rude' });
        this.sockets.add(socket);
        reply({
          type: 'ok',
          re,
          user,
          role: 'user',
          token: `tok-${user}-${++this.tokens}`,
          online: [user],
          seq: this.messages.length,
        });
        if (typeof f.since === 'number') {
          for (const m of this.messages) if (m.seq > (f.since as number)) reply(m);
        }
        return;
      }
      case 'send':
        return reply({ type: 'ok', re, seq: this.post(f.text as string, 'alice').seq, ts: '', msgId: '' });
      case 'logout':
        reply({ type: 'ok', re });
        socket.end();
        return;
      default:
        return error('UNKNOWN_TYPE', 'Unknown frame type');
    }
  }
}

function nextEvent<T extends unknown[]>(session: ChatSession, event: string, ms = 5_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    session.once(event as 'ended', (...args: unknown[]) => {
      clearTimeout(timer);
      resolve(args as T);
    });
  });
}

describe(ChatSession.name, () => {
  let server: FakeChatServer;
  let sut: ChatSession;

  afterEach(async () => {
    await sut?.quit();
    await server?.stop();
  });

  async function loggedIn(): Promise<ChatSession> {
    server = await FakeChatServer.start();
    sut = new ChatSession({ port: server.port });
    await sut.connect();
    await sut.login({ user: 'alice', password: 'alice-password' });
    return sut;
  }

  it('reconnects after a drop with the last token and since = the highest seq seen, missing nothing', async () => {
    await loggedIn();
    const seen: number[] = [];
    sut.on('message', (m) => seen.push(m.seq));
    server.post('one');
    server.post('two');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const disconnected = nextEvent<[number]>(sut, 'disconnected');
    const reconnected = nextEvent(sut, 'reconnected');
    server.dropAll();
    const [delay] = await disconnected;
    expect(delay).toBeGreaterThanOrEqual(400);
    expect(delay).toBeLessThanOrEqual(600);
    server.post('three, while away');
    await reconnected;
    expect(server.logins.at(-1)).toMatchObject({ token: 'tok-alice-1', since: 2 });
    server.post('four');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(sut.seq).toBe(4);
  });

  it('starts from the seq of the first login, so that a reconnect asks only for newer messages', async () => {
    server = await FakeChatServer.start();
    server.post('old');
    sut = new ChatSession({ port: server.port });
    await sut.connect();
    await sut.login({ user: 'alice', password: 'alice-password' });
    expect(sut.seq).toBe(1);
  });

  it.each<[string, object, EndReason]>([
    ['kicked', { type: 'kicked', by: 'admin', reason: 'spam' }, 'kicked'],
    ['banned', { type: 'banned', by: 'admin', until: null }, 'banned'],
  ])('does not reconnect after %s', async (_case, event, reason) => {
    await loggedIn();
    const ended = nextEvent<[EndReason]>(sut, 'ended');
    const logins = server.logins.length;
    server.broadcast(event);
    await new Promise((resolve) => setTimeout(resolve, 20));
    server.dropAll();
    await expect(ended).resolves.toEqual([reason, undefined]);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(server.logins).toHaveLength(logins);
  });

  it('logs out on quit and ends without reconnecting', async () => {
    await loggedIn();
    const ended = nextEvent<[EndReason]>(sut, 'ended');
    await sut.quit();
    await expect(ended).resolves.toEqual(['quit', undefined]);
    expect(sut.connected).toBe(false);
  });

  it('gives up when logging in again is refused for good (banned meanwhile)', async () => {
    await loggedIn();
    const ended = nextEvent<[EndReason, unknown]>(sut, 'ended');
    server.banned.set('alice', null);
    server.dropAll();
    const [reason, error] = await ended;
    expect(reason).toBe('login-failed');
    expect(error).toMatchObject({ code: 'BANNED', details: { until: null, reason: 'rude' } });
  });

  it('keeps trying while the server is away, and rejects requests meanwhile', async () => {
    await loggedIn();
    const port = server.port;
    const failed = nextEvent<[unknown, number]>(sut, 'reconnect-failed', 5_000);
    const disconnected = nextEvent(sut, 'disconnected', 5_000);
    await server.stop();
    await disconnected;
    await expect(sut.request('who', {})).rejects.toBeInstanceOf(OfflineError);
    const [error, next] = await failed;
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
    expect(next).toBeGreaterThanOrEqual(800);
    expect(port).toBeGreaterThan(0);
  });
});

/** Answers the dialogue's questions from a script, in order, and records what it printed. */
function scriptedIo(answers: string[]): LoginIo & { printed: string[]; asked: string[] } {
  const printed: string[] = [];
  const asked: string[] = [];
  const next = (question: string): Promise<string> => {
    asked.push(question);
    const answer = answers.shift();
    return answer === undefined
      ? Promise.reject(new Error(`no answer for ${question}`))
      : Promise.resolve(answer);
  };
  return { printed, asked, ask: next, askPassword: next, print: (text) => printed.push(text) };
}

describe(promptLogin.name, () => {
  let server: FakeChatServer;
  let session: ChatSession;

  afterEach(async () => {
    await session?.quit();
    await server?.stop();
  });

  async function start(): Promise<void> {
    server = await FakeChatServer.start();
    session = new ChatSession({ port: server.port });
    await session.connect();
  }

  it('asks again after each refusal, saying why, until it is registered and logged in', async () => {
    await start();
    const io = scriptedIo([
      ...['x', 'r', 'al'], // not a choice, then an invalid name
      ...['r', 'alice', 'password-1', 'password-1'], // name taken (server)
      ...['r', 'carol', 'short'], // weak password: asked again for carol
      ...['password-1', 'password-2'], // confirmation differs: asked again for carol
      ...['password-1', 'password-1'],
    ]);
    await expect(promptLogin(session, io)).resolves.toMatchObject({ user: 'carol' });
    expect(io.printed).toEqual([
      'Type l to log in or r to register.',
      'error INVALID_USERNAME: A user name is 3 to 32 characters of A-Z a-z 0-9 _ . -',
      'error USER_EXISTS: That user name is taken',
      'error WEAK_PASSWORD: A password has at least 8 characters',
      'The passwords differ; type the password again.',
      'Registered carol.',
    ]);
    expect(io.asked.slice(-7)).toEqual([
      'Log in or register? [L/r] ',
      'User name: ',
      ...['Password for carol', 'Password for carol', 'Repeat the password'],
      ...['Password for carol', 'Repeat the password'],
    ]);
  });

  it('logs in (the default choice), showing wrong passwords and bans', async () => {
    await start();
    server.users.set('bob', 'bob-password');
    server.banned.set('bob', null);
    const io = scriptedIo([
      '',
      'alice',
      'wrong-password',
      'l',
      'bob',
      'bob-password',
      'login',
      'alice',
      'alice-password',
    ]);
    await expect(promptLogin(session, io)).resolves.toMatchObject({ user: 'alice' });
    expect(io.printed).toEqual([
      'error BAD_CREDENTIALS: Wrong user name or password',
      'error BANNED: You are banned (until it is lifted; reason: rude)',
    ]);
  });

  it('asks only for the password first when the user was given', async () => {
    await start();
    const io = scriptedIo(['alice-password']);
    await expect(promptLogin(session, io, { user: 'alice' })).resolves.toMatchObject({ user: 'alice' });
    expect(io.asked).toEqual(['Password for alice']);
  });
});
