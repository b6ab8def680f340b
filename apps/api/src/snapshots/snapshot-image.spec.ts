import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import { THUMBNAIL_PX } from '@chat/protocol';

import { inspectSnapshot } from './snapshot-image';

const picture = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 4, background: { r: 30, g: 90, b: 200, alpha: 0.5 } } });

describe(inspectSnapshot.name, () => {
  it('reads a PNG’s size and makes a JPEG thumbnail of at most the thumbnail size', async () => {
    const png = await picture(1280, 720).png().toBuffer();
    const sut = await inspectSnapshot(png);
    expect(sut).toMatchObject({ mime: 'image/png', ext: 'png', width: 1280, height: 720 });
    expect(await sharp(sut.thumb).metadata()).toMatchObject({
      format: 'jpeg',
      width: THUMBNAIL_PX,
      height: 180,
    });
  });

  it('takes a JPEG, and never enlarges a small one', async () => {
    const jpeg = await picture(200, 100).jpeg().toBuffer();
    const sut = await inspectSnapshot(jpeg);
    expect(sut).toMatchObject({ mime: 'image/jpeg', ext: 'jpg', width: 200, height: 100 });
    expect(await sharp(sut.thumb).metadata()).toMatchObject({ width: 200, height: 100 });
  });

  it.each([
    ['random bytes', async () => Buffer.from('not a picture at all, just text')],
    ['a WebP', () => picture(64, 64).webp().toBuffer()],
    ['a GIF', () => picture(64, 64).gif().toBuffer()],
    ['an SVG', async () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>')],
  ])('refuses %s with UNSUPPORTED_MEDIA', async (_what, make) => {
    await expect(inspectSnapshot(await make())).rejects.toMatchObject({
      code: 'UNSUPPORTED_MEDIA',
      message: 'Snapshots are PNG or JPEG pictures',
    });
  });

  it('refuses a truncated PNG', async () => {
    const png = await sharp({
      create: {
        width: 800,
        height: 600,
        channels: 3,
        background: '#000000',
        noise: { type: 'gaussian', mean: 128, sigma: 60 },
      },
    })
      .png()
      .toBuffer();
    await expect(inspectSnapshot(png.subarray(0, png.length / 2))).rejects.toMatchObject({
      code: 'UNSUPPORTED_MEDIA',
      message: 'The picture is damaged or incomplete',
    });
  });
});
