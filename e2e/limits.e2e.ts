import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MAX_UPLOADS_PER_CONNECTION } from '@chat/protocol';

import { EdgeProcess } from './support/edge-process';
import { RawSocket } from './support/raw-socket';

describe('connection limit', () => {
  let edge: EdgeProcess;

  beforeAll(async () => {
    edge = await EdgeProcess.start({ env: { MAX_CONNECTIONS: '2' } });
  });
  afterAll(() => edge.dispose());

  it('answers SERVER_BUSY and closes when the edge is full, and accepts again once a place frees up', async () => {
    const a = await RawSocket.open(edge.port);
    const b = await RawSocket.open(edge.port);
    await Promise.all([a, b].map((s) => s.waitFor((f) => f.type === 'hello')));
    const c = await RawSocket.open(edge.port);
    expect(await c.waitFor((f) => f.type === 'error')).toMatchObject({ code: 'SERVER_BUSY' });
    await c.waitClosed();
    a.close();
    await new Promise((r) => setTimeout(r, 100));
    const d = await RawSocket.open(edge.port);
    expect(await d.waitFor((f) => f.type === 'hello')).toMatchObject({ protocol: 1 });
    b.close();
    d.close();
  });
});

describe('uploads in progress per connection', () => {
  let edge: EdgeProcess;

  beforeAll(async () => {
    // Few descriptors, as on a small host: each upload in progress holds one (its temporary file).
    edge = await EdgeProcess.start({ wrap: ['prlimit', '--nofile=256:256'] });
  });
  afterAll(() => edge.dispose());

  it('refuses a file.offer past MAX_UPLOADS_PER_CONNECTION with QUOTA_EXCEEDED, so that offers cannot use up the descriptors', async () => {
    const client = await edge.login('offerer');
    const sha256 = 'ab'.repeat(32);
    const replies = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        client.request('file.offer', { name: `f${i}`, size: 10, sha256 }).then(
          () => 'ok',
          (err: { code?: string }) => err.code,
        ),
      ),
    );
    expect(replies.slice(0, MAX_UPLOADS_PER_CONNECTION)).toEqual(
      Array(MAX_UPLOADS_PER_CONNECTION).fill('ok'),
    );
    expect(new Set(replies.slice(MAX_UPLOADS_PER_CONNECTION))).toEqual(new Set(['QUOTA_EXCEEDED']));
    // The edge still has descriptors for others: a new connection, an upload on it.
    const other = await edge.login('other-offerer');
    const file = await other.upload(Buffer.from('still serving'), { name: 'a.txt' });
    expect(file.size).toBe(13);
    expect(edge.output).not.toMatch(/EMFILE|ERROR/);
    await Promise.all([client.close(), other.close()]);
  });
});
