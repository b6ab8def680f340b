import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { OkReplies } from '@chat/protocol';

import { VoicePlayer } from '../media/voice.player';
import { ChatSession } from '../session/chat.session';
import { FakeMediaEdge } from '../testing/fake-media-edge';
import { FakePlayer, isRunning } from '../testing/fake-player';
import { RecordingTerminal } from '../testing/recording-terminal';
import { ChatRepl } from './chat.repl';
import { Terminal } from './terminal';

/** A stream readline takes for a terminal: keys typed into it arrive as keypresses (Ctrl-C is SIGINT). */
function fakeTty(): PassThrough & NodeJS.ReadStream {
  return Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => undefined, columns: 80 }) as never;
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 10));
}

// The REPL over a real socket to a small real server, typed into through streams; the player is a
// FakePlayer script (no sound in specs), a real process the REPL must not leave running.
describe(ChatRepl.name, () => {
  let server: FakeMediaEdge;
  let session: ChatSession;
  let login: OkReplies['login'];
  let ffplay: FakePlayer;
  let player: VoicePlayer;
  let terminal: RecordingTerminal;

  beforeEach(async () => {
    server = await FakeMediaEdge.start();
    session = new ChatSession({ port: server.port, reconnect: false });
    await session.connect();
    login = await session.login({ user: 'bob', password: 'bob-password' });
    server.store({ id: 'f1', name: 'hi.ogg', size: 0, sha256: '', mime: 'audio/ogg' }, randomBytes(500));
    const { info } = server.files.get('f1')!;
    session.files.set('f1', { ...info, media: { kind: 'voice', durationMs: 1_500, waveform: [] } });
    ffplay = new FakePlayer('ffplay');
    player = new VoicePlayer(ffplay.folder);
    terminal = new RecordingTerminal();
  });
  afterEach(async () => {
    player.stop();
    await session.quit();
    await server.stop();
    ffplay.dispose();
  });

  function start(
    input: NodeJS.ReadStream,
    output: NodeJS.WriteStream,
  ): { sut: ChatRepl; exit: Promise<number> } {
    const sut = new ChatRepl(session, terminal, { json: false, input, output }, player);
    return { sut, exit: sut.run(login) };
  }

  it('stops the voice message playing when the next command is typed', async () => {
    const input = new PassThrough() as PassThrough & NodeJS.ReadStream;
    const { exit } = start(input, new PassThrough() as never);
    input.write('/play f1\n');
    const { pid } = await ffplay.nextRun();
    expect(isRunning(pid)).toBe(true);
    input.write('/who\n');
    await until(() => terminal.printed.some((line) => line.startsWith('Online')));
    expect(player.playing).toBe(false);
    await until(() => !isRunning(pid));
    input.end();
    await expect(exit).resolves.toBe(0);
  });

  it('stops the voice message on Ctrl-C, and leaves on the next', async () => {
    const input = fakeTty();
    const { exit } = start(input, fakeTty() as never);
    input.write('/play f1\r');
    const { pid } = await ffplay.nextRun();
    input.write('\x03');
    await until(() => terminal.printed.includes('■ stopped'));
    expect(player.playing).toBe(false);
    await until(() => !isRunning(pid));
    input.write('\x03');
    await expect(exit).resolves.toBe(0);
  });

  it('sends plain text where /switch points, and names that in the prompt', async () => {
    const input = fakeTty();
    const output: NodeJS.WriteStream = fakeTty() as never;
    let shown = '';
    output.on('data', (chunk: Buffer) => (shown += chunk.toString()));
    const sut = new ChatRepl(session, new Terminal(output, output), { json: false, input, output }, player);
    const exit = sut.run(login);
    await until(() => shown.includes('bob> '));
    input.write('/query carol\r');
    await until(() => shown.includes('bob → carol> '));
    input.write('lunch?\r');
    await until(() => server.ofType('send').length === 1);
    input.write('/switch #dev\r');
    await until(() => shown.includes('error NOT_IN_ROOM: You are not in #dev'));
    input.write('/switch *\r');
    await until(() => shown.includes('plain text now goes to everyone'));
    input.write('hello all\r');
    await until(() => server.ofType('send').length === 2);
    expect(server.ofType('send').map(({ to, text }) => ({ to, text }))).toEqual([
      { to: 'carol', text: 'lunch?' },
      { to: '*', text: 'hello all' },
    ]);
    expect(shown.slice(shown.lastIndexOf('plain text now goes to everyone'))).toContain('bob> ');
    input.write('\x03');
    await expect(exit).resolves.toBe(0);
  });

  it('does not leave the player running when the input ends', async () => {
    const input = new PassThrough() as PassThrough & NodeJS.ReadStream;
    const { exit } = start(input, new PassThrough() as never);
    input.write('/play f1\n');
    const { pid } = await ffplay.nextRun();
    input.end();
    await expect(exit).resolves.toBe(0);
    expect(player.playing).toBe(false);
    await until(() => !isRunning(pid));
  });
});
