import type { AddressInfo, Server as NetServer } from 'node:net';

import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TcpOptions, Transport } from '@nestjs/microservices';

import {
  AppConfig,
  AuthService,
  CallsService,
  checkStorage,
  controlKey,
  describeTls,
  Metrics,
} from '@chat/core';

import { keyedControlSocket } from './control/control-socket';
import { EdgeModule } from './edge.module';
import { ConnectionRegistry } from './registry/connection-registry';
import { ServerHello } from './session/server-hello';
import { SessionService } from './session/session.service';
import { PassErrorsToTransportFilter } from './transport/chat-error.filter';
import { ChatTransportServer } from './transport/chat-transport.server';
import { Connection } from './transport/connection';

export interface RunningEdge {
  app: INestApplication;
  transport: ChatTransportServer;
  registry: ConnectionRegistry<Connection>;
  address: { host: string; port: number };
  /** The control channel the admin API reaches live connections through. */
  control: { host: string; port: number };
}

/** Creates and starts the edge on `config`; used by main.ts and by tests that want it in-process. */
export async function startEdge(config: AppConfig): Promise<RunningEdge> {
  const logger = new Logger('Edge');
  await checkStorage(config);
  const registry = new ConnectionRegistry<Connection>();
  const metrics = new Metrics('edge');
  const transport = new ChatTransportServer(config, registry, metrics);
  // A hybrid app without HTTP: the chat transport, and the control channel (stock Nest TCP) the
  // admin API moderates through. The control channel does not inherit the app's config, so the
  // frame guard and filter stay with the chat frames; it has its own key guard.
  const app = await NestFactory.create(EdgeModule.forRoot(config, registry, metrics), {
    logger: ['error', 'warn', 'log'],
  });
  app.useGlobalFilters(new PassErrorsToTransportFilter());
  app.connectMicroservice({ strategy: transport }, { inheritAppConfig: true });
  const control = app.connectMicroservice<TcpOptions>({
    transport: Transport.TCP,
    options: {
      host: config.controlHost,
      port: config.controlPort,
      socketClass: keyedControlSocket(controlKey(config.jwtSecret)),
    },
  });
  await app.init();
  transport.greetWith(app.get(ServerHello).fields());
  const sessions = app.get(SessionService);
  const calls = app.get(CallsService);
  transport.hooks.onDisconnect = (conn) => {
    sessions.disconnected(conn);
    void calls
      .connectionClosed(String(conn.id))
      .catch((err: unknown) => logger.error(`Calls: ${String(err)}`));
  };
  const admin = await app.get(AuthService).ensureAdmin();
  if (admin.generatedPassword) {
    logger.warn(
      `Admin account "${config.adminUser}" created with password: ${admin.generatedPassword} ` +
        '(shown once; set ADMIN_PASSWORD to choose one)',
    );
  }
  await app.startAllMicroservices();
  const address = transport.address!;
  const store = config.mongodbUri ? 'MongoDB' : `SQLite in ${config.dataDir}`;
  const tls = transport.secure ? ' with TLS' : '';
  logger.log(`Chat TCP edge listening on ${address.host}:${address.port}${tls} (store: ${store})`);
  const ws = transport.wsAddress!;
  logger.log(`Chat WebSocket on ${transport.secure ? 'wss' : 'ws'}://${ws.host}:${ws.port}/ws`);
  if (config.tls) logger.log(describeTls(config.tls));
  logger.log(
    `Connect with: npm run cli -- --host ${address.host} --port ${address.port}${transport.secure ? ' --tls' : ''}`,
  );
  const controlPort = (control.unwrap<NetServer>().address() as AddressInfo).port;
  logger.log(`Control channel for the admin API on ${config.controlHost}:${controlPort}`);
  return { app, transport, registry, address, control: { host: config.controlHost, port: controlPort } };
}
