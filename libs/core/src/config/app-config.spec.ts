import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { loadConfig } from './app-config';

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
});
