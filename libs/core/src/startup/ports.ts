import { createServer } from 'node:net';

import { AppConfig } from '../config/app-config';

/** A port a service listens on, with the variable that sets it (named when it cannot be had). */
export interface ListenPort {
  env: string;
  host: string;
  port: number;
}

/** The edge's ports: chat over TCP, its WebSocket, the control channel for the api. */
export function edgePorts(config: AppConfig): ListenPort[] {
  return [
    { env: 'TCP_PORT', host: config.host, port: config.tcpPort },
    { env: 'WS_PORT', host: config.host, port: config.wsPort },
    { env: 'CONTROL_PORT', host: config.controlHost, port: config.controlPort },
  ];
}

/** The api's ports: HTTP (the REST api, Swagger UI, the web app). */
export function apiPorts(config: AppConfig): ListenPort[] {
  return [{ env: 'HTTP_PORT', host: config.host, port: config.httpPort }];
}

/** A port that cannot be listened on; the message names it and its variable, and is all a start prints. */
export class PortError extends Error {
  public override readonly name = 'PortError';

  constructor(
    public readonly listen: ListenPort,
    /** The system's error code: EADDRINUSE, EACCES, EADDRNOTAVAIL. */
    public readonly code: string,
  ) {
    super(portMessage(listen, code));
  }
}

const PORT_ERROR_CODES = new Set(['EADDRINUSE', 'EACCES', 'EADDRNOTAVAIL']);

function portMessage({ env, host, port }: ListenPort, code: string): string {
  switch (code) {
    case 'EADDRINUSE':
      return `port ${port} (${env}) is in use`;
    case 'EACCES':
      return `port ${port} (${env}) may not be used by this user (ports below 1024 need privileges)`;
    default:
      return `port ${port} (${env}) cannot be had: ${host} is not an address of this machine (HOST)`;
  }
}

/**
 * Binds each of `ports` and lets it go again, before the service creates anything (the store, the
 * admin): a port in use then stops the start with its name alone. A port taken between this and
 * the real listen still fails that listen, which `listenFailure` names the same way.
 */
export async function probePorts(ports: ListenPort[]): Promise<void> {
  for (const listen of ports) {
    // 0: the kernel picks a free one.
    if (listen.port === 0) continue;
    await new Promise<void>((resolve, reject) => {
      const server = createServer();
      server.once('error', (err: NodeJS.ErrnoException) => reject(listenFailure(err, [listen])));
      server.listen({ port: listen.port, host: listen.host, exclusive: true }, () =>
        server.close(() => resolve()),
      );
    });
  }
}

/** A listen's error as a PortError naming the variable of its port, when it is one; else as it is. */
export function listenFailure(err: unknown, ports: ListenPort[]): unknown {
  const { code, port } = (err ?? {}) as { code?: unknown; port?: unknown };
  if (typeof code !== 'string' || !PORT_ERROR_CODES.has(code)) return err;
  const listen = ports.length === 1 ? ports[0] : ports.find((p) => p.port === port);
  return listen ? new PortError(listen, code) : err;
}
