import { createServer, Server } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import { listenFailure, ListenPort, PortError, probePorts } from './ports';

describe(probePorts.name, () => {
  const held: Server[] = [];
  afterEach(async () => {
    await Promise.all(held.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });

  /** A real listener on a port the kernel picks: that port is in use until the test ends. */
  const busyPort = async (): Promise<number> => {
    const server = createServer();
    held.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as { port: number }).port;
  };
  const freePort = async (): Promise<number> => {
    const port = await busyPort();
    await new Promise((resolve) => held.pop()!.close(resolve));
    return port;
  };

  it('passes free ports, and leaves them free', async () => {
    const port = await freePort();
    const ports: ListenPort[] = [
      { env: 'TCP_PORT', host: '127.0.0.1', port },
      { env: 'WS_PORT', host: '127.0.0.1', port: 0 },
    ];
    await expect(probePorts(ports)).resolves.toBeUndefined();
    await expect(probePorts(ports)).resolves.toBeUndefined();
  });

  it('names a port in use and its variable', async () => {
    const free = await freePort();
    const busy = await busyPort();
    const probe = probePorts([
      { env: 'TCP_PORT', host: '127.0.0.1', port: free },
      { env: 'WS_PORT', host: '127.0.0.1', port: busy },
    ]);
    await expect(probe).rejects.toBeInstanceOf(PortError);
    await expect(probe).rejects.toThrow(`port ${busy} (WS_PORT) is in use`);
  });
});

describe(listenFailure.name, () => {
  const ports: ListenPort[] = [
    { env: 'TCP_PORT', host: '127.0.0.1', port: 8888 },
    { env: 'CONTROL_PORT', host: '127.0.0.1', port: 8889 },
  ];
  const listenError = (code: string, port: number) =>
    Object.assign(new Error(`listen ${code}: 127.0.0.1:${port}`), { code, port, syscall: 'listen' });

  it.each([
    ['EADDRINUSE', 8889, 'port 8889 (CONTROL_PORT) is in use'],
    ['EACCES', 8888, 'port 8888 (TCP_PORT) may not be used by this user (ports below 1024 need privileges)'],
    [
      'EADDRNOTAVAIL',
      8888,
      'port 8888 (TCP_PORT) cannot be had: 127.0.0.1 is not an address of this machine (HOST)',
    ],
  ])('names the variable of a listen that failed with %s', (code, port, message) => {
    const failure = listenFailure(listenError(code, port), ports);
    expect(failure).toBeInstanceOf(PortError);
    expect((failure as PortError).message).toBe(message);
  });

  it('leaves any other error as it is', () => {
    const other = new Error('disk full');
    expect(listenFailure(other, ports)).toBe(other);
    const elsewhere = listenError('EADDRINUSE', 1234);
    expect(listenFailure(elsewhere, ports)).toBe(elsewhere);
  });
});
