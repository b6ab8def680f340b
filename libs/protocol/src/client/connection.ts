import { ChatError, ErrorFrame } from '../errors';
import {
  ClientFrameInput,
  ClientFrameType,
  HelloFrame,
  LIVE_EVENT_TYPES,
  LiveEventArgs,
  MessageFrame,
  OkReplies,
  PingFrame,
} from '../frames';
import { RawFrame } from '../raw-frame';
import { ConnectionClosedError } from './client-errors';
import { Emitter } from './emitter';
import { BlockHandler, RequestTracker } from './requests';
import { Transport, TransportListener } from './transport';

/** The events a connection emits, with their arguments. */
export interface ConnectionEvents<Block extends Uint8Array = Uint8Array> extends LiveEventArgs {
  hello: [HelloFrame];
  /** A server `ping` event; the connection has already answered it. */
  ping: [PingFrame];
  /** Every frame the server sends, replies included (`bytes` for frames with a raw block). */
  frame: [RawFrame, Block | undefined];
  /** An `error` frame that answers no pending request (e.g. a chunk posted without id). */
  'error-frame': [ErrorFrame];
  close: [hadError: boolean];
}

export interface ConnectionOptions {
  /** How long a request waits for its reply before it fails (default: as long as the connection lasts). */
  requestTimeoutMs?: number;
}

/** The server's events, emitted under their own type. */
const EVENT_TYPES: ReadonlySet<string> = new Set(LIVE_EVENT_TYPES);
const PING_ANSWER = { type: 'ping' };

/**
 * One protocol connection over any transport (protocol.md §2): requests matched to their replies
 * by id, the server's events as typed events, its pings answered. Browser-safe; `ChatClient` is
 * this over TCP, with files.
 */
export class ChatConnection<Block extends Uint8Array = Uint8Array> extends Emitter<ConnectionEvents<Block>> {
  private readonly requests: RequestTracker<Block>;
  private helloFrame: HelloFrame | undefined;
  private isClosed = false;

  constructor(
    protected readonly transport: Transport<Block>,
    options: ConnectionOptions = {},
  ) {
    super();
    this.requests = new RequestTracker(options.requestTimeoutMs);
    const listener: TransportListener<Block> = {
      frame: (frame, bytes) => this.onFrame(frame, bytes),
      invalid: (error, re) => this.onInvalid(error, re),
      close: (hadError) => this.onClose(hadError),
    };
    transport.attach(listener);
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

  /** Fire-and-forget frame, no id (e.g. `file.chunk` without ack); `block` follows it as its raw bytes (TCP only). */
  public post(frame: object, block?: Block): void {
    this.transport.send(frame, block);
  }

  /** Ends the connection; resolves once it has closed. */
  public close(): Promise<void> {
    return this.isClosed ? Promise.resolve() : this.transport.close();
  }

  /** Drops the connection at once (no goodbye), e.g. when it is stale. */
  public destroy(): void {
    this.transport.destroy();
  }

  /** A request whose reply may come as `file.data` blocks first (`onBlock`) before its `ok`. */
  protected send(
    type: string,
    fields: object,
    onBlock?: BlockHandler<Block>,
  ): Promise<Record<string, unknown>> {
    if (this.isClosed) return Promise.reject(new ConnectionClosedError());
    const [id, reply] = this.requests.open(onBlock);
    this.transport.send({ type, id, ...fields });
    return reply;
  }

  private onFrame(frame: RawFrame, bytes: Block | undefined): void {
    this.emit('frame', frame, bytes);
    if (this.requests.settle(frame, bytes)) return;
    const type = frame.type;
    if (EVENT_TYPES.has(type)) {
      this.emit(type as 'message', frame as unknown as MessageFrame);
    } else if (type === 'ping') {
      // Answering keeps a live but quiet client from reaching the server's idle timeout.
      if (!this.isClosed) this.transport.send(PING_ANSWER);
      this.emit('ping', frame as unknown as PingFrame);
    } else if (type === 'error') {
      this.emit('error-frame', frame as unknown as ErrorFrame);
    } else if (type === 'hello' && !this.helloFrame) {
      this.helloFrame = frame as unknown as HelloFrame;
      this.emit('hello', this.helloFrame);
    }
  }

  /** The server sent bytes that are not a frame: the request they name fails, else they are reported. */
  private onInvalid(error: ChatError, re: string | undefined): void {
    if (re === undefined || !this.requests.fail(re, error)) this.emit('error-frame', error.toFrame(re));
  }

  private onClose(hadError: boolean): void {
    this.isClosed = true;
    this.requests.failAll(() => new ConnectionClosedError());
    this.emit('close', hadError);
  }
}
