import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { tone } from '../support/media-inputs';
import { SystemProcess } from '../support/system-process';

interface Track {
  id: string;
  title: string;
  durationMs: number;
  fileId: string;
  mime: string;
  addedBy: string;
  addedAt: string;
}

const BUNDLED = ['Morning Tea', 'Harbour Lights', 'Paper Kites', 'Slow Orbit'];

describe('admin API: music tracks', () => {
  let sys: SystemProcess;
  let dir: string;
  let wav: Buffer;
  let adminToken: string;
  let bobToken: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'music-e2e-'));
    wav = readFileSync(tone(dir, 'song.wav', 2));
    sys = await SystemProcess.start();
    [adminToken, bobToken] = await Promise.all([sys.adminToken(), sys.token('bob')]);
  });
  afterAll(async () => {
    await sys?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  function add(data: Buffer, name: string, token: string, title?: string) {
    const form = new FormData();
    if (title !== undefined) form.append('title', title);
    form.append('file', new Blob([data], { type: 'audio/wav' }), name);
    return sys.request<Track & { code?: string }>('POST', '/api/music', { token, body: form });
  }

  it('a fresh install lists the four bundled tracks, each downloadable by a plain user', async () => {
    const list = await sys.request<Track[]>('GET', '/api/music', { token: bobToken });
    expect(list.status).toBe(200);
    expect(list.body.map((t) => t.title)).toEqual(BUNDLED);
    for (const track of list.body) {
      expect(track).toMatchObject({ mime: 'audio/mp4', addedBy: 'admin' });
      expect(track.durationMs).toBeGreaterThan(45_000);
      expect(track.durationMs).toBeLessThan(90_000);
      const file = await fetch(`${sys.baseUrl}/api/files/${track.fileId}`, {
        headers: { authorization: `Bearer ${bobToken}` },
      });
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('audio/mp4');
      const bytes = Buffer.from(await file.arrayBuffer());
      expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
      expect(bytes.length).toBeGreaterThan(500_000);
    }
  });

  it('an admin adds a track: transcoded, listed, downloadable by a plain user; deleting unlists it', async () => {
    const added = await add(wav, 'song.wav', adminToken, 'Evening rain');
    expect(added.status).toBe(201);
    expect(added.body).toEqual({
      id: expect.stringMatching(/^t_/),
      title: 'Evening rain',
      durationMs: 3000,
      fileId: expect.stringMatching(/^f_/),
      mime: 'audio/mp4',
      addedBy: 'admin',
      addedAt: expect.any(String),
    });
    const untitled = await add(wav, 'Night walk.wav', adminToken);
    expect(untitled.body.title).toBe('Night walk');

    const list = await sys.request<Track[]>('GET', '/api/music', { token: bobToken });
    expect(list.status).toBe(200);
    expect(list.body.map((t) => t.title)).toEqual([...BUNDLED, 'Evening rain', 'Night walk']);

    const file = await fetch(`${sys.baseUrl}/api/files/${added.body.fileId}`, {
      headers: { authorization: `Bearer ${bobToken}` },
    });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('audio/mp4');
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');

    const removed = await sys.request('DELETE', `/api/music/${added.body.id}`, { token: adminToken });
    expect(removed.status).toBe(204);
    expect((await sys.request('DELETE', `/api/music/${added.body.id}`, { token: adminToken })).status).toBe(
      404,
    );
    const after = await fetch(`${sys.baseUrl}/api/files/${added.body.fileId}`, {
      headers: { authorization: `Bearer ${bobToken}` },
    });
    expect(after.status).toBe(404);
  });

  it.each([
    ['a plain user', () => add(wav, 'song.wav', bobToken), 403, 'FORBIDDEN'],
    [
      'not audio',
      () => add(Buffer.from('not audio at all\n'.repeat(200)), 'x.mp3', adminToken),
      415,
      'UNSUPPORTED_MEDIA',
    ],
    [
      'no file part',
      () => sys.request('POST', '/api/music', { token: adminToken, body: new FormData() }),
      400,
      'INVALID',
    ],
    ['a title too long', () => add(wav, 'song.wav', adminToken, 'x'.repeat(201)), 400, 'INVALID'],
  ] as const)('refuses %s with %s %s', async (_what, send, status, code) => {
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ code });
  });

  it('a plain user may not delete a track', async () => {
    const res = await sys.request('DELETE', '/api/music/t_nope', { token: bobToken });
    expect(res.status).toBe(403);
  });

  it('seeds once: a restart lists nothing again, even after an admin unlisted every bundled track', async () => {
    await sys.api.stop();
    await sys.api.start();
    const token = await sys.adminToken();
    const before = await sys.request<Track[]>('GET', '/api/music', { token });
    expect(before.body.filter((t) => BUNDLED.includes(t.title)).map((t) => t.title)).toEqual(BUNDLED);
    for (const track of before.body) {
      expect((await sys.request('DELETE', `/api/music/${track.id}`, { token })).status).toBe(204);
    }
    await sys.api.stop();
    await sys.api.start();
    const after = await sys.request<Track[]>('GET', '/api/music', { token: await sys.adminToken() });
    expect(after.body).toEqual([]);
  });
});
