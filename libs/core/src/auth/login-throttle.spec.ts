import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { ChatError } from '@chat/protocol';

import { loadConfig } from '../config/app-config';
import {
  addressKey,
  FREE_LOGIN_FAILURES,
  LOGIN_FAILURES_KEPT_MS,
  LoginThrottle,
  MAX_LOGIN_DELAY_MS,
  MAX_WAITING_HASHES,
} from './login-throttle';

const dataDir = mkdtempSync(join(tmpdir(), 'login-throttle-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function throttle(env: Record<string, string> = {}): LoginThrottle {
  return new LoginThrottle(loadConfig({ DATA_DIR: dataDir, JWT_SECRET: 's'.repeat(32), ...env }));
}

function refusal(fn: () => void): ChatError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ChatError) return err;
    throw err;
  }
  throw new Error('expected a ChatError');
}

describe(LoginThrottle.name, () => {
  let sut: LoginThrottle;

  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
    sut = throttle({ LOGIN_RATE_PER_ADDRESS: '0', REGISTER_RATE_PER_ADDRESS: '3/1h' });
  });
  afterEach(() => {
    sut.onModuleDestroy();
    vi.useRealTimers();
  });

  describe('per account', () => {
    it(`lets ${FREE_LOGIN_FAILURES} failures pass, then makes the next log-in wait, twice as long each time`, () => {
      for (let i = 0; i < FREE_LOGIN_FAILURES; i++) {
        sut.beforeLogin('alice', '10.0.0.1');
        sut.loginFailed('alice');
      }
      const waits: number[] = [];
      for (let i = 0; i < 4; i++) {
        sut.beforeLogin('alice', '10.0.0.1');
        sut.loginFailed('Alice');
        const err = refusal(() => sut.beforeLogin('ALICE', '10.0.0.2'));
        expect(err).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/this account/) });
        waits.push(err.details.retryAfterMs as number);
        vi.advanceTimersByTime(waits[i]);
      }
      expect(waits).toEqual([1_000, 2_000, 4_000, 8_000]);
    });

    it('makes no log-in wait longer than the longest delay', () => {
      for (let i = 0; i < FREE_LOGIN_FAILURES + 40; i++) sut.loginFailed('alice');
      expect(refusal(() => sut.beforeLogin('alice')).details.retryAfterMs).toBe(MAX_LOGIN_DELAY_MS);
    });

    it('forgets the failures of an account at a successful log-in', () => {
      for (let i = 0; i <= FREE_LOGIN_FAILURES; i++) sut.loginFailed('alice');
      vi.advanceTimersByTime(1_000);
      sut.beforeLogin('alice');
      sut.loginSucceeded('alice');
      sut.loginFailed('alice');
      expect(() => sut.beforeLogin('alice')).not.toThrow();
    });

    it('keeps other accounts out of it', () => {
      for (let i = 0; i <= FREE_LOGIN_FAILURES; i++) sut.loginFailed('alice');
      expect(() => sut.beforeLogin('alice')).toThrow(ChatError);
      expect(() => sut.beforeLogin('bob')).not.toThrow();
    });

    it('forgets failures long past at a sweep', () => {
      for (let i = 0; i < FREE_LOGIN_FAILURES; i++) sut.loginFailed('alice');
      vi.advanceTimersByTime(LOGIN_FAILURES_KEPT_MS + 1);
      sut.sweep();
      sut.loginFailed('alice');
      expect(() => sut.beforeLogin('alice')).not.toThrow();
    });
  });

  describe('per address', () => {
    it('takes one log-in of the address per attempt, then answers RATE_LIMITED until the bucket refills', () => {
      sut = throttle({ LOGIN_RATE_PER_ADDRESS: '3/1m' });
      for (const user of ['a1', 'a2', 'a3']) sut.beforeLogin(user, '10.0.0.1');
      const err = refusal(() => sut.beforeLogin('a4', '10.0.0.1'));
      expect(err).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/your address/) });
      expect(err.details.retryAfterMs).toBe(20_000);
      expect(() => sut.beforeLogin('a4', '10.0.0.2')).not.toThrow();
      expect(() => sut.beforeLogin('a4')).not.toThrow();
      vi.advanceTimersByTime(20_000);
      expect(() => sut.beforeLogin('a4', '10.0.0.1')).not.toThrow();
    });

    it('counts the addresses of one IPv6 /64 together, and an IPv4-mapped address as IPv4', () => {
      sut = throttle({ LOGIN_RATE_PER_ADDRESS: '2/1m' });
      sut.beforeLogin('a', '2001:db8:1:2::1');
      sut.beforeLogin('a', '2001:db8:1:2:ffff::9');
      expect(() => sut.beforeLogin('a', '2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toThrow(ChatError);
      expect(() => sut.beforeLogin('a', '2001:db8:1:3::1')).not.toThrow();
      sut.beforeLogin('a', '::ffff:10.1.1.1');
      sut.beforeLogin('a', '10.1.1.1');
      expect(() => sut.beforeLogin('a', '10.1.1.1')).toThrow(ChatError);
    });

    it('limits registrations per address in their own bucket', () => {
      for (let i = 0; i < 3; i++) sut.beforeRegister('10.0.0.1');
      const err = refusal(() => sut.beforeRegister('10.0.0.1'));
      expect(err).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterMs: 20 * 60_000 } });
      expect(() => sut.beforeRegister('10.0.0.2')).not.toThrow();
      expect(() => sut.beforeLogin('alice', '10.0.0.1')).not.toThrow();
    });
  });

  describe('hashing', () => {
    it('runs at most half of the thread pool at once, queues a few, and refuses the rest with SERVER_BUSY', async () => {
      vi.useRealTimers();
      sut = throttle({ UV_THREADPOOL_SIZE: '4' });
      let running = 0;
      let most = 0;
      const releases: (() => void)[] = [];
      const work = () =>
        new Promise<void>((resolve) => {
          running++;
          most = Math.max(most, running);
          releases.push(() => {
            running--;
            resolve();
          });
        });
      const accepted = Array.from({ length: 2 + MAX_WAITING_HASHES }, () => sut.hashing(work));
      await expect(sut.hashing(work)).rejects.toMatchObject({
        code: 'SERVER_BUSY',
        details: { retryAfterMs: 1_000 },
      });
      while (releases.length > 0 || running > 0) {
        releases.splice(0).forEach((release) => release());
        await new Promise((resolve) => setImmediate(resolve));
      }
      await Promise.all(accepted);
      expect(most).toBe(2);
    });
  });
});

describe(addressKey.name, () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['::1', '0:0:0:0::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['2001:0db8:0001:0002:0003:0004:0005:0006', '2001:db8:1:2::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['not an address', 'not an address'],
  ])('%s → %s', (address, key) => {
    expect(addressKey(address)).toBe(key);
  });
});
