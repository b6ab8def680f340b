import 'reflect-metadata';

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

import { loadConfig } from '@chat/core';

import { createApi } from './bootstrap';
import { createOpenApiDocument } from './openapi-document';

/** The committed document, compared in CI with what the code generates (OPENAPI_FILE: another path, for tests). */
export const OPENAPI_FILE = resolve(
  process.env.OPENAPI_FILE ?? resolve(__dirname, '..', '..', '..', '..', 'openapi', 'openapi.json'),
);

/** The document as the code generates it, in the committed file's exact text form. */
export async function generateOpenApi(): Promise<string> {
  // Generation needs the module graph, not the user's data: a throwaway store, no environment.
  const dataDir = mkdtempSync(join(tmpdir(), 'chat-openapi-'));
  try {
    const app = await createApi(loadConfig({ DATA_DIR: dataDir, JWT_SECRET: 'o'.repeat(32) }), false);
    try {
      await app.init();
      return `${JSON.stringify(createOpenApiDocument(app), null, 2)}\n`;
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * `node dist/apps/api/src/openapi.js` writes openapi/openapi.json; with `--stdout` it prints the
 * document instead, for `scripts/openapi.mjs --check`, which compares it with the committed one.
 */
async function main(toStdout: boolean): Promise<number> {
  const generated = await generateOpenApi();
  if (toStdout) {
    // Written out before the caller's process.exit: a pipe's writes can still be queued, and the
    // document (over 200 KiB) would reach the reader cut short.
    await new Promise<void>((resolve, reject) =>
      process.stdout.write(generated, (err) => (err ? reject(err) : resolve())),
    );
    return 0;
  }
  mkdirSync(dirname(OPENAPI_FILE), { recursive: true });
  writeFileSync(OPENAPI_FILE, generated);
  console.log(`Wrote ${relative(process.cwd(), OPENAPI_FILE) || OPENAPI_FILE}`);
  return 0;
}

if (require.main === module) {
  main(process.argv.includes('--stdout')).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
