import 'reflect-metadata';

import { Logger } from '@nestjs/common';

import { reportReady, runService } from '@chat/core';

import { startEdge } from './bootstrap';

async function main(): Promise<void> {
  const edge = await runService(startEdge);
  // Graceful stop: answer in-flight frames, tell and close every connection, close the store.
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    new Logger('Edge').log(`${signal}: shutting down`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await edge.app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  reportReady('edge', edge.facts);
}

void main();
