import { randomBytes } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { ChatError, DEFAULT_MAX_IMAGE_PX, THUMBNAIL_PX } from '@chat/protocol';

import { FfmpegBinary, findFfmpeg } from './ffmpeg';
import { processPicture } from './picture';
import { ffmpeg, removeDir, tempDir, truncated } from './testing/media-fixtures';

// Inputs made by sharp itself (and ffmpeg for what sharp cannot write: BMP, an animated GIF);
// the outputs read back with sharp's metadata and raw pixels.
describe(processPicture.name, () => {
  let binary: FfmpegBinary;
  let dir: string;
  let before: string[];
  const file: Record<string, string> = {};
  const options = { maxPx: DEFAULT_MAX_IMAGE_PX };

  beforeAll(async () => {
    binary = (await findFfmpeg())!;
    dir = await tempDir('picture-');
    const at = (name: string): string => join(dir, name);
    const noise = (width: number, height: number) =>
      sharp({
        create: {
          width,
          height,
          channels: 3,
          background: '#808080',
          noise: { type: 'gaussian', mean: 128, sigma: 40 },
        },
      });
    await Promise.all([
      // 400×200 stored, to be shown turned 90° clockwise (orientation 6), with a GPS position.
      noise(400, 200)
        .jpeg()
        .withMetadata({ orientation: 6 })
        .withExifMerge({
          IFD0: { Make: 'Test camera' },
          IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 2400/100', GPSMapDatum: 'WGS-84' },
        })
        .toFile(at('gps.jpg')),
      sharp({ create: { width: 64, height: 64, channels: 3, background: '#ff0000' } })
        .jpeg()
        .withIccProfile('p3')
        .toFile(at('p3.jpg')),
      sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#336699' } })
        .png()
        .toFile(at('big.png')),
      // Left half opaque blue, right half fully transparent.
      sharp({ create: { width: 100, height: 50, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 0 } } })
        .composite([
          {
            input: { create: { width: 50, height: 50, channels: 4, background: '#0000ff' } },
            left: 0,
            top: 0,
          },
        ])
        .png()
        .toFile(at('alpha.png')),
      noise(300, 200).webp().toFile(at('photo.webp')),
      noise(1200, 900).jpeg().toFile(at('photo.jpg')),
      noise(600, 400).png().toFile(at('noise.png')),
      sharp({ create: { width: 100, height: 100, channels: 3, background: '#ffffff' } })
        .png()
        .toFile(at('small.png')),
      ffmpeg(at('moving.gif'), '-f', 'lavfi', '-i', 'testsrc2=s=64x48:d=0.5:r=10'),
      ffmpeg(at('frame.bmp'), '-f', 'lavfi', '-i', 'testsrc2=s=320x240:d=1', '-frames:v', '1'),
      writeFile(at('random.jpg'), randomBytes(64 * 1024)),
      writeFile(at('text.png'), 'This is not a picture.\n'.repeat(100)),
      writeFile(at('drawing.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'),
      writeFile(at('bomb.png'), pngHeader(20_000, 20_000)),
    ]);
    await Promise.all([truncated(at('photo.jpg'), at('cut.jpg')), truncated(at('noise.png'), at('cut.png'))]);
    for (const name of await readdir(dir)) file[name] = at(name);
  });
  afterAll(() => removeDir(dir));

  // Nothing is written anywhere: the folder of inputs is as it was after each case.
  beforeEach(async () => {
    before = await readdir(dir);
  });
  afterEach(async () => {
    expect(await readdir(dir)).toEqual(before);
  });

  it('turns a photo upright and strips its EXIF, GPS included', async () => {
    const input = await sharp(file['gps.jpg']).metadata();
    expect(input).toMatchObject({ width: 400, height: 200, orientation: 6 });
    expect(ifd0Tags(input.exif!)).toContain(GPS_IFD_POINTER);

    const result = await processPicture(file['gps.jpg'], options);

    expect(result).toMatchObject({ mime: 'image/jpeg', width: 200, height: 400 });
    const output = await sharp(result.full).metadata();
    expect(output).toMatchObject({ format: 'jpeg', width: 200, height: 400 });
    expect(output.exif).toBeUndefined();
    expect(output.xmp).toBeUndefined();
    expect(output.icc).toBeUndefined();
    expect(output.orientation).toBeUndefined();
  });

  it('scales the rotated photo to maxPx on its longest side', async () => {
    const result = await processPicture(file['gps.jpg'], { maxPx: 300 });

    expect(result).toMatchObject({ width: 150, height: 300 });
  });

  it('converts a colour profile to sRGB without embedding one', async () => {
    const result = await processPicture(file['p3.jpg'], options);

    expect((await sharp(result.full).metadata()).icc).toBeUndefined();
  });

  it('scales a big PNG to maxPx and makes a thumbnail of THUMBNAIL_PX', async () => {
    const result = await processPicture(file['big.png'], options);

    expect(result).toMatchObject({ width: 1920, height: 1440 });
    expect(await sharp(result.thumb).metadata()).toMatchObject({ format: 'jpeg', width: 320, height: 240 });
    expect(THUMBNAIL_PX).toBe(320);
  });

  it('never enlarges, not even the thumbnail', async () => {
    const result = await processPicture(file['small.png'], { maxPx: 1920, thumbPx: 200 });

    expect(result).toMatchObject({ width: 100, height: 100 });
    expect(await sharp(result.thumb).metadata()).toMatchObject({ width: 100, height: 100 });
  });

  it('flattens transparency on white', async () => {
    const result = await processPicture(file['alpha.png'], options);

    const { data, info } = await sharp(result.full).raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(3);
    const pixel = (x: number, y: number) => [
      ...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3),
    ];
    expect(pixel(90, 25).every((v) => v > 245)).toBe(true); // was transparent: white
    expect(pixel(10, 25)[2]).toBeGreaterThan(200); // was opaque blue: blue
    expect(pixel(10, 25)[0]).toBeLessThan(40);
  });

  it('reads WebP', async () => {
    const result = await processPicture(file['photo.webp'], options);

    expect(result).toMatchObject({ width: 300, height: 200 });
    expect((await sharp(result.full).metadata()).format).toBe('jpeg');
  });

  it('takes the first frame of an animated GIF', async () => {
    expect((await sharp(file['moving.gif']).metadata()).pages).toBe(5);

    const result = await processPicture(file['moving.gif'], options);

    expect(result).toMatchObject({ width: 64, height: 48 });
  });

  it('decodes with ffmpeg what sharp cannot read (BMP)', async () => {
    const result = await processPicture(file['frame.bmp'], options, binary);

    expect(result).toMatchObject({ width: 320, height: 240 });
    expect(await sharp(result.thumb).metadata()).toMatchObject({ width: 320, height: 240 });
  });

  it('scales what ffmpeg decodes to maxPx as well', async () => {
    const result = await processPicture(file['frame.bmp'], { maxPx: 160 }, binary);

    expect(result).toMatchObject({ width: 160, height: 120 });
  });

  const unreadable = 'Not a picture the server can read';
  const damaged = 'The picture is damaged or incomplete';
  it.each([
    ['cut.jpg', 'a JPEG cut in half', damaged],
    ['cut.png', 'a PNG cut in half', damaged],
    ['random.jpg', 'random bytes', unreadable],
    ['text.png', 'a text file named .png', unreadable],
    ['drawing.svg', 'an SVG drawing', 'SVG files are not accepted as pictures'],
    ['bomb.png', 'a PNG of 20000×20000 pixels', 'The picture has more than 120 million pixels'],
    ['frame.bmp', 'a BMP when there is no ffmpeg', unreadable],
  ])('refuses %s (%s): UNSUPPORTED_MEDIA', async (name, _what, message) => {
    const err = await processPicture(file[name], options).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(ChatError);
    expect(err).toMatchObject({ code: 'UNSUPPORTED_MEDIA', message });
  });

  it.each([
    ['random.jpg', unreadable],
    ['text.png', unreadable],
    ['cut.jpg', damaged],
  ])('refuses %s with ffmpeg to fall back on too', async (name, message) => {
    const err = await processPicture(file[name], options, binary).catch((e: unknown) => e);

    expect(err).toMatchObject({ code: 'UNSUPPORTED_MEDIA', message });
  });

  it('keeps the input file as it was', async () => {
    const bytes = await readFile(file['gps.jpg']);

    await processPicture(file['gps.jpg'], options);

    expect(await readFile(file['gps.jpg'])).toEqual(bytes);
  });
});

/** EXIF's pointer from IFD0 to the GPS IFD. */
const GPS_IFD_POINTER = 0x8825;

/** The tag numbers of an EXIF block's IFD0 (sharp's `metadata().exif`: "Exif\0\0" and a TIFF header). */
function ifd0Tags(exif: Buffer): number[] {
  const tiff = exif.subarray(6);
  const little = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const ifd = u32(4);
  return Array.from({ length: u16(ifd) }, (_, i) => u16(ifd + 2 + i * 12));
}

/** A PNG that declares its size and holds almost no pixel data: all a pixel bomb shows before decoding. */
function pngHeader(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB, deflate, no filter, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const idat = deflateSync(Buffer.alloc(100));
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}
