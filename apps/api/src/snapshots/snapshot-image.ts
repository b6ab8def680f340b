// What a snapshot upload must be: a whole PNG or JPEG that sharp decodes, of bounded pixels. The
// bytes are kept as they came (a screenshot is the user's own picture, and re-encoding a PNG
// would only lose or bloat it); the thumbnail is a small JPEG made from it.

import sharp from 'sharp';

import { ChatError, THUMBNAIL_PX } from '@chat/protocol';

/** Largest snapshot upload: a 4K screen's PNG is 2-8 MB. */
export const MAX_SNAPSHOT_BYTES = 10 * 1024 * 1024;
/** Beyond an 8K screen (33 MP) with room to spare; checked on the header, before decoding. */
export const MAX_SNAPSHOT_PIXELS = 64_000_000;

const FORMATS = { png: 'image/png', jpeg: 'image/jpeg' } as const;
const THUMB_QUALITY = 75;
const TIMEOUT = { seconds: 30 };

export interface SnapshotImage {
  mime: (typeof FORMATS)[keyof typeof FORMATS];
  /** The file extension of its format. */
  ext: 'png' | 'jpg';
  width: number;
  height: number;
  thumb: Buffer;
}

/**
 * The format and size of a PNG or JPEG, and its thumbnail (longest side at most THUMBNAIL_PX),
 * whatever type the upload claimed. UNSUPPORTED_MEDIA for anything else, and for a picture that
 * does not decode whole (making the thumbnail decodes every pixel).
 */
export async function inspectSnapshot(bytes: Buffer): Promise<SnapshotImage> {
  const image = sharp(bytes, { failOn: 'truncated', limitInputPixels: MAX_SNAPSHOT_PIXELS });
  let format: string | undefined;
  let width: number | undefined;
  let height: number | undefined;
  try {
    ({ format, width, height } = await image.metadata());
  } catch {
    throw notAPicture();
  }
  if (format !== 'png' && format !== 'jpeg') throw notAPicture();
  if (!width || !height || width * height > MAX_SNAPSHOT_PIXELS) {
    throw new ChatError(
      'UNSUPPORTED_MEDIA',
      `Snapshots are limited to ${MAX_SNAPSHOT_PIXELS / 1_000_000} million pixels`,
    );
  }
  let thumb: Buffer;
  try {
    thumb = await image
      .timeout(TIMEOUT)
      .flatten({ background: '#ffffff' })
      .resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: THUMB_QUALITY })
      .toBuffer();
  } catch {
    throw new ChatError('UNSUPPORTED_MEDIA', 'The picture is damaged or incomplete');
  }
  return { mime: FORMATS[format], ext: format === 'png' ? 'png' : 'jpg', width, height, thumb };
}

function notAPicture(): ChatError {
  return new ChatError('UNSUPPORTED_MEDIA', 'Snapshots are PNG or JPEG pictures');
}
