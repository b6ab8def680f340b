import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { formatError } from '../chat/message.format';
import { parseCommand } from '../commands/command.parse';
import { runCommand } from '../commands/command.run';
import { ChatSession } from '../session/chat.session';
import { FakeMediaEdge } from '../testing/fake-media-edge';
import { RecordingTerminal } from '../testing/recording-terminal';
import { sendMedia } from './send-media.command';

const VOICE = { kind: 'voice' as const, durationMs: 7_000, waveform: Array.from({ length: 64 }, () => 9) };
const PICTURE = { kind: 'image' as const, width: 1280, height: 960, thumbId: 't1' };

// Through runCommand, as the REPL runs a typed line, over a real socket to a small real server.
describe(sendMedia.name, () => {
  let server: FakeMediaEdge;
  let session: ChatSession;
  let terminal: RecordingTerminal;
  let dir: string;
  let data: Buffer;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cli-media-'));
    data = randomBytes(2_500);
    writeFileSync(join(dir, 'hello.wav'), data);
    writeFileSync(join(dir, 'me.jpg'), data);
    server = await FakeMediaEdge.start();
    terminal = new RecordingTerminal();
  });
  afterEach(async () => {
    await session?.quit();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function run(line: string, json = false): Promise<void> {
    session = new ChatSession({ port: server.port, reconnect: false });
    await session.connect();
    await session.login({ user: 'alice', password: 'alice-password' });
    await runCommand(parseCommand(line), { session, terminal, json });
  }

  it('uploads a voice message with media in the offer and sends it to everyone', async () => {
    server.outcome = { mime: 'audio/ogg', media: VOICE };
    await run(`/voice ${join(dir, 'hello.wav')}`);
    expect(server.ofType('file.offer')[0]).toMatchObject({
      name: 'hello.wav',
      size: 2_500,
      mime: 'audio/wav',
      media: 'voice',
    });
    expect(server.ofType('send')[0]).toMatchObject({ to: '*', fileId: 'f1' });
    expect(terminal.printed).toEqual(['sent [voice 0:07] to everyone']);
    expect(session.files.get('f1')).toMatchObject({ id: 'f1', mime: 'audio/ogg', media: VOICE });
  });

  it('sends a picture to the user named, as the server describes it', async () => {
    server.outcome = { mime: 'image/jpeg', media: PICTURE };
    await run(`/image ${join(dir, 'me.jpg')} bob`);
    expect(server.ofType('file.offer')[0]).toMatchObject({
      name: 'me.jpg',
      mime: 'image/jpeg',
      media: 'image',
    });
    expect(server.ofType('send')[0]).toMatchObject({ to: 'bob', fileId: 'f1' });
    expect(terminal.printed).toEqual(['sent [picture 1280×960] to bob']);
  });

  it('prints the reply fields as JSON with --json', async () => {
    server.outcome = { mime: 'image/jpeg', media: PICTURE };
    await run(`/image ${join(dir, 'me.jpg')}`, true);
    expect(JSON.parse(terminal.printed[0])).toMatchObject({
      type: 'ok',
      fileId: 'f1',
      name: 'me.jpg',
      mime: 'image/jpeg',
      media: PICTURE,
      seq: 1,
    });
  });

  it('says "processing…" once the last byte is sent, while the server has not answered', async () => {
    let release: (() => void) | undefined;
    server.holdDone = (answer) => (release = answer);
    const done = run(`/voice ${join(dir, 'hello.wav')}`);
    while (!release) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(terminal.progressCalls).toEqual([
      'start ↑ hello.wav 2500',
      'update 0',
      'update 1000',
      'update 2000',
      'update 2500',
      'note processing…',
    ]);
    release();
    await done;
    expect(terminal.progressCalls.at(-1)).toBe('stop');
  });

  it('tells that the server does not process media before sending a byte', async () => {
    server.features = ['files', 'history'];
    await expect(run(`/voice ${join(dir, 'hello.wav')}`)).rejects.toThrow(
      'this server does not process voice messages (no feature "media"); /send sends the file as it is',
    );
    expect(server.ofType('file.offer')).toEqual([]);
  });

  it.each<[string, string, Record<string, number>, string]>([
    ['/voice', 'UNSUPPORTED_MEDIA', {}, 'error UNSUPPORTED_MEDIA: not a recording the server can read'],
    ['/image', 'UNSUPPORTED_MEDIA', {}, 'error UNSUPPORTED_MEDIA: not a picture the server can read'],
    [
      '/voice',
      'MEDIA_TOO_LONG',
      { voiceSec: 300 },
      'error MEDIA_TOO_LONG: the recording is longer than the server takes: at most 5:00 (300 s)',
    ],
    [
      '/voice',
      'MEDIA_TOO_LONG',
      { voiceSec: 90 },
      'error MEDIA_TOO_LONG: the recording is longer than the server takes: at most 1:30 (90 s)',
    ],
    ['/voice', 'MEDIA_TOO_LONG', {}, 'error MEDIA_TOO_LONG: the recording is longer than the server takes'],
    [
      '/voice',
      'MEDIA_UNAVAILABLE',
      {},
      'error MEDIA_UNAVAILABLE: the server cannot process voice messages at the moment; /send sends the file as it is',
    ],
    [
      '/image',
      'MEDIA_UNAVAILABLE',
      {},
      'error MEDIA_UNAVAILABLE: the server cannot process pictures at the moment; /send sends the file as it is',
    ],
    ['/voice', 'FILE_TOO_LARGE', {}, 'error FILE_TOO_LARGE: server words'],
  ])('%s answered %s %j → %s', async (command, code, limits, expected) => {
    server.outcome = { code };
    server.limits = { ...server.limits, ...limits };
    const file = join(dir, command === '/voice' ? 'hello.wav' : 'me.jpg');
    const error = await run(`${command} ${file}`).catch((err: unknown) => err);
    expect(formatError(error)).toBe(expected);
    expect(server.ofType('send')).toEqual([]);
  });

  it('says so when the file is not there, before offering anything', async () => {
    await expect(run(`/voice ${join(dir, 'missing.wav')}`)).rejects.toThrow(
      `no such file: ${join(dir, 'missing.wav')}`,
    );
    expect(server.ofType('file.offer')).toEqual([]);
  });
});
