import 'reflect-metadata';

import { loadConfig, startupFailure } from '@chat/core';

import { startApi } from './bootstrap';

async function main(): Promise<void> {
  try {
    await startApi(loadConfig());
  } catch (err) {
    console.error(startupFailure(err));
    process.exit(1);
  }
}

void main();
