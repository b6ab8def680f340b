// Pictures: any still sharp reads becomes an upright, metadata-free JPEG and a thumbnail.
//
// sharp (libvips) rather than ffmpeg for stills: 2-3x faster on them in the measurements behind
// this choice, and it handles EXIF orientation, ICC profiles and truncation itself. Its output keeps no metadata unless asked
// (`withMetadata` and friends are never called here): no EXIF (GPS, camera serial), no XMP, and
// the pixels converted to sRGB without embedding a profile. JPEG because every client shows it.
//
// Truncation: `failOn: 'truncated'` refuses a cut JPEG or PNG (libjpeg's "premature end",
// libpng's read error) and still takes the minor warnings some cameras' files raise.
// Pixel bombs: `limitInputPixels`, checked on the header before decoding. SVG (a document that
// may reference other files, rendered at any size) and libvips' own format are refused.
// Formats sharp does not read (BMP, PCX, PSD, …) are decoded by ffmpeg when there is one: the
// first frame, scaled to fit maxPx, to PNG on stdout (time-limited, size-capped), then sharp.

import { readFile } from 'node:fs/promises';

import sharp from 'sharp';

import { ChatError, THUMBNAIL_PX } from '@chat/protocol';

import { FfmpegBinary, FfmpegError, readFfmpegOutput } from './ffmpeg';

export interface PictureResult {
  full: Buffer;
  thumb: Buffer;
  mime: 'image/jpeg';
  /** Of the full picture. */
  width: number;
  height: number;
}

export interface PictureOptions {
  /** Longest side of the full picture (never enlarged). */
  maxPx: number;
  /** Longest side of the thumbnail; default THUMBNAIL_PX. */
  thumbPx?: number;
  /** For sharp (rounded up to whole seconds) and for an ffmpeg decode each; default 30 s. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** Larger than any phone camera's full-resolution picture (108 MP); anything beyond is refused unread. */
export const MAX_PICTURE_INPUT_PIXELS = 120_000_000;
/** sharp's names of the formats taken; the others it reads (svg, vips) are refused. */
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'tiff', 'heif']);
/** ffmpeg's image demuxers that the fallback may use: content-probed ones, not image2 (file name patterns) nor svg. */
const IMAGE_DEMUXERS = [
  ...['bmp_pipe', 'dds_pipe', 'dpx_pipe', 'exr_pipe', 'j2k_pipe', 'jpegls_pipe', 'pam_pipe', 'pbm_pipe'],
  ...['pcx_pipe', 'pgm_pipe', 'pictor_pipe', 'ppm_pipe', 'psd_pipe', 'qoi_pipe', 'sgi_pipe'],
  ...['sunrast_pipe', 'xbm_pipe', 'xpm_pipe', 'xwd_pipe'],
];
const FULL_QUALITY = 82;
const THUMB_QUALITY = 75;
const WHITE = '#ffffff';

/**
 * A picture → an upright JPEG at most maxPx on its longest side and a thumbnail at most thumbPx,
 * without metadata, transparency flattened on white; width and height of the full one.
 * UNSUPPORTED_MEDIA for what is not a whole picture the server can read. Writes no files.
 */
export async function processPicture(
  input: string,
  options: PictureOptions,
  ffmpeg?: FfmpegBinary | null,
): Promise<PictureResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const thumbPx = options.thumbPx ?? THUMBNAIL_PX;
  // The bytes, not the path: libvips caches decoded files by name and keeps them open, so a
  // path would stay open after the caller deleted it, and a new upload at a reused path could
  // come out as the old picture.
  let source: Buffer = await readFile(input);
  try {
    return await render(source, options.maxPx, thumbPx, timeoutMs);
  } catch (err) {
    if (!ffmpeg || !isUnsupportedFormat(err)) throw toChatError(err);
  }
  source = await decodeWithFfmpeg(ffmpeg, input, options.maxPx, timeoutMs);
  try {
    return await render(source, options.maxPx, thumbPx, timeoutMs);
  } catch (err) {
    throw toChatError(err);
  }
}

async function render(
  source: Buffer,
  maxPx: number,
  thumbPx: number,
  timeoutMs: number,
): Promise<PictureResult> {
  const timeout = { seconds: Math.max(1, Math.ceil(timeoutMs / 1000)) };
  // The first frame of an animation (sharp's default), upright: autoOrient applies EXIF orientation.
  const image = sharp(source, {
    failOn: 'truncated',
    limitInputPixels: MAX_PICTURE_INPUT_PIXELS,
    autoOrient: true,
  });
  const { format } = await image.metadata();
  if (!ACCEPTED_FORMATS.has(format)) {
    throw new ChatError('UNSUPPORTED_MEDIA', `${format.toUpperCase()} files are not accepted as pictures`);
  }
  const { data: full, info } = await image
    .timeout(timeout)
    .flatten({ background: WHITE })
    .resize(maxPx, maxPx, { fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: FULL_QUALITY })
    .toBuffer({ resolveWithObject: true });
  // From the full picture, already upright and small: a fraction of the cost of decoding the input again.
  const thumb = await sharp(full)
    .timeout(timeout)
    .resize(thumbPx, thumbPx, { fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: THUMB_QUALITY })
    .toBuffer();
  return { full, thumb, mime: 'image/jpeg', width: info.width, height: info.height };
}

/** The first frame as PNG, scaled to fit maxPx, in memory; RGBA, so the byte cap follows from maxPx. */
async function decodeWithFfmpeg(
  ffmpeg: FfmpegBinary,
  input: string,
  maxPx: number,
  timeoutMs: number,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  try {
    await readFfmpegOutput(
      ffmpeg,
      {
        input,
        demuxers: IMAGE_DEMUXERS,
        timeoutMs,
        inputOptions: ['-max_pixels', String(MAX_PICTURE_INPUT_PIXELS)],
        outputOptions: [
          ...['-map', '0:v:0', '-frames:v', '1'],
          ...['-vf', `scale=w='min(iw,${maxPx})':h='min(ih,${maxPx})':force_original_aspect_ratio=decrease`],
          ...['-pix_fmt', 'rgba', '-c:v', 'png', '-f', 'image2pipe'],
        ],
        // Uncompressed RGBA with a filter byte per row, plus room for PNG's headers.
        maxBytes: maxPx * (maxPx * 4 + 1) + 1024 * 1024,
      },
      (chunk) => chunks.push(chunk),
    );
  } catch (err) {
    throw toChatError(err);
  }
  if (chunks.length === 0) throw new ChatError('UNSUPPORTED_MEDIA', 'Not a picture the server can read');
  return Buffer.concat(chunks);
}

function isUnsupportedFormat(err: unknown): boolean {
  return err instanceof Error && /unsupported image format/i.test(err.message);
}

function toChatError(err: unknown): Error {
  if (err instanceof ChatError) return err;
  if (err instanceof FfmpegError) {
    if (err.reason === 'spawn') return new ChatError('MEDIA_UNAVAILABLE');
    if (err.reason === 'timeout')
      return new ChatError('UNSUPPORTED_MEDIA', 'The picture took too long to process');
    return new ChatError('UNSUPPORTED_MEDIA', 'Not a picture the server can read');
  }
  const message = err instanceof Error ? err.message : String(err);
  if (/unsupported image format/i.test(message)) {
    return new ChatError('UNSUPPORTED_MEDIA', 'Not a picture the server can read');
  }
  if (/pixel limit/i.test(message)) {
    return new ChatError(
      'UNSUPPORTED_MEDIA',
      `The picture has more than ${MAX_PICTURE_INPUT_PIXELS / 1_000_000} million pixels`,
    );
  }
  if (/timeout/i.test(message)) {
    return new ChatError('UNSUPPORTED_MEDIA', 'The picture took too long to process');
  }
  // libjpeg's "premature end", libpng's read error, a corrupt header: sharp's other input errors.
  return new ChatError('UNSUPPORTED_MEDIA', 'The picture is damaged or incomplete');
}
