import { ChatError } from './errors';
import { BadFrameError, readFrameText } from './frame-text';
import { BLOCK_FRAME_TYPES } from './frames';
import { DEFAULT_LIMITS } from './limits';
import { RawFrame, requestId } from './raw-frame';

export type DecodedItem =
  /**
   * `bytes` is present iff the frame announced a raw block; `size` is what the frame took on the
   * wire (line and block), for the reader's input bound.
   */
  | { kind: 'frame'; frame: RawFrame; bytes?: Buffer; size?: number }
  | { kind: 'error'; error: ChatError; fatal: boolean; re?: string };

export interface DecoderOptions {
  /** Longest frame line in bytes (default `DEFAULT_LIMITS.frame`). */
  maxFrame?: number;
  /** Largest raw block in bytes (default `DEFAULT_LIMITS.chunk`). */
  maxBlock?: number;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Splits a TCP byte stream into frames (protocol.md section 1): NDJSON lines, each optionally
 * followed by a raw byte block. Chunks are kept by reference until their item completes, so a
 * Buffer must not be reused after it was pushed (node's sockets never do).
 */
export class FrameDecoder {
  private readonly maxFrame: number;
  private readonly maxBlock: number;
  /** The unfinished line, or the unfinished raw block, as received so far. */
  private parts: Buffer[] = [];
  private partsLength = 0;
  /** The frame whose raw block is being received, and how many of its bytes are still to come. */
  private blockFrame: RawFrame | undefined;
  private blockRemaining = 0;
  /** The header line of the block being read, in bytes. */
  private blockLineSize = 0;
  private dead = false;

  constructor(options: DecoderOptions = {}) {
    this.maxFrame = options.maxFrame ?? DEFAULT_LIMITS.frame;
    this.maxBlock = options.maxBlock ?? DEFAULT_LIMITS.chunk;
  }

  /** Bytes buffered but not yet part of a complete item. */
  public get pending(): number {
    return this.partsLength;
  }

  /** Feeds bytes as TCP delivered them; returns every item completed by them, in order. After a fatal error it returns [] forever. */
  public push(chunk: Buffer): DecodedItem[] {
    const items: DecodedItem[] = [];
    const end = chunk.length;
    let pos = 0;
    while (pos < end && !this.dead) {
      if (this.blockFrame !== undefined) {
        pos = this.takeBlock(chunk, pos, items);
        continue;
      }
      const newline = chunk.indexOf(LF, pos);
      if (newline === -1) {
        this.keepPartialLine(chunk, pos, items);
        break;
      }
      this.takeLine(chunk, pos, newline, items);
      pos = newline + 1;
    }
    return items;
  }

  private takeLine(chunk: Buffer, start: number, newline: number, items: DecodedItem[]): void {
    let line = chunk;
    let from = start;
    let to = newline;
    if (this.parts.length > 0) {
      const length = this.partsLength + newline - start;
      if (length > this.maxFrame + 1) {
        this.fail(items, new ChatError('FRAME_TOO_LARGE', this.lineTooLong()));
        return;
      }
      // Only now, with the line complete, are its parts joined: once per line, never per chunk.
      this.parts.push(chunk.subarray(start, newline));
      line = Buffer.concat(this.parts, length);
      from = 0;
      to = line.length;
      this.parts = [];
      this.partsLength = 0;
    }
    if (to > from && line[to - 1] === CR) to--;
    if (to === from) return;
    if (to - from > this.maxFrame) {
      this.fail(items, new ChatError('FRAME_TOO_LARGE', this.lineTooLong()));
      return;
    }
    const frame = readFrameText(line.toString('utf8', from, to));
    const size = to - from;
    if (frame instanceof BadFrameError) items.push(errorItem(frame, false, frame.re));
    else if (BLOCK_FRAME_TYPES.has(frame.type)) this.startBlock(frame, size, items);
    else items.push({ kind: 'frame', frame, size });
  }

  private keepPartialLine(chunk: Buffer, start: number, items: DecodedItem[]): void {
    this.parts.push(start === 0 ? chunk : chunk.subarray(start));
    this.partsLength += chunk.length - start;
    if (this.partsLength <= this.maxFrame) return;
    // One byte over may still be the "\r" of a line of exactly maxFrame bytes.
    if (this.partsLength === this.maxFrame + 1 && chunk[chunk.length - 1] === CR) return;
    this.fail(items, new ChatError('FRAME_TOO_LARGE', this.lineTooLong()));
  }

  private startBlock(frame: RawFrame, lineSize: number, items: DecodedItem[]): void {
    const size = frame.bytes;
    if (!Number.isSafeInteger(size) || (size as number) < 0) {
      // Not a block length: the frame goes on alone, and validation answers INVALID.
      items.push({ kind: 'frame', frame, size: lineSize });
    } else if ((size as number) > this.maxBlock) {
      const error = new ChatError('FRAME_TOO_LARGE', `A raw block may be at most ${this.maxBlock} bytes`);
      this.fail(items, error, requestId(frame));
    } else if (size === 0) {
      // Allocated here, not at load time: browsers load this module too, and have no Buffer.
      items.push({ kind: 'frame', frame, bytes: Buffer.alloc(0), size: lineSize });
    } else {
      this.blockFrame = frame;
      this.blockLineSize = lineSize;
      this.blockRemaining = size as number;
    }
  }

  /** Takes what the chunk holds of the current raw block; returns where the chunk's next item starts. */
  private takeBlock(chunk: Buffer, start: number, items: DecodedItem[]): number {
    const available = chunk.length - start;
    if (available < this.blockRemaining) {
      this.parts.push(start === 0 ? chunk : chunk.subarray(start));
      this.partsLength += available;
      this.blockRemaining -= available;
      return chunk.length;
    }
    const end = start + this.blockRemaining;
    const tail = chunk.subarray(start, end);
    let bytes = tail;
    if (this.parts.length > 0) {
      this.parts.push(tail);
      bytes = Buffer.concat(this.parts, this.partsLength + tail.length);
      this.parts = [];
      this.partsLength = 0;
    }
    items.push({ kind: 'frame', frame: this.blockFrame!, bytes, size: this.blockLineSize + bytes.length });
    this.blockFrame = undefined;
    this.blockRemaining = 0;
    return end;
  }

  private fail(items: DecodedItem[], error: ChatError, re?: string): void {
    items.push(errorItem(error, true, re));
    this.dead = true;
    this.parts = [];
    this.partsLength = 0;
    this.blockFrame = undefined;
  }

  private lineTooLong(): string {
    return `A frame line may be at most ${this.maxFrame} bytes`;
  }
}

function errorItem(error: ChatError, fatal: boolean, re: string | undefined): DecodedItem {
  return re === undefined ? { kind: 'error', error, fatal } : { kind: 'error', error, fatal, re };
}

/** JSON + "\n" as one Buffer: serialise a frame ONCE, then write the same Buffer to many sockets. */
export function encodeFrame(frame: object): Buffer {
  return Buffer.from(JSON.stringify(frame) + '\n', 'utf8');
}

/** A frame that carries `bytes` followed by its raw block: returns [headerLine, block] (header's bytes field set to block.length). */
export function encodeBlockFrame(frame: object, block: Buffer): [Buffer, Buffer] {
  return [encodeFrame({ ...frame, bytes: block.length }), block];
}
