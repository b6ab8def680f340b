import { extname, join, resolve } from 'node:path';

import { cleanText } from '../chat/message.format';

/**
 * A file name sent by someone else, made safe to create in a folder: its last path segment only
 * (no `../`, no absolute path), no control characters; `fallback` when nothing usable is left.
 */
export function safeFileName(name: string, fallback: string): string {
  const last = cleanText(name).split(/[\\/]/).pop()!.trim();
  return last === '' || last === '.' || last === '..' ? fallback : last;
}

/** `path`, or the first of `name (1).ext`, `name (2).ext`, ... that does not exist yet: never overwrite. */
export function uniquePath(path: string, exists: (p: string) => boolean): string {
  if (!exists(path)) return path;
  const ext = extname(path);
  const stem = path.slice(0, path.length - ext.length);
  for (let n = 1; ; n++) {
    const candidate = `${stem} (${n})${ext}`;
    if (!exists(candidate)) return candidate;
  }
}

/**
 * Where `/get` saves a file: the requested path (a folder gets the file's name inside it), else
 * the file's name in `cwd`; a free variant of it when something is already there.
 */
export function downloadTarget(
  cwd: string,
  requested: string | undefined,
  fileName: string,
  fs: { exists(p: string): boolean; isDirectory(p: string): boolean },
): string {
  let path: string;
  if (requested === undefined) path = join(cwd, fileName);
  else {
    const full = resolve(cwd, requested);
    path = fs.isDirectory(full) ? join(full, fileName) : full;
  }
  return uniquePath(path, fs.exists);
}

const MIME_TYPES: Record<string, string> = {
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.csv': 'text/csv',
  '.html': 'text/html',
  '.json': 'application/json',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.aac': 'audio/aac',
  '.flac': 'audio/flac',
  '.ogg': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.wav': 'audio/wav',
  '.webm': 'video/webm',
  '.mp4': 'video/mp4',
};

/** The MIME type of common extensions; undefined lets the server decide. */
export function guessMime(name: string): string | undefined {
  return MIME_TYPES[extname(name).toLowerCase()];
}
