import { performance } from 'node:perf_hooks';

import { describe, expect, it } from 'vitest';

import { ChatError } from '@chat/protocol';

import { mergeExpositions, Metrics } from './metrics';

/** The value of one series (the sum of several when `labels` leaves some out); 0 when none. */
async function value(
  sut: Metrics,
  name: string,
  labels: Record<string, string | number> = {},
): Promise<number> {
  const family = (await sut.registry.getMetricsAsJSON()).find(
    (m) => m.name === name || name.startsWith(`${m.name}_`),
  );
  return (family?.values ?? [])
    .filter(
      (v) =>
        (v as { metricName?: string }).metricName === undefined ||
        (v as { metricName?: string }).metricName === name,
    )
    .filter((v) =>
      Object.entries(labels).every(([k, want]) => (v.labels as Record<string, unknown>)[k] === want),
    )
    .reduce((sum, v) => sum + v.value, 0);
}

describe(Metrics.name, () => {
  it('counts log-ins by method and result, and passes the outcome on', async () => {
    const sut = new Metrics();
    await expect(sut.login('password', Promise.resolve('token'))).resolves.toBe('token');
    await expect(sut.login('token', Promise.reject(new ChatError('BAD_CREDENTIALS')))).rejects.toMatchObject({
      code: 'BAD_CREDENTIALS',
    });
    await expect(sut.login('password', Promise.reject(new ChatError('BANNED')))).rejects.toThrow(ChatError);

    expect(await value(sut, 'natter_logins_total', { method: 'password', result: 'ok' })).toBe(1);
    expect(await value(sut, 'natter_logins_total', { method: 'password', result: 'failed' })).toBe(1);
    expect(await value(sut, 'natter_logins_total', { method: 'token', result: 'failed' })).toBe(1);
    expect(await value(sut, 'natter_logins_total', { method: 'token', result: 'ok' })).toBe(0);
  });

  it('counts messages by kind, each one fan-out observation, and deliveries by the many at once', async () => {
    const sut = new Metrics();
    sut.messageSent('all', performance.now());
    sut.messageSent('room', performance.now() - 2);
    sut.delivered(250);
    sut.delivered(0);
    sut.delivered(3);

    expect(await value(sut, 'natter_messages_total', { kind: 'all' })).toBe(1);
    expect(await value(sut, 'natter_messages_total', { kind: 'room' })).toBe(1);
    expect(await value(sut, 'natter_fanout_seconds_count')).toBe(2);
    expect(await value(sut, 'natter_fanout_seconds_sum')).toBeGreaterThanOrEqual(0.002);
    expect(await value(sut, 'natter_fanout_seconds_bucket', { le: 0.0005 })).toBeLessThanOrEqual(1);
    expect(await value(sut, 'natter_fanout_seconds_bucket', { le: '+Inf' })).toBe(2);
    expect(await value(sut, 'natter_deliveries_total')).toBe(253);
  });

  it('observes store calls by operation', async () => {
    const sut = new Metrics();
    sut.storeCall('messages.append', 0.0003);
    sut.storeCall('messages.append', 0.002);
    sut.storeCall('users.findByName', 0.00005);

    expect(await value(sut, 'natter_store_seconds_count', { operation: 'messages.append' })).toBe(2);
    expect(
      await value(sut, 'natter_store_seconds_bucket', { operation: 'messages.append', le: 0.0005 }),
    ).toBe(1);
    expect(await value(sut, 'natter_store_seconds_count', { operation: 'users.findByName' })).toBe(1);
  });

  it.each<[string, () => Promise<unknown>]>([
    ['ok', () => Promise.resolve({ durationSec: 3 })],
    ['failed', () => Promise.reject(new ChatError('INVALID', 'not a recording the server can read'))],
    ['refused', () => Promise.reject(new ChatError('SERVER_BUSY', 'Too many media jobs waiting'))],
  ])('counts a media job that comes to %s', async (outcome, job) => {
    const sut = new Metrics();
    await sut.mediaJob('voice', job()).catch(() => undefined);

    expect(await value(sut, 'natter_media_jobs_total', { kind: 'voice', outcome })).toBe(1);
    expect(await value(sut, 'natter_media_jobs_total')).toBe(1);
  });

  it('counts errors by code', async () => {
    const sut = new Metrics();
    sut.error('NO_SUCH_USER');
    sut.error('NO_SUCH_USER');
    sut.error('RATE_LIMITED');

    expect(await value(sut, 'natter_errors_total', { code: 'NO_SUCH_USER' })).toBe(2);
    expect(await value(sut, 'natter_errors_total', { code: 'RATE_LIMITED' })).toBe(1);
  });

  it('reads the connections by transport when scraped, every transport present', async () => {
    const sut = new Metrics();
    let counts: Record<string, number> = { tcp: 2 };
    sut.countConnections(() => counts);
    expect(await value(sut, 'natter_connections', { transport: 'tcp' })).toBe(2);
    expect(await value(sut, 'natter_connections', { transport: 'websocket' })).toBe(0);

    counts = { tls: 1, websocket: 4 };
    expect(await value(sut, 'natter_connections', { transport: 'tcp' })).toBe(0);
    expect(await value(sut, 'natter_connections', { transport: 'tls' })).toBe(1);
    expect(await value(sut, 'natter_connections', { transport: 'websocket' })).toBe(4);
  });

  it("labels every sample with its process, and collects Node's own metrics, the event-loop lag among them", async () => {
    const sut = new Metrics('edge');
    sut.error('INTERNAL');
    const text = await sut.text();

    expect(text).toContain('natter_errors_total{code="INTERNAL",process="edge"} 1');
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds\{process="edge"\} /m);
    expect(text).toMatch(/^process_cpu_user_seconds_total\{process="edge"\} /m);
    expect(await new Metrics().text()).not.toContain('nodejs_eventloop_lag_seconds');
  });
});

describe(mergeExpositions.name, () => {
  it('declares each family once, with the samples of every process under it', async () => {
    const api = new Metrics('api');
    const edge = new Metrics('edge');
    api.error('NOT_FOUND');
    edge.error('NO_SUCH_USER');
    edge.delivered(7);

    const merged = mergeExpositions([await api.text(), await edge.text()]);
    const lines = merged.split('\n');
    const types = lines.filter((line) => line.startsWith('# TYPE '));
    expect(new Set(types).size).toBe(types.length);
    const errors = lines.indexOf('# TYPE natter_errors_total counter');
    expect(lines.slice(errors + 1, errors + 3)).toEqual([
      'natter_errors_total{code="NOT_FOUND",process="api"} 1',
      'natter_errors_total{code="NO_SUCH_USER",process="edge"} 1',
    ]);
    expect(merged).toContain('natter_deliveries_total{process="edge"} 7');
    expect(merged).toContain('natter_deliveries_total{process="api"} 0');
    expect(merged).toMatch(/^# HELP natter_errors_total /m);
    expect(merged.endsWith('\n')).toBe(true);
  });

  it('keeps a family only one process has', () => {
    const merged = mergeExpositions([
      '# HELP a_total A\n# TYPE a_total counter\na_total{process="api"} 1\n',
      '# HELP b B\n# TYPE b gauge\nb{process="edge"} 2\n',
    ]);
    expect(merged).toBe(
      '# HELP a_total A\n# TYPE a_total counter\na_total{process="api"} 1\n\n# HELP b B\n# TYPE b gauge\nb{process="edge"} 2\n',
    );
  });
});
