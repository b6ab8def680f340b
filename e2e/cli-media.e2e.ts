import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MessageFrame } from '@chat/protocol';

import { EdgeProcess } from './support/edge-process';
import { nextEvent } from './support/events';
import { ROOT } from './support/service-process';

const CLI = join(ROOT, 'dist/apps/cli/src/main.js');

/** The interactive client with its lines piped in (no terminal): it runs them in turn, then logs out. */
function repl(
  args: string[],
  lines: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(lines.map((line) => `${line}\n`).join(''));
  });
}

/** Runs ffmpeg to make a test input; false when there is no ffmpeg to run. */
function ffmpeg(args: string[]): boolean {
  try {
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// Runs once the edge processes media (feature `media` in its hello, protocol.md §10); until then,
// and where ffmpeg is missing, its tests are skipped saying why.
describe('terminal client: voice messages and pictures (protocol.md §10)', () => {
  let edge: EdgeProcess;
  let dir: string;
  let skipReason: string | undefined;

  beforeAll(async () => {
    edge = await EdgeProcess.start();
    dir = mkdtempSync(join(tmpdir(), 'chat-cli-media-'));
    const probe = await edge.connect();
    const features = probe.hello.features;
    await probe.close();
    if (!features.includes('media')) {
      skipReason = `the edge's hello has no feature "media" (features: ${features.join(', ')}): nothing to test yet`;
    } else if (
      !ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', join(dir, 'tone.wav')]) ||
      !ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=640x480', '-frames:v', '1', join(dir, 'shot.jpg')])
    ) {
      skipReason = 'no ffmpeg on the PATH to make the test recording and picture with';
    }
    if (skipReason) console.warn(`cli-media.e2e: skipped: ${skipReason}`);
  });
  afterAll(async () => {
    await edge.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const as = (user: string): string[] => [
    ...['--host', '127.0.0.1', '--port', String(edge.port)],
    ...['--user', user, '--password', `${user}-password`],
  ];

  it('/voice sends a 2 s WAV as a voice message that another client receives as media voice', async (ctx) => {
    ctx.skip(skipReason !== undefined, skipReason);
    const bob = await edge.login('bob');
    await (await edge.login('alice')).close();
    try {
      const delivered = nextEvent<MessageFrame>(bob, 'message', 30_000);
      const result = await repl(as('alice'), [`/voice ${join(dir, 'tone.wav')} bob`]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^sent \[voice 0:0[12]\] to bob$/m);
      const message = await delivered;
      expect(message).toMatchObject({ from: 'alice', to: 'bob', kind: 'private' });
      expect(message.file?.media).toMatchObject({ kind: 'voice' });
      const media = message.file!.media!;
      expect(media.kind === 'voice' && Math.abs(media.durationMs - 2_000)).toBeLessThan(500);
    } finally {
      await bob.close();
    }
  });

  it('/image sends a picture, printed with its size in the history', async (ctx) => {
    ctx.skip(skipReason !== undefined, skipReason);
    await (await edge.login('carol')).close();
    await (await edge.login('dave')).close();
    const sent = await repl(as('carol'), [`/image ${join(dir, 'shot.jpg')} dave`]);
    expect(sent.stderr).toBe('');
    expect(sent.stdout).toMatch(/^sent \[picture 640×480\] to dave$/m);
    const history = await repl(as('dave'), ['/history carol']);
    expect(history.stdout).toMatch(/carol → you \(private\): \[picture 640×480\] \/get \S+$/m);
  });
});
