import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ChatClient, MessageFrame } from '@chat/protocol';

import { collect, eventually } from '../support/events';
import { parseSamples, sampleValue } from '../support/metrics';
import { freePort } from '../support/service-process';
import { SystemProcess } from '../support/system-process';
import { WsPeer } from '../support/ws-peer';

const EDGE = { process: 'edge' };

describe('api: GET /api/metrics (Prometheus, the api and the edge on one page)', () => {
  let sys: SystemProcess;
  let metricsPort: number;
  let admin: string;
  let alice: ChatClient;
  let bob: ChatClient;

  beforeAll(async () => {
    metricsPort = await freePort();
    sys = await SystemProcess.start({ apiEnv: { METRICS_PORT: String(metricsPort) } });
    admin = await sys.adminToken();
    alice = await sys.tcp('alice');
    bob = await sys.tcp('bob');
  });
  afterAll(async () => {
    await Promise.all([alice?.close(), bob?.close()]);
    await sys?.dispose();
  });

  const scrape = async (): Promise<string> => {
    const res = await sys.request('GET', '/api/metrics', { token: admin });
    expect(res.status).toBe(200);
    return res.body as unknown as string;
  };

  it('moves as messages flow over TCP: messages, deliveries, fan-out and store latency, log-ins, errors', async () => {
    const before = await scrape();
    const seen = collect<MessageFrame>(bob, 'message');
    for (let i = 0; i < 5; i++) await alice.request('send', { to: '*', text: `hello ${i}` });
    for (let i = 0; i < 3; i++) await alice.request('send', { to: 'bob', text: `psst ${i}` });
    await eventually(() => expect(seen).toHaveLength(8));
    await expect(alice.request('send', { to: 'nobody', text: 'hi' })).rejects.toMatchObject({
      code: 'NO_SUCH_USER',
    });
    const carol = await sys.edge.connect();
    await expect(carol.request('login', { user: 'alice', password: 'wrong-password' })).rejects.toMatchObject(
      {
        code: 'BAD_CREDENTIALS',
      },
    );
    await carol.close();
    const after = await scrape();

    const grew = (name: string, labels: Record<string, string> = {}): number =>
      sampleValue(after, name, { ...EDGE, ...labels }) - sampleValue(before, name, { ...EDGE, ...labels });
    expect(grew('natter_messages_total', { kind: 'all' })).toBe(5);
    expect(grew('natter_messages_total', { kind: 'private' })).toBe(3);
    // Every message reaches alice's and bob's connections (a private one: its sender's copy too).
    expect(grew('natter_deliveries_total')).toBeGreaterThanOrEqual(16);
    expect(grew('natter_fanout_seconds_count')).toBe(8);
    expect(grew('natter_fanout_seconds_bucket', { le: '+Inf' })).toBe(8);
    expect(grew('natter_store_seconds_count', { operation: 'messages.append' })).toBe(8);
    expect(grew('natter_logins_total', { method: 'password', result: 'failed' })).toBe(1);
    expect(grew('natter_errors_total', { code: 'NO_SUCH_USER' })).toBe(1);
    expect(grew('natter_errors_total', { code: 'BAD_CREDENTIALS' })).toBe(1);
    expect(sampleValue(after, 'natter_logins_total', { ...EDGE, result: 'ok' })).toBeGreaterThanOrEqual(2);
  });

  it('counts connections by transport, the WebSocket ones apart', async () => {
    const peer = await WsPeer.open(sys.edge.wsPort);
    try {
      await eventually(() => expect(peer.frames[0]).toMatchObject({ type: 'hello' }));
      const page = await scrape();
      expect(sampleValue(page, 'natter_connections', { ...EDGE, transport: 'tcp' })).toBeGreaterThanOrEqual(
        2,
      );
      expect(sampleValue(page, 'natter_connections', { ...EDGE, transport: 'websocket' })).toBe(1);
      expect(sampleValue(page, 'natter_connections', { ...EDGE, transport: 'tls' })).toBe(0);
    } finally {
      peer.ws.close();
    }
  });

  it("has both processes' Node metrics, the event-loop lag among them, each family declared once", async () => {
    const page = await scrape();
    for (const process of ['api', 'edge']) {
      expect(
        parseSamples(page).some(
          (s) => s.name === 'nodejs_eventloop_lag_seconds' && s.labels.process === process,
        ),
      ).toBe(true);
      expect(sampleValue(page, 'process_cpu_user_seconds_total', { process })).toBeGreaterThan(0);
    }
    expect(sampleValue(page, 'natter_edge_up', { process: 'api' })).toBe(1);
    const types = page.split('\n').filter((line) => line.startsWith('# TYPE '));
    expect(new Set(types).size).toBe(types.length);
    expect(types).toContain('# TYPE natter_fanout_seconds histogram');
    expect(types).toContain('# TYPE natter_messages_total counter');
  });

  it("counts the api's own errors, an unknown route among them", async () => {
    const before = await scrape();
    expect((await sys.request('GET', '/api/nope')).status).toBe(404);
    const after = await scrape();
    const api = { process: 'api', code: 'NOT_FOUND' };
    expect(
      sampleValue(after, 'natter_errors_total', api) - sampleValue(before, 'natter_errors_total', api),
    ).toBe(1);
  });

  it('is for admins only: 401 without a token, 403 for a user', async () => {
    const anonymous = await sys.request('GET', '/api/metrics');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ statusCode: 401, code: 'NOT_AUTHENTICATED' });
    const user = await sys.request('GET', '/api/metrics', { token: await sys.token('dave') });
    expect(user.status).toBe(403);
    expect(user.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
    const ok = await sys.request('GET', '/api/metrics', { token: admin });
    expect(ok.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  });

  it('is served without a token on METRICS_PORT, /metrics only', async () => {
    const base = `http://${sys.edge.host}:${metricsPort}`;
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const page = await res.text();
    expect(sampleValue(page, 'natter_messages_total', { ...EDGE, kind: 'all' })).toBeGreaterThanOrEqual(5);
    expect(sampleValue(page, 'natter_edge_up', { process: 'api' })).toBe(1);

    const other = await fetch(`${base}/api/metrics`);
    expect(other.status).toBe(404);
    expect(await other.text()).toContain('/metrics only');
    const post = await fetch(`${base}/metrics`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('says the edge is down when it does not answer, and still has the api', async () => {
    await sys.edge.stop();
    const page = await scrape();
    expect(sampleValue(page, 'natter_edge_up', { process: 'api' })).toBe(0);
    expect(parseSamples(page).some((s) => s.labels.process === 'edge')).toBe(false);
    expect(sampleValue(page, 'process_cpu_user_seconds_total', { process: 'api' })).toBeGreaterThan(0);
  });
});
