import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import sharp from 'sharp';

/** Runs Debian's (or the PATH's) ffmpeg to make a test input. */
export function ffmpeg(...args: string[]): void {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { stdio: 'pipe' });
}

/** Whether there is an ffmpeg on the PATH to make inputs with. */
export function hasFfmpeg(): boolean {
  try {
    execFileSync('ffmpeg', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** `seconds` of a 440 Hz tone between half a second of silence on each side, as ffmpeg encodes `file`. */
export function tone(dir: string, file: string, seconds: number, codec: string[] = []): string {
  const path = join(dir, file);
  ffmpeg(
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
    '-af',
    'adelay=500|500,apad=pad_dur=0.5,volume=0.5',
    ...codec,
    path,
  );
  return path;
}

/**
 * A camera-style JPEG: 640×480 pixels stored sideways with EXIF orientation 6 (so it shows 480×640),
 * a camera make and a GPS position (48°51′24″N 2°21′07″E).
 */
export async function gpsPhoto(dir: string): Promise<{ path: string; exif: Buffer }> {
  const frame = join(dir, 'frame.png');
  ffmpeg('-f', 'lavfi', '-i', 'testsrc2=size=640x480', '-frames:v', '1', frame);
  const path = join(dir, 'gps.jpg');
  await sharp(frame)
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestCam' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '48/1 51/1 2400/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '2/1 21/1 700/100',
      },
    })
    .withMetadata({ orientation: 6 })
    .toFile(path);
  const { exif } = await sharp(path).metadata();
  return { path, exif: exif! };
}

/** Whether an EXIF block points to a GPS directory (tag 0x8825, in either byte order). */
export function hasGpsIfd(exif: Buffer | undefined): boolean {
  if (!exif) return false;
  const littleEndian = exif.includes(Buffer.from('II*\0', 'latin1'));
  return exif.includes(Buffer.from(littleEndian ? [0x25, 0x88] : [0x88, 0x25]));
}

/** Inputs no processing may accept: random bytes, and text named like a recording. */
export function junk(dir: string): { random: string; textWav: string } {
  const random = join(dir, 'random.bin');
  writeFileSync(random, randomBytes(64 * 1024));
  const textWav = join(dir, 'notes.wav');
  writeFileSync(textWav, 'this is not a recording\n'.repeat(200));
  return { random, textWav };
}
