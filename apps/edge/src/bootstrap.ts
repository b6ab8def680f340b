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
  describeStore,
  describeTls,
  edgePorts,
  listenFailure,
  probePorts,
  reportListening,
  StartFacts,
  useLogger,
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
  /** For the closing summary (a generated admin password included, on a first start). */
  facts: StartFacts;
}

/** Creates and starts the edge on `config`; used by main.ts and by tests that want it in-process. */
export async function startEdge(config: AppConfig): Promise<RunningEdge> {
  const logger = new Logger('Edge');
  const ports = edgePorts(config);
  // Nothing is created (the store, the admin) while a port may still be taken.
  await probePorts(ports);
  await checkStorage(config);
  const registry = new ConnectionRegistry<Connection>();
  const transport = new ChatTransportServer(config, registry);
  // A hybrid app without HTTP: the chat transport, and the control channel (stock Nest TCP) the
  // admin API moderates through. The control channel does not inherit the app's config, so the
  // frame guard and filter stay with the chat frames; it has its own key guard.
  const app = await NestFactory.create(EdgeModule.forRoot(config, registry), {
    logger: useLogger(config.log),
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
  await app.startAllMicroservices().catch((err: unknown) => {
    throw listenFailure(err, ports);
  });
  const address = transport.address!;
  const ws = transport.wsAddress!;
  const controlPort = (control.unwrap<NetServer>().address() as AddressInfo).port;
  // Under `npm start`, the admin is created only once every service of the system is listening;
  // the lines that say where to connect come once it can be logged in as.
  await reportListening('edge');
  const admin = await app.get(AuthService).ensureAdmin();
  const store = config.mongodbUri ? 'MongoDB' : `SQLite in ${config.dataDir}`;
  const tls = transport.secure ? ' with TLS' : '';
  logger.log(`Chat TCP edge listening on ${address.host}:${address.port}${tls} (store: ${store})`);
  logger.log(`Chat WebSocket on ${transport.secure ? 'wss' : 'ws'}://${ws.host}:${ws.port}/ws`);
  if (config.tls) logger.log(describeTls(config.tls));
  logger.log(
    `Connect with: npm run cli -- --host ${address.host} --port ${address.port}${transport.secure ? ' --tls' : ''}`,
  );
  logger.log(`Control channel for the admin API on ${config.controlHost}:${controlPort}`);
  const facts: StartFacts = {
    tcp: { host: address.host, port: address.port, tls: transport.secure },
    webSocket: `${transport.secure ? 'wss' : 'ws'}://${ws.host}:${ws.port}/ws`,
    store: describeStore(config),
    dataDir: config.dataDir,
    adminUser: config.adminUser,
    adminPassword: admin.generatedPassword,
    logFormat: config.log.format,
  };
  return {
    app,
    transport,
    registry,
    address,
    control: { host: config.controlHost, port: controlPort },
    facts,
  };
}
