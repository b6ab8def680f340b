import { existsSync, Stats, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';

import { ChatClient, FileInfo, MediaKind, OkReplies } from '@chat/protocol';

import { Terminal } from '../chat/terminal';
import { downloadTarget, guessMime, safeFileName } from './file.paths';

/** What is at `path`; undefined when nothing is (ENOENT, or ENOTDIR: a file stands where a folder is named). */
function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}

const isDirectory = (path: string): boolean => statOf(path)?.isDirectory() === true;

/**
 * Uploads a file from disk with a progress bar; resolves with the server's fileId, size and SHA-256.
 * With `media` the server processes the file once it has every byte, which takes a moment: the
 * bar then says so, and the reply describes the processed file.
 */
export async function uploadWithProgress(
  client: ChatClient,
  path: string,
  terminal: Terminal,
  media?: MediaKind,
): Promise<OkReplies['file.done'] & { name: string }> {
  const full = resolve(path);
  const info = statOf(full);
  if (info === undefined) throw new Error(`no such file: ${path}`);
  if (!info.isFile()) throw new Error(`${path} is not a file`);
  const name = basename(full);
  const mime = guessMime(name);
  const meta = { name, ...(mime === undefined ? {} : { mime }), ...(media === undefined ? {} : { media }) };
  const progress = terminal.progress(`↑ ${name}`, info.size);
  try {
    const done = await client.upload(full, meta, (sent, total) => {
      progress.update(sent);
      if (media !== undefined && sent === total) progress.note('processing…');
    });
    return { ...done, name: done.name ?? name };
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
    isDirectory,
  });
  // Said here, else the error names the temporary `.part` file the download is written to first.
  if (!isDirectory(dirname(path))) throw new Error(`no such folder: ${dirname(path)}`);
  const progress = terminal.progress(`↓ ${basename(path)}`, known?.size);
  try {
    const done = await client.download(fileId, path, (received) => progress.update(received));
    return { path, size: done.size, sha256: done.sha256 };
  } finally {
    progress.stop();
  }
}
