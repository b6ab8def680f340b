import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ConfigError, loadConfig } from './app-config';

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
