import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** One track the server ships (apps/api/assets/music/tracks.json). */
export interface BundledTrack {
  file: string;
  title: string;
  durationMs: number;
}

/**
 * Where the bundled tracks are: `MUSIC_ASSETS_DIR`, else apps/api/assets/music, found from the
 * built code (dist/apps/api/src/music) or from the sources (apps/api/src/music).
 */
export function bundledMusicDir(): string {
  if (process.env.MUSIC_ASSETS_DIR) return resolve(process.env.MUSIC_ASSETS_DIR);
  const fromDist = join(__dirname, '..', '..', '..', '..', '..', 'apps', 'api', 'assets', 'music');
  return existsSync(fromDist) ? fromDist : join(__dirname, '..', '..', 'assets', 'music');
}

export async function readBundledTracks(dir: string): Promise<BundledTrack[]> {
  const index = JSON.parse(await readFile(join(dir, 'tracks.json'), 'utf8')) as { tracks: BundledTrack[] };
  return index.tracks;
}

/**
 * The file id a bundled track is stored under, the same on every install: its record, which is
 * never deleted, tells that the tracks were seeded even after an admin unlisted them all.
 */
export function bundledFileId(track: BundledTrack): string {
  return `f_${createHash('sha256').update(`bundled-music:${track.file}`).digest('base64url').slice(0, 16)}`;
}
