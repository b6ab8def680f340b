import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ChatClient, ChatError, MediaFileReply, MessageFrame, WAVEFORM_LENGTH } from '@chat/protocol';

import { tempFiles as tempFilesIn } from './support/data-dir';
import { nextEvent } from './support/events';
import { gpsPhoto, hasGpsIfd, junk, tone } from './support/media-inputs';
import { SystemProcess } from './support/system-process';

const sha = (b: Buffer | Uint8Array): string => createHash('sha256').update(b).digest('hex');
const MAX_VOICE_SEC = 5;

/** Voice messages and pictures, processed by the real ffmpeg and sharp in the real edge and api (protocol.md §10). */
describe('media: voice messages and pictures over TCP and HTTP', () => {
  let sys: SystemProcess;
  let dir: string;
  let alice: ChatClient;
  let bob: ChatClient;
  let aliceToken: string;
  let bobToken: string;
  let carolToken: string;
  let inputs: { webm: string; m4a: string; wav: string; long: string; photo: string; photoExif: Buffer };
  let bad: { random: string; textWav: string };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chat-media-e2e-'));
    const photo = await gpsPhoto(dir);
    inputs = {
      webm: tone(dir, 'memo.webm', 2, ['-c:a', 'libopus']),
      m4a: tone(dir, 'memo.m4a', 2, ['-c:a', 'aac']),
      wav: tone(dir, 'memo.wav', 1),
      long: tone(dir, 'long.wav', MAX_VOICE_SEC + 2),
      photo: photo.path,
      photoExif: photo.exif,
    };
    bad = junk(dir);
    sys = await SystemProcess.start({ env: { MAX_VOICE_SEC: String(MAX_VOICE_SEC), MAX_FILE_MB: '5' } });
    [alice, bob] = await Promise.all([sys.tcp('alice'), sys.tcp('bob')]);
    [aliceToken, bobToken, carolToken] = await Promise.all([
      sys.token('alice'),
      sys.token('bob'),
      sys.token('carol'),
    ]);
  });
  afterAll(async () => {
    await Promise.all([alice?.close(), bob?.close()]);
    await sys?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  function post(
    kind: string,
    path: string,
    name: string,
    type = 'application/octet-stream',
    token = aliceToken,
  ) {
    const form = new FormData();
    form.append('file', new Blob([readFileSync(path)], { type }), name);
    return sys.request<MediaFileReply & { code?: string; message?: string }>('POST', `/api/media/${kind}`, {
      token,
      body: form,
    });
  }

  function get(id: string, token = bobToken, headers: Record<string, string> = {}) {
    return fetch(`${sys.baseUrl}/api/files/${encodeURIComponent(id)}`, {
      headers: { authorization: `Bearer ${token}`, ...headers },
    });
  }

  const tempFiles = () => tempFilesIn(sys.edge.dataDir);

  it('announces feature media and the media limits in hello', async () => {
    const probe = await sys.edge.connect();
    expect(probe.hello.features).toContain('media');
    expect(probe.hello.limits).toMatchObject({ voiceSec: MAX_VOICE_SEC, imagePx: 1920 });
    await probe.close();
    const health = await sys.request<{ media: Record<string, unknown> }>('GET', '/api/health');
    expect(health.body.media).toMatchObject({ available: true, ffmpegSource: 'PATH', jobs: { running: 0 } });
  });

  it('POST /api/media/voice turns a WebM/Opus recording into mono AAC with its duration and waveform; bob gets it in the message and seeks in it', async () => {
    const res = await post('voice', inputs.webm, 'memo.webm', 'audio/webm');
    expect(res.status).toBe(201);
    const { media } = res.body;
    expect(res.body).toMatchObject({
      fileId: expect.stringMatching(/^f_/),
      name: 'memo.m4a',
      mime: 'audio/mp4',
    });
    if (media.kind !== 'voice') throw new Error('not a voice message');
    // The half seconds of silence at both ends are trimmed.
    expect(media.durationMs).toBeGreaterThan(1700);
    expect(media.durationMs).toBeLessThan(2400);
    expect(media.waveform).toHaveLength(WAVEFORM_LENGTH);
    expect(Math.max(...media.waveform)).toBe(255);
    const delivered = nextEvent<MessageFrame>(bob, 'message');
    await alice.request('send', { to: 'bob', fileId: res.body.fileId });
    expect((await delivered).file).toMatchObject({ id: res.body.fileId, mime: 'audio/mp4', media });

    const whole = await get(res.body.fileId);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('audio/mp4');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    const bytes = Buffer.from(await whole.arrayBuffer());
    expect(bytes.length).toBe(res.body.size);
    expect(sha(bytes)).toBe(res.body.sha256);
    // An MP4 ('ftyp' box first) with its index up front (faststart), so playback starts at once.
    expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');

    const part = await get(res.body.fileId, bobToken, { range: 'bytes=100-199' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${res.body.size}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(bytes.subarray(100, 200));
    const tail = await get(res.body.fileId, bobToken, { range: 'bytes=-10' });
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(bytes.subarray(bytes.length - 10));
    const past = await get(res.body.fileId, bobToken, { range: `bytes=${res.body.size + 10}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${res.body.size}`);
    expect(await past.json()).toMatchObject({ code: 'RANGE_NOT_SATISFIABLE', size: res.body.size });
    // As a browser revalidates (fetch() itself would add `cache-control: no-cache` to a conditional request).
    const cached = await get(res.body.fileId, bobToken, {
      'if-none-match': `"${res.body.sha256}"`,
      'cache-control': 'max-age=0',
    });
    expect(cached.status).toBe(304);
    expect((await get(res.body.fileId, carolToken)).status).toBe(404);
    expect(tempFiles()).toEqual([]);
  });

  it.each([
    ['MP4/AAC (Safari)', 'm4a', 'audio/mp4', 2000],
    ['WAV', 'wav', 'audio/wav', 1000],
  ] as const)('POST /api/media/voice takes %s', async (_, key, type, ms) => {
    const res = await post('voice', inputs[key], `memo.${key}`, type);
    expect(res.status).toBe(201);
    expect(res.body.mime).toBe('audio/mp4');
    if (res.body.media.kind !== 'voice') throw new Error('not a voice message');
    expect(Math.abs(res.body.media.durationMs - ms)).toBeLessThan(400);
  });

  it('POST /api/media/image stores an upright JPEG without its EXIF and GPS, at its size, with a thumbnail bob may read once he got the picture', async () => {
    expect(hasGpsIfd(inputs.photoExif)).toBe(true);
    const res = await post('image', inputs.photo, 'holiday.jpg', 'image/jpeg');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'holiday.jpg',
      mime: 'image/jpeg',
      // Orientation 6: stored 640×480 sideways, shown 480×640.
      media: { kind: 'image', width: 480, height: 640, thumbId: expect.stringMatching(/^f_/) },
    });
    if (res.body.media.kind !== 'image') throw new Error('not a picture');
    const { thumbId } = res.body.media;
    // Before it is sent, only alice may read the picture and its thumbnail.
    expect((await get(thumbId)).status).toBe(404);
    const delivered = nextEvent<MessageFrame>(bob, 'message');
    await alice.request('send', { to: 'bob', fileId: res.body.fileId, text: 'look' });
    expect((await delivered).file?.media).toEqual(res.body.media);

    const picture = Buffer.from(await (await get(res.body.fileId)).arrayBuffer());
    const meta = await sharp(picture).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 480, height: 640 });
    expect(meta.exif).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    const thumb = await get(thumbId);
    expect(thumb.status).toBe(200);
    const thumbMeta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect(Math.max(thumbMeta.width!, thumbMeta.height!)).toBeLessThanOrEqual(320);
    expect(thumbMeta.height! > thumbMeta.width!).toBe(true);
    expect((await get(thumbId, carolToken)).status).toBe(404);
    expect(tempFiles()).toEqual([]);
  });

  it.each([
    ['random bytes as voice', 'voice', 'random', 415, 'UNSUPPORTED_MEDIA'],
    ['a text file named .wav as voice', 'voice', 'textWav', 415, 'UNSUPPORTED_MEDIA'],
    ['a picture as voice', 'voice', 'photo', 415, 'UNSUPPORTED_MEDIA'],
    ['random bytes as a picture', 'image', 'random', 415, 'UNSUPPORTED_MEDIA'],
    ['a recording as a picture', 'image', 'wav', 415, 'UNSUPPORTED_MEDIA'],
    [
      `${MAX_VOICE_SEC + 2} s of voice (MAX_VOICE_SEC ${MAX_VOICE_SEC})`,
      'voice',
      'long',
      413,
      'MEDIA_TOO_LONG',
    ],
  ] as const)(
    'POST /api/media refuses %s with %i %s and stores nothing',
    async (_, kind, key, status, code) => {
      const path = key in inputs ? inputs[key as keyof typeof inputs] : bad[key as keyof typeof bad];
      const before = readdirSync(join(sys.edge.dataDir, 'files')).length;
      const res = await post(kind, path as string, 'upload.bin');
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ code, message: expect.any(String) });
      expect(readdirSync(join(sys.edge.dataDir, 'files')).length).toBe(before);
      expect(tempFiles()).toEqual([]);
    },
  );

  it('POST /api/media needs a log-in and the part named file', async () => {
    const form = new FormData();
    form.append('other', new Blob([readFileSync(inputs.wav)]), 'memo.wav');
    expect((await sys.request('POST', '/api/media/voice', { body: form })).status).toBe(401);
    const missing = await sys.request('POST', '/api/media/voice', { token: aliceToken, body: form });
    expect(missing).toMatchObject({
      status: 400,
      body: { code: 'INVALID', message: 'Unexpected file field - other' },
    });
    const empty = await sys.request('POST', '/api/media/voice', { token: aliceToken, body: new FormData() });
    expect(empty).toMatchObject({ status: 400, body: { code: 'INVALID', field: 'file' } });
  });

  it('file.offer with media over TCP: the done reply describes the processed voice message, bob hears it over TCP', async () => {
    const done = await alice.upload(inputs.webm, { name: 'memo.webm', mime: 'audio/webm', media: 'voice' });
    expect(done).toMatchObject({ name: 'memo.m4a', mime: 'audio/mp4', media: { kind: 'voice' } });
    if (done.media?.kind !== 'voice') throw new Error('not a voice message');
    expect(done.media.durationMs).toBeGreaterThan(1700);
    const delivered = nextEvent<MessageFrame>(bob, 'message');
    await alice.request('send', { to: 'bob', fileId: done.fileId });
    expect((await delivered).file?.media).toEqual(done.media);
    const got = await bob.download(done.fileId);
    expect(got.sha256).toBe(done.sha256);
  });

  it('file.offer with media image over TCP, thumbnail readable over TCP by the recipient', async () => {
    const done = await alice.upload(inputs.photo, { name: 'me.jpg', mime: 'image/jpeg', media: 'image' });
    expect(done.media).toMatchObject({ kind: 'image', width: 480, height: 640 });
    if (done.media?.kind !== 'image') throw new Error('not a picture');
    await expect(bob.download(done.media.thumbId)).rejects.toMatchObject({ code: 'NO_SUCH_FILE' });
    await alice.request('send', { to: 'bob', fileId: done.fileId });
    const thumb = await bob.download(done.media.thumbId);
    expect(Math.max((await sharp(thumb.data).metadata()).width!, 1)).toBeLessThanOrEqual(320);
  });

  it.each([
    ['random bytes', 'voice', () => randomBytes(32 * 1024), 'UNSUPPORTED_MEDIA'],
    ['text as a picture', 'image', () => Buffer.from('hello '.repeat(500)), 'UNSUPPORTED_MEDIA'],
    ['too long a recording', 'voice', () => readFileSync(inputs.long), 'MEDIA_TOO_LONG'],
  ] as const)('file.done of a media upload of %s answers %s', async (_, media, data, code) => {
    const err = await alice.upload(data(), { name: 'x.bin', media }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChatError);
    expect(err).toMatchObject({ code });
    // The connection goes on.
    expect(await alice.request('who', {})).toMatchObject({ online: expect.any(Array) });
    expect(tempFiles()).toEqual([]);
  });

  it('file.offer refuses a media kind it does not know', async () => {
    await expect(
      alice.request('file.offer', { name: 'x', size: 1, sha256: 'a'.repeat(64), media: 'video' } as never),
    ).rejects.toMatchObject({ code: 'INVALID' });
  });
});
