#!/usr/bin/env node
// Writes THIRD-PARTY-NOTICES.md: the assets the web client ships as files (fonts, icons, emoji, the
// hand model), who made them, their licences and the licence texts they require, read from the
// npm packages they come from, so that the notices follow the installed versions.
//
//   node scripts/notices.mjs            rewrite THIRD-PARTY-NOTICES.md
//   node scripts/notices.mjs --check    exit 1 if it is out of date (part of `npm run lint`)
//
// The JavaScript the build bundles (Angular, RxJS, TensorFlow.js, markdown-it…) is listed by the
// build itself, licence texts included, in dist/web/3rdpartylicenses.txt (served as
// /3rdpartylicenses.txt).

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'THIRD-PARTY-NOTICES.md');
const pkg = (name) => JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'));
const text = (name, file) => readFileSync(join(root, 'node_modules', name, file), 'utf8').trim();

/** The `@twemoji/svg` files angular.json copies, as the build names them. */
function emojiCopied() {
  const angular = JSON.parse(readFileSync(join(root, 'angular.json'), 'utf8'));
  const project = Object.values(angular.projects)[0];
  const asset = project.architect.build.options.assets.find((a) => a.input === 'node_modules/@twemoji/svg');
  return asset.glob;
}

const assets = [
  {
    title: 'Roboto',
    pkg: '@fontsource/roboto',
    ships: 'the Roboto font, weights 400 and 500 (WOFF2), the web client’s text face',
    licence: 'SIL Open Font License 1.1',
    notice: 'Copyright 2011 The Roboto Project Authors (https://github.com/googlefonts/roboto-classic)',
    full: 'OFL',
  },
  {
    title: 'Material Symbols',
    pkg: 'material-symbols',
    ships: 'the Material Symbols Outlined icon font (WOFF2)',
    licence: 'Apache License 2.0',
    notice: 'Copyright Google LLC',
    full: 'Apache',
  },
  {
    title: 'Twemoji',
    pkg: '@twemoji/svg',
    ships: `20 emoji pictures (SVG): \`${emojiCopied()}\``,
    licence:
      'graphics: Creative Commons Attribution 4.0 International (https://creativecommons.org/licenses/by/4.0/); package: MIT',
    notice:
      'Twemoji graphics copyright 2019 Twitter, Inc. and other contributors (https://github.com/jdecked/twemoji), ' +
      'licensed under CC-BY 4.0; SVG files optimised and packaged by Samuel Kopp (MIT). ' +
      'Natter shows them unchanged, scaled to the text.',
  },
  {
    title: 'MediaPipe Hands',
    pkg: '@mediapipe/hands',
    ships:
      'the hand-landmark model (`hand_landmark_lite.tflite`, `hands.binarypb`) and its WebAssembly runtime, for the Hand snake',
    licence: 'Apache License 2.0',
    notice: 'Copyright Google LLC (https://github.com/google/mediapipe)',
    full: 'Apache',
  },
];

const fullTexts = {
  OFL: { title: 'SIL Open Font License 1.1 (Roboto)', body: text('@fontsource/roboto', 'LICENSE') },
  Apache: {
    title: 'Apache License 2.0 (Material Symbols, MediaPipe Hands)',
    body: text('material-symbols', 'LICENSE'),
  },
};

const lines = [
  '# Third-party notices',
  '',
  '<!-- Written by `node scripts/notices.mjs` from the installed packages; do not edit by hand. -->',
  '',
  'Natter itself is under the MIT licence (`LICENSE`). The web client ships these files made by',
  'others, each under its own licence:',
  '',
];
for (const a of assets) {
  const { version } = pkg(a.pkg);
  lines.push(`## ${a.title}`, '', `- Package: \`${a.pkg}\` ${version}`, `- Shipped: ${a.ships}`);
  lines.push(`- Licence: ${a.licence}`, `- ${a.notice}`, '');
}
lines.push(
  '## Other assets',
  '',
  '- The four music tracks every install starts with (`apps/api/assets/music/`) are original, composed',
  '  and rendered by `scripts/make-music.mjs`; free to use (CC0 / MIT). The favicon is original (MIT).',
  '- The JavaScript the build bundles (Angular, RxJS, TensorFlow.js, markdown-it and the rest) is',
  '  listed, licence texts included, by the build in `dist/web/3rdpartylicenses.txt`, which the',
  '  running system serves as `/3rdpartylicenses.txt`.',
  '- The server’s own dependencies are installed by npm from the registry with their licences',
  '  (`npm ls --all`, `node_modules/*/LICENSE`); none is bundled into a file this repository ships.',
  '',
);
for (const { title, body } of Object.values(fullTexts)) {
  lines.push(`## Licence text: ${title}`, '', '```text', body, '```', '');
}
const next = lines.join('\n');

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(out, 'utf8');
  } catch {
    // missing: out of date
  }
  if (current !== next) {
    console.error('THIRD-PARTY-NOTICES.md is out of date: run `node scripts/notices.mjs`');
    process.exit(1);
  }
} else {
  writeFileSync(out, next);
}
