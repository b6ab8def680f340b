import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import * as tar from 'tar';

import { BackupError } from './backup-error';
import { isBackupEntryName } from './manifest';

/** One file to pack: where it is now, and its name inside the archive. */
export interface ArchiveEntry {
  source: string;
  name: string;
}

/** The archive holds password hashes, every message and the JWT secret: its owner's alone. */
const ARCHIVE_MODE = 0o600;

/**
 * Packs `entries`, in their order, into a gzipped tar at `target`: written under a temporary name
 * beside it, synced, then renamed, so that `target` is either the whole archive or untouched.
 * Only regular files go in, without owner or device details (`portable`).
 */
export async function packArchive(target: string, entries: readonly ArchiveEntry[]): Promise<void> {
  const names = new Map(entries.map((e) => [e.source, e.name]));
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    // Created 0600 before tar opens it, so the secrets are never readable by others, even briefly.
    await (await open(temp, 'wx', ARCHIVE_MODE)).close();
    await tar.c(
      {
        file: temp,
        gzip: true,
        portable: true,
        strict: true,
        noDirRecurse: true,
        // The sources are absolute paths, each renamed to its entry name below.
        preservePaths: true,
        onWriteEntry: (entry) => {
          const name = names.get(entry.absolute);
          if (name === undefined) throw new Error(`not an entry of this backup: ${entry.absolute}`);
          entry.path = name;
        },
      },
      entries.map((e) => e.source),
    );
    await syncFile(temp);
    await rename(temp, target);
    await syncFile(dirname(target));
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/**
 * Unpacks an archive of ours into `dir` (empty), and returns the names it held. Anything that is
 * not a plain file with a name a backup holds (a link, `../x`, an absolute path) is refused before
 * it is written, and so is a file that is not a gzipped tar or is cut short: BAD_ARCHIVE.
 */
export async function unpackArchive(file: string, dir: string): Promise<string[]> {
  const names: string[] = [];
  const refused: string[] = [];
  try {
    await tar.x({
      file,
      cwd: dir,
      strict: true,
      filter: (path, entry) => {
        const ok = 'type' in entry && entry.type === 'File' && isBackupEntryName(path);
        (ok ? names : refused).push(path);
        return ok;
      },
    });
  } catch (err) {
    throw new BackupError(
      'BAD_ARCHIVE',
      `${file} is not a backup archive or is damaged (${(err as Error).message})`,
    );
  }
  if (refused.length > 0) {
    throw new BackupError(
      'BAD_ARCHIVE',
      `${file} holds entries no backup has: ${refused.slice(0, 3).join(', ')}`,
    );
  }
  if (names.length === 0)
    throw new BackupError('BAD_ARCHIVE', `${file} is not a backup archive (no entries)`);
  return names;
}

/** fsync a file or a directory; a platform that cannot sync a directory is no error. */
export async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EINVAL') throw err;
  } finally {
    await handle.close();
  }
}
