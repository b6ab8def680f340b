import { describe, expect, it } from 'vitest';

import { closingSummary, mergeFacts, StartFacts } from './summary';

const EDGE: StartFacts = {
  tcp: { host: '127.0.0.1', port: 8888, tls: false },
  webSocket: 'ws://127.0.0.1:8081/ws',
  store: 'SQLite, /srv/natter/data/chat.db',
  dataDir: '/srv/natter/data',
  adminUser: 'admin',
  logFormat: 'text',
};
const API: StartFacts = {
  web: 'http://127.0.0.1:3000/',
  api: 'http://127.0.0.1:3000/api',
  swagger: 'http://127.0.0.1:3000/docs',
  metrics: { url: 'http://127.0.0.1:9464/metrics', token: false },
  store: 'SQLite, /srv/natter/data/chat.db',
  dataDir: '/srv/natter/data',
  adminUser: 'admin',
  adminPassword: 'generated-once',
  logFormat: 'text',
};

describe(mergeFacts.name, () => {
  it('takes each fact from the first service that has it, the generated password from whichever made it', () => {
    expect(mergeFacts([EDGE, API])).toMatchObject({
      tcp: EDGE.tcp,
      web: API.web,
      adminPassword: 'generated-once',
    });
  });
});

describe(closingSummary.name, () => {
  it('says what is up and where, the one-time password last', () => {
    const text = closingSummary({ name: 'Natter', version: '1.2.3' }, [EDGE, API]);
    const lines = text.split('\n');

    expect(lines[1]).toBe('  Natter 1.2.3 is up');
    expect(lines.slice(3, -1)).toEqual([
      '  Chat over TCP    127.0.0.1:8888',
      '  Terminal client  npm run cli -- --host 127.0.0.1 --port 8888',
      '  Web client       http://127.0.0.1:3000/',
      '  Swagger UI       http://127.0.0.1:3000/docs',
      '  Admin API        http://127.0.0.1:3000/api',
      '  Metrics          http://127.0.0.1:9464/metrics  (no token)',
      '  Store            SQLite, /srv/natter/data/chat.db',
      '  Data directory   /srv/natter/data',
      '  Admin user       admin',
      '  Admin password   generated-once  (made on this first start; shown this once)',
    ]);
    expect(lines[0]).toMatch(/^=+$/);
    expect(lines.at(-1)).toBe(lines[0]);
  });

  it('has no password on a later start, and says when the web client is not built', () => {
    const text = closingSummary({ version: '1.2.3' }, [
      { ...EDGE, tcp: { host: '::1', port: 9000, tls: true } },
      { ...API, web: undefined, adminPassword: undefined },
    ]);

    expect(text).not.toMatch(/password/i);
    expect(text).toContain('Chat over TCP    ::1:9000 (TLS)');
    expect(text).toContain('npm run cli -- --host ::1 --port 9000 --tls');
    expect(text).toContain('Web client       not built: npm run build:web puts it in dist/web');
  });

  it('is one JSON line, shaped as Nest logs it, with LOG_FORMAT=json', () => {
    const now = new Date('2026-12-03T12:00:00Z');
    const line = closingSummary(
      { name: 'Natter', version: '1.2.3' },
      [
        { ...EDGE, logFormat: 'json' },
        { ...API, logFormat: 'json' },
      ],
      now,
    );

    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({
      level: 'log',
      pid: process.pid,
      timestamp: now.getTime(),
      context: 'Natter',
      message: 'Natter 1.2.3 is up',
      version: '1.2.3',
      tcp: EDGE.tcp,
      webSocket: EDGE.webSocket,
      web: API.web,
      api: API.api,
      swagger: API.swagger,
      metrics: API.metrics,
      store: EDGE.store,
      dataDir: EDGE.dataDir,
      adminUser: 'admin',
      adminPassword: 'generated-once',
    });
  });
});
