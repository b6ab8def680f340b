import { ErrorFrame } from '../errors';
import { OkReplies } from '../frames';
import { ChatConnection, ConnectionEvents } from './connection';
import { BlockChannel, downloadFile, uploadFile, UploadMeta } from './file-transfer';
import { TcpTransport, TcpTransportOptions } from './tcp.transport';

export interface ClientOptions extends TcpTransportOptions {
  host?: string;
  port?: number;
  /** Until the server's `hello` has arrived (default 10 s). */
  connectTimeoutMs?: number;
}

/** The events a ChatClient emits, with their arguments. */
export type ChatClientEvents = ConnectionEvents<Buffer>;

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8888;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/**
 * One protocol connection over TCP, shared by the CLI, the end-to-end tests and the benchmark:
 * requests matched to replies by `re`, server events as typed events, files streamed as raw
 * blocks. Kept lean: one decoder pass and one Map lookup per frame.
 */
export class ChatClient extends ChatConnection<Buffer> {
  private readonly files: BlockChannel;

  private constructor(private readonly tcp: TcpTransport) {
    super(tcp);
    this.files = {
      chunkLimit: () => this.hello.limits.chunk,
      request: (type, fields) => this.request(type, fields),
      requestBlocks: (type, fields, onBlock) => this.send(type, fields, onBlock),
      sendAndDrain: (frame, block) => tcp.sendAndDrain(frame, block),
      pause: () => tcp.pause(),
      resume: () => tcp.resume(),
      onErrorFrame: (listener: (frame: ErrorFrame) => void) => {
        this.on('error-frame', listener);
        return () => this.off('error-frame', listener);
      },
    };
  }

  /** Connects and resolves once the server's `hello` has arrived; rejects with the socket's error or a timeout. */
  public static connect(options: ClientOptions = {}): Promise<ChatClient> {
    const host = options.host ?? DEFAULT_HOST;
    const port = options.port ?? DEFAULT_PORT;
    const timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    const transport = TcpTransport.connect(host, port, options);
    const client = new ChatClient(transport);
    return new Promise((resolve, reject) => {
      let timedOut: Error | undefined;
      const timer = setTimeout(() => {
        timedOut = new Error(`no hello from ${host}:${port} within ${timeoutMs} ms`);
        transport.destroy();
      }, timeoutMs);
      const onHello = (): void => {
        clearTimeout(timer);
        client.off('close', onClose);
        resolve(client);
      };
      const onClose = (): void => {
        clearTimeout(timer);
        client.off('hello', onHello);
        reject(
          timedOut ?? transport.error ?? new Error(`${host}:${port} closed the connection before hello`),
        );
      };
      client.once('hello', onHello);
      client.once('close', onClose);
    });
  }

  /** Raw bytes onto the socket (tests of bad input). */
  public writeRaw(data: string | Buffer): void {
    this.tcp.writeRaw(data);
  }

  /**
   * Uploads a file (a path, read in place, or a Buffer): `file.offer`, then chunks of the size the
   * server accepts, streamed with backpressure, then `file.done` (the server checks size and SHA-256).
   * With `media` the server processes the file first: the reply then carries `name`, `mime` and
   * `media` too (§10), and the progress reaches the total before the reply, while it works.
   */
  public upload(
    source: string | Buffer,
    meta: UploadMeta = {},
    onProgress?: (sent: number, total: number) => void,
  ): Promise<OkReplies['file.done']> {
    return uploadFile(this.files, source, meta, onProgress);
  }

  /**
   * Downloads a file (`file.get`, answered by `file.data` blocks then `ok`), into a Buffer or, with
   * `to`, into that path (written beside it first, renamed into place once checked). Checks size
   * and SHA-256 against the final reply: ChatError('CHECKSUM_MISMATCH') when they disagree.
   */
  public download(
    fileId: string,
    to?: string,
    onProgress?: (received: number, total?: number) => void,
  ): Promise<{ size: number; sha256: string; data?: Buffer }> {
    return downloadFile(this.files, fileId, to, onProgress);
  }
}
