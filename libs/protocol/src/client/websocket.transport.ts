import { BadFrameError, readFrameText } from '../frame-text';
import { DETACHED, Transport, TransportListener } from './transport';

/**
 * A handler property of a WebSocket. Declared through a method so that its parameter is checked
 * bivariantly: the browser's `(ev: MessageEvent) => any` and a test fake's handlers both fit,
 * without naming the DOM's event types (this library is also compiled without the DOM).
 */
type Handler<E> = { handle(event: E): unknown }['handle'];

/** The part of a WebSocket the transport uses: the browser's, the `ws` package's, or a test's fake. */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: Handler<unknown> | null;
  onclose: Handler<unknown> | null;
  onerror: Handler<unknown> | null;
  onmessage: Handler<{ data: unknown }> | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** WebSocket.OPEN; the constant itself is not there in every environment that runs this. */
const OPEN = 1;

/**
 * Frames over a WebSocket (protocol.md §1: one frame, one text message). Browser-safe. Frames sent
 * before the socket is open wait and go out the moment it opens, so a session can send its login
 * at once; raw blocks do not travel here (browsers move files over the api's HTTP routes).
 */
export class WebSocketTransport implements Transport {
  private listener: TransportListener = DETACHED;
  /** Frames sent before the socket opened, as text; null once open. */
  private waiting: string[] | null;
  private isClosed = false;
  private failed = false;

  constructor(private readonly socket: WebSocketLike) {
    this.waiting = socket.readyState === OPEN ? null : [];
    socket.onopen = () => this.onOpen();
    socket.onmessage = (event) => this.onMessage(event.data);
    // onclose follows an error and tells it.
    socket.onerror = () => (this.failed = true);
    socket.onclose = () => this.end(this.failed);
  }

  public get closed(): boolean {
    return this.isClosed;
  }

  public attach(listener: TransportListener): void {
    this.listener = listener;
  }

  public send(frame: object, block?: Uint8Array): void {
    if (block !== undefined) throw new Error('raw blocks do not travel over WebSocket');
    if (this.isClosed) return;
    const text = JSON.stringify(frame);
    if (this.waiting) this.waiting.push(text);
    else this.socket.send(text);
  }

  /**
   * Closes the socket and reports the close at once: what the server may still send is not
   * wanted, and a browser tells the socket's own close only after the closing handshake.
   */
  public close(): Promise<void> {
    if (!this.isClosed) this.socket.close();
    this.end(false);
    return Promise.resolve();
  }

  public destroy(): void {
    void this.close();
  }

  private onOpen(): void {
    const waiting = this.waiting ?? [];
    this.waiting = null;
    for (const text of waiting) this.socket.send(text);
  }

  private onMessage(data: unknown): void {
    const frame = readFrameText(typeof data === 'string' ? data : String(data));
    if (frame instanceof BadFrameError) this.listener.invalid(frame, frame.re);
    else this.listener.frame(frame, undefined);
  }

  private end(hadError: boolean): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.waiting = null;
    const socket = this.socket;
    socket.onopen = socket.onmessage = socket.onclose = null;
    // An error after this concerns no one; but some sockets (node's `ws`) throw one nobody listens to.
    socket.onerror = () => undefined;
    this.listener.close(hadError);
  }
}
