import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The temp files under `<dataDir>/files/tmp`, as paths below it: each process of the system
 * keeps its own folder there (`<pid>-<random>`), so the folders themselves are no leftover.
 */
export function tempFiles(dataDir: string): string[] {
  const root = join(dataDir, 'files', 'tmp');
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}
