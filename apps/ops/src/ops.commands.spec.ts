import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { BackupError } from '@chat/data';

import { failureText, runBackup, runRestore } from './ops.commands';

const dir = mkdtempSync(join(tmpdir(), 'chat-ops-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ops commands', () => {
  it.each([
    ['backup', runBackup, 'backup supports the SQLite store; MONGODB_URI is set: use mongodump'],
    ['restore', runRestore, 'restore supports the SQLite store; MONGODB_URI is set: use mongorestore'],
  ])('%s refuses the MongoDB store, naming its tool', async (_name, run, message) => {
    const err = await run(join(dir, 'b.tar.gz'), {
      DATA_DIR: dir,
      MONGODB_URI: 'mongodb://localhost/chat',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackupError);
    expect(err).toMatchObject({ code: 'UNSUPPORTED_STORE' });
    expect(failureText(err)).toContain(message);
  });

  it('prints a bad DATA_DIR store as the message alone', async () => {
    const err = await runBackup(join(dir, 'b.tar.gz'), { DATA_DIR: join(dir, 'none') }).catch(
      (e: unknown) => e,
    );
    expect(failureText(err)).toBe(
      `There is no store at ${join(dir, 'none', 'chat.db')} (DATA_DIR=${join(dir, 'none')}): nothing to back up.`,
    );
  });
});
