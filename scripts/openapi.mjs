// One REST contract, generated from the api's code and committed:
//
//   apps/api/src/metadata.ts                  the Swagger plugin's metadata (DTO and controller types, JSDoc)
//   openapi/openapi.json                      the document the api serves at /docs-json
//   apps/web/src/app/core/api/openapi.types.ts   the web client's types of that document
//
// `node scripts/openapi.mjs` (npm run openapi) writes all three, compiling the server in between
// (the document comes from the compiled api, with the new metadata). `--check` (npm run
// openapi:check, after a build) writes nothing and fails when any of them differs from what the
// code generates. OPENAPI_FILE, OPENAPI_METADATA_FILE and OPENAPI_WEB_TYPES_FILE point the
// check at other files, for tests.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import * as prettier from 'prettier';

import { generateMetadata, METADATA_FILE, ROOT } from './openapi-metadata.mjs';

const DOCUMENT_FILE = process.env.OPENAPI_FILE ?? join(ROOT, 'openapi', 'openapi.json');
const WEB_TYPES_PATH = join(ROOT, 'apps', 'web', 'src', 'app', 'core', 'api', 'openapi.types.ts');
const WEB_TYPES_FILE = process.env.OPENAPI_WEB_TYPES_FILE ?? WEB_TYPES_PATH;
const DOCUMENT_SCRIPT = join(ROOT, 'dist', 'apps', 'api', 'src', 'openapi.js');

/** The web client's types of the document: openapi-typescript's output, formatted as Prettier would leave it in its place. */
async function generateWebTypes(documentFile) {
  const document = JSON.parse(readFileSync(documentFile, 'utf8'));
  const text = [
    COMMENT_HEADER.trimEnd(),
    '// From openapi/openapi.json by scripts/openapi.mjs (npm run openapi).',
    '',
    astToString(await openapiTS(document)),
  ].join('\n');
  return prettier.format(text, {
    ...(await prettier.resolveConfig(WEB_TYPES_PATH)),
    filepath: WEB_TYPES_PATH,
  });
}

function write(file, text) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  console.log(`Wrote ${shown(file)}`);
}

/** True when the file holds `generated`; otherwise says where they first differ. */
function matches(file, generated) {
  let committed = '';
  try {
    committed = readFileSync(file, 'utf8');
  } catch {
    // Missing: reported as a difference below.
  }
  if (committed === generated) {
    console.log(`${shown(file)} is up to date`);
    return true;
  }
  console.error(
    `${shown(file)} differs from what the code generates${firstDifference(committed, generated)}`,
  );
  return false;
}

function firstDifference(a, b) {
  if (a === '') return ' (the file is missing or empty).';
  const left = a.split('\n');
  const right = b.split('\n');
  const line = left.findIndex((l, i) => l !== right[i]);
  const n = line === -1 ? left.length : line;
  return `, first at line ${n + 1}:\n  committed: ${left[n] ?? '(end of file)'}\n  generated: ${right[n] ?? '(end of file)'}`;
}

const shown = (file) => relative(process.cwd(), file) || file;

async function generate() {
  write(METADATA_FILE, await generateMetadata());
  execFileSync('npm', ['run', '--silent', 'build:server'], { cwd: ROOT, stdio: 'inherit' });
  execFileSync(process.execPath, [DOCUMENT_SCRIPT], { cwd: ROOT, stdio: 'inherit' });
  write(WEB_TYPES_FILE, await generateWebTypes(DOCUMENT_FILE));
  return 0;
}

async function check() {
  const metadata = matches(METADATA_FILE, await generateMetadata());
  const printed = spawnSync(process.execPath, [DOCUMENT_SCRIPT, '--stdout'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (printed.status !== 0)
    throw new Error(`${shown(DOCUMENT_SCRIPT)} failed (${printed.status ?? printed.signal})`);
  const document = matches(DOCUMENT_FILE, printed.stdout);
  // From the committed document: when that is up to date, it is the one the code generates.
  const webTypes = matches(WEB_TYPES_FILE, await generateWebTypes(DOCUMENT_FILE));
  if (metadata && document && webTypes) return 0;
  console.error('Run `npm run openapi` and commit what it writes.');
  return 1;
}

(process.argv.includes('--check') ? check() : generate()).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
