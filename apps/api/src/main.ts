import 'reflect-metadata';

import { reportReady, runService } from '@chat/core';

import { startApi } from './bootstrap';

async function main(): Promise<void> {
  const api = await runService(startApi);
  reportReady('api', api.facts);
}

void main();
