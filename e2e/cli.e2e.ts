import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MessageFrame } from '@chat/protocol';

import { EdgeProcess } from './support/edge-process';
import { eventually, nextEvent } from './support/events';
import { ROOT } from './support/service-process';

const CLI = join(ROOT, 'dist/apps/cli/src/main.js');

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `--listen --json`: every message the CLI prints, parsed. */
function listen(args: string[]): { child: ChildProcess; messages: MessageFrame[] } {
  const child = spawn(process.execPath, [CLI, ...args, '--listen', '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const messages: MessageFrame[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      const value = JSON.parse(line) as MessageFrame;
      if (value.type === 'message') messages.push(value);
    } catch {
      // status lines are not JSON
    }
  });
  return { child, messages };
}

describe('terminal client (non-interactive modes)', () => {
  let edge: EdgeProcess;

  beforeAll(async () => {
    edge = await EdgeProcess.start();
  });
  afterAll(() => edge.dispose());

  const base = (): string[] => ['--host', '127.0.0.1', '--port', String(edge.port)];

  it('registers and sends a private message with --send; the recipient gets it', async () => {
    const bob = await edge.login('bob');
    const got = nextEvent<MessageFrame>(bob, 'message');
    const result = await run([
      ...base(),
      '--user',
      'alice',
      '--password',
      'alice-password',
      '--register',
      '--send',
      'hi bob',
      '--to',
      'bob',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(await got).toMatchObject({ from: 'alice', to: 'bob', kind: 'private', text: 'hi bob' });
    await bob.close();
  });

  it('prints the error code and exits 1 when the server refuses', async () => {
    const result = await run([
      ...base(),
      '--user',
      'alice',
      '--password',
      'alice-password',
      '--send',
      'hello?',
      '--to',
      'nobody',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('NO_SUCH_USER');
    const bad = await run([...base(), '--user', 'alice', '--password', 'wrong-password', '--send', 'x']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('BAD_CREDENTIALS');
  });

  it('listens with --since: first prints the messages after that seq, each once', async () => {
    const frank = await edge.login('frank');
    await (await edge.login('erin')).close();
    const before = await frank.request('send', { to: 'erin', text: 'before since' });
    const after: number[] = [];
    for (let i = 0; i < 3; i++)
      after.push((await frank.request('send', { to: 'erin', text: `after ${i}` })).seq);
    const listener = listen([
      ...base(),
      '--user',
      'erin',
      '--password',
      'erin-password',
      '--since',
      String(before.seq),
    ]);
    try {
      await eventually(() => expect(listener.messages.map((m) => m.seq)).toEqual(after), 10_000);
    } finally {
      listener.child.kill('SIGTERM');
      await frank.close();
    }
  });

  it('sends to a #room with --to, and listens to the rooms it is in', async () => {
    const owner = await edge.login('gina');
    await owner.request('room.create', { room: '#ops' });
    const hank = await edge.login('hank');
    await hank.request('room.join', { room: '#ops' });
    await hank.close();
    await (await edge.login('ivan')).close();
    const listener = listen([...base(), '--user', 'hank', '--password', 'hank-password']);
    try {
      await eventually(async () => {
        await owner.request('send', { to: '#ops', text: 'anyone on call?' });
        expect(listener.messages.some((m) => m.text === 'anyone on call?')).toBe(true);
      }, 10_000);
      expect(listener.messages.find((m) => m.text === 'anyone on call?')).toMatchObject({
        kind: 'room',
        to: '#ops',
        from: 'gina',
      });
      const got = nextEvent<MessageFrame>(owner, 'message');
      const result = await run([
        ...base(),
        '--user',
        'hank',
        '--password',
        'hank-password',
        '--send',
        'on it',
        '--to',
        '#ops',
      ]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(await got).toMatchObject({ kind: 'room', to: '#ops', from: 'hank', text: 'on it' });
      const outside = await run([
        ...base(),
        '--user',
        'ivan',
        '--password',
        'ivan-password',
        '--send',
        'hi',
        '--to',
        '#ops',
      ]);
      expect(outside.code).toBe(1);
      expect(outside.stderr).toContain('NOT_IN_ROOM');
    } finally {
      listener.child.kill('SIGTERM');
      await owner.close();
    }
  });

  it('listens, and after the edge restarts reconnects with since so nothing is missed', async () => {
    const carol = await edge.login('carol');
    const listener = listen([...base(), '--user', 'dave', '--password', 'dave-password', '--register']);
    try {
      await eventually(async () => {
        await carol.request('send', { to: 'dave', text: 'are you there?' });
        expect(listener.messages.some((m) => m.text === 'are you there?')).toBe(true);
      }, 10_000);
      await carol.close();
      await edge.restart({ samePort: true });
      const again = await edge.login('carol');
      const sent: number[] = [];
      for (let i = 0; i < 5; i++)
        sent.push((await again.request('send', { to: ['dave', 'bob'], text: `while away ${i}` })).seq);
      await eventually(
        () => expect(listener.messages.map((m) => m.seq)).toEqual(expect.arrayContaining(sent)),
        15_000,
      );
      const seqs = listener.messages.map((m) => m.seq);
      expect(new Set(seqs).size).toBe(seqs.length);
      await again.close();
    } finally {
      listener.child.kill('SIGTERM');
    }
  });
});
