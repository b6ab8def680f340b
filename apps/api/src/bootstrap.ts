import { INestApplication, Logger, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication, NestExpressBodyParserOptionsFor } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';

import {
  apiPorts,
  AppConfig,
  AuthService,
  checkStorage,
  describeStore,
  describeTls,
  limitHttpServer,
  listenFailure,
  Metrics,
  probePorts,
  reportListening,
  StartFacts,
  tlsServerOptions,
  useLogger,
} from '@chat/core';

import { ApiModule } from './api.module';
import { HttpErrorFilter } from './common/http-error.filter';
import { verifyJsonBody } from './common/json-depth';
import { useRequestLog } from './common/request-log';
import { createValidationPipe } from './common/validation.pipe';
import { METRICS_PATH, MetricsListener } from './metrics/metrics-listener';
import { MusicService } from './music/music.service';
import { createOpenApiDocument, DOCS_PATH, loadOpenApiMetadata } from './openapi-document';
import { useSecurityHeaders, webSocketSources } from './web/security-headers';
import { serveWebApp, webAppBuilt } from './web/serve-web-app';
import { publicWsUrl } from './web/web-config';

export const API_PREFIX = 'api';

export interface RunningApi {
  app: INestApplication;
  address: { host: string; port: number };
  /** For the closing summary (a generated admin password included, on a first start). */
  facts: StartFacts;
}

/** The api, configured (prefix, validation, errors, security headers, Swagger UI) but not listening. */
export async function createApi(
  config: AppConfig,
  logger: LoggerService | LogLevel[] | false = useLogger(config.log),
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), {
    logger,
    // HTTPS with TLS_CERT/TLS_KEY: Nest creates the server, limitHttpServer bounds it as any other.
    ...(config.tls ? { httpsOptions: tlsServerOptions(config.tls) } : {}),
  });
  app.setGlobalPrefix(API_PREFIX);
  // First of all handlers, so that every response, Swagger UI's and the web app's too, has its id.
  useRequestLog(app, API_PREFIX);
  // Replaces Nest's own JSON parser (same limit, 100 kB): a body nested too deep is refused unparsed.
  // Nest's type leaves `verify` out since its `rawBody` option sets one; this app does not use that.
  app.useBodyParser('json', { verify: verifyJsonBody } as NestExpressBodyParserOptionsFor<'json'>);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter(app.get(Metrics)));
  app.disable('x-powered-by');
  // Before Swagger UI and the web app, whose handlers are registered at once (controllers' at init).
  const withNonce = useSecurityHeaders(app, {
    webSocketSources: webSocketSources(config.webOrigins, config.wsPort, publicWsUrl()),
    // HSTS and upgrade-insecure-requests only with TLS: over plain HTTP they would lock browsers out.
    https: config.tls !== undefined,
  });
  await loadOpenApiMetadata();
  SwaggerModule.setup(DOCS_PATH, app, () => createOpenApiDocument(app), {
    jsonDocumentUrl: `${DOCS_PATH}-json`,
    swaggerOptions: { persistAuthorization: true },
  });
  serveWebApp(app, withNonce);
  return app;
}

/** Creates and starts the api on `config`; used by main.ts. */
export async function startApi(config: AppConfig): Promise<RunningApi> {
  const logger = new Logger('Api');
  const ports = apiPorts(config);
  // Nothing is created (the store, the admin, the bundled music) while a port may still be taken.
  await probePorts(ports);
  await checkStorage(config);
  const app = await createApi(config);
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  // METRICS_PORT's listener binds during init.
  await app.init().catch((err: unknown) => {
    throw listenFailure(err, ports);
  });
  limitHttpServer(app.getHttpServer(), config.http, config.http.maxConnections);
  await app.listen(config.httpPort, config.host).catch((err: unknown) => {
    throw listenFailure(err, ports);
  });
  const server = app.getHttpServer().address();
  const port = server && typeof server === 'object' ? server.port : config.httpPort;
  const base = `${config.tls ? 'https' : 'http'}://${urlHost(config.host)}:${port}`;
  // Under `npm start`, the admin is created only once every service of the system is listening;
  // the lines that say where it is come once it serves with them.
  await reportListening('api');
  const admin = await app.get(AuthService).ensureAdmin();
  await app.get(MusicService).seedBundled(config.adminUser);
  logger.log(`Admin API on ${base}/${API_PREFIX}, Swagger UI on ${base}/${DOCS_PATH}`);
  if (config.tls) logger.log(describeTls(config.tls));
  const web = webAppBuilt();
  if (web) logger.log(`Web client on ${base}/`);
  else logger.warn('Web client not built: `npm run build:web` puts it in dist/web');
  const facts: StartFacts = {
    ...(web ? { web: `${base}/` } : {}),
    api: `${base}/${API_PREFIX}`,
    swagger: `${base}/${DOCS_PATH}`,
    metrics: metricsAt(app.get(MetricsListener).address, config, base),
    store: describeStore(config),
    dataDir: config.dataDir,
    adminUser: config.adminUser,
    adminPassword: admin.generatedPassword,
    logFormat: config.log.format,
  };
  return { app, address: { host: config.host, port }, facts };
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** Where the metrics are for the summary: the token-free `METRICS_PORT`, or the api's admin route. */
function metricsAt(
  own: { host: string; port: number } | null,
  config: AppConfig,
  base: string,
): StartFacts['metrics'] {
  if (!own) return { url: `${base}/${API_PREFIX}/metrics`, token: true };
  return {
    url: `${config.tls ? 'https' : 'http'}://${urlHost(own.host)}:${own.port}${METRICS_PATH}`,
    token: false,
  };
}
