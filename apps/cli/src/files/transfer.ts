import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';

import { ChatClient, FileInfo, OkReplies } from '@chat/protocol';

import { Terminal } from '../chat/terminal';
import { downloadTarget, guessMime, safeFileName } from './file.paths';

/** Uploads a file from disk with a progress bar; resolves with the server's fileId, size and SHA-256. */
export async function uploadWithProgress(
  client: ChatClient,
  path: string,
  terminal: Terminal,
): Promise<OkReplies['file.done'] & { name: string }> {
  const full = resolve(path);
  const info = statSync(full);
  if (!info.isFile()) throw new Error(`${path} is not a file`);
  const name = basename(full);
  const mime = guessMime(name);
  const progress = terminal.progress(`↑ ${name}`, info.size);
  try {
    const done = await client.upload(full, mime === undefined ? { name } : { name, mime }, (sent) =>
      progress.update(sent),
    );
    return { ...done, name };
  } finally {
    progress.stop();
  }
}

/**
 * Downloads a file with a progress bar into `requested` (a path or a folder) or the current
 * folder, under the file's name when known; never over an existing file (a free name is chosen).
 */
export async function downloadWithProgress(
  client: ChatClient,
  fileId: string,
  requested: string | undefined,
  known: FileInfo | undefined,
  terminal: Terminal,
  cwd: string = process.cwd(),
): Promise<{ path: string; size: number; sha256: string }> {
  const name = safeFileName(known?.name ?? fileId, safeFileName(fileId, 'download'));
  const path = downloadTarget(cwd, requested, name, {
    exists: existsSync,
    isDirectory: (p) => existsSync(p) && statSync(p).isDirectory(),
  });
  const progress = terminal.progress(`↓ ${basename(path)}`, known?.size);
  try {
    const done = await client.download(fileId, path, (received) => progress.update(received));
    return { path, size: done.size, sha256: done.sha256 };
  } finally {
    progress.stop();
  }
}
