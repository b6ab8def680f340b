import { createHash } from 'node:crypto';
import { AddressInfo, createServer, Server, Socket } from 'node:net';

import { encodeBlockFrame, encodeFrame, FileInfo, FrameDecoder, MediaInfo, RawFrame } from '@chat/protocol';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** What the server answers to a media upload's `file.done`: the processed file's media, or an error code. */
export type MediaOutcome = { media: MediaInfo; mime: string } | { code: string };

/**
 * A small real TCP server for the CLI's media specs: hello (features and limits as the test sets
 * them), login, `file.offer` / `file.chunk` / `file.done` as §6 and §10 describe them (the
 * "processing" is the outcome the test chose: this is not the media service), `send` (echoed to
 * every connection with the file), `file.get` of the stored files, `who` and `logout`.
 */
export class FakeMediaEdge {
  public readonly received: RawFrame[] = [];
  public readonly files = new Map<string, { info: FileInfo; data: Buffer }>();
  public features = ['files', 'history', 'media'];
  public limits: Record<string, number> = { frame: 1 << 20, text: 4000, file: 1 << 24, chunk: 1 << 16 };
  public outcome: MediaOutcome = {
    mime: 'audio/ogg',
    media: { kind: 'voice', durationMs: 2_000, waveform: [] },
  };
  /** Set: the reply to `file.done` waits until the test calls it (to look at the client meanwhile). */
  public holdDone: ((release: () => void) => void) | undefined;
  private readonly uploads = new Map<string, { offer: RawFrame; chunks: Buffer[] }>();
  private readonly sockets = new Set<Socket>();
  private seq = 0;

  private constructor(
    private readonly server: Server,
    public readonly port: number,
  ) {}

  public static async start(): Promise<FakeMediaEdge> {
    const ref: { self?: FakeMediaEdge } = {};
    const server = createServer((socket) => ref.self!.accept(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ref.self = new FakeMediaEdge(server, (server.address() as AddressInfo).port);
    return ref.self;
  }

  public ofType(type: string): RawFrame[] {
    return this.received.filter((f) => f.type === type);
  }

  /** A file the clients may get, as if someone had sent it. */
  public store(info: FileInfo, data: Buffer): void {
    this.files.set(info.id, { info: { ...info, size: data.length, sha256: sha(data) }, data });
  }

  public async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private accept(socket: Socket): void {
    const decoder = new FrameDecoder({ maxBlock: 1 << 24 });
    this.sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('data', (chunk: Buffer) => {
      for (const item of decoder.push(chunk))
        if (item.kind === 'frame') this.handle(item.frame, item.bytes, socket);
    });
    const hello = {
      type: 'hello',
      server: 'fake',
      protocol: 1,
      features: this.features,
      limits: this.limits,
    };
    socket.write(encodeFrame(hello));
  }

  private handle(f: RawFrame, bytes: Buffer | undefined, socket: Socket): void {
    this.received.push(f);
    const re = f.id;
    const reply = (frame: object): boolean => socket.write(encodeFrame({ re, ...frame }));
    switch (f.type) {
      case 'login':
        return void reply({ type: 'ok', user: f.user, role: 'user', token: 't', online: [f.user], seq: 0 });
      case 'who':
        return void reply({ type: 'ok', online: ['alice'], count: 1 });
      case 'logout':
        reply({ type: 'ok' });
        return void socket.end();
      case 'file.offer':
        this.uploads.set(`u${this.uploads.size + 1}`, { offer: f, chunks: [] });
        return void reply({ type: 'ok', upload: `u${this.uploads.size}`, chunk: 1000 });
      case 'file.chunk':
        return void this.uploads.get(f.upload as string)?.chunks.push(bytes ?? Buffer.alloc(0));
      case 'file.done': {
        const answer = (): void => void reply(this.finish(f.upload as string));
        return this.holdDone ? this.holdDone(answer) : answer();
      }
      case 'send': {
        const file = typeof f.fileId === 'string' ? this.files.get(f.fileId)?.info : undefined;
        const message = {
          type: 'message',
          seq: ++this.seq,
          msgId: `m${this.seq}`,
          ts: new Date().toISOString(),
        };
        const kind = f.to === '*' ? 'all' : Array.isArray(f.to) ? 'group' : 'private';
        const delivered = { ...message, from: 'alice', to: f.to, kind, ...(file ? { file } : {}) };
        for (const s of this.sockets) s.write(encodeFrame(delivered));
        return void reply({ type: 'ok', seq: this.seq, ts: message.ts, msgId: message.msgId });
      }
      case 'file.get': {
        const stored = this.files.get(f.fileId as string);
        if (!stored) return void reply({ type: 'error', code: 'NO_SUCH_FILE', message: 'No such file' });
        const { data } = stored;
        socket.write(
          Buffer.concat(encodeBlockFrame({ type: 'file.data', re, fileId: f.fileId, offset: 0 }, data)),
        );
        return void reply({ type: 'ok', size: data.length, sha256: sha(data) });
      }
      default:
        return void reply({ type: 'error', code: 'UNKNOWN_TYPE', message: 'Unknown frame type' });
    }
  }

  /** The reply to `file.done`: the processed file stored under a new id, or the chosen error. */
  private finish(upload: string): object {
    const { offer, chunks } = this.uploads.get(upload)!;
    if ('code' in this.outcome) return { type: 'error', code: this.outcome.code, message: 'server words' };
    const data = Buffer.concat(chunks);
    const id = `f${this.files.size + 1}`;
    const info = { id, name: offer.name as string, size: data.length, sha256: sha(data), ...this.outcome };
    this.files.set(id, { info, data });
    const { id: fileId, ...rest } = info;
    return { type: 'ok', fileId, ...rest };
  }
}
