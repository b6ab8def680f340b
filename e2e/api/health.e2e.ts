import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { nextEvent } from '../support/events';
import { SystemProcess } from '../support/system-process';

describe('admin API: health, and the control channel when the edge is down', () => {
  let sys: SystemProcess;
  let admin: string;

  beforeAll(async () => {
    sys = await SystemProcess.start();
    admin = await sys.adminToken();
    await sys.token('target');
  });
  afterAll(async () => {
    await sys?.dispose();
  });

  it('GET /api/health (no token) reports the store and the edge reachable', async () => {
    const res = await sys.request('GET', '/api/health');
    expect(res).toMatchObject({
      status: 200,
      body: {
        status: 'ok',
        store: { kind: 'sqlite', reachable: true },
        edge: { reachable: true, connections: 0, online: 0 },
      },
    });
  });

  it("counts the edge's connections", async () => {
    const c = await sys.tcp('target');
    expect((await sys.request('GET', '/api/health')).body).toMatchObject({
      edge: { connections: 1, online: 1 },
    });
    await c.close();
  });

  it('with the edge down: health says so at once, moderation still updates the store and the audit log', async () => {
    await sys.edge.stop();
    let started = Date.now();
    const health = await sys.request('GET', '/api/health');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(health).toMatchObject({
      status: 200,
      body: { status: 'degraded', store: { reachable: true }, edge: { reachable: false } },
    });

    started = Date.now();
    const ban = await sys.request('POST', '/api/admin/users/target/ban', {
      token: admin,
      json: { reason: 'offline ban' },
    });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(ban).toMatchObject({ status: 200, body: { user: 'target', reason: 'offline ban' } });
    const audit = await sys.request<{ items: { action: string; target: string }[] }>(
      'GET',
      '/api/admin/audit?limit=1',
      { token: admin },
    );
    expect(audit.body.items[0]).toMatchObject({ action: 'ban', target: 'target' });
    expect((await sys.request('GET', '/api/users/online', { token: admin })).body).toEqual({
      online: [],
      count: 0,
    });
    expect(
      (await sys.request('POST', '/api/admin/announce', { token: admin, json: { text: 'anyone?' } })).status,
    ).toBe(204);
  });

  it('when the edge is back, the ban made meanwhile holds and live effects work again', async () => {
    await sys.edge.restart();
    const retry = await sys.edge.connect();
    await expect(
      retry.request('login', { user: 'target', password: 'target-password' }),
    ).rejects.toMatchObject({
      code: 'BANNED',
      details: { reason: 'offline ban' },
    });
    await retry.close();
    expect((await sys.request('GET', '/api/health')).body).toMatchObject({
      status: 'ok',
      edge: { reachable: true },
    });
    await sys.request('DELETE', '/api/admin/users/target/ban', { token: admin });
    const t = await sys.tcp('target');
    const kicked = nextEvent(t, 'kicked', 1_000);
    await sys.request('POST', '/api/admin/users/target/kick', { token: admin, json: {} });
    expect(await kicked).toMatchObject({ type: 'kicked', by: 'admin' });
  });

  it('the control channel refuses a caller without the key', async () => {
    const { ClientProxyFactory, Transport } = await import('@nestjs/microservices');
    const { lastValueFrom, timeout } = await import('rxjs');
    const client = ClientProxyFactory.create({
      transport: Transport.TCP,
      options: { host: '127.0.0.1', port: sys.controlPort },
    });
    try {
      await expect(
        lastValueFrom(client.send('live.online', { key: 'guess' }).pipe(timeout(2_000))),
      ).rejects.toBeDefined();
      await expect(
        lastValueFrom(
          client.send('live.broadcast', { frame: { type: 'notice', text: 'pwned' } }).pipe(timeout(2_000)),
        ),
      ).rejects.toBeDefined();
    } finally {
      client.close();
    }
  });
});
