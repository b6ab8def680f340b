import { ChatError } from '../errors';
import { RawFrame } from '../raw-frame';

/** What a transport reports to the one connection over it. */
export interface TransportListener<Block extends Uint8Array = Uint8Array> {
  /** A frame from the server; `bytes` is its raw block, for the frames that carry one (TCP only). */
  frame(frame: RawFrame, bytes: Block | undefined): void;
  /**
   * Bytes that are not a frame (`re`: the bad frame's id, when it had a usable one). After a
   * fatal one the transport drops the connection, and `close` follows.
   */
  invalid(error: ChatError, re: string | undefined): void;
  /** The connection ended; called once, and nothing is reported after it. */
  close(hadError: boolean): void;
}

/**
 * One connection's way to the server, below requests and events: frame objects out, frames in.
 * TCP (`TcpTransport`, node only: NDJSON lines and raw blocks) and WebSocket (`WebSocketTransport`,
 * browser-safe: one JSON text message per frame) implement it, so everything above is written once.
 */
export interface Transport<Block extends Uint8Array = Uint8Array> {
  readonly closed: boolean;
  /** Sets who receives what arrives; the connection over the transport calls it once, at once. */
  attach(listener: TransportListener<Block>): void;
  /** Sends one frame; `block` follows it as its raw bytes, on transports that carry them. */
  send(frame: object, block?: Block): void;
  /** Ends the connection politely; resolves once it is closed (the listener's close has run). */
  close(): Promise<void>;
  /** Drops the connection at once. */
  destroy(): void;
}

/** A listener that ignores everything: what a transport reports to before it is attached. */
export const DETACHED: TransportListener<never> = {
  frame: () => undefined,
  invalid: () => undefined,
  close: () => undefined,
};
