import { createHash, randomBytes } from 'node:crypto';

import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SystemProcess } from '../support/system-process';

const sha = (b: Buffer | Uint8Array): string => createHash('sha256').update(b).digest('hex');
const MAX_SNAPSHOTS = 4;

interface Snapshot {
  id: string;
  fileId: string;
  thumbId: string;
  name: string;
  mime: string;
  size: number;
  width: number;
  height: number;
  createdAt: string;
}

interface SnapshotPage {
  items: Snapshot[];
  total: number;
  offset: number;
  limit: number;
  max: number;
}

const png = (width: number, height: number): Promise<Buffer> =>
  sharp({ create: { width, height, channels: 3, background: '#3366cc' } })
    .png()
    .toBuffer();

describe('admin API: the Snapshots folder, private to its owner', () => {
  let sys: SystemProcess;
  let alice: string;
  let bob: string;
  let carol: string;

  beforeAll(async () => {
    sys = await SystemProcess.start({ env: { MAX_SNAPSHOTS: String(MAX_SNAPSHOTS) } });
    [alice, bob, carol] = await Promise.all([sys.token('alice'), sys.token('bob'), sys.token('carol')]);
  });
  afterAll(() => sys?.dispose());

  function post(data: Buffer, name: string, type: string, token = alice, field = 'file') {
    const form = new FormData();
    form.append(field, new Blob([data], { type }), name);
    return sys.request<Snapshot>('POST', '/api/snapshots', { token, body: form });
  }

  const list = (token = alice, query = '') =>
    sys.request<SnapshotPage>('GET', `/api/snapshots${query}`, { token });

  const file = (id: string, token = alice) =>
    fetch(`${sys.baseUrl}/api/files/${encodeURIComponent(id)}`, {
      headers: { authorization: `Bearer ${token}` },
    });

  it('keeps a PNG as it was sent, with its size and a thumbnail, and lists it newest first', async () => {
    const first = await png(1280, 720);
    const res = await post(first, 'shot.png', 'image/png');
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^s_/),
      fileId: expect.stringMatching(/^f_/),
      thumbId: expect.stringMatching(/^f_/),
      name: 'shot.png',
      mime: 'image/png',
      size: first.length,
      width: 1280,
      height: 720,
      createdAt: expect.any(String),
    });
    const bytes = Buffer.from(await (await file(res.body.fileId)).arrayBuffer());
    expect(sha(bytes)).toBe(sha(first));
    const thumb = await file(res.body.thumbId);
    expect(thumb.headers.get('content-type')).toBe('image/jpeg');
    expect(await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).toMatchObject({
      width: 320,
      height: 180,
    });

    // The type is the one found in the bytes, and the name gets its extension.
    const second = await post(await sharp(first).jpeg().toBuffer(), 'later', 'application/octet-stream');
    expect(second.body).toMatchObject({ name: 'later.jpg', mime: 'image/jpeg' });
    const page = await list();
    expect(page.body).toMatchObject({ total: 2, offset: 0, limit: 50, max: MAX_SNAPSHOTS });
    expect(page.body.items.map((s) => s.id)).toEqual([second.body.id, res.body.id]);
    expect((await list(alice, '?offset=1&limit=1')).body.items.map((s) => s.id)).toEqual([res.body.id]);
  });

  it('is private: others list nothing, cannot read the picture nor its thumbnail, nor delete it', async () => {
    const shot = (await post(await png(64, 48), 'mine.png', 'image/png')).body;
    expect((await list(bob)).body).toMatchObject({ items: [], total: 0 });
    for (const id of [shot.fileId, shot.thumbId]) {
      const res = await file(id, bob);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ code: 'NO_SUCH_FILE' });
    }
    const del = await sys.request('DELETE', `/api/snapshots/${shot.id}`, { token: bob });
    expect(del.status).toBe(404);
    expect(del.body).toMatchObject({ code: 'NO_SUCH_FILE', message: 'No such snapshot' });
    expect((await list()).body.items.map((s) => s.id)).toContain(shot.id);
  });

  it('deletes the owner’s snapshot, once', async () => {
    const shot = (await post(await png(32, 32), 'gone.png', 'image/png')).body;
    expect((await sys.request('DELETE', `/api/snapshots/${shot.id}`, { token: alice })).status).toBe(204);
    expect((await list()).body.items.map((s) => s.id)).not.toContain(shot.id);
    expect((await sys.request('DELETE', `/api/snapshots/${shot.id}`, { token: alice })).status).toBe(404);
  });

  it.each([
    ['no part named file', async () => ({ data: await png(8, 8), field: 'picture' }), 400, 'INVALID'],
    ['random bytes', async () => ({ data: randomBytes(5000) }), 415, 'UNSUPPORTED_MEDIA'],
    [
      'a WebP',
      async () => ({
        data: await sharp(await png(8, 8))
          .webp()
          .toBuffer(),
      }),
      415,
      'UNSUPPORTED_MEDIA',
    ],
    [
      'an SVG',
      async () => ({ data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') }),
      415,
      'UNSUPPORTED_MEDIA',
    ],
    ['over 10 MB', async () => ({ data: randomBytes(10 * 1024 * 1024 + 1) }), 413, 'FILE_TOO_LARGE'],
  ])('refuses %s and keeps nothing', async (_what, make, status, code) => {
    const before = (await list(carol)).body.total;
    const { data, field } = (await make()) as { data: Buffer; field?: string };
    const res = await post(data, 'x.png', 'image/png', carol, field);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ code });
    if (code === 'FILE_TOO_LARGE') expect(res.body).toMatchObject({ max: 10 * 1024 * 1024 });
    expect((await list(carol)).body.total).toBe(before);
  });

  it('refuses without a log-in', async () => {
    const res = await sys.request('GET', '/api/snapshots');
    expect(res.status).toBe(401);
  });

  it(`holds at most MAX_SNAPSHOTS (${MAX_SNAPSHOTS}) per user: beyond, QUOTA_EXCEEDED until one is deleted`, async () => {
    const dave = await sys.token('dave');
    const shot = await png(16, 16);
    const kept: Snapshot[] = [];
    for (let i = 0; i < MAX_SNAPSHOTS; i++)
      kept.push((await post(shot, `s${i}.png`, 'image/png', dave)).body);
    const over = await post(shot, 'one-too-many.png', 'image/png', dave);
    expect(over.status).toBe(409);
    expect(over.body).toMatchObject({ code: 'QUOTA_EXCEEDED', max: MAX_SNAPSHOTS });
    // The bound is per user: others still may.
    expect((await post(shot, 'other.png', 'image/png', carol)).status).toBe(201);
    await sys.request('DELETE', `/api/snapshots/${kept[0].id}`, { token: dave });
    expect((await post(shot, 'now.png', 'image/png', dave)).status).toBe(201);
  });
});
