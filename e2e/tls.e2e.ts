import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import {
  connect as netConnect,
  createServer as createNetServer,
  Server as NetServer,
  Socket,
} from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';

import { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import { CertificateError, ChatClient, MessageFrame, RawFrame } from '@chat/protocol';

import { HAVE_CHROMIUM, launchChromium, logIn, messages, openPage, say } from './support/browser';
import { makeCertificates, TestCertificates } from './support/certificates';
import { CLI, openRepl } from './support/cli-repl';
import { ADMIN, EdgeProcess } from './support/edge-process';
import { eventually, nextEvent } from './support/events';
import { freePort, ServiceProcess } from './support/service-process';
import { SystemProcess } from './support/system-process';

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

/** Everything a connection received until the server closed it (after writing `send`). */
function receivedUntilClosed(port: number, send: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const socket = netConnect({ host: '127.0.0.1', port }, () => socket.write(send));
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(received));
    setTimeout(() => reject(new Error(`still open; received ${JSON.stringify(received)}`)), 10_000).unref();
  });
}

/** The first line a TLS connection that trusts `ca` receives. */
function firstTlsLine(port: number, ca: Buffer): Promise<RawFrame> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, ca });
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (!text.includes('\n')) return;
      socket.destroy();
      resolve(JSON.parse(text.slice(0, text.indexOf('\n'))) as RawFrame);
    });
    socket.on('error', reject);
  });
}

/** A GET over HTTPS that trusts `ca` (fetch takes no CA of its own). */
function getHttps(port: number, path: string, ca?: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    httpsGet({ host: '127.0.0.1', port, path, ...(ca ? { ca } : {}) }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

describe('TLS: TLS_CERT and TLS_KEY turn it on for the TCP edge, its WebSocket and the api', () => {
  let certs: TestCertificates;
  let sys: SystemProcess;
  let httpPort: number;
  let wsPort: number;

  beforeAll(async () => {
    certs = makeCertificates();
    [httpPort, wsPort] = await Promise.all([freePort(), freePort()]);
    // WEB_ORIGINS unset: the default origins are the api's own, with https.
    sys = await SystemProcess.start({
      env: {
        TLS_CERT: certs.certFile,
        TLS_KEY: certs.keyFile,
        HTTP_PORT: String(httpPort),
        WS_PORT: String(wsPort),
      },
    });
  });
  afterAll(async () => {
    await sys?.dispose();
    certs?.dispose();
  });

  const secure = (): { host: string; port: number; tls: { ca: Buffer } } => ({
    host: '127.0.0.1',
    port: sys.edge.port,
    tls: { ca: certs.ca },
  });
  const login = async (user: string): Promise<ChatClient> => {
    const client = await ChatClient.connect(secure());
    await client.request('register', { user, password: `${user}-password` }).catch(() => undefined);
    await client.request('login', { user, password: `${user}-password` });
    return client;
  };
  const cli = (...args: string[]): string[] => [
    '--host',
    '127.0.0.1',
    '--port',
    String(sys.edge.port),
    ...args,
  ];

  it('says so at start-up: the TCP edge with TLS, the WebSocket on wss://, the api on https://', () => {
    expect(sys.edge.output).toMatch(/Chat TCP edge listening on 127\.0\.0\.1:\d+ with TLS/);
    expect(sys.edge.output).toMatch(/Chat WebSocket on wss:\/\/127\.0\.0\.1:\d+\/ws/);
    expect(sys.edge.output).toMatch(/TLS certificate .*cert\.pem for IP Address:127\.0\.0\.1, DNS:localhost/);
    expect(sys.edge.output).toMatch(/Connect with: npm run cli -- --host 127\.0\.0\.1 --port \d+ --tls/);
    expect(sys.api.output).toMatch(/Admin API on https:\/\/127\.0\.0\.1:\d+\/api/);
  });

  it('gives a plain TCP client no hello: its bytes are no TLS handshake, and the edge closes it', async () => {
    const received = await receivedUntilClosed(sys.edge.port, '{"type":"ping","id":"p1"}\n');
    expect(received).not.toContain('hello');
    expect(received).not.toContain('{');
  });

  it('greets a TLS client that trusts the CA with hello; it registers, logs in and sends', async () => {
    expect(await firstTlsLine(sys.edge.port, certs.ca)).toMatchObject({ type: 'hello', protocol: 1 });
    const alice = await login('alice');
    const bob = await login('bob');
    const got = nextEvent<MessageFrame>(bob, 'message');
    await alice.request('send', { to: 'bob', text: 'over TLS' });
    expect(await got).toMatchObject({ from: 'alice', to: 'bob', text: 'over TLS' });
    await Promise.all([alice.close(), bob.close()]);
  });

  it('refuses the certificate for a client that does not trust the CA, with a CertificateError', async () => {
    const refused = await ChatClient.connect({ host: '127.0.0.1', port: sys.edge.port, tls: true }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(CertificateError);
    expect(refused).toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  });

  it('the CLI with --tls --ca logs in and sends (--send)', async () => {
    const bob = await login('bob');
    const got = nextEvent<MessageFrame>(bob, 'message');
    const result = await run(
      cli(
        '--tls',
        '--ca',
        certs.caFile,
        '-u',
        'carol',
        '-p',
        'carol-password',
        '--register',
        '--send',
        'hi',
        '--to',
        'bob',
      ),
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(await got).toMatchObject({ from: 'carol', to: 'bob', text: 'hi' });
    await bob.close();
  });

  it('the interactive CLI with --tls --ca logs in and chats', async () => {
    const bob = await login('bob');
    const got = nextEvent<MessageFrame>(bob, 'message', 10_000);
    const carol = openRepl(cli('--tls', '--ca', certs.caFile, '-u', 'carol', '-p', 'carol-password'));
    try {
      await eventually(() => expect(carol.printed()).toContain('Logged in as carol'), 10_000);
      carol.type('/msg bob typed over TLS');
      expect(await got).toMatchObject({ from: 'carol', to: 'bob', text: 'typed over TLS' });
    } finally {
      carol.type('/quit');
      await carol.stop();
      await bob.close();
    }
  });

  it('the CLI with --tls but without --ca says the certificate was refused and names --ca, without a stack', async () => {
    for (const mode of [['--send', 'hi'], ['--listen'], []]) {
      const result = await run(cli('--tls', '-u', 'carol', '-p', 'carol-password', ...mode));
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^error: the server's TLS certificate was refused: unable to verify the first certificate \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\); .* --ca <file>\n$/,
      );
    }
  });

  it('the CLI refuses a --ca file that is not a certificate, and --ca without --tls', async () => {
    const notCert = await run(cli('--tls', '--ca', certs.keyFile, '-u', 'carol', '-p', 'x', '--send', 'hi'));
    expect(notCert.code).toBe(1);
    expect(notCert.stderr).toContain(`error: --ca: ${certs.keyFile} is not a PEM certificate`);
    const missing = await run(cli('--tls', '--ca', join(certs.dir, 'nope.pem'), '--send', 'hi', '-u', 'c'));
    expect(missing.stderr).toContain(`error: --ca: cannot read ${join(certs.dir, 'nope.pem')} (ENOENT)`);
    const alone = await run(cli('--ca', certs.caFile, '-u', 'carol', '-p', 'x', '--send', 'hi'));
    expect(alone.stderr).toContain('error: --ca goes with --tls');
  });

  it('opens a wss:// WebSocket for a client that trusts the CA, and none over ws://', async () => {
    const ws = new WebSocket(`wss://127.0.0.1:${sys.edge.wsPort}/ws`, { ca: certs.ca });
    const first = await new Promise<RawFrame>((resolve, reject) => {
      ws.once('message', (data) => resolve(JSON.parse(data.toString()) as RawFrame));
      ws.once('error', reject);
    });
    expect(first).toMatchObject({ type: 'hello' });
    ws.close();
    const plain = new WebSocket(`ws://127.0.0.1:${sys.edge.wsPort}/ws`);
    await expect(
      new Promise((resolve, reject) => {
        plain.once('open', resolve);
        plain.once('error', reject);
      }),
    ).rejects.toThrow();
  });

  it('serves the api over HTTPS to a client that trusts the CA, and to no other', async () => {
    const health = await getHttps(sys.api.port, '/api/health', certs.ca);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok' });
    await expect(getHttps(sys.api.port, '/api/health')).rejects.toMatchObject({
      code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    });
  });

  describe.skipIf(!HAVE_CHROMIUM)('the web client, on an https:// page', () => {
    let browser: Browser;
    const contexts: BrowserContext[] = [];

    // The test CA is not the browser's: it is told to accept the certificate, for pages and WebSockets alike.
    beforeAll(async () => (browser = await launchChromium(['--ignore-certificate-errors'])));
    afterAll(async () => {
      for (const context of contexts) await context.close();
      await browser?.close();
    });

    it('chats over wss:// (the page is https, the WebSocket follows it)', async () => {
      const page = await openPage(browser, contexts);
      const wsUrls: string[] = [];
      page.on('websocket', (ws) => wsUrls.push(ws.url()));
      await logIn(page, sys.baseUrl, ADMIN.user, ADMIN.password);
      expect(sys.baseUrl).toBe(`https://127.0.0.1:${httpPort}`);
      expect(wsUrls).toContain(`wss://127.0.0.1:${wsPort}/ws`);
      const bob = await login('bob');
      const got = nextEvent<MessageFrame>(bob, 'message');
      await say(page, 'from an https page');
      expect(await got).toMatchObject({ from: ADMIN.user, text: 'from an https page' });
      await bob.request('send', { to: '*', text: 'back over TLS' });
      await messages(page).getByText('back over TLS').waitFor();
      await bob.close();
    });
  });
});

describe('TLS: connections before their handshake count against MAX_CONNECTIONS_PER_ADDRESS', () => {
  let certs: TestCertificates;
  let edge: EdgeProcess;

  beforeAll(async () => {
    certs = makeCertificates();
    edge = await EdgeProcess.start({
      env: { TLS_CERT: certs.certFile, TLS_KEY: certs.keyFile, MAX_CONNECTIONS_PER_ADDRESS: '2' },
    });
  });
  afterAll(async () => {
    await edge?.dispose();
    certs?.dispose();
  });

  it('drops a third from an address whose two have not done theirs, and takes it once they are gone', async () => {
    const held = await Promise.all(
      [1, 2].map(
        () =>
          new Promise<Socket>((resolve) => {
            const socket = netConnect({ host: '127.0.0.1', port: edge.port }, () => resolve(socket));
            socket.on('error', () => undefined);
          }),
      ),
    );
    // Nothing can be said before a handshake: the third is closed unanswered, the two stay open.
    expect(await receivedUntilClosed(edge.port, '')).toBe('');
    expect(held.map((socket) => socket.readyState)).toEqual(['open', 'open']);
    for (const socket of held) socket.destroy();
    await eventually(async () =>
      expect(await firstTlsLine(edge.port, certs.ca)).toMatchObject({ type: 'hello' }),
    );
  });
});

describe('TLS: the CLI against a port that does not speak TLS', () => {
  let server: NetServer;
  let port: number;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    // A plain chat port: it greets in the clear, as an edge without TLS_CERT does.
    server = createNetServer((socket) => {
      sockets.add(socket.on('error', () => undefined));
      socket.write('{"type":"hello"}\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('says the handshake failed and asks whether the port is a TLS one', async () => {
    const result = await run([
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--tls',
      '-u',
      'a',
      '-p',
      'x',
      '--send',
      'hi',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: the TLS handshake failed: wrong version number \(ERR_SSL_WRONG_VERSION_NUMBER\); is the port a TLS one\?/,
    );
  });
});

describe('TLS: a bad TLS_CERT or TLS_KEY stops the start, naming it', () => {
  let certs: TestCertificates;
  let dataDir: string;

  beforeAll(() => {
    certs = makeCertificates();
    dataDir = mkdtempSync(join(tmpdir(), 'chat-tls-data-'));
  });
  afterAll(() => {
    certs.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async (entry: string, env: Record<string, string>): Promise<string> => {
    const service = new ServiceProcess({
      name: 'service',
      entry,
      ready: { port: /listening on [^\s:]+:(\d+)|Admin API on https?:\/\/[^\s/]+:(\d+)/ },
      env: {
        HOST: '127.0.0.1',
        TCP_PORT: '0',
        WS_PORT: '0',
        HTTP_PORT: '0',
        CONTROL_PORT: '0',
        DATA_DIR: dataDir,
      },
    });
    const failure = await service.start(env).then(
      async () => {
        await service.stop();
        return new Error('it started');
      },
      (err: Error) => err,
    );
    return failure.message;
  };

  it.each<[string, () => Record<string, string>, RegExp]>([
    [
      'a TLS_CERT file that is not there',
      () => ({ TLS_CERT: join(certs.dir, 'missing.pem'), TLS_KEY: certs.keyFile }),
      /TLS_CERT: cannot read \S*missing\.pem \(ENOENT\)/,
    ],
    ['TLS_CERT alone', () => ({ TLS_CERT: certs.certFile }), /TLS_CERT: needs TLS_KEY beside it/],
    ['TLS_KEY alone', () => ({ TLS_KEY: certs.keyFile }), /TLS_KEY: needs TLS_CERT beside it/],
    [
      'a TLS_CERT that is a key',
      () => ({ TLS_CERT: certs.keyFile, TLS_KEY: certs.keyFile }),
      /TLS_CERT: \S*key\.pem is not a PEM certificate/,
    ],
    [
      'a TLS_KEY that is a certificate',
      () => ({ TLS_CERT: certs.certFile, TLS_KEY: certs.certFile }),
      /TLS_KEY: \S*cert\.pem is not a PEM private key/,
    ],
    [
      'a TLS_KEY that is not the certificate’s',
      () => ({ TLS_CERT: certs.certFile, TLS_KEY: certs.otherKeyFile }),
      /TLS_KEY: \S*other-key\.pem is not the key of the certificate in \S*cert\.pem/,
    ],
  ])('the edge exits 1 on %s', async (_name, env, message) => {
    const failure = await start('dist/apps/edge/src/main.js', env());
    expect(failure).toMatch(/exited with 1/);
    expect(failure).toMatch(message);
    expect(failure).not.toMatch(/\n\s+at /);
  });

  it('the api exits 1 on a TLS_CERT file that is not there', async () => {
    const failure = await start('dist/apps/api/src/main.js', {
      TLS_CERT: join(certs.dir, 'missing.pem'),
      TLS_KEY: certs.keyFile,
    });
    expect(failure).toMatch(/exited with 1/);
    expect(failure).toMatch(/TLS_CERT: cannot read \S*missing\.pem \(ENOENT\)/);
  });
});
