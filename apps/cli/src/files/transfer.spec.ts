import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { ChatClient } from '@chat/protocol';

import { Terminal } from '../chat/terminal';
import { downloadWithProgress, uploadWithProgress } from './transfer';

// The paths are checked before anything is sent: a client that must not be reached stands in for the server.
const unreachable = new Proxy({} as ChatClient, {
  get: () => {
    throw new Error('the client was used');
  },
});
const terminal = new Terminal({ isTTY: false } as NodeJS.WriteStream);

describe(uploadWithProgress.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-transfer-'));

  it.each([
    [join(dir, 'missing.txt'), `no such file: ${join(dir, 'missing.txt')}`],
    [dir, `${dir} is not a file`],
  ])('%s → %s', async (path, message) => {
    await expect(uploadWithProgress(unreachable, path, terminal)).rejects.toThrow(message);
  });
});

describe(downloadWithProgress.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-transfer-'));
  writeFileSync(join(dir, 'file.txt'), 'x');

  it.each([
    [join('nowhere', 'x.bin'), `no such folder: ${join(dir, 'nowhere')}`],
    [join('file.txt', 'x.bin'), `no such folder: ${join(dir, 'file.txt')}`],
  ])('%s → %s', async (requested, message) => {
    await expect(
      downloadWithProgress(unreachable, 'f_1', requested, undefined, terminal, dir),
    ).rejects.toThrow(message);
  });
});
