import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** A command-line audio player the CLI knows how to run, and the Debian/Ubuntu package that has it. */
export interface PlayerSpec {
  readonly name: string;
  /** Before the file: no window, no console output, exit at the end (the REPL keeps the terminal). */
  readonly args: readonly string[];
  readonly installs: string;
}

/** A player found on the PATH. */
export interface FoundPlayer extends PlayerSpec {
  readonly path: string;
}

/**
 * In the order they are tried: ffplay decodes whatever the server stores (it is ffmpeg's player);
 * paplay (libsndfile) and aplay (WAV only) are what desktops and bare ALSA systems have when it is missing.
 */
export const PLAYERS: readonly PlayerSpec[] = [
  { name: 'ffplay', args: ['-nodisp', '-autoexit', '-loglevel', 'quiet'], installs: 'ffmpeg' },
  { name: 'paplay', args: [], installs: 'pulseaudio-utils' },
  { name: 'aplay', args: ['-q'], installs: 'alsa-utils' },
];

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The first of PLAYERS that is an executable file in a folder of `searchPath` (a PATH value):
 * ffplay in the last folder wins over aplay in the first.
 */
export function findPlayer(
  searchPath: string | undefined = process.env.PATH,
  isExecutable: (path: string) => boolean = isExecutableFile,
): FoundPlayer | undefined {
  // An empty entry of PATH means the current folder to a shell; a player is not looked for there.
  const folders = (searchPath ?? '').split(delimiter).filter((folder) => folder !== '');
  for (const player of PLAYERS) {
    for (const folder of folders) {
      const path = join(folder, player.name);
      if (isExecutable(path)) return { ...player, path };
    }
  }
  return undefined;
}

/** What to say when no player is found: which to install, and how. */
export function noPlayerHint(): string {
  const choices = PLAYERS.map((p) => `${p.name} (package ${p.installs})`).join(', ');
  return `no audio player found on the PATH: install one of ${choices}, e.g. sudo apt-get install ffmpeg`;
}
