import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';

import { z } from 'zod';

import { BackupError } from './backup-error';

/** The archive's first entry: what wrote it, from which store, and the checksum of every other entry. */
export const MANIFEST_NAME = 'manifest.json';
/** Bumped when the archive's layout changes in a way an older restore would misread. */
export const BACKUP_FORMAT = 1;

/**
 * Entry names an archive may hold, besides the manifest: the database, the JWT secret and the
 * content-addressed blobs. Anything else (a path with `..`, a link, a stray file) makes it foreign.
 */
const ENTRY_NAME = /^(chat\.db|jwt-secret|files\/[0-9a-f]{64})$/;

const entrySchema = z.object({
  path: z.string().regex(ENTRY_NAME, 'is not a file a backup holds'),
  size: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'is not a SHA-256'),
});

const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  product: z.string().min(1),
  version: z.string().min(1),
  store: z.literal('sqlite'),
  schemaVersion: z.number().int().min(1),
  createdAt: z.iso.datetime(),
  counts: z.object({
    users: z.number().int().min(0),
    messages: z.number().int().min(0),
    files: z.number().int().min(0),
    rooms: z.number().int().min(0),
  }),
  files: z.array(entrySchema).min(1),
});

export type BackupManifest = z.infer<typeof manifestSchema>;
export type ManifestEntry = z.infer<typeof entrySchema>;

/** Whether `name` is an entry an archive of ours may hold (the manifest included). */
export function isBackupEntryName(name: string): boolean {
  return name === MANIFEST_NAME || ENTRY_NAME.test(name);
}

/** Parses and checks a manifest's text; BAD_ARCHIVE naming the first problem. */
export function parseManifest(text: string): BackupManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BackupError('BAD_ARCHIVE', `${MANIFEST_NAME} is not JSON`);
  }
  const parsed = manifestSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BackupError(
      'BAD_ARCHIVE',
      `${MANIFEST_NAME}: ${issue.path.join('.') || 'value'} ${issue.message}`,
    );
  }
  const manifest = parsed.data;
  const names = new Set<string>();
  for (const entry of manifest.files) {
    if (names.has(entry.path))
      throw new BackupError('BAD_ARCHIVE', `${MANIFEST_NAME} lists ${entry.path} twice`);
    names.add(entry.path);
  }
  if (!names.has('chat.db')) throw new BackupError('BAD_ARCHIVE', `${MANIFEST_NAME} lists no chat.db`);
  return manifest;
}

/** Size and SHA-256 of a file, read as a stream (blobs may be large). */
export async function describeFile(path: string, name: string): Promise<ManifestEntry> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { path: name, size, sha256: hash.digest('hex') };
}

/**
 * Checks that `dir` holds exactly the manifest's files with their sizes and checksums: a missing,
 * extra, truncated or altered file is CHECKSUM_MISMATCH (or BAD_ARCHIVE for an unexpected one).
 */
export async function verifyFiles(
  dir: string,
  manifest: BackupManifest,
  present: readonly string[],
): Promise<void> {
  const listed = new Set(manifest.files.map((f) => f.path));
  const extra = present.find((name) => name !== MANIFEST_NAME && !listed.has(name));
  if (extra !== undefined)
    throw new BackupError('BAD_ARCHIVE', `${extra} is in the archive but not in ${MANIFEST_NAME}`);
  for (const entry of manifest.files) {
    const path = join(dir, entry.path);
    const found = await stat(path).catch(() => null);
    if (!found?.isFile()) {
      throw new BackupError(
        'CHECKSUM_MISMATCH',
        `${entry.path} is in ${MANIFEST_NAME} but not in the archive`,
      );
    }
    const actual = await describeFile(path, entry.path);
    if (actual.size !== entry.size || actual.sha256 !== entry.sha256) {
      throw new BackupError(
        'CHECKSUM_MISMATCH',
        `${entry.path} does not match ${MANIFEST_NAME} (${actual.size} bytes, sha256 ${actual.sha256}; ` +
          `expected ${entry.size} bytes, sha256 ${entry.sha256}): the archive is damaged`,
      );
    }
  }
}
