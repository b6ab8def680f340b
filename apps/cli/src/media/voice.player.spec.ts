import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { FakePlayer, isRunning } from '../testing/fake-player';
import { VoicePlayer } from './voice.player';

/** A temporary folder holding a file to play, as /play downloads it. */
function download(content = 'sound'): { folder: string; file: string } {
  const folder = mkdtempSync(join(tmpdir(), 'cli-voice-'));
  const file = join(folder, 'voice.ogg');
  writeFileSync(file, content);
  return { folder, file };
}

// The players are FakePlayer scripts: real processes, found on a real PATH, that make no sound.
describe(VoicePlayer.name, () => {
  const fakes: FakePlayer[] = [];
  const fake = (...args: ConstructorParameters<typeof FakePlayer>): FakePlayer => {
    const player = new FakePlayer(...args);
    fakes.push(player);
    return player;
  };
  let sut: VoicePlayer | undefined;

  afterEach(() => {
    sut?.stop();
    for (const f of fakes.splice(0)) f.dispose();
  });

  it('runs the player found with its arguments and the file, until stopped; then removes the folder', async () => {
    const ffplay = fake('ffplay');
    sut = new VoicePlayer(ffplay.folder);
    const { folder, file } = download('opus bytes');
    const ended = sut.play(sut.find()!, file, folder);
    const run = await ffplay.nextRun();
    expect(run.args).toEqual(['-nodisp', '-autoexit', '-loglevel', 'quiet', file]);
    expect(run.copy.toString()).toBe('opus bytes');
    expect(sut.playing).toBe(true);
    expect(sut.stop()).toBe(true);
    await expect(ended).resolves.toEqual({ stopped: true, code: null });
    expect(isRunning(run.pid)).toBe(false);
    expect(existsSync(folder)).toBe(false);
    expect(sut.playing).toBe(false);
    expect(sut.stop()).toBe(false);
  });

  it('removes the folder when the player ends by itself, and reports its exit code', async () => {
    const aplay = fake('aplay', 0);
    sut = new VoicePlayer(aplay.folder);
    const { folder, file } = download();
    await expect(sut.play(sut.find()!, file, folder)).resolves.toEqual({ stopped: false, code: 0 });
    expect((await aplay.nextRun()).args).toEqual(['-q', file]);
    expect(existsSync(folder)).toBe(false);
    expect(sut.playing).toBe(false);
  });

  it('stops what plays when asked to play another', async () => {
    const paplay = fake('paplay');
    sut = new VoicePlayer(paplay.folder);
    const first = download('first');
    const second = download('second');
    const firstEnded = sut.play(sut.find()!, first.file, first.folder);
    await paplay.nextRun();
    const secondEnded = sut.play(sut.find()!, second.file, second.folder);
    await expect(firstEnded).resolves.toMatchObject({ stopped: true });
    expect(existsSync(first.folder)).toBe(false);
    expect((await paplay.nextRun()).copy.toString()).toBe('second');
    expect(sut.playing).toBe(true);
    sut.stop();
    await secondEnded;
  });

  it('reports a player that cannot be started, and still removes the folder', async () => {
    const ffplay = fake('ffplay');
    sut = new VoicePlayer(ffplay.folder);
    const player = sut.find()!;
    rmSync(player.path);
    const { folder, file } = download();
    const end = await sut.play(player, file, folder);
    expect(end).toMatchObject({ stopped: false, error: expect.objectContaining({ code: 'ENOENT' }) });
    expect(existsSync(folder)).toBe(false);
  });

  it('finds nothing on a PATH without players', () => {
    const empty = mkdtempSync(join(tmpdir(), 'cli-empty-bin-'));
    sut = new VoicePlayer(empty);
    expect(sut.find()).toBeUndefined();
    rmSync(empty, { recursive: true });
  });
});
