import { createHash } from 'node:crypto';
import { connect, Socket } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ChatClient, MAX_JSON_DEPTH, MEDIA_TYPE_RULE } from '@chat/protocol';

import { eventually } from './support/events';
import { SystemProcess } from './support/system-process';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** A bare TCP connection to an HTTP port: writes what it is given, keeps what it reads. */
class RawHttp {
  public received = '';
  public readonly closed: Promise<void>;

  private constructor(public readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => (this.received += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  public static open(port: number): Promise<RawHttp> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1' }, () => resolve(new RawHttp(socket)));
      socket.once('error', reject);
    });
  }

  /** Writes `piece` every 100 ms until the server closes the connection: a client dripping its request. */
  public async dripUntilClosed(piece: string): Promise<string> {
    const drip = setInterval(() => this.socket.write(piece), 100);
    try {
      await this.closed;
    } finally {
      clearInterval(drip);
    }
    return this.received;
  }

  /** Sends a whole request; its response's status line, or '' when the server closes first. */
  public async request(path: string): Promise<string> {
    this.socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
    await Promise.race([eventually(() => expect(this.received).toMatch(/^HTTP\/1\.1 \d{3} /)), this.closed]);
    return this.received.slice(0, 12);
  }
}

/** Defects of the security probe on the HTTP side (issue 13, items 7, 13, 18 and 19). */
describe('HTTP hardening (issue 13): request bodies', () => {
  let sys: SystemProcess;
  let alice: ChatClient;
  let token: string;

  beforeAll(async () => {
    sys = await SystemProcess.start({ env: { MAX_FILE_MB: '2' } });
    alice = await sys.tcp('alice');
    token = await sys.token('alice');
  });
  afterAll(async () => {
    await alice?.close();
    await sys?.dispose();
  });

  function upload(form: FormData) {
    return sys.request('POST', '/api/files', { token, body: form });
  }

  function withFile(fields: [string, string][]): FormData {
    const form = new FormData();
    for (const [name, value] of fields) form.append(name, value);
    form.append('file', new Blob([Buffer.from('hello')], { type: 'text/plain' }), 'hello.txt');
    return form;
  }

  it('item 7: a multipart upload with many text fields, or a long one, is refused with 400', async () => {
    const many = Array.from({ length: 150 }, (_, i): [string, string] => [`f${i}`, 'x'.repeat(1024)]);
    expect(await upload(withFile(many))).toMatchObject({
      status: 400,
      body: { code: 'INVALID', message: 'Too many fields' },
    });
    expect(await upload(withFile([['note', 'x'.repeat(64 * 1024)]]))).toMatchObject({
      status: 400,
      body: { code: 'INVALID', message: 'Field value too long - note' },
    });
    expect(await upload(withFile([['n'.repeat(200), 'x']]))).toMatchObject({
      status: 400,
      body: { code: 'INVALID', message: expect.stringMatching(/^Field name too long/) },
    });
    const twoFiles = withFile([]);
    twoFiles.append('file', new Blob([Buffer.from('again')]), 'again.txt');
    expect(await upload(twoFiles)).toMatchObject({ status: 400, body: { code: 'INVALID' } });
    // A few short fields beside the file are still fine, and the api is up.
    expect(await upload(withFile([['a', '1']]))).toMatchObject({ status: 201, body: { name: 'hello.txt' } });
  });

  it('item 18: file.offer refuses a mime with CR/LF (INVALID), so no file is stored that cannot be downloaded', async () => {
    const data = Buffer.from('injected?');
    for (const mime of ['text/plain\r\nSet-Cookie: a=b', 'text/plain\n', 'text plain', '']) {
      await expect(
        alice.request('file.offer', { name: 'x.txt', size: data.length, sha256: sha(data), mime }),
      ).rejects.toMatchObject({ code: 'INVALID', message: `mime: ${MEDIA_TYPE_RULE}` });
    }
    // A media type with parameters is one: uploaded over TCP, it downloads over REST as it was given.
    const done = await alice.upload(data, { name: 'x.txt', mime: 'text/plain; charset=utf-8' });
    const res = await fetch(`${sys.baseUrl}/api/files/${done.fileId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(data);
  });

  it('item 18: a REST upload is stored with a media type whatever its part claims, and downloads', async () => {
    const boundary = 'b0undary';
    const part = (type: string): string =>
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n` +
      `Content-Type: ${type}\r\n\r\nbytes\r\n--${boundary}--\r\n`;
    for (const type of ['"text/plain"', 'text/plain; charset="a b"', 'tëxt/plain', 'image/png; x=1']) {
      const res = await sys.request<{ id: string; mime: string }>('POST', '/api/files', {
        token,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        body: part(type),
      });
      expect(res.status).toBe(201);
      const got = await fetch(`${sys.baseUrl}/api/files/${res.body.id}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(got.status).toBe(200);
      expect(got.headers.get('content-type')).toBe(res.body.mime);
    }
    // A CR inside the part's headers is not a header at all.
    const cr = await sys.request('POST', '/api/files', {
      token,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: part('text/plain\rX-Injected: 1'),
    });
    expect(cr).toMatchObject({ status: 400, body: { code: 'INVALID' } });
  });

  it(`item 19: a JSON body nested deeper than ${MAX_JSON_DEPTH} levels is refused with 400, no stack, and the api stays up`, async () => {
    const bodies = [
      '['.repeat(45_000) + ']'.repeat(45_000),
      '{"a":'.repeat(15_000) + '1' + '}'.repeat(15_000),
      `{"username":"alice","password":${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}}`,
    ];
    for (const body of bodies) {
      const res = await sys.request('POST', '/api/auth/login', {
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(res).toMatchObject({
        status: 400,
        body: {
          statusCode: 400,
          code: 'INVALID',
          message: `JSON nested deeper than ${MAX_JSON_DEPTH} levels`,
        },
      });
      expect(JSON.stringify(res.body)).not.toMatch(/\bat \S+ \(|RangeError|stack/);
    }
    // A urlencoded body is bounded by body-parser's own depth.
    const form = await sys.request('POST', '/api/auth/login', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `a${'[b]'.repeat(10_000)}=1`,
    });
    expect(form).toMatchObject({ status: 400, body: { code: 'INVALID' } });
    // Exactly at the bound is parsed, and then validated; and the process is still answering.
    const atBound = await sys.request('POST', '/api/auth/login', {
      headers: { 'content-type': 'application/json' },
      body: `{"username":"alice","password":${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)}}`,
    });
    expect(atBound).toMatchObject({ status: 400, body: { code: 'INVALID', field: 'password' } });
    const flat = await sys.request('POST', '/api/auth/login', {
      json: { username: 'alice', password: 'alice-password' },
    });
    expect(flat.status).toBe(200);
    expect(sys.api.output).not.toMatch(/RangeError|Maximum call stack/);
  });
});

describe('HTTP hardening (issue 13): connections (item 13)', () => {
  const MAX_HTTP_CONNECTIONS = 4;
  let sys: SystemProcess;

  beforeAll(async () => {
    sys = await SystemProcess.start({
      env: {
        HTTP_HEADERS_TIMEOUT_SEC: '1',
        HTTP_REQUEST_TIMEOUT_SEC: '2',
        MAX_HTTP_CONNECTIONS: String(MAX_HTTP_CONNECTIONS),
      },
    });
  });
  afterAll(async () => {
    await sys?.dispose();
  });

  it('the api answers 408 and closes a connection that drips its headers', async () => {
    const raw = await RawHttp.open(sys.api.port);
    raw.socket.write('GET /api/health HTTP/1.1\r\nHost: localhost\r\n');
    expect(await raw.dripUntilClosed('X-Drip: 1\r\n')).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('the api answers 408 and closes a connection that drips its body', async () => {
    const raw = await RawHttp.open(sys.api.port);
    raw.socket.write(
      'POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\n' +
        'Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"username":"',
    );
    expect(await raw.dripUntilClosed('a')).toMatch(/^HTTP\/1\.1 408 /);
  });

  it("the edge's WebSocket port closes a connection that drips its upgrade request", async () => {
    const raw = await RawHttp.open(sys.edge.wsPort);
    raw.socket.write('GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n');
    expect(await raw.dripUntilClosed('X-Drip: 1\r\n')).toMatch(/^HTTP\/1\.1 408 /);
  });

  it(`the api holds at most MAX_HTTP_CONNECTIONS (${MAX_HTTP_CONNECTIONS}) connections, and takes one again once a place frees up`, async () => {
    // Kept alive after a response, each holds its place (for the keep-alive timeout, 5 s).
    const held = await Promise.all(
      Array.from({ length: MAX_HTTP_CONNECTIONS }, () => RawHttp.open(sys.api.port)),
    );
    for (const raw of held) expect(await raw.request('/api/nothing-here')).toBe('HTTP/1.1 404');
    const extra = await RawHttp.open(sys.api.port);
    extra.socket.write('GET /api/nothing-here HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await extra.closed;
    expect(extra.received).toBe('');

    held.pop()!.socket.destroy();
    await eventually(async () => {
      const next = await RawHttp.open(sys.api.port);
      try {
        expect(await next.request('/api/nothing-here')).toBe('HTTP/1.1 404');
      } finally {
        next.socket.destroy();
      }
    }, 3_000);
    for (const raw of held) raw.socket.destroy();
  });
});
