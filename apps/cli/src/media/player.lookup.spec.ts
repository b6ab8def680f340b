import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { findPlayer, noPlayerHint, PLAYERS } from './player.lookup';

// Real folders with real files on a PATH made for each case: executables, a file that is not
// executable, a folder named like a player.
const root = mkdtempSync(join(tmpdir(), 'cli-players-'));
let folders = 0;

function folder(contents: Record<string, 'exec' | 'plain' | 'dir'>): string {
  const dir = join(root, `bin${folders++}`);
  mkdirSync(dir);
  for (const [name, kind] of Object.entries(contents)) {
    const path = join(dir, name);
    if (kind === 'dir') mkdirSync(path);
    else {
      writeFileSync(path, '#!/bin/sh\nexit 0\n');
      chmodSync(path, kind === 'exec' ? 0o755 : 0o644);
    }
  }
  return dir;
}

describe(findPlayer.name, () => {
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each<[string, Record<string, 'exec' | 'plain' | 'dir'>[], string | undefined]>([
    ['ffplay alone', [{ ffplay: 'exec' }], 'ffplay'],
    ['all three: ffplay first', [{ aplay: 'exec', paplay: 'exec', ffplay: 'exec' }], 'ffplay'],
    ['paplay and aplay: paplay', [{ aplay: 'exec' }, { paplay: 'exec' }], 'paplay'],
    ['aplay alone', [{ aplay: 'exec' }], 'aplay'],
    [
      'ffplay in a later folder still wins over aplay in the first',
      [{ aplay: 'exec' }, {}, { ffplay: 'exec' }],
      'ffplay',
    ],
    ['an ffplay that is not executable is passed over', [{ ffplay: 'plain', aplay: 'exec' }], 'aplay'],
    ['a folder named ffplay is passed over', [{ ffplay: 'dir' }, { paplay: 'exec' }], 'paplay'],
    ['other programs only', [{ mpv: 'exec', vlc: 'exec' }], undefined],
    ['nothing', [{}], undefined],
  ])('%s', (_case, contents, expected) => {
    const path = contents.map(folder).join(delimiter);
    expect(findPlayer(path)?.name).toBe(expected);
  });

  it('answers with the path found and the arguments that keep the player quiet and windowless', () => {
    const dir = folder({ paplay: 'exec', ffplay: 'exec' });
    expect(findPlayer(`${delimiter}${dir}${delimiter}`)).toEqual({
      name: 'ffplay',
      path: join(dir, 'ffplay'),
      args: ['-nodisp', '-autoexit', '-loglevel', 'quiet'],
      installs: 'ffmpeg',
    });
  });

  it('finds nothing on an empty PATH', () => {
    expect(findPlayer('', () => true)).toBeUndefined();
  });

  it('does not look in the current folder for an empty PATH entry', () => {
    const looked: string[] = [];
    findPlayer(`${delimiter}/opt/bin`, (p) => (looked.push(p), false));
    expect(looked).toEqual(PLAYERS.map((p) => join('/opt/bin', p.name)));
  });
});

describe(noPlayerHint.name, () => {
  it('names each player and the package to install', () => {
    expect(noPlayerHint()).toBe(
      'no audio player found on the PATH: install one of ffplay (package ffmpeg), paplay (package pulseaudio-utils), aplay (package alsa-utils), e.g. sudo apt-get install ffmpeg',
    );
  });
});
