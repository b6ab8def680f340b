import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, WriteStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename } from 'node:path';

import { ChatError, ErrorFrame } from '../errors';
import { ClientFrameInput, ClientFrameType, OkReplies } from '../frames';
import { MediaKind } from '../limits';
import { RawFrame } from '../raw-frame';
import { toChatError } from './client-errors';
import { BlockHandler } from './requests';

/** What moving a file needs of a TCP connection (ChatClient gives it). */
export interface BlockChannel {
  /** The largest chunk the server announced in its hello. */
  chunkLimit(): number;
  request<T extends ClientFrameType>(type: T, fields: ClientFrameInput<T>): Promise<OkReplies[T]>;
  requestBlocks(
    type: string,
    fields: object,
    onBlock: BlockHandler<Buffer>,
  ): Promise<Record<string, unknown>>;
  /** Writes a frame and its raw block; resolves once the socket can take more. */
  sendAndDrain(frame: object, block: Buffer): Promise<void>;
  pause(): void;
  resume(): void;
  /** Subscribes to `error` frames that answer no request; returns the unsubscribe. */
  onErrorFrame(listener: (frame: ErrorFrame) => void): () => void;
}

/** Errors without `re` that the server sends about a chunk posted without id: they end an upload. */
const UPLOAD_ERROR_CODES: ReadonlySet<string> = new Set([
  'BAD_OFFSET',
  'NO_SUCH_UPLOAD',
  'FILE_TOO_LARGE',
  'CHECKSUM_MISMATCH',
  'FRAME_TOO_LARGE',
]);
const EMPTY = Buffer.alloc(0);

/** What an upload's offer says of the file beside its size and SHA-256. */
export interface UploadMeta {
  name?: string;
  mime?: string;
  /** Have the server process the file as a voice message or a picture (§10). */
  media?: MediaKind;
}

/**
 * Uploads a file (a path, read in place, or a Buffer): `file.offer`, then chunks of the size the
 * server accepts, streamed with backpressure, then `file.done` (the server checks size and SHA-256;
 * for a media upload it then processes the file, and its reply describes the processed one).
 */
export async function uploadFile(
  channel: BlockChannel,
  source: string | Buffer,
  meta: UploadMeta,
  onProgress?: (sent: number, total: number) => void,
): Promise<OkReplies['file.done']> {
  const fromPath = typeof source === 'string';
  const size = fromPath ? (await stat(source)).size : source.length;
  const sha256 = fromPath ? await hashFile(source) : createHash('sha256').update(source).digest('hex');
  const name = meta.name ?? (fromPath ? basename(source) : 'file');
  const offer = await channel.request('file.offer', {
    name,
    size,
    sha256,
    ...(meta.mime === undefined ? {} : { mime: meta.mime }),
    ...(meta.media === undefined ? {} : { media: meta.media }),
  });
  const chunkSize = offer.chunk > 0 ? offer.chunk : channel.chunkLimit();

  // A chunk has no reply; an error about it comes without `re` and ends the upload at once.
  let failure: ChatError | undefined;
  const unsubscribe = channel.onErrorFrame((frame) => {
    if (UPLOAD_ERROR_CODES.has(frame.code)) failure ??= toChatError(frame);
  });
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
      await channel.sendAndDrain({ type: 'file.chunk', upload: offer.upload, offset }, block);
      offset += length;
      onProgress?.(offset, size);
    }
    if (failure) throw failure;
    const done = await channel.request('file.done', { upload: offer.upload });
    if (failure) throw failure;
    return done;
  } finally {
    unsubscribe();
    await file?.close();
  }
}

/**
 * Downloads a file (`file.get`, answered by `file.data` blocks then `ok`), into a Buffer or, with
 * `to`, into that path (written beside it first, renamed into place once checked). Checks size
 * and SHA-256 against the final reply: ChatError('CHECKSUM_MISMATCH') when they disagree.
 */
export async function downloadFile(
  channel: BlockChannel,
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
    channel.resume();
  };
  out?.on('error', (err) => {
    writeError ??= err;
    resume();
  });
  const onBlock = (frame: RawFrame, block: Buffer | undefined): void => {
    const bytes = block ?? EMPTY;
    if (writeError) throw writeError;
    if (frame.offset !== received) {
      throw new ChatError('INTERNAL', `file.data at offset ${String(frame.offset)}, expected ${received}`);
    }
    received += bytes.length;
    hash.update(bytes);
    if (!out) blocks.push(bytes);
    else if (!out.write(bytes) && !paused) {
      paused = true;
      channel.pause();
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
    const reply = (await channel.requestBlocks('file.get', { fileId }, onBlock)) as OkReplies['file.get'];
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
