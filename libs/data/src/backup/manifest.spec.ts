import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { BackupError } from './backup-error';
import { BackupManifest, describeFile, parseManifest, verifyFiles } from './manifest';

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

function manifest(extra: Partial<BackupManifest> = {}): BackupManifest {
  return {
    format: 1,
    product: 'chat',
    version: '1.2.3',
    store: 'sqlite',
    schemaVersion: 13,
    createdAt: '2026-12-03T10:00:00.000Z',
    counts: { users: 2, messages: 5, files: 1, rooms: 0 },
    files: [
      { path: 'chat.db', size: 2, sha256: sha('db') },
      { path: `files/${sha('blob')}`, size: 4, sha256: sha('blob') },
    ],
    ...extra,
  };
}

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function unpacked(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'chat-manifest-'));
  dirs.push(dir);
  await mkdir(join(dir, 'files'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return err instanceof BackupError ? `${err.code}: ${err.message}` : `other: ${String(err)}`;
  }
  return 'no error';
}

describe('parseManifest', () => {
  it('reads back what a backup writes', () => {
    const sut = parseManifest(JSON.stringify(manifest()));
    expect(sut).toEqual(manifest());
  });

  it.each([
    ['not JSON', '{', 'BAD_ARCHIVE: manifest.json is not JSON'],
    ['another format', JSON.stringify(manifest({ format: 2 as 1 })), 'BAD_ARCHIVE: manifest.json: format'],
    [
      'a MongoDB store',
      JSON.stringify({ ...manifest(), store: 'mongodb' }),
      'BAD_ARCHIVE: manifest.json: store',
    ],
    [
      'a path that climbs out',
      JSON.stringify(manifest({ files: [{ path: '../chat.db', size: 1, sha256: sha('x') }] })),
      'BAD_ARCHIVE: manifest.json: files.0.path is not a file a backup holds',
    ],
    [
      'a checksum that is not one',
      JSON.stringify(manifest({ files: [{ path: 'chat.db', size: 1, sha256: 'abc' }] })),
      'BAD_ARCHIVE: manifest.json: files.0.sha256 is not a SHA-256',
    ],
    [
      'no database',
      JSON.stringify(manifest({ files: [{ path: 'jwt-secret', size: 1, sha256: sha('x') }] })),
      'BAD_ARCHIVE: manifest.json lists no chat.db',
    ],
    [
      'a file twice',
      JSON.stringify(
        manifest({
          files: [
            { path: 'chat.db', size: 1, sha256: sha('x') },
            { path: 'chat.db', size: 1, sha256: sha('x') },
          ],
        }),
      ),
      'BAD_ARCHIVE: manifest.json lists chat.db twice',
    ],
    [
      'a negative count',
      JSON.stringify(manifest({ counts: { users: -1, messages: 0, files: 0, rooms: 0 } })),
      'BAD_ARCHIVE: manifest.json: counts.users',
    ],
  ])('refuses %s', (_case, text, expected) => {
    expect(codeOf(() => parseManifest(text))).toContain(expected);
  });
});

describe('verifyFiles', () => {
  const blob = `files/${sha('blob')}`;

  it('passes when every file is there with its size and checksum', async () => {
    const dir = await unpacked({ 'chat.db': 'db', [blob]: 'blob' });
    await expect(verifyFiles(dir, manifest(), ['manifest.json', 'chat.db', blob])).resolves.toBeUndefined();
  });

  it.each([
    [
      'an altered file',
      { 'chat.db': 'DB', [blob]: 'blob' },
      ['chat.db', blob],
      'CHECKSUM_MISMATCH',
      'chat.db does not match',
    ],
    [
      'a missing file',
      { 'chat.db': 'db' },
      ['chat.db'],
      'CHECKSUM_MISMATCH',
      `${blob} is in manifest.json but not in the archive`,
    ],
    [
      'a truncated blob',
      { 'chat.db': 'db', [blob]: 'blo' },
      ['chat.db', blob],
      'CHECKSUM_MISMATCH',
      `${blob} does not match`,
    ],
    [
      'a file the manifest does not list',
      { 'chat.db': 'db', [blob]: 'blob', 'jwt-secret': 's' },
      ['chat.db', blob, 'jwt-secret'],
      'BAD_ARCHIVE',
      'jwt-secret is in the archive but not in manifest.json',
    ],
  ])('refuses %s', async (_case, files, present, code, message) => {
    const dir = await unpacked(files);
    const err = await verifyFiles(dir, manifest(), present).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackupError);
    expect(err).toMatchObject({ code });
    expect((err as Error).message).toContain(message);
  });
});

describe('describeFile', () => {
  it('gives the size and SHA-256 under the entry name', async () => {
    const dir = await unpacked({ 'chat.db': 'db' });
    expect(await describeFile(join(dir, 'chat.db'), 'chat.db')).toEqual({
      path: 'chat.db',
      size: 2,
      sha256: sha('db'),
    });
  });
});
