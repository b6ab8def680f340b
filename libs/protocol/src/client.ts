import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createReadStream, createWriteStream, WriteStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { connect as netConnect, Socket } from 'node:net';
import { basename } from 'node:path';

import { DecodedItem, encodeBlockFrame, encodeFrame, FrameDecoder } from './codec';
import { RawFrame } from './raw-frame';
import { ChatError, ErrorDetails, ErrorFrame, isErrorCode } from './errors';
import {
  BannedFrame,
  ClientFrameInput,
  ClientFrameType,
  HelloFrame,
  KickedFrame,
  MessageFrame,
  MutedFrame,
  NoticeFrame,
  OkReplies,
  PingFrame,
  PresenceFrame,
  UnmutedFrame,
} from './frames';

export interface ClientOptions {
  host?: string;
  port?: number;
  /** Until the server's `hello` has arrived (default 10 s). */
  connectTimeoutMs?: number;
  /** Longest frame line accepted from the server (default 64 MiB: a client trusts its server). */
  maxFrame?: number;
  /** Largest raw block accepted from the server (default 64 MiB). */
  maxBlock?: number;
}

/** The events a ChatClient emits, with their arguments. */
export interface ChatClientEvents {
  hello: [HelloFrame];
  message: [MessageFrame];
  presence: [PresenceFrame];
  notice: [NoticeFrame];
  kicked: [KickedFrame];
  banned: [BannedFrame];
  muted: [MutedFrame];
  unmuted: [UnmutedFrame];
  /** A server `ping` event; the client has already answered it. */
  ping: [PingFrame];
  /** Every frame the server sends, replies included (`bytes` for frames with a raw block). */
  frame: [RawFrame, Buffer | undefined];
  /** An `error` frame that answers no pending request (e.g. a chunk posted without id). */
  'error-frame': [ErrorFrame];
  close: [hadError: boolean];
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8888;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_INBOUND = 64 * 1024 * 1024;
/** How long close() waits for the server's FIN before it drops the socket. */
const CLOSE_GRACE_MS = 2_000;
const PING_ANSWER = encodeFrame({ type: 'ping' });
const EMPTY = Buffer.alloc(0);

const EVENT_TYPES: ReadonlySet<string> = new Set([
  'message',
  'presence',
  'notice',
  'kicked',
  'banned',
  'muted',
  'unmuted',
]);
/** Errors without `re` that the server sends about a chunk posted without id: they end an upload. */
const UPLOAD_ERROR_CODES: ReadonlySet<string> = new Set([
  'BAD_OFFSET',
  'NO_SUCH_UPLOAD',
  'FILE_TOO_LARGE',
  'CHECKSUM_MISMATCH',
  'FRAME_TOO_LARGE',
]);

interface Pending {
  resolve(fields: Record<string, unknown>): void;
  reject(error: Error): void;
  /** Set for `file.get`: receives its `file.data` frames. Throwing fails the request. */
  onBlock?(frame: RawFrame, bytes: Buffer): void;
}

type Listener<E extends keyof ChatClientEvents> = (...args: ChatClientEvents[E]) => void;
/** EventEmitter's own listener type, kept for generic helpers that subscribe by a string. */
type AnyListener = (...args: never[]) => void;
type EmitterListener = (...args: unknown[]) => void;

/**
 * One protocol connection (protocol.md), shared by the CLI, the end-to-end tests and the
 * benchmark: requests matched to replies by `re`, server events as EventEmitter events, files
 * streamed as raw blocks. Kept lean: one decoder pass and one Map lookup per frame.
 */
export class ChatClient extends EventEmitter {
  private readonly decoder: FrameDecoder;
  private readonly pending = new Map<string, Pending>();
  private nextId = 0;
  private helloFrame: HelloFrame | undefined;
  private isClosed = false;

  private constructor(
    private readonly socket: Socket,
    options: ClientOptions,
  ) {
    super();
    this.decoder = new FrameDecoder({
      maxFrame: options.maxFrame ?? DEFAULT_MAX_INBOUND,
      maxBlock: options.maxBlock ?? DEFAULT_MAX_INBOUND,
    });
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    // Errors are reported through 'close' (hadError) and the rejected requests.
    socket.on('error', () => undefined);
    socket.on('close', (hadError: boolean) => this.onClose(hadError));
  }

  // Typed events; the untyped signature stays for helpers that subscribe by a string.
  public override on<E extends keyof ChatClientEvents>(event: E, listener: Listener<E>): this;
  public override on(event: string | symbol, listener: AnyListener): this;
  public override on(event: string | symbol, listener: AnyListener): this {
    return super.on(event, listener as EmitterListener);
  }

  public override once<E extends keyof ChatClientEvents>(event: E, listener: Listener<E>): this;
  public override once(event: string | symbol, listener: AnyListener): this;
  public override once(event: string | symbol, listener: AnyListener): this {
    return super.once(event, listener as EmitterListener);
  }

  public override off<E extends keyof ChatClientEvents>(event: E, listener: Listener<E>): this;
  public override off(event: string | symbol, listener: AnyListener): this;
  public override off(event: string | symbol, listener: AnyListener): this {
    return super.off(event, listener as EmitterListener);
  }

  /** Connects and resolves once the server's `hello` has arrived; rejects with the socket's error or a timeout. */
  public static connect(options: ClientOptions = {}): Promise<ChatClient> {
    const host = options.host ?? DEFAULT_HOST;
    const port = options.port ?? DEFAULT_PORT;
    const timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      const socket = netConnect({ host, port });
      let socketError: Error | undefined;
      socket.once('error', (err) => (socketError = err));
      const client = new ChatClient(socket, options);
      const timer = setTimeout(() => {
        socketError = new Error(`no hello from ${host}:${port} within ${timeoutMs} ms`);
        socket.destroy();
      }, timeoutMs);
      const onHello = (): void => {
        clearTimeout(timer);
        client.off('close', onClose);
        resolve(client);
      };
      const onClose = (): void => {
        clearTimeout(timer);
        client.off('hello', onHello);
        reject(socketError ?? new Error(`${host}:${port} closed the connection before hello`));
      };
      client.once('hello', onHello);
      client.once('close', onClose);
    });
  }

  /** The server's greeting (limits, features). */
  public get hello(): HelloFrame {
    if (!this.helloFrame) throw new Error('no hello yet');
    return this.helloFrame;
  }

  public get closed(): boolean {
    return this.isClosed;
  }

  /**
   * Sends a request with a fresh id; resolves with the reply's fields (without `type` and `re`),
   * rejects with ChatError(code, message, details) for an `error` reply, or
   * ChatError('INTERNAL', 'connection closed') when the connection ends first.
   */
  public request<T extends ClientFrameType>(type: T, fields: ClientFrameInput<T>): Promise<OkReplies[T]> {
    return this.send(type, fields) as Promise<OkReplies[T]>;
  }

  /** Fire-and-forget frame, no id (e.g. `file.chunk` without ack); `block` follows it as its raw bytes. */
  public post(frame: object, block?: Buffer): void {
    if (block === undefined) this.socket.write(encodeFrame(frame));
    else this.writeBlockFrame(frame, block);
  }

  /** Raw bytes onto the socket (tests of bad input). */
  public writeRaw(data: string | Buffer): void {
    this.socket.write(data);
  }

  /**
   * Uploads a file (a path, read in place, or a Buffer): `file.offer`, then chunks of the size the
   * server accepts, streamed with backpressure, then `file.done` (the server checks size and SHA-256).
   */
  public async upload(
    source: string | Buffer,
    meta: { name?: string; mime?: string } = {},
    onProgress?: (sent: number, total: number) => void,
  ): Promise<OkReplies['file.done']> {
    const fromPath = typeof source === 'string';
    const size = fromPath ? (await stat(source)).size : source.length;
    const sha256 = fromPath ? await hashFile(source) : createHash('sha256').update(source).digest('hex');
    const name = meta.name ?? (fromPath ? basename(source) : 'file');
    const offer = await this.request('file.offer', {
      name,
      size,
      sha256,
      ...(meta.mime === undefined ? {} : { mime: meta.mime }),
    });
    const chunkSize = offer.chunk > 0 ? offer.chunk : this.hello.limits.chunk;

    // A chunk has no reply; an error about it comes without `re` and ends the upload at once.
    let failure: ChatError | undefined;
    const onError = (frame: ErrorFrame): void => {
      if (UPLOAD_ERROR_CODES.has(frame.code)) failure ??= toChatError(frame);
    };
    this.on('error-frame', onError);
    const file = fromPath ? await open(source, 'r') : undefined;
    try {
      onProgress?.(0, size);
      for (let offset = 0; offset < size && !failure;) {
        const length = Math.min(chunkSize, size - offset);
        let block: Buffer;
        if (file) {
          block = Buffer.allocUnsafe(length);
          const { bytesRead } = await file.read(block, 0, length, offset);
          if (bytesRead !== length) throw new Error(`${source as string} changed while it was being sent`);
        } else {
          block = (source as Buffer).subarray(offset, offset + length);
        }
        await this.writeBlockAndDrain({ type: 'file.chunk', upload: offer.upload, offset }, block);
        offset += length;
        onProgress?.(offset, size);
      }
      if (failure) throw failure;
      const done = await this.request('file.done', { upload: offer.upload });
      if (failure) throw failure;
      return done;
    } finally {
      this.off('error-frame', onError);
      await file?.close();
    }
  }

  /**
   * Downloads a file (`file.get`, answered by `file.data` blocks then `ok`), into a Buffer or, with
   * `to`, into that path (written beside it first, renamed into place once checked). Checks size
   * and SHA-256 against the final reply: ChatError('CHECKSUM_MISMATCH') when they disagree.
   */
  public async download(
    fileId: string,
    to?: string,
    onProgress?: (received: number, total?: number) => void,
  ): Promise<{ size: number; sha256: string; data?: Buffer }> {
    const hash = createHash('sha256');
    const blocks: Buffer[] = [];
    const temp = to === undefined ? undefined : `${to}.${process.pid}.${Date.now()}.part`;
    const out = temp === undefined ? undefined : createWriteStream(temp, { flags: 'wx' });
    let received = 0;
    let writeError: Error | undefined;
    // While the disk is slower than the network the socket is paused; it must be resumed whatever
    // ends the download (the last block and the ok may come in the same read, and `drain` never
    // fires once the file is ended: a socket left paused would stall the connection for good).
    let paused = false;
    const resume = (): void => {
      if (!paused) return;
      paused = false;
      this.socket.resume();
    };
    out?.on('error', (err) => {
      writeError ??= err;
      resume();
    });
    const onBlock = (frame: RawFrame, bytes: Buffer): void => {
      if (writeError) throw writeError;
      if (frame.offset !== received) {
        throw new ChatError('INTERNAL', `file.data at offset ${String(frame.offset)}, expected ${received}`);
      }
      received += bytes.length;
      hash.update(bytes);
      if (!out) blocks.push(bytes);
      else if (!out.write(bytes) && !paused) {
        paused = true;
        this.socket.pause();
        out.once('drain', resume);
      }
      onProgress?.(received);
    };
    let created = false;
    try {
      if (out) {
        await waitOpen(out);
        created = true;
      }
      const reply = (await this.send('file.get', { fileId }, onBlock)) as OkReplies['file.get'];
      if (writeError) throw writeError;
      const sha256 = hash.digest('hex');
      if (reply.size !== received || reply.sha256 !== sha256) {
        throw new ChatError(
          'CHECKSUM_MISMATCH',
          `received ${received} bytes (sha256 ${sha256}), server says ${reply.size} (${reply.sha256})`,
        );
      }
      if (out) {
        resume();
        await finish(out);
        await rename(temp!, to!);
      }
      onProgress?.(received, received);
      return out
        ? { size: received, sha256 }
        : { size: received, sha256, data: Buffer.concat(blocks, received) };
    } catch (err) {
      if (out) {
        resume();
        out.destroy();
        if (created) await rm(temp!, { force: true });
      }
      throw err;
    }
  }

  /** Ends the connection; resolves once the socket has closed. */
  public close(): Promise<void> {
    if (this.isClosed) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.end();
      setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS).unref();
    });
  }

  /** Drops the connection at once (no FIN handshake), e.g. when a connection is stale. */
  public destroy(): void {
    this.socket.destroy();
  }

  private send(type: string, fields: object, onBlock?: Pending['onBlock']): Promise<Record<string, unknown>> {
    if (this.isClosed) return Promise.reject(connectionClosed());
    const id = (++this.nextId).toString(36);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onBlock });
      this.socket.write(encodeFrame({ type, id, ...fields }));
    });
  }

  private writeBlockFrame(frame: object, block: Buffer): boolean {
    const [header, bytes] = encodeBlockFrame(frame, block);
    this.socket.cork();
    this.socket.write(header);
    const flushed = this.socket.write(bytes);
    this.socket.uncork();
    return flushed;
  }

  /** Writes a block frame and, when the socket's buffer is full, waits until it drains. */
  private writeBlockAndDrain(frame: object, block: Buffer): Promise<void> {
    if (this.isClosed) return Promise.reject(connectionClosed());
    if (this.writeBlockFrame(frame, block)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onDrain = (): void => {
        this.socket.off('close', onClose);
        resolve();
      };
      const onClose = (): void => {
        this.socket.off('drain', onDrain);
        reject(connectionClosed());
      };
      this.socket.once('drain', onDrain);
      this.socket.once('close', onClose);
    });
  }

  private onData(chunk: Buffer): void {
    const items: DecodedItem[] = this.decoder.push(chunk);
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (item.kind === 'frame') this.onFrame(item.frame, item.bytes);
      else this.onDecodeError(item.error, item.fatal, item.re);
    }
  }

  private onFrame(frame: RawFrame, bytes: Buffer | undefined): void {
    this.emit('frame', frame, bytes);
    const re = frame.re;
    if (typeof re === 'string') {
      const pending = this.pending.get(re);
      if (pending) {
        this.settle(re, pending, frame, bytes);
        return;
      }
    }
    const type = frame.type;
    if (EVENT_TYPES.has(type)) {
      this.emit(type, frame);
    } else if (type === 'ping') {
      // Answering keeps a live but quiet client from reaching the server's idle timeout.
      if (!this.isClosed) this.socket.write(PING_ANSWER);
      this.emit('ping', frame);
    } else if (type === 'error') {
      this.emit('error-frame', frame);
    } else if (type === 'hello' && !this.helloFrame) {
      this.helloFrame = frame as unknown as HelloFrame;
      this.emit('hello', this.helloFrame);
    }
  }

  private settle(re: string, pending: Pending, frame: RawFrame, bytes: Buffer | undefined): void {
    if (frame.type === 'file.data') {
      try {
        pending.onBlock?.(frame, bytes ?? EMPTY);
      } catch (err) {
        this.pending.delete(re);
        pending.reject(err as Error);
      }
      return;
    }
    this.pending.delete(re);
    if (frame.type === 'error') {
      pending.reject(toChatError(frame));
    } else {
      const { type: _type, re: _re, ...fields } = frame;
      pending.resolve(fields);
    }
  }

  /** The server sent bytes that are not a frame: a fatal error drops the connection. */
  private onDecodeError(error: ChatError, fatal: boolean, re: string | undefined): void {
    const pending = re === undefined ? undefined : this.pending.get(re);
    if (pending) {
      this.pending.delete(re!);
      pending.reject(error);
    } else {
      this.emit('error-frame', error.toFrame(re));
    }
    if (fatal) this.socket.destroy();
  }

  private onClose(hadError: boolean): void {
    this.isClosed = true;
    if (this.pending.size > 0) {
      const pending = [...this.pending.values()];
      this.pending.clear();
      for (const p of pending) p.reject(connectionClosed());
    }
    this.emit('close', hadError);
  }
}

/** An `error` frame as a ChatError: code, message, and every other field as details. */
export function toChatError(frame: RawFrame | ErrorFrame): ChatError {
  const { type: _type, re: _re, code, message, ...rest } = frame as RawFrame;
  const details: ErrorDetails = {};
  for (const [key, value] of Object.entries(rest)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
      details[key] = value as ErrorDetails[string];
    }
  }
  return new ChatError(
    isErrorCode(code) ? code : 'INTERNAL',
    typeof message === 'string' ? message : undefined,
    details,
  );
}

function connectionClosed(): ChatError {
  return new ChatError('INTERNAL', 'connection closed');
}

function hashFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

function waitOpen(stream: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.once('ready', () => {
      stream.off('error', reject);
      resolve();
    });
    stream.once('error', reject);
  });
}

/** Ends the stream and resolves once its file is closed. */
function finish(stream: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.once('error', reject);
    stream.once('close', () => resolve());
    stream.end();
  });
}
