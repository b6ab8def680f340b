import { INestMicroservice, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { AppConfig, AuthService } from '@chat/core';

import { EdgeModule } from './edge.module';
import { ConnectionRegistry } from './registry/connection-registry';
import { SessionService } from './session/session.service';
import { PassErrorsToTransportFilter } from './transport/chat-error.filter';
import { ChatTransportServer } from './transport/chat-transport.server';

export interface RunningEdge {
  app: INestMicroservice;
  transport: ChatTransportServer;
  registry: ConnectionRegistry;
  address: { host: string; port: number };
}

/** Creates and starts the edge on `config`; used by main.ts and by tests that want it in-process. */
export async function startEdge(config: AppConfig): Promise<RunningEdge> {
  const logger = new Logger('Edge');
  const registry = new ConnectionRegistry();
  const transport = new ChatTransportServer(config, registry);
  const app = await NestFactory.createMicroservice(EdgeModule.forRoot(config, registry), {
    strategy: transport,
    logger: ['error', 'warn', 'log'],
  });
  app.useGlobalFilters(new PassErrorsToTransportFilter());
  await app.init();
  const sessions = app.get(SessionService);
  transport.hooks.onDisconnect = (conn) => sessions.disconnected(conn);
  const admin = await app.get(AuthService).ensureAdmin();
  if (admin.generatedPassword) {
    logger.warn(
      `Admin account "${config.adminUser}" created with password: ${admin.generatedPassword} ` +
        '(shown once; set ADMIN_PASSWORD to choose one)',
    );
  }
  await app.listen();
  const address = transport.address!;
  const store = config.mongodbUri ? 'MongoDB' : `SQLite in ${config.dataDir}`;
  logger.log(`Chat TCP edge listening on ${address.host}:${address.port} (store: ${store})`);
  logger.log(`Connect with: npm run cli -- --host ${address.host} --port ${address.port}`);
  return { app, transport, registry, address };
}
