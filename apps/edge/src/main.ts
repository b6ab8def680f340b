import 'reflect-metadata';

import { ConfigError, loadConfig } from '@chat/core';

import { startEdge } from './bootstrap';

async function main(): Promise<void> {
  try {
    await startEdge(loadConfig());
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  }
}

void main();
