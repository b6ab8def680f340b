/* eslint-disable @typescript-eslint/no-require-imports */
/* global require, __dirname */
'use strict';

// Lets a plain `node` child process load the store's TypeScript sources, compiled on the fly by
// SWC with the repository's own .swcrc (decorators, @chat/* paths). The kill -9 and two-process
// tests thereby run the very code the app runs, not a copy of it.
const { readFileSync } = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');

const root = path.resolve(__dirname, '../../../../..');
const swcrc = JSON.parse(readFileSync(path.join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;
swcrc.jsc.baseUrl = root;

require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(readFileSync(filename, 'utf8'), {
    ...swcrc,
    filename,
    swcrc: false,
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
