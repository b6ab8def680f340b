import 'reflect-metadata';

import { ConfigError, loadConfig } from '@chat/core';

import { startApi } from './bootstrap';

async function main(): Promise<void> {
  try {
    await startApi(loadConfig());
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  }
}

void main();
