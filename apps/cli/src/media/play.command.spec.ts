import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { FileInfo, MediaInfo } from '@chat/protocol';

import { ChatSession } from '../session/chat.session';
import { FakeMediaEdge } from '../testing/fake-media-edge';
import { FakePlayer } from '../testing/fake-player';
import { RecordingTerminal } from '../testing/recording-terminal';
import { describeFailure, playVoice } from './play.command';
import { noPlayerHint } from './player.lookup';
import { VoicePlayer } from './voice.player';

const VOICE: MediaInfo = { kind: 'voice', durationMs: 7_000, waveform: Array.from({ length: 64 }, () => 1) };
const info = (id: string, mime: string, media?: MediaInfo): FileInfo => ({
  id,
  name: `${id}.bin`,
  size: 0,
  sha256: '',
  mime,
  ...(media === undefined ? {} : { media }),
});

// Downloads over a real socket from a small real server; the player is a FakePlayer script (no sound in specs).
describe(playVoice.name, () => {
  let server: FakeMediaEdge;
  let session: ChatSession;
  let terminal: RecordingTerminal;
  let temp: string;
  let previousTmp: string | undefined;
  const fakes: FakePlayer[] = [];
  let player: VoicePlayer | undefined;

  beforeEach(async () => {
    // The download's temporary folder is made under TMPDIR: a folder of this spec's, to look into.
    temp = mkdtempSync(join(tmpdir(), 'cli-play-'));
    previousTmp = process.env.TMPDIR;
    process.env.TMPDIR = temp;
    server = await FakeMediaEdge.start();
    session = new ChatSession({ port: server.port, reconnect: false });
    await session.connect();
    await session.login({ user: 'bob', password: 'bob-password' });
    terminal = new RecordingTerminal();
  });
  afterEach(async () => {
    player?.stop();
    await session.quit();
    await server.stop();
    for (const f of fakes.splice(0)) f.dispose();
    if (previousTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmp;
    rmSync(temp, { recursive: true, force: true });
  });

  const voiceFolders = (): string[] => readdirSync(temp).filter((name) => name.startsWith('chat-voice-'));

  function withPlayer(fake: FakePlayer | undefined): VoicePlayer {
    if (fake) fakes.push(fake);
    player = new VoicePlayer(fake?.folder ?? join(temp, 'no-bin'));
    return player;
  }

  /** A voice message bob has seen (the session learns files from messages and history). */
  function seen(file: FileInfo, data = randomBytes(3_000)): Buffer {
    server.store(file, data);
    session.files.set(file.id, { ...server.files.get(file.id)!.info });
    return data;
  }

  it('downloads the voice message into a temporary folder, plays it, and removes it when stopped', async () => {
    const ffplay = new FakePlayer('ffplay');
    const voice = withPlayer(ffplay);
    const data = seen(info('f1', 'audio/ogg', VOICE));
    const playback = await playVoice('f1', { session, terminal, json: false, player: voice });
    const run = await ffplay.nextRun();
    expect(run.args.slice(0, -1)).toEqual(['-nodisp', '-autoexit', '-loglevel', 'quiet']);
    expect(run.file).toMatch(/voice\.ogg$/);
    expect(dirname(dirname(run.file))).toBe(temp);
    expect(run.copy.equals(data)).toBe(true);
    expect(terminal.printed).toEqual(['▶ [voice 0:07] with ffplay: Ctrl-C or the next command stops it']);
    expect(voice.stop()).toBe(true);
    await expect(playback.ended).resolves.toMatchObject({ stopped: true });
    expect(existsSync(run.file)).toBe(false);
    expect(voiceFolders()).toEqual([]);
    expect(terminal.errors).toEqual([]);
  });

  it('tells when the player could not play it, with a hint for ffplay', async () => {
    const voice = withPlayer(new FakePlayer('aplay', 1));
    seen(info('f1', 'audio/mp4', VOICE));
    const playback = await playVoice('f1', { session, terminal, json: false, player: voice });
    await playback.ended;
    await new Promise((resolve) => setImmediate(resolve));
    expect(terminal.errors).toEqual([
      'error: aplay could not play the voice message (exit code 1); ffplay (package ffmpeg) plays every format',
    ]);
    expect(voiceFolders()).toEqual([]);
  });

  it.each<[string, (edge: FakeMediaEdge, s: ChatSession) => void, string]>([
    [
      'unknown to the session',
      () => undefined,
      'no voice message f1 seen in this session; /history shows the recent ones',
    ],
    [
      'a picture',
      (_e, s) =>
        s.files.set(
          'f1',
          info('f1', 'image/jpeg', { kind: 'image', width: 1280, height: 960, thumbId: 't' }),
        ),
      'f1 is not a voice message but [picture 1280×960] /get f1',
    ],
    [
      'a plain file',
      (_e, s) => s.files.set('f1', info('f1', 'audio/ogg')),
      'f1 is not a voice message but [file f1.bin, 0 B: /get f1]',
    ],
  ])('refuses a file that is %s, without downloading it', async (_case, arrange, message) => {
    const voice = withPlayer(new FakePlayer('ffplay'));
    arrange(server, session);
    await expect(playVoice('f1', { session, terminal, json: false, player: voice })).rejects.toThrow(message);
    expect(server.ofType('file.get')).toEqual([]);
  });

  it('says which player to install before downloading, when none is on the PATH', async () => {
    const voice = withPlayer(undefined);
    seen(info('f1', 'audio/ogg', VOICE));
    await expect(playVoice('f1', { session, terminal, json: false, player: voice })).rejects.toThrow(
      noPlayerHint(),
    );
    expect(server.ofType('file.get')).toEqual([]);
  });

  it('leaves no temporary folder when the download fails', async () => {
    const voice = withPlayer(new FakePlayer('ffplay'));
    session.files.set('gone', info('gone', 'audio/ogg', VOICE));
    await expect(playVoice('gone', { session, terminal, json: false, player: voice })).rejects.toMatchObject({
      code: 'NO_SUCH_FILE',
    });
    expect(voiceFolders()).toEqual([]);
    expect(voice.playing).toBe(false);
  });
});

describe(describeFailure.name, () => {
  const ffplay = { name: 'ffplay', path: '/usr/bin/ffplay', args: [], installs: 'ffmpeg' };
  const paplay = { name: 'paplay', path: '/usr/bin/paplay', args: [], installs: 'pulseaudio-utils' };

  it.each<[string, typeof ffplay, Parameters<typeof describeFailure>[1], string | undefined]>([
    ['played to the end', ffplay, { stopped: false, code: 0 }, undefined],
    ['stopped', paplay, { stopped: true, code: null }, undefined],
    [
      'ffplay failed',
      ffplay,
      { stopped: false, code: 1 },
      'error: ffplay could not play the voice message (exit code 1)',
    ],
    [
      'paplay failed',
      paplay,
      { stopped: false, code: 2 },
      'error: paplay could not play the voice message (exit code 2); ffplay (package ffmpeg) plays every format',
    ],
    [
      'did not start',
      ffplay,
      { stopped: false, code: -2, error: new Error('spawn ENOENT') },
      'error: ffplay did not start (spawn ENOENT)',
    ],
  ])('%s', (_case, player, end, expected) => {
    expect(describeFailure(player, end)).toBe(expected);
  });
});
