/**
 * The fuzz run's core, shared by `npm run fuzz` (bench/fuzz.ts, a million frames) and its short
 * version in `npm test` (e2e/fuzz.e2e.ts): seeded inputs (./inputs.ts) pipelined over several TCP
 * and WebSocket connections to a running edge, half of them logged in, every reply judged by the
 * oracle (./oracle.ts), connections opened again when the edge closes them, and a canary round trip
 * between phases to prove the edge still serves.
 */
import { connect, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

import fc from 'fast-check';
import WebSocket from 'ws';

import { ChatClient, FrameDecoder, RawFrame } from '@chat/protocol';

import { announcedBeyond, DEFAULT_MIX, FuzzInput, fuzzInput, FuzzPools, InputMix, Origin } from './inputs';
import { ReplyOracle } from './oracle';

export interface FuzzTarget {
  host: string;
  tcpPort: number;
  wsPort: number;
  /** The edge's admin account: one logged-in connection fuzzes the moderation frames as admin. */
  admin: { user: string; password: string };
}

export interface FuzzOptions {
  /** Frames to send in all (each input counts one, an upload its frames). */
  frames: number;
  seed: number;
  /** Connections, half TCP and half WebSocket; half of each logged in. */
  connections: number;
  /** Inputs pipelined per connection before a round trip that waits for the edge (default 200). */
  batch?: number;
  /** Canary round trips (and `onPhase` calls): after each of this many equal parts (default 10). */
  phases?: number;
  mix?: InputMix;
  /** How long a connection waits for its round trip before it counts a hang (default 15 s). */
  syncTimeoutMs?: number;
  log?: (line: string) => void;
  /** After each phase and its canary; the CLI samples the edge's memory here. */
  onPhase?: (phase: number, report: FuzzReport) => Promise<void> | void;
  /** Stops the run early (the edge exited). */
  alive?: () => boolean;
}

export interface FuzzReport {
  seed: number;
  sent: number;
  byOrigin: Record<Origin, number>;
  seconds: number;
  framesPerSec: number;
  replies: [string, number][];
  untyped: number;
  untypedSamples: string[];
  internal: number;
  internalSamples: string[];
  /** Round trips that got no answer while the connection stayed open. */
  hangs: number;
  hangSamples: string[];
  /** Connections the edge closed (a fatal framing error, ten bad frames, logout, ...) and opened again. */
  reconnects: number;
  /** Round trips that first went unanswered and got through after a raw block's worth of newlines. */
  resyncs: number;
  canaryRounds: number;
  canaryFailures: string[];
}

const PASSWORD = 'fuzz-password-1';
/** Output a connection may leave unsent before the fuzzer waits (its own memory bound). */
const MAX_BUFFERED = 4 * 1024 * 1024;
const RAW_BLOCK_MAX = 256 * 1024;

/** What the fuzzer learned from the edge's frames, so that later frames name real things. */
/** What the edge sent last before it closed a connection, and how often: why connections end. */
export const closeCauses = new Map<string, number>();
/** Resyncs by transport (debugging the fuzzer's count of raw-block lies). */
export const resyncCauses = new Map<string, number>();

class Learned {
  public readonly msgIds: string[] = [];
  public readonly fileIds: string[] = [];
  public readonly callIds: string[] = [];
  public seq = 0;
  private turn = 0;

  public add(list: string[], value: unknown): void {
    if (typeof value !== 'string') return;
    list.push(value);
    if (list.length > 64) list.shift();
  }

  public pick(list: string[], fallback: string): string {
    return list.length === 0 ? fallback : list[this.turn++ % list.length];
  }
}

/** Runs the fuzz against the edge at `target`; resolves with the report (it never throws for what the edge does). */
export async function runFuzz(target: FuzzTarget, options: FuzzOptions): Promise<FuzzReport> {
  const log = options.log ?? (() => undefined);
  const batch = options.batch ?? 200;
  const phases = Math.max(1, options.phases ?? 10);
  const connections = Math.max(2, options.connections);
  const pools = await prepareAccounts(target, connections);
  const arbitrary = fuzzInput(pools.pools, options.mix ?? DEFAULT_MIX);
  const oracle = new ReplyOracle();
  const learned = new Learned();
  const stats = {
    sent: 0,
    byOrigin: { valid: 0, mutated: 0, garbage: 0 } as Record<Origin, number>,
    hangs: 0,
    hangSamples: [] as string[],
    reconnects: 0,
    canaryRounds: 0,
    canaryFailures: [] as string[],
  };
  const conns = Array.from({ length: connections }, (_, i) => {
    const transport = i % 2 === 0 ? 'tcp' : 'ws';
    const account = i < connections / 2 ? pools.accounts[i] : undefined;
    return new FuzzConn(i, transport, target, account, oracle, learned);
  });
  await Promise.all(conns.map((c) => c.open()));
  const started = performance.now();
  const report = (): FuzzReport => {
    const seconds = (performance.now() - started) / 1000;
    return {
      seed: options.seed,
      sent: stats.sent,
      byOrigin: { ...stats.byOrigin },
      seconds: Math.round(seconds * 10) / 10,
      framesPerSec: Math.round(stats.sent / Math.max(seconds, 0.001)),
      replies: oracle.sorted(),
      untyped: oracle.untyped,
      untypedSamples: [...oracle.untypedSamples],
      internal: oracle.internal,
      internalSamples: [...oracle.internalSamples],
      hangs: stats.hangs,
      hangSamples: [...stats.hangSamples],
      reconnects: stats.reconnects,
      resyncs: conns.reduce((n, c) => n + c.resyncs, 0),
      canaryRounds: stats.canaryRounds,
      canaryFailures: [...stats.canaryFailures],
    };
  };

  const perPhase = Math.ceil(options.frames / phases);
  let nextBatch = 0;
  for (let phase = 1; phase <= phases; phase++) {
    const goal = Math.min(options.frames, phase * perPhase);
    // Batch k is always made from the same seed, whichever connection takes it: a run can be replayed.
    await Promise.all(
      conns.map(async (conn) => {
        while (stats.sent < goal && (options.alive?.() ?? true)) {
          const k = nextBatch++;
          const inputs = fc.sample(arbitrary, { seed: (options.seed + k * 7919) | 0, numRuns: batch });
          const n = await conn.runBatch(inputs, stats);
          stats.sent += n;
          const outcome = await conn.sync(options.syncTimeoutMs ?? 15_000);
          if (outcome === 'timeout') {
            stats.hangs++;
            if (stats.hangSamples.length < 10)
              stats.hangSamples.push(
                `connection ${conn.index} (${conn.transport}), batch ${k}, seed ${options.seed}`,
              );
          } else if (outcome === 'ok') {
            const uploaded = await conn.runUploads(inputs, stats);
            stats.sent += uploaded;
          }
          if (!conn.isOpen) {
            stats.reconnects++;
            await conn.open();
          }
        }
      }),
    );
    const canary = await canaryRound(target, pools.canary, phase);
    stats.canaryRounds++;
    if (canary) stats.canaryFailures.push(canary);
    const r = report();
    log(
      `phase ${phase}/${phases}: ${r.sent.toLocaleString()} frames, ${r.framesPerSec.toLocaleString()} frames/s, ` +
        `${oracle.total.toLocaleString()} frames back, untyped ${r.untyped}, INTERNAL ${r.internal}, hangs ${r.hangs}, ` +
        `reconnects ${r.reconnects}, resyncs ${r.resyncs}, canary ${canary ? `FAILED: ${canary}` : 'ok'}`,
    );
    await options.onPhase?.(phase, r);
    if (!(options.alive?.() ?? true)) break;
  }
  for (const c of conns) c.destroy();
  return report();
}

// ---------------------------------------------------------------------------
// Accounts
// ---------------------------------------------------------------------------

interface Account {
  user: string;
  password: string;
  token?: string;
}

async function prepareAccounts(
  target: FuzzTarget,
  connections: number,
): Promise<{ pools: FuzzPools; accounts: Account[]; canary: Account }> {
  const loggedIn = Math.ceil(connections / 2);
  const accounts: Account[] = Array.from({ length: loggedIn }, (_, i) => ({
    user: `fz${i}`,
    password: PASSWORD,
  }));
  // One logged-in TCP connection is the admin's (the moderation frames), unless there is just one.
  if (loggedIn > 2) accounts[2] = { ...target.admin };
  const victims = ['fv0', 'fv1', 'fv2'];
  const canary: Account = { user: 'fzcanary', password: PASSWORD };
  const rooms = ['#fz-a', '#fz-b', '#fz-private'];
  const client = await ChatClient.connect({ host: target.host, port: target.tcpPort });
  try {
    const own = accounts.filter((a) => a.user !== target.admin.user).map((a) => a.user);
    for (const user of [...own, ...victims, canary.user]) {
      await client.request('register', { user, password: PASSWORD }).catch(() => undefined);
    }
    for (const a of accounts) {
      const c = await ChatClient.connect({ host: target.host, port: target.tcpPort });
      a.token = (await c.request('login', { user: a.user, password: a.password })).token;
      if (a === accounts[0]) {
        await c.request('room.create', { room: rooms[0] }).catch(() => undefined);
        await c.request('room.create', { room: rooms[1] }).catch(() => undefined);
        await c.request('room.create', { room: rooms[2], private: true }).catch(() => undefined);
      } else {
        await c.request('room.join', { room: rooms[0] }).catch(() => undefined);
      }
      await c.close();
    }
  } finally {
    await client.close();
  }
  return {
    pools: { users: accounts, victims, rooms },
    accounts,
    canary,
  };
}

/** A canary logs in, sends, and finds its message in history: null when all went well, else what failed. */
async function canaryRound(target: FuzzTarget, account: Account, phase: number): Promise<string | null> {
  let client: ChatClient | undefined;
  try {
    client = await ChatClient.connect({ host: target.host, port: target.tcpPort, connectTimeoutMs: 10_000 });
    const login = account.token
      ? await client.request('login', { token: account.token }).catch(() => client!.request('login', account))
      : await client.request('login', account);
    account.token = login.token;
    const sent = await client.request('send', { to: 'fv0', text: `canary ${phase}` });
    const { messages } = await client.request('history', { with: 'fv0', limit: 5 });
    if (!messages.some((m) => m.msgId === sent.msgId)) return `message ${sent.msgId} not in history`;
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    client?.destroy();
  }
}

// ---------------------------------------------------------------------------
// One fuzzing connection
// ---------------------------------------------------------------------------

type SyncOutcome = 'ok' | 'closed' | 'timeout';

class FuzzConn {
  private socket?: Socket;
  private ws?: WebSocket;
  private open_ = false;
  private decoder = new FrameDecoder({ maxFrame: 64 * 1024 * 1024, maxBlock: 64 * 1024 * 1024 });
  private readonly waiters = new Map<string, (frame: RawFrame | null) => void>();
  /** The frames of the current batch that carry an id, as sent: what an INTERNAL reply answered. */
  private readonly sentById = new Map<string, string>();
  private upload?: { id: string; received: number };
  private syncs = 0;
  private opens = 0;
  private onClose: (() => void)[] = [];

  constructor(
    public readonly index: number,
    public readonly transport: 'tcp' | 'ws',
    private readonly target: FuzzTarget,
    private readonly account: Account | undefined,
    private readonly oracle: ReplyOracle,
    private readonly learned: Learned,
  ) {}

  public get isOpen(): boolean {
    return this.open_;
  }

  /** Connects (retrying a few times) and, for an account's connection, logs in. */
  public async open(): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        await this.connect();
        if (this.account) await this.login();
        return;
      } catch {
        this.destroy();
        await sleep(Math.min(1_000, 50 * 2 ** attempt));
      }
    }
  }

  /** Writes a batch of inputs, pipelined; resolves with how many frames went out while the connection was open. */
  public async runBatch(inputs: FuzzInput[], stats: { byOrigin: Record<Origin, number> }): Promise<number> {
    this.sentById.clear();
    let sent = 0;
    let lies = 0;
    for (const input of inputs) {
      if (!this.open_) break;
      if (input.kind === 'upload') continue;
      lies += this.transport === 'tcp' ? this.writeTcp(input) : this.writeWs(input);
      stats.byOrigin[input.origin]++;
      sent++;
      if (this.buffered() > MAX_BUFFERED) await this.drained();
    }
    this.pendingLies = Math.min(lies, RAW_BLOCK_MAX + 1);
    return sent;
  }

  private pendingLies = 0;
  private lastFrame?: string;
  /** When the edge last sent this connection anything. */
  private lastData = 0;
  /** Round trips that needed a whole block of newlines: the fuzzer's count of lies was short. */
  public resyncs = 0;

  /**
   * A `ping` round trip after the batch: on TCP, first newlines enough to fill whatever raw block
   * the batch announced and did not send, and to end a partial line. Once more with a whole block's
   * worth of newlines before it counts a hang.
   */
  public async sync(timeoutMs: number): Promise<SyncOutcome> {
    if (!this.open_) return 'closed';
    const first = await this.pingRoundTrip(this.pendingLies + 1, 1_500, timeoutMs);
    if (first !== 'timeout') return first;
    this.resyncs++;
    resyncCauses.set(this.transport, (resyncCauses.get(this.transport) ?? 0) + 1);
    return this.pingRoundTrip(RAW_BLOCK_MAX + 1, timeoutMs, timeoutMs);
  }

  /** The whole uploads of a batch, each step awaited: a real file for later frames to name. */
  public async runUploads(inputs: FuzzInput[], stats: { byOrigin: Record<Origin, number> }): Promise<number> {
    if (this.transport !== 'tcp' || !this.account) return 0;
    let sent = 0;
    for (const input of inputs) {
      if (input.kind !== 'upload' || !this.open_) continue;
      const offer = await this.request({
        type: 'file.offer',
        name: 'fuzz.bin',
        size: input.content.length,
        sha256: input.sha256,
      });
      sent++;
      if (offer?.type !== 'ok' || typeof offer.upload !== 'string') continue;
      for (let at = 0; at < input.content.length; at += 4096) {
        const block = input.content.subarray(at, at + 4096);
        await this.request(
          { type: 'file.chunk', upload: offer.upload, offset: at, bytes: block.length },
          block,
        );
        sent++;
      }
      const done = await this.request({ type: 'file.done', upload: offer.upload });
      sent++;
      if (done?.type === 'ok')
        await this.request({ type: 'send', to: '*', fileId: done.fileId, text: 'fuzz file' });
      sent++;
    }
    stats.byOrigin.valid += sent;
    return sent;
  }

  public destroy(): void {
    this.socket?.destroy();
    this.ws?.terminate();
    this.closed();
  }

  private connect(): Promise<void> {
    this.decoder = new FrameDecoder({ maxFrame: 64 * 1024 * 1024, maxBlock: 64 * 1024 * 1024 });
    this.upload = undefined;
    return new Promise((resolve, reject) => {
      const hello = `hello-${this.index}-${++this.opens}`;
      const timer = setTimeout(() => reject(new Error('no hello')), 10_000);
      this.waiters.set(hello, (frame) => {
        clearTimeout(timer);
        if (frame?.type === 'hello') resolve();
        else reject(new Error(`refused: ${JSON.stringify(frame)}`));
      });
      this.onClose = [() => this.waiters.get(hello)?.(null)];
      if (this.transport === 'tcp') {
        const socket = connect({ host: this.target.host, port: this.target.tcpPort });
        this.socket = socket;
        socket.on('connect', () => (this.open_ = true));
        socket.on('data', (chunk: Buffer) => this.receivedTcp(chunk, hello));
        socket.on('error', () => undefined);
        socket.on('close', () => this.closed());
      } else {
        const ws = new WebSocket(`ws://${this.target.host}:${this.target.wsPort}/ws`);
        this.ws = ws;
        ws.on('open', () => (this.open_ = true));
        ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
          this.lastData = Date.now();
          if (isBinary) return this.oracle.notAFrame('a binary WebSocket message');
          const text = data.toString();
          let frame: unknown;
          try {
            frame = JSON.parse(text);
          } catch {
            return this.oracle.notAFrame(text);
          }
          if (typeof frame !== 'object' || frame === null || typeof (frame as RawFrame).type !== 'string')
            return this.oracle.notAFrame(text);
          this.frame(frame as RawFrame, hello);
        });
        ws.on('error', () => undefined);
        ws.on('close', () => this.closed());
      }
    });
  }

  private async login(): Promise<void> {
    const account = this.account!;
    // Every other reconnect asks for what it missed, as clients do.
    const since = this.opens % 2 === 0 ? { since: Math.max(0, this.learned.seq - 50) } : {};
    let reply = account.token ? await this.request({ type: 'login', token: account.token, ...since }) : null;
    if (reply?.type !== 'ok')
      reply = await this.request({ type: 'login', user: account.user, password: account.password, ...since });
    // Refused (throttled after the fuzz's own wrong passwords, say): it fuzzes logged out this time.
    if (reply?.type === 'ok' && typeof reply.token === 'string') account.token = reply.token;
  }

  private receivedTcp(chunk: Buffer, hello: string): void {
    this.lastData = Date.now();
    for (const item of this.decoder.push(chunk)) {
      if (item.kind === 'frame') this.frame(item.frame, hello);
      else this.oracle.notAFrame(`${item.error.code}: ${item.error.message}`);
    }
  }

  private frame(frame: RawFrame, hello: string): void {
    this.oracle.see(frame, (re) => this.sentById.get(re));
    this.lastFrame = frame.type === 'error' ? `error:${String(frame.code)}` : frame.type;
    const learned = this.learned;
    switch (frame.type) {
      case 'hello':
        this.waiters.get(hello)?.(frame);
        this.waiters.delete(hello);
        return;
      case 'message':
        learned.add(learned.msgIds, frame.msgId);
        if (typeof frame.seq === 'number') learned.seq = Math.max(learned.seq, frame.seq);
        return;
      case 'call.ring':
        learned.add(learned.callIds, frame.callId);
        return;
      case 'error':
        // The edge refused the connection (SERVER_BUSY) before its hello.
        if (typeof frame.re !== 'string') this.waiters.get(hello)?.(frame);
        break;
      case 'ok':
        if (typeof frame.upload === 'string' && typeof frame.chunk === 'number')
          this.upload = { id: frame.upload, received: 0 };
        if (typeof frame.received === 'number' && this.upload && this.upload.id === frame.upload)
          this.upload.received = frame.received;
        learned.add(learned.msgIds, frame.msgId);
        learned.add(learned.fileIds, frame.fileId);
        learned.add(learned.callIds, frame.callId);
        break;
    }
    if (typeof frame.re === 'string') {
      const waiter = this.waiters.get(frame.re);
      if (waiter && frame.type !== 'file.data') {
        this.waiters.delete(frame.re);
        waiter(frame);
      }
    }
  }

  private closed(): void {
    if (this.open_) {
      const why = this.transport + ' ' + (this.lastFrame ?? 'nothing');
      closeCauses.set(why, (closeCauses.get(why) ?? 0) + 1);
    }
    this.open_ = false;
    for (const f of this.onClose.splice(0)) f();
    for (const [re, w] of this.waiters) {
      this.waiters.delete(re);
      w(null);
    }
  }

  /** Fills the placeholders of a frame with what the fuzzer learned (./inputs.ts). */
  private fill(frame: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(frame))
      out[k] = Array.isArray(v) ? v.map((x) => this.value(x)) : this.value(v);
    return out;
  }

  private value(v: unknown): unknown {
    if (typeof v !== 'string' || v.length > 8 || v[0] !== '@') return v;
    const l = this.learned;
    switch (v) {
      case '@msg':
        return l.pick(l.msgIds, 'm_none');
      case '@file':
        return l.pick(l.fileIds, 'f_none');
      case '@call':
        return l.pick(l.callIds, 'c_none');
      case '@upload':
        return this.upload?.id ?? 'u_none';
      case '@offset':
        return this.upload?.received ?? 0;
      case '@seq':
        return l.seq;
      default:
        return v;
    }
  }

  /** Writes one input on TCP; returns the raw-block bytes it announced and did not send. */
  private writeTcp(input: Exclude<FuzzInput, { kind: 'upload' }>): number {
    const socket = this.socket!;
    switch (input.kind) {
      case 'frame': {
        const frame = this.fill(input.frame);
        const text = JSON.stringify(frame);
        this.remember(frame, text);
        socket.write(text + '\n');
        if (input.block) socket.write(input.block);
        return announcedBeyond(frame, input.block?.length ?? 0);
      }
      case 'text':
        socket.write(input.text + input.end);
        return input.end === '' ? 0 : announcedBeyond(tryParse(input.text), 0);
      case 'bytes':
        socket.write(input.bytes);
        return input.lie;
    }
  }

  /** One WebSocket message per input: frames and texts as text, bytes as binary (or as text, invalid UTF-8 and all). */
  private writeWs(input: Exclude<FuzzInput, { kind: 'upload' }>): number {
    const ws = this.ws!;
    if (ws.readyState !== WebSocket.OPEN) return 0;
    switch (input.kind) {
      case 'frame': {
        const frame = this.fill(input.frame);
        const text = JSON.stringify(frame);
        this.remember(frame, text);
        ws.send(text);
        break;
      }
      case 'text':
        ws.send(input.text);
        break;
      case 'bytes':
        ws.send(input.bytes, { binary: !input.asText });
        break;
    }
    return 0;
  }

  private remember(frame: Record<string, unknown>, text: string): void {
    if (typeof frame.id === 'string')
      this.sentById.set(frame.id, text.length > 400 ? text.slice(0, 400) : text);
  }

  /**
   * Writes `pad` newlines and a ping, and waits for its pong. 'timeout' once nothing at all came
   * from the edge for `quietMs` (a busy edge that still sends is waited for), or after `timeoutMs`.
   */
  private pingRoundTrip(pad: number, quietMs: number, timeoutMs: number): Promise<SyncOutcome> {
    const id = `sync-${this.index}-${++this.syncs}`;
    const started = Date.now();
    return new Promise((resolve) => {
      const timer = setInterval(() => {
        const now = Date.now();
        if (now - this.lastData < quietMs && now - started < timeoutMs) return;
        clearInterval(timer);
        this.waiters.delete(id);
        resolve('timeout');
      }, 100);
      this.waiters.set(id, (frame) => {
        clearInterval(timer);
        resolve(frame === null ? 'closed' : 'ok');
      });
      this.lastData = Date.now();
      const ping = JSON.stringify({ type: 'ping', id });
      if (this.transport === 'tcp') this.socket!.write('\n'.repeat(pad) + ping + '\n');
      else if (this.ws!.readyState === WebSocket.OPEN) this.ws!.send(ping);
    });
  }

  /** Sends one frame (and its block) and waits for its reply; null when the connection closed or nothing came. */
  private request(frame: Record<string, unknown>, block?: Uint8Array): Promise<RawFrame | null> {
    const id = `r-${this.index}-${++this.syncs}`;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(id);
        resolve(null);
      }, 15_000);
      this.waiters.set(id, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      const text = JSON.stringify({ ...frame, id });
      if (this.transport === 'tcp') {
        this.socket!.write(text + '\n');
        if (block) this.socket!.write(block);
      } else this.ws!.send(text);
    });
  }

  private buffered(): number {
    return this.transport === 'tcp' ? (this.socket?.writableLength ?? 0) : (this.ws?.bufferedAmount ?? 0);
  }

  private async drained(): Promise<void> {
    while (this.open_ && this.buffered() > MAX_BUFFERED / 2) await sleep(5);
  }
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
