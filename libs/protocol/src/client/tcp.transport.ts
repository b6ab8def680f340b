import { connect as netConnect, isIP, Socket } from 'node:net';
import { connect as tlsConnect, rootCertificates, TLSSocket } from 'node:tls';

import { DecodedItem, encodeBlockFrame, encodeFrame, FrameDecoder } from '../codec';
import { CertificateError, ConnectionClosedError, TlsError } from './client-errors';
import { DETACHED, Transport, TransportListener } from './transport';

export interface TcpTransportOptions {
  /** Longest frame line accepted from the server (default 64 MiB: a client trusts its server). */
  maxFrame?: number;
  /** Largest raw block accepted from the server (default 64 MiB). */
  maxBlock?: number;
  /** Connect over TLS (`true`, or with options); the server's certificate is always verified. */
  tls?: boolean | TlsClientOptions;
}

export interface TlsClientOptions {
  /** A CA certificate (PEM) trusted besides the system's: a self-signed server's own, or a private CA's. */
  ca?: string | Buffer;
}

const DEFAULT_MAX_INBOUND = 64 * 1024 * 1024;
/** How long close() waits for the server's FIN before it drops the socket. */
const CLOSE_GRACE_MS = 2_000;

/**
 * Frames over a TCP socket (protocol.md §1): NDJSON lines through the one FrameDecoder, raw blocks
 * after the frames that announce them, and backpressure for the large writes of an upload.
 * Node only. Errors are reported through close (hadError) and, for connecting, `error`.
 */
export class TcpTransport implements Transport<Buffer> {
  private readonly decoder: FrameDecoder;
  private listener: TransportListener<Buffer> = DETACHED;
  private isClosed = false;
  private socketError: Error | undefined;

  constructor(
    private readonly socket: Socket,
    options: TcpTransportOptions = {},
  ) {
    this.decoder = new FrameDecoder({
      maxFrame: options.maxFrame ?? DEFAULT_MAX_INBOUND,
      maxBlock: options.maxBlock ?? DEFAULT_MAX_INBOUND,
    });
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => (this.socketError ??= tlsError(socket, err) ?? err));
    socket.on('close', (hadError: boolean) => this.onClose(hadError));
  }

  /**
   * A transport over a new socket to host:port, over TLS with `options.tls` (the certificate
   * checked for `host`); connecting goes on in the background.
   */
  public static connect(host: string, port: number, options: TcpTransportOptions = {}): TcpTransport {
    if (!options.tls) return new TcpTransport(netConnect({ host, port }), options);
    const { ca } = options.tls === true ? {} : options.tls;
    const socket = tlsConnect({
      host,
      port,
      // RFC 6066 names hosts only; an IP address is checked against the certificate's IP entries.
      ...(isIP(host) ? {} : { servername: host }),
      // Node's `ca` replaces the system's CAs: keep them, so that --ca adds one.
      ...(ca === undefined ? {} : { ca: [...rootCertificates, ca] }),
      rejectUnauthorized: true,
    });
    return new TcpTransport(socket, options);
  }

  public get closed(): boolean {
    return this.isClosed;
  }

  /** The socket's first error (e.g. ECONNREFUSED), if it had one. */
  public get error(): Error | undefined {
    return this.socketError;
  }

  public attach(listener: TransportListener<Buffer>): void {
    this.listener = listener;
  }

  public send(frame: object, block?: Buffer): void {
    if (block === undefined) this.socket.write(encodeFrame(frame));
    else this.writeBlockFrame(frame, block);
  }

  /** Sends a frame with its raw block and, when the socket's buffer is full, waits until it drains. */
  public sendAndDrain(frame: object, block: Buffer): Promise<void> {
    if (this.isClosed) return Promise.reject(new ConnectionClosedError());
    if (this.writeBlockFrame(frame, block)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onDrain = (): void => {
        this.socket.off('close', onClose);
        resolve();
      };
      const onClose = (): void => {
        this.socket.off('drain', onDrain);
        reject(new ConnectionClosedError());
      };
      this.socket.once('drain', onDrain);
      this.socket.once('close', onClose);
    });
  }

  /** Raw bytes onto the socket (tests of bad input). */
  public writeRaw(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** Stops reading: the server's writes wait in the kernel while a slower disk catches up. */
  public pause(): void {
    this.socket.pause();
  }

  public resume(): void {
    this.socket.resume();
  }

  public close(): Promise<void> {
    if (this.isClosed) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.end();
      setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS).unref();
    });
  }

  public destroy(): void {
    this.socket.destroy();
  }

  private writeBlockFrame(frame: object, block: Buffer): boolean {
    const [header, bytes] = encodeBlockFrame(frame, block);
    this.socket.cork();
    this.socket.write(header);
    const flushed = this.socket.write(bytes);
    this.socket.uncork();
    return flushed;
  }

  private onData(chunk: Buffer): void {
    const items: DecodedItem[] = this.decoder.push(chunk);
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (item.kind === 'frame') {
        this.listener.frame(item.frame, item.bytes);
      } else {
        this.listener.invalid(item.error, item.re);
        // A fatal error (an overlong line or block) leaves the stream out of step: nothing after it can be read.
        if (item.fatal) this.socket.destroy();
      }
    }
  }

  private onClose(hadError: boolean): void {
    this.isClosed = true;
    this.listener.close(hadError);
  }
}

/**
 * A TLS socket's error in words a person can act on: the refusal of the server's certificate, or
 * OpenSSL's failure (whose message is a line of library internals) by its reason.
 */
function tlsError(socket: Socket, err: Error): CertificateError | TlsError | undefined {
  if (!(socket instanceof TLSSocket)) return undefined;
  const { code, reason } = err as NodeJS.ErrnoException & { reason?: string };
  // Node sets authorizationError just before it drops the socket for a certificate it refused.
  // Node 24 appends a hint about --use-system-ca after a ';': not ours to give (the CLI has --ca).
  if (socket.authorizationError)
    return new CertificateError(code ?? String(socket.authorizationError), err.message.split(';')[0]);
  if (code?.startsWith('ERR_SSL_')) return new TlsError(code, reason ?? err.message);
  return undefined;
}
