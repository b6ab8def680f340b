import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ChatClient } from '@chat/protocol';

import { SystemProcess } from './support/system-process';

/** Without ffmpeg (none configured, none installed with npm, none on the PATH) media is off and the rest works. */
describe('media without ffmpeg', () => {
  let sys: SystemProcess;
  let emptyBin: string;
  let alice: ChatClient;
  let token: string;

  beforeAll(async () => {
    emptyBin = mkdtempSync(join(tmpdir(), 'chat-no-ffmpeg-'));
    sys = await SystemProcess.start({ env: { PATH: emptyBin, FFMPEG_PATH: join(emptyBin, 'ffmpeg') } });
    alice = await sys.tcp('alice');
    token = await sys.token('alice');
  });
  afterAll(async () => {
    await alice?.close();
    await sys?.dispose();
    rmSync(emptyBin, { recursive: true, force: true });
  });

  it('says so at start-up, in hello (no feature media, no media limits) and in /api/health', async () => {
    expect(sys.edge.output).toMatch(/FFMPEG_PATH=.* does not run/);
    expect(sys.edge.output).toMatch(/No ffmpeg .*MEDIA_UNAVAILABLE/);
    expect(alice.hello.features).not.toContain('media');
    expect(alice.hello.limits.voiceSec).toBeUndefined();
    const health = await sys.request<{ status: string; media: Record<string, unknown> }>(
      'GET',
      '/api/health',
    );
    expect(health.status).toBe(200);
    expect(health.body.media).toMatchObject({
      available: false,
      reason: expect.stringContaining('No ffmpeg'),
    });
  });

  it.each(['voice', 'image'])(
    'POST /api/media/%s answers 503 MEDIA_UNAVAILABLE with a clear message',
    async (kind) => {
      const form = new FormData();
      form.append('file', new Blob([Buffer.from('RIFF')]), 'x.bin');
      const res = await sys.request('POST', `/api/media/${kind}`, { token, body: form });
      expect(res).toMatchObject({
        status: 503,
        body: { code: 'MEDIA_UNAVAILABLE', message: expect.stringContaining('no ffmpeg') },
      });
    },
  );

  it('file.offer with media answers MEDIA_UNAVAILABLE before a byte is sent; plain files still work', async () => {
    await expect(
      alice.upload(Buffer.from('RIFF....'), { name: 'memo.wav', media: 'voice' }),
    ).rejects.toMatchObject({
      code: 'MEDIA_UNAVAILABLE',
    });
    const done = await alice.upload(Buffer.from('plain bytes'), { name: 'notes.txt' });
    expect(done.media).toBeUndefined();
    await alice.request('send', { to: '*', fileId: done.fileId, text: 'still works' });
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('over http')]), 'http.txt');
    expect((await sys.request('POST', '/api/files', { token, body: form })).status).toBe(201);
  });
});
