import 'reflect-metadata';

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/** `node dist/apps/api/src/openapi.js` writes openapi/openapi.json; with `--check` it only compares. */
async function main(check: boolean): Promise<number> {
  const generated = await generateOpenApi();
  const shown = relative(process.cwd(), OPENAPI_FILE) || OPENAPI_FILE;
  if (!check) {
    mkdirSync(dirname(OPENAPI_FILE), { recursive: true });
    writeFileSync(OPENAPI_FILE, generated);
    console.log(`Wrote ${shown}`);
    return 0;
  }
  let committed = '';
  try {
    committed = readFileSync(OPENAPI_FILE, 'utf8');
  } catch {
    // Missing: reported as a difference below.
  }
  if (committed === generated) {
    console.log(`${shown} is up to date`);
    return 0;
  }
  console.error(`${shown} differs from what the code generates${firstDifference(committed, generated)}`);
  console.error('Run `npm run openapi` and commit openapi/openapi.json.');
  return 1;
}

function firstDifference(a: string, b: string): string {
  if (a === '') return ' (the file is missing or empty).';
  const left = a.split('\n');
  const right = b.split('\n');
  const line = left.findIndex((l, i) => l !== right[i]);
  const n = line === -1 ? left.length : line;
  return `, first at line ${n + 1}:\n  committed: ${left[n] ?? '(end of file)'}\n  generated: ${right[n] ?? '(end of file)'}`;
}

if (require.main === module) {
  main(process.argv.includes('--check')).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
