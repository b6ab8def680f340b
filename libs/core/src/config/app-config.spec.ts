import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';

import { PRODUCT_NAME } from '@chat/protocol';

import {
  ConfigError,
  JWT_SECRET_FILE,
  loadConfig,
  loadDataConfig,
  MIN_JWT_SECRET_LENGTH,
} from './app-config';

describe('token lifetimes (JWT_TTL, JWT_REFRESH_LIMIT)', () => {
  let dataDir: string;
  const config = (env: Record<string, string>) =>
    loadConfig({ DATA_DIR: dataDir, JWT_SECRET: 's'.repeat(32), ...env });

  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'app-config-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('defaults to tokens of 7 days, renewed for at most 30 days after a log-in with the password', () => {
    expect(config({})).toMatchObject({ jwtTtlSec: 7 * 86_400, jwtRefreshLimitSec: 30 * 86_400 });
  });

  it.each([
    ['3600', 3600],
    ['45s', 45],
    ['90m', 5400],
    ['12h', 43_200],
    ['7d', 604_800],
  ])('reads %s as %i seconds', (text, seconds) => {
    expect(config({ JWT_TTL: text, JWT_REFRESH_LIMIT: text })).toMatchObject({
      jwtTtlSec: seconds,
      jwtRefreshLimitSec: seconds,
    });
  });

  it.each([
    [{ JWT_TTL: '7 days' }, /JWT_TTL: like 3600, 90m, 12h or 7d/],
    [{ JWT_TTL: '0' }, /JWT_TTL: must be at least one second/],
    [{ JWT_REFRESH_LIMIT: '-1d' }, /JWT_REFRESH_LIMIT: like 3600/],
    [{ JWT_REFRESH_LIMIT: '1w' }, /JWT_REFRESH_LIMIT: like 3600/],
  ])('refuses %o at start-up with a message naming it', (env, message) => {
    expect(() => config(env)).toThrow(ConfigError);
    expect(() => config(env)).toThrow(message);
  });
});

const dataDir = mkdtempSync(join(tmpdir(), 'app-config-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const load = (env: Record<string, string>) =>
  loadConfig({ DATA_DIR: dataDir, JWT_SECRET: 's'.repeat(32), ...env });

describe(loadConfig.name, () => {
  describe('log-in limits', () => {
    it('limits log-ins and registrations per address by default, and hashes on half the thread pool', () => {
      expect(load({}).login).toEqual({
        perAddress: { burst: 30, perSec: 0.5 },
        registerPerAddress: { burst: 20, perSec: 20 / 3600 },
        hashJobs: 2,
      });
    });

    it.each([
      ['5/10s', { burst: 5, perSec: 0.5 }],
      ['100/1m', { burst: 100, perSec: 100 / 60 }],
      ['3/2h', { burst: 3, perSec: 3 / 7200 }],
      ['0', { burst: 0, perSec: 0 }],
    ])('reads LOGIN_RATE_PER_ADDRESS=%s', (value, rate) => {
      expect(load({ LOGIN_RATE_PER_ADDRESS: value }).login.perAddress).toEqual(rate);
    });

    it.each(['30', '30/m', 'ten/1m', '-1/1m', '30/1d', ''])(
      'refuses REGISTER_RATE_PER_ADDRESS=%j',
      (value) => {
        expect(() => load({ REGISTER_RATE_PER_ADDRESS: value })).toThrow(
          /REGISTER_RATE_PER_ADDRESS: like 30\/1m/,
        );
      },
    );

    it.each([
      ['1', 1],
      ['8', 4],
      ['16', 8],
    ])('with UV_THREADPOOL_SIZE=%s hashes %i passwords at once', (size, jobs) => {
      expect(load({ UV_THREADPOOL_SIZE: size }).login.hashJobs).toBe(jobs);
    });
  });

  describe('METRICS_PORT', () => {
    it('is unset by default: metrics only at /api/metrics, for admins', () => {
      expect(load({}).metricsPort).toBeUndefined();
    });

    it.each([
      ['9464', 9464],
      ['0', 0],
    ])('reads METRICS_PORT=%s', (value, port) => {
      expect(load({ METRICS_PORT: value }).metricsPort).toBe(port);
    });

    it.each<[Record<string, string>, RegExp]>([
      [{ METRICS_PORT: 'nine' }, /METRICS_PORT: Invalid input: expected number/],
      [{ METRICS_PORT: '70000' }, /METRICS_PORT: Too big/],
      [{ METRICS_PORT: '3000' }, /HTTP_PORT, METRICS_PORT: all 3000; each needs a port of its own/],
      [
        { METRICS_PORT: '9000', TCP_PORT: '9000' },
        /TCP_PORT, METRICS_PORT: all 9000; each needs a port of its own/,
      ],
      [{ METRICS_PORT: '8889' }, /CONTROL_PORT, METRICS_PORT: all 8889; each needs a port of its own/],
    ])('refuses %o at start-up, naming the variable', (env, message) => {
      expect(() => load(env)).toThrow(ConfigError);
      expect(() => load(env)).toThrow(message);
    });
  });

  describe('TLS (TLS_CERT, TLS_KEY)', () => {
    const pem = join(dataDir, 'not-a-certificate.pem');
    writeFileSync(pem, 'not a certificate');

    it('is off without them, and the default web origins are http', () => {
      const config = load({ HTTP_PORT: '3000' });
      expect(config.tls).toBeUndefined();
      expect(config.webOrigins).toContain('http://localhost:3000');
    });

    // The rows that need a real certificate are in e2e/tls.e2e.ts, which makes one with openssl.
    it.each<[Record<string, string>, RegExp]>([
      [{ TLS_CERT: pem }, /TLS_CERT: needs TLS_KEY beside it/],
      [{ TLS_KEY: pem }, /TLS_KEY: needs TLS_CERT beside it/],
      [
        { TLS_CERT: join(dataDir, 'missing.pem'), TLS_KEY: pem },
        /TLS_CERT: cannot read \S+missing\.pem \(ENOENT\)/,
      ],
      [{ TLS_CERT: pem, TLS_KEY: join(dataDir, 'gone.pem') }, /TLS_KEY: cannot read \S+gone\.pem \(ENOENT\)/],
      [{ TLS_CERT: dataDir, TLS_KEY: pem }, /TLS_CERT: cannot read \S+ \(EISDIR\)/],
      [{ TLS_CERT: pem, TLS_KEY: pem }, /TLS_CERT: \S+not-a-certificate\.pem is not a PEM certificate/],
    ])('refuses %o at start-up, naming the variable', (env, message) => {
      expect(() => load(env)).toThrow(ConfigError);
      expect(() => load(env)).toThrow(message);
    });
  });
});

describe(loadConfig.name, () => {
  let root: string;
  let dataDir: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'chat-config-'));
    dataDir = join(root, 'data');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const secretFile = () => join(dataDir, JWT_SECRET_FILE);
  const mode = (path: string) => statSync(path).mode & 0o777;

  describe('the jwt-secret file', () => {
    it('is generated once, 0600, in a DATA_DIR made 0700, and read back at the next start', () => {
      const first = loadConfig({ DATA_DIR: dataDir });
      expect(first.jwtSecret.length).toBeGreaterThanOrEqual(MIN_JWT_SECRET_LENGTH);
      expect(readFileSync(secretFile(), 'utf8')).toBe(first.jwtSecret);
      expect(mode(secretFile())).toBe(0o600);
      expect(mode(dataDir)).toBe(0o700);
      expect(loadConfig({ DATA_DIR: dataDir }).jwtSecret).toBe(first.jwtSecret);
    });

    it.each([
      ['one character', 'x'],
      ['empty', ''],
      ['only white space', '   \n'],
      ['31 characters', 'a'.repeat(MIN_JWT_SECRET_LENGTH - 1)],
    ])('is refused when %s, with a message naming the file and what to do', (_, text) => {
      loadConfig({ DATA_DIR: dataDir });
      writeFileSync(secretFile(), text);
      const load = () => loadConfig({ DATA_DIR: dataDir });
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(
        `Invalid JWT secret file ${secretFile()}: it holds ${text.trim().length} characters`,
      );
      expect(load).toThrow(/Delete it to have a new secret generated/);
    });

    it('is not read when JWT_SECRET is set', () => {
      loadConfig({ DATA_DIR: dataDir });
      writeFileSync(secretFile(), 'x');
      expect(loadConfig({ DATA_DIR: dataDir, JWT_SECRET: 's'.repeat(32) }).jwtSecret).toBe('s'.repeat(32));
    });

    it('is made 0600 when an older one is readable by others, and DATA_DIR 0700', () => {
      loadConfig({ DATA_DIR: dataDir });
      chmodSync(secretFile(), 0o644);
      chmodSync(dataDir, 0o755);
      loadConfig({ DATA_DIR: dataDir });
      expect(mode(secretFile())).toBe(0o600);
      expect(mode(dataDir)).toBe(0o700);
    });
  });

  describe('logging (LOG_LEVEL, LOG_FORMAT)', () => {
    it('logs text at `log` by default', () => {
      expect(loadConfig({ DATA_DIR: dataDir }).log).toEqual({ level: 'log', format: 'text' });
    });

    it.each(['error', 'warn', 'log', 'debug', 'verbose'] as const)('takes LOG_LEVEL=%s', (level) => {
      expect(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: level, LOG_FORMAT: 'json' }).log).toEqual({
        level,
        format: 'json',
      });
    });

    it.each([
      ['LOG_LEVEL', 'info'],
      ['LOG_LEVEL', 'DEBUG'],
      ['LOG_FORMAT', 'pretty'],
      ['LOG_FORMAT', ''],
    ])('refuses %s=%j, naming the variable and the values it takes', (variable, value) => {
      const load = () => loadConfig({ DATA_DIR: dataDir, [variable]: value });
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(new RegExp(`${variable}: .*expected one of`));
    });
  });

  describe('ports', () => {
    it('refuses two services on one port, naming both variables', () => {
      const load = () => loadConfig({ DATA_DIR: dataDir, TCP_PORT: '9000', CONTROL_PORT: '9000' });
      expect(load).toThrow(ConfigError);
      expect(load).toThrow('TCP_PORT, CONTROL_PORT: all 9000; each needs a port of its own');
    });

    it('lets any number of them be 0 (a free port each)', () => {
      const config = loadConfig({ DATA_DIR: dataDir, TCP_PORT: '0', WS_PORT: '0', HTTP_PORT: '0' });
      expect([config.tcpPort, config.wsPort, config.httpPort]).toEqual([0, 0, 0]);
    });
  });

  it('names the server after the product in its hello unless SERVER_NAME names it', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).serverName).toBe(PRODUCT_NAME);
    expect(loadConfig({ DATA_DIR: dataDir, SERVER_NAME: 'club' }).serverName).toBe('club');
  });

  it('takes UPLOAD_IDLE_SEC, 30 s by default', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).uploadIdleMs).toBe(30_000);
    expect(loadConfig({ DATA_DIR: dataDir, UPLOAD_IDLE_SEC: '2' }).uploadIdleMs).toBe(2_000);
    expect(() => loadConfig({ DATA_DIR: dataDir, UPLOAD_IDLE_SEC: '0' })).toThrow(/UPLOAD_IDLE_SEC/);
  });
});

describe(loadDataConfig.name, () => {
  it('resolves DATA_DIR and creates nothing: no directory, no JWT secret', () => {
    const parent = mkdtempSync(join(tmpdir(), 'chat-data-config-'));
    try {
      const sut = loadDataConfig({ DATA_DIR: join(parent, 'data') });
      expect(sut).toEqual({ dataDir: join(parent, 'data'), mongodbUri: undefined });
      expect(existsSync(join(parent, 'data'))).toBe(false);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('checks MONGODB_URI as loadConfig does', () => {
    expect(() => loadDataConfig({ MONGODB_URI: 'http://db' })).toThrow(
      new ConfigError('Invalid configuration:\n  MONGODB_URI: must start with mongodb:// or mongodb+srv://'),
    );
  });
});
