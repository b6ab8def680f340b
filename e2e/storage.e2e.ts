import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MAX_UPLOADS_PER_CONNECTION, MAX_UPLOADS_PER_USER } from '@chat/protocol';

import { tempFiles } from './support/data-dir';
import { EdgeProcess } from './support/edge-process';
import { eventually } from './support/events';
import { RawSocket } from './support/raw-socket';
import { runUntilExit } from './support/service-process';
import { SystemProcess } from './support/system-process';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const mode = (path: string): number => statSync(path).mode & 0o777;
const EDGE = 'dist/apps/edge/src/main.js';
const API = 'dist/apps/api/src/main.js';
/** A line of a stack trace, as Node prints them. */
const STACK_LINE = /^\s+at .+/m;

function freshDir(): string {
  return mkdtempSync(join(tmpdir(), 'chat-e2e-storage-'));
}

async function loggedIn(port: number, user: string): Promise<RawSocket> {
  const raw = await RawSocket.open(port);
  raw.send({ type: 'register', id: 'r', user, password: `${user}-password` });
  await raw.reply('r');
  raw.send({ type: 'login', id: 'l', user, password: `${user}-password` });
  expect(await raw.reply('l')).toMatchObject({ type: 'ok' });
  return raw;
}

/** Sends `count` offers at once (pipelined) and resolves with their replies, in order. */
async function offers(raw: RawSocket, count: number, tag: string): Promise<Record<string, unknown>[]> {
  const data = randomBytes(1_000);
  for (let i = 0; i < count; i++) {
    raw.send({ type: 'file.offer', id: `${tag}${i}`, name: 'f.bin', size: data.length, sha256: sha(data) });
  }
  const replies = [];
  for (let i = 0; i < count; i++) replies.push(await raw.reply(`${tag}${i}`, 10_000));
  return replies;
}

describe('storage hardening (issue 13)', () => {
  describe('open uploads are bounded per connection and per user (item 3)', () => {
    let edge: EdgeProcess;
    const sockets: RawSocket[] = [];

    beforeAll(async () => {
      edge = await EdgeProcess.start();
    });
    afterAll(async () => {
      for (const s of sockets) s.close();
      await edge.dispose();
    });

    it('a flood of file.offer gets QUOTA_EXCEEDED past the bounds, holds at most 8 temp files, and new clients still get hello', async () => {
      const first = await loggedIn(edge.port, 'hoarder');
      sockets.push(first);
      const flood = await offers(first, 300, 'a');
      expect(flood.filter((r) => r.type === 'ok')).toHaveLength(MAX_UPLOADS_PER_CONNECTION);
      expect(flood.slice(MAX_UPLOADS_PER_CONNECTION).every((r) => r.code === 'QUOTA_EXCEEDED')).toBe(true);
      expect(flood[MAX_UPLOADS_PER_CONNECTION]).toMatchObject({
        type: 'error',
        code: 'QUOTA_EXCEEDED',
        max: MAX_UPLOADS_PER_CONNECTION,
        message: expect.stringMatching(/uploads open/),
      });

      // More connections of the same user: the user's bound, over all of them.
      const second = await loggedIn(edge.port, 'hoarder');
      const third = await loggedIn(edge.port, 'hoarder');
      sockets.push(second, third);
      const more = await offers(second, MAX_UPLOADS_PER_CONNECTION, 'b');
      expect(more.every((r) => r.type === 'ok')).toBe(true);
      const [beyond] = await offers(third, 1, 'c');
      expect(beyond).toMatchObject({ type: 'error', code: 'QUOTA_EXCEEDED', max: MAX_UPLOADS_PER_USER });
      expect(tempFiles(edge.dataDir)).toHaveLength(MAX_UPLOADS_PER_USER);

      // Nobody else is held back, and a new client is greeted.
      const other = await loggedIn(edge.port, 'bystander');
      sockets.push(other);
      expect((await offers(other, 1, 'd'))[0]).toMatchObject({ type: 'ok' });
      const client = await edge.connect();
      expect(client.hello.server).toBeDefined();
      await client.close();

      // Closing a connection frees its uploads, their temp files and their places.
      first.close();
      await eventually(() => expect(tempFiles(edge.dataDir)).toHaveLength(MAX_UPLOADS_PER_CONNECTION + 1));
      const freed = await offers(third, MAX_UPLOADS_PER_CONNECTION, 'e');
      expect(freed.every((r) => r.type === 'ok')).toBe(true);
    });
  });

  describe('an idle upload is discarded (items 3 and 10)', () => {
    let edge: EdgeProcess;

    beforeAll(async () => {
      edge = await EdgeProcess.start({ env: { UPLOAD_IDLE_SEC: '1' } });
    });
    afterAll(async () => {
      await edge.dispose();
    });

    it('after UPLOAD_IDLE_SEC without a chunk: its temp file removed, the uploader told, its place free', async () => {
      const raw = await loggedIn(edge.port, 'sleeper');
      const data = randomBytes(50_000);
      raw.send({ type: 'file.offer', id: 'o', name: 'half.bin', size: data.length, sha256: sha(data) });
      const { upload } = await raw.reply('o');
      raw.write(JSON.stringify({ type: 'file.chunk', id: 'c', upload, offset: 0, bytes: 20_000 }) + '\n');
      raw.write(data.subarray(0, 20_000));
      expect(await raw.reply('c')).toMatchObject({ type: 'ok', received: 20_000 });
      expect(tempFiles(edge.dataDir)).toHaveLength(1);

      const told = await raw.waitFor((f) => f.type === 'error' && f.upload === upload, 10_000);
      expect(told).toMatchObject({
        code: 'NO_SUCH_UPLOAD',
        message: expect.stringMatching(/no chunk for 1 s/),
      });
      expect(told.re).toBeUndefined();
      expect(tempFiles(edge.dataDir)).toEqual([]);
      raw.send({ type: 'file.done', id: 'd', upload });
      expect(await raw.reply('d')).toMatchObject({ code: 'NO_SUCH_UPLOAD' });
      expect((await offers(raw, MAX_UPLOADS_PER_CONNECTION, 'again')).every((r) => r.type === 'ok')).toBe(
        true,
      );
      raw.close();
    });
  });

  describe('temp files left by a crash (item 10)', () => {
    it("are removed when the edge starts again, while a running api's upload in the same folder goes on", async () => {
      const sys = await SystemProcess.start();
      try {
        const token = await sys.token('alice');
        const raw = await loggedIn(sys.edge.port, 'crasher');
        const data = randomBytes(200_000);
        raw.send({ type: 'file.offer', id: 'o', name: 'big.bin', size: data.length, sha256: sha(data) });
        const { upload } = await raw.reply('o');
        raw.write(JSON.stringify({ type: 'file.chunk', id: 'c', upload, offset: 0, bytes: 100_000 }) + '\n');
        raw.write(data.subarray(0, 100_000));
        await raw.reply('c');

        const crashAndRestart = async (): Promise<void> => {
          const tmp = join(sys.edge.dataDir, 'files', 'tmp');
          const edgeFolder = readdirSync(tmp).find((name) => name.startsWith(`${sys.edge.pid}-`));
          expect(edgeFolder).toBeDefined();
          await sys.edge.stop('SIGKILL');
          raw.close();
          // The crash left the edge's half upload (and the api's is in progress).
          expect(tempFiles(sys.edge.dataDir)).toHaveLength(2);
          // As its folder looks once its process has been gone over a minute (its lease lapsed).
          const past = new Date(Date.now() - 2 * 60_000);
          utimesSync(join(tmp, edgeFolder!), past, past);
          await sys.edge.restart();
          expect(readdirSync(tmp)).not.toContain(edgeFolder);
          expect(tempFiles(sys.edge.dataDir)).toHaveLength(1);
        };

        // An HTTP upload into the api, held open across the edge's crash and restart.
        const boundary = 'xyzBOUNDARY';
        const body = randomBytes(300_000);
        const res = new Promise<{ status: number; text: string }>((resolve, reject) => {
          const req = httpRequest(
            `${sys.baseUrl}/api/files`,
            {
              method: 'POST',
              headers: {
                authorization: `Bearer ${token}`,
                'content-type': `multipart/form-data; boundary=${boundary}`,
              },
            },
            (r) => {
              let text = '';
              r.on('data', (c: Buffer) => (text += c.toString()));
              r.on('end', () => resolve({ status: r.statusCode ?? 0, text }));
            },
          );
          req.on('error', reject);
          req.write(
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.bin"\r\n` +
              'Content-Type: application/octet-stream\r\n\r\n',
          );
          req.write(body.subarray(0, 100_000));
          eventually(() => expect(tempFiles(sys.edge.dataDir)).toHaveLength(2))
            .then(crashAndRestart)
            .then(() =>
              req.end(Buffer.concat([body.subarray(100_000), Buffer.from(`\r\n--${boundary}--\r\n`)])),
            )
            .catch((err: unknown) => {
              req.destroy();
              reject(err as Error);
            });
        });

        const done = await res;
        expect(done.status).toBe(201);
        expect(JSON.parse(done.text)).toMatchObject({ sha256: sha(body), size: body.length });
        expect(tempFiles(sys.edge.dataDir)).toEqual([]);
      } finally {
        await sys.dispose();
      }
    });
  });

  describe('start-up checks of the data directory (items 16 and 21)', () => {
    const dirs: string[] = [];
    afterAll(() => {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    });

    it.each([
      ['edge', EDGE],
      ['api', API],
    ])(
      'the %s refuses a chat.db that is not a database: exit code 1, what to do on stderr, no stack trace',
      async (_, entry) => {
        const dataDir = freshDir();
        dirs.push(dataDir);
        const file = join(dataDir, 'chat.db');
        writeFileSync(file, randomBytes(64 * 1024));
        const exit = await runUntilExit(entry, { DATA_DIR: dataDir });
        expect(exit.code).not.toBe(0);
        expect(exit.stderr).toContain(`The database ${file} is damaged or is not a SQLite database`);
        expect(exit.stderr).toMatch(/restore it from a backup, or move it aside/);
        expect(exit.stderr).not.toMatch(STACK_LINE);
      },
    );

    it('the edge refuses a database whose pages are damaged past a sound header and schema (PRAGMA quick_check)', async () => {
      const dataDir = freshDir();
      dirs.push(dataDir);
      const edge = await EdgeProcess.start({ dataDir });
      await edge.stop();
      const file = join(dataDir, 'chat.db');
      const db = new Database(file);
      db.exec(
        'CREATE TABLE filler (t TEXT); INSERT INTO filler SELECT hex(randomblob(500)) FROM ' +
          '(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) SELECT i FROM n)',
      );
      const pageSize = db.pragma('page_size', { simple: true }) as number;
      const pages = db.pragma('page_count', { simple: true }) as number;
      db.close();
      // Garbage over the filler's pages, the last ones: the schema still reads, the b-tree does not.
      const damaged = Math.floor(pages / 3);
      const bytes = readFileSync(file);
      randomBytes(damaged * pageSize).copy(bytes, (pages - damaged) * pageSize);
      writeFileSync(file, bytes);

      const exit = await runUntilExit(EDGE, { DATA_DIR: dataDir });
      expect(exit.code).not.toBe(0);
      expect(exit.stderr).toContain(`The database ${file} is damaged`);
      expect(exit.stderr).toMatch(/quick_check found/);
      expect(exit.stderr).not.toMatch(STACK_LINE);
    });

    it.each([
      ['one character', 'x'],
      ['empty', ''],
    ])(
      'the edge refuses a jwt-secret file of %s: exit code 1, the file and what to do on stderr',
      async (_, text) => {
        const dataDir = freshDir();
        dirs.push(dataDir);
        const file = join(dataDir, 'jwt-secret');
        writeFileSync(file, text);
        const exit = await runUntilExit(EDGE, { DATA_DIR: dataDir }, 10_000);
        expect(exit.code).toBe(1);
        expect(exit.stderr).toContain(`Invalid JWT secret file ${file}: it holds ${text.length} characters`);
        expect(exit.stderr).toMatch(/Delete it to have a new secret generated/);
        expect(exit.stderr).not.toMatch(STACK_LINE);
      },
    );
  });

  describe("the data directory is its owner's only (item 20)", () => {
    it('DATA_DIR 0700 and every file in it 0600 after a real start, older files made so too', async () => {
      const dataDir = freshDir();
      const edge = await EdgeProcess.start({ dataDir });
      try {
        const alice = await edge.login('alice');
        const first = randomBytes(5_000);
        await alice.upload(first, { name: 'one.bin' });
        const check = (blobs: Buffer[]): void => {
          expect(mode(dataDir)).toBe(0o700);
          for (const name of ['chat.db', 'chat.db-wal', 'chat.db-shm', 'jwt-secret']) {
            expect([name, mode(join(dataDir, name))]).toEqual([name, 0o600]);
          }
          expect(mode(join(dataDir, 'files'))).toBe(0o700);
          expect(mode(join(dataDir, 'files', 'tmp'))).toBe(0o700);
          for (const folder of readdirSync(join(dataDir, 'files', 'tmp'))) {
            expect(mode(join(dataDir, 'files', 'tmp', folder))).toBe(0o700);
          }
          for (const b of blobs) expect(mode(join(dataDir, 'files', sha(b)))).toBe(0o600);
        };
        check([first]);
        await alice.close();
        await edge.stop();

        // As an older version left them: readable by everyone.
        chmodSync(dataDir, 0o755);
        for (const name of ['chat.db', 'jwt-secret', join('files', sha(first))])
          chmodSync(join(dataDir, name), 0o644);
        chmodSync(join(dataDir, 'files'), 0o755);
        await edge.restart();
        const again = await edge.login('alice');
        const second = randomBytes(5_000);
        await again.upload(second, { name: 'two.bin' });
        check([first, second]);
        await again.close();
      } finally {
        await edge.dispose();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });

  describe('health reports the store (item 21) and the disk (item 10)', () => {
    it('ok with the disk space, then down (503) naming chat.db once the file is damaged', async () => {
      const sys = await SystemProcess.start();
      try {
        const ok = await sys.request<Record<string, unknown>>('GET', '/api/health');
        expect(ok).toMatchObject({
          status: 200,
          body: {
            status: 'ok',
            store: { kind: 'sqlite', reachable: true },
            disk: { path: join(sys.edge.dataDir, 'files'), low: false, freeBytes: expect.any(Number) },
          },
        });
        expect(ok.body.store).not.toHaveProperty('error');

        // Everything checkpointed into the file, then garbage over it, as a failing disk leaves it.
        const file = join(sys.edge.dataDir, 'chat.db');
        const db = new Database(file);
        db.pragma('wal_checkpoint(TRUNCATE)');
        db.close();
        writeFileSync(file, randomBytes(statSync(file).size));

        const down = await sys.request<{ status: string; reasons: string[]; store: { error: string } }>(
          'GET',
          '/api/health',
        );
        expect(down.status).toBe(503);
        expect(down.body.status).toBe('down');
        expect(down.body.store.error).toMatch(new RegExp(`^${file}: `));
        expect(down.body.reasons).toContain(down.body.store.error);
      } finally {
        await sys.dispose();
      }
    });
  });
});
