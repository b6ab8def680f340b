import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

import { APP_CONFIG, AppConfig, createHttpServer, METRICS_CONTENT_TYPE } from '@chat/core';

import { MetricsService } from './metrics.service';

/** The one path the metrics port answers. */
export const METRICS_PATH = '/metrics';
/** A scraper needs one connection; a few more leave room for a person with curl. */
const MAX_METRICS_CONNECTIONS = 16;

/**
 * `METRICS_PORT`: the same page as `/api/metrics`, without a token, on a listener of its own (HTTPS
 * when TLS is configured, like every HTTP server of the system), so that a Prometheus can scrape
 * without an admin's JWT while the api's port keeps metrics to admins. It listens as the api
 * starts, before the api's own port, and closes with it.
 */
@Injectable()
export class MetricsListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private server?: Server;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  /** Where it listens, once it does; null without METRICS_PORT. */
  public get address(): { host: string; port: number } | null {
    const addr = this.server?.address() as AddressInfo | null | undefined;
    return addr ? { host: addr.address, port: addr.port } : null;
  }

  public async onApplicationBootstrap(): Promise<void> {
    const port = this.config.metricsPort;
    if (port === undefined) return;
    const server = createHttpServer(this.config.http, this.config.tls, (req, res) => this.answer(req, res));
    server.maxConnections = MAX_METRICS_CONNECTIONS;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port, host: this.config.host }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const { host, port: bound } = this.address!;
    const scheme = this.config.tls ? 'https' : 'http';
    this.logger.log(
      `Metrics without a token on ${scheme}://${host.includes(':') ? `[${host}]` : host}:${bound}${METRICS_PATH}`,
    );
  }

  public async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== METRICS_PATH) return plain(res, 404, `Not found: this port serves ${METRICS_PATH} only\n`);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return plain(res, 405, 'Method not allowed: GET or HEAD\n');
    }
    this.metrics.scrape().then(
      (text) => {
        res.writeHead(200, { 'Content-Type': METRICS_CONTENT_TYPE, 'Cache-Control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      (err: unknown) => {
        this.logger.error(
          `Scrape failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        );
        plain(res, 500, 'Internal error\n');
      },
    );
  }
}

function plain(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}
