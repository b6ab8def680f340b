import { createHash, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ChatClient, MessageFrame } from '@chat/protocol';

import { tempFiles } from '../support/data-dir';
import { eventually, nextEvent } from '../support/events';
import { SystemProcess } from '../support/system-process';

const sha = (b: Buffer | Uint8Array): string => createHash('sha256').update(b).digest('hex');
const MAX_FILE_MB = 3;

interface FileInfo {
  id: string;
  name: string;
  size: number;
  sha256: string;
  mime: string;
}

describe('admin API: files over HTTP, the same store and rules as the protocol', () => {
  let sys: SystemProcess;
  let alice: ChatClient;
  let bob: ChatClient;
  let aliceToken: string;
  let bobToken: string;

  beforeAll(async () => {
    sys = await SystemProcess.start({ env: { MAX_FILE_MB: String(MAX_FILE_MB) } });
    [alice, bob] = await Promise.all([sys.tcp('alice'), sys.tcp('bob')]);
    [aliceToken, bobToken] = await Promise.all([sys.token('alice'), sys.token('bob')]);
  });
  afterAll(async () => {
    await Promise.all([alice?.close(), bob?.close()]);
    await sys?.dispose();
  });

  function upload(data: Buffer, name: string, type: string, token = aliceToken, field = 'file') {
    const form = new FormData();
    form.append(field, new Blob([data], { type }), name);
    return sys.request<FileInfo>('POST', '/api/files', { token, body: form });
  }

  function download(id: string, token = bobToken) {
    return fetch(`${sys.baseUrl}/api/files/${encodeURIComponent(id)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
  }

  it('uploads over HTTP (streamed, hashed on the way), sends over TCP, downloads over TCP with the same SHA-256', async () => {
    const data = randomBytes(2_500_000);
    const res = await upload(data, 'photo.jpg', 'image/jpeg');
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^f_/),
      name: 'photo.jpg',
      size: data.length,
      sha256: sha(data),
      mime: 'image/jpeg',
    });
    const delivered = nextEvent<MessageFrame>(bob, 'message');
    await alice.request('send', { to: 'bob', fileId: res.body.id, text: 'from the browser' });
    expect((await delivered).file).toEqual(res.body);
    const got = await bob.download(res.body.id);
    expect(got.sha256).toBe(sha(data));
    expect(sha(got.data!)).toBe(sha(data));
    // Content-addressed, like the protocol's uploads; no temp file left behind.
    expect(readdirSync(join(sys.edge.dataDir, 'files'))).toContain(sha(data));
    expect(tempFiles(sys.edge.dataDir)).toEqual([]);
  });

  it('uploads over TCP, sends, downloads over HTTP with the same SHA-256, type and name', async () => {
    const data = randomBytes(1_200_000);
    const done = await alice.upload(data, { name: 'résumé final.pdf', mime: 'application/pdf' });
    await alice.request('send', { to: 'bob', fileId: done.fileId });
    const res = await download(done.fileId);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-length')).toBe(String(data.length));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="r_sum_ final.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%20final.pdf`,
    );
    const body = Buffer.from(await res.arrayBuffer());
    expect(sha(body)).toBe(done.sha256);
  });

  it('keeps a UTF-8 file name from a browser upload', async () => {
    const res = await upload(Buffer.from('hello'), 'café ☕.txt', 'text/plain');
    expect(res.body).toMatchObject({ name: 'café ☕.txt', size: 5, mime: 'text/plain' });
  });

  it('lets only the uploader and the participants read a file: others get 404 NO_SUCH_FILE', async () => {
    const carol = await sys.token('carol');
    const res = await upload(Buffer.from('secret'), 'secret.txt', 'text/plain');
    expect((await download(res.body.id, aliceToken)).status).toBe(200);
    const before = await download(res.body.id, bobToken);
    expect(before.status).toBe(404);
    expect(await before.json()).toMatchObject({ code: 'NO_SUCH_FILE' });
    await alice.request('send', { to: 'bob', fileId: res.body.id });
    expect((await download(res.body.id, bobToken)).status).toBe(200);
    expect((await download(res.body.id, carol)).status).toBe(404);
    // The same rule over TCP.
    const carolTcp = await sys.tcp('carol');
    await expect(carolTcp.download(res.body.id)).rejects.toMatchObject({ code: 'NO_SUCH_FILE' });
    await carolTcp.close();
  });

  it('answers 404 NO_SUCH_FILE for an unknown id, whatever it looks like', async () => {
    for (const id of ['f_nope', '..%2F..%2Fjwt-secret', 'x'.repeat(300)]) {
      const res = await download(id);
      expect(res.status, id).toBe(404);
      expect(await res.json()).toMatchObject({ statusCode: 404, code: 'NO_SUCH_FILE' });
    }
  });

  it('refuses a file over MAX_FILE_MB: 413 FILE_TOO_LARGE, and keeps nothing of it', async () => {
    const data = randomBytes(MAX_FILE_MB * 1024 * 1024 + 1);
    const res = await upload(data, 'big.bin', 'application/octet-stream');
    expect(res).toMatchObject({ status: 413, body: { statusCode: 413, code: 'FILE_TOO_LARGE' } });
    await eventually(() => expect(tempFiles(sys.edge.dataDir)).toEqual([]));
    expect(readdirSync(join(sys.edge.dataDir, 'files'))).not.toContain(sha(data));
  });

  it('accepts a file of exactly MAX_FILE_MB', async () => {
    const data = randomBytes(MAX_FILE_MB * 1024 * 1024);
    const res = await upload(data, 'exact.bin', 'application/octet-stream');
    expect(res).toMatchObject({ status: 201, body: { size: data.length, sha256: sha(data) } });
  });

  /** A multipart form from [field, content, file name?] parts. */
  const form = (...parts: [string, string, string?][]): FormData => {
    const f = new FormData();
    for (const [field, content, name] of parts) {
      if (name === undefined) f.append(field, content);
      else f.append(field, new Blob([content]), name);
    }
    return f;
  };

  it.each([
    ['no file part', 'INVALID', /^A multipart part named "file" is required$/, () => form(['note', 'x'])],
    [
      'a part with another name',
      'INVALID',
      /^Unexpected file field - upload$/,
      () => form(['upload', 'x', 'x.txt']),
    ],
    ['two files', 'INVALID', /^Too many files$/, () => form(['file', 'a', 'a'], ['file', 'b', 'b'])],
    [
      'a body that is not multipart',
      'INVALID',
      /^A multipart part named "file" is required$/,
      () => 'just text',
    ],
  ])('refuses %s: 400 %s', async (_case, code, message, body) => {
    const res = await sys.request('POST', '/api/files', { token: aliceToken, body: body() });
    expect(res).toMatchObject({ status: 400, body: { statusCode: 400, code } });
    expect(res.body.message).toMatch(message);
  });

  it('refuses uploads and downloads without a token: 401', async () => {
    const form = new FormData();
    form.append('file', new Blob(['x']), 'x.txt');
    expect((await sys.request('POST', '/api/files', { body: form })).status).toBe(401);
    expect((await fetch(`${sys.baseUrl}/api/files/f_x`)).status).toBe(401);
  });

  it('a connection that drops mid-upload leaves no file', async () => {
    const boundary = 'xyzBOUNDARY';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`;
    const { request } = await import('node:http');
    const req = request(`${sys.baseUrl}/api/files`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${aliceToken}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
    });
    req.on('error', () => undefined);
    req.write(head);
    req.write(randomBytes(500_000));
    await eventually(() => expect(tempFiles(sys.edge.dataDir)).toHaveLength(1), 3_000);
    req.destroy();
    await eventually(() => expect(tempFiles(sys.edge.dataDir)).toEqual([]), 3_000);
  });
});
