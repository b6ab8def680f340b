import { isIPv6 } from 'node:net';

import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';

import { ChatError } from '@chat/protocol';

import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobQueue } from '../media/job-queue';
import { TokenBuckets } from '../rate-limit/token-bucket';

/** Failed password log-ins to one account that cost nothing; each one after them doubles the wait. */
export const FREE_LOGIN_FAILURES = 5;
/** The wait after the first failure past the free ones. */
export const FIRST_LOGIN_DELAY_MS = 1_000;
/** The longest wait between two password log-ins to one account. */
export const MAX_LOGIN_DELAY_MS = 5 * 60_000;
/** An account's failures are forgotten after this long without one (a success forgets them at once). */
export const LOGIN_FAILURES_KEPT_MS = 60 * 60_000;
/** Password hashes waiting for a free slot; past them a log-in or registration gets SERVER_BUSY. */
export const MAX_WAITING_HASHES = 32;
/** What SERVER_BUSY asks a client to wait when the hashing queue is full. */
const BUSY_RETRY_MS = 1_000;
/** Accounts and addresses remembered at most (least recently used forgotten first): bounded memory. */
const MAX_KEYS = 100_000;
const SWEEP_MS = 60_000;

interface Failures {
  count: number;
  /** When the last failure was. */
  at: number;
  /** No password log-in to the account before this (epoch ms); 0 while the failures are free. */
  until: number;
}

/**
 * Slows down password guessing and account creation (issue 13), as Synapse's `rc_login` and
 * `rc_registration` do: per client address, a token bucket of password log-ins
 * (`LOGIN_RATE_PER_ADDRESS`) and one of registrations (`REGISTER_RATE_PER_ADDRESS`); per account,
 * failed log-ins past FREE_LOGIN_FAILURES make the next one wait, twice as long each time up to
 * MAX_LOGIN_DELAY_MS, until a log-in succeeds. Refusals are RATE_LIMITED with `retryAfterMs`.
 *
 * Password hashing runs on libuv's thread pool, which file I/O shares: at most
 * `hashJobs` hashes run at once, MAX_WAITING_HASHES more wait, and beyond that SERVER_BUSY, so that a
 * flood of log-ins cannot starve downloads. The state is in memory, per process.
 */
@Injectable()
export class LoginThrottle implements OnModuleDestroy {
  private readonly logins: TokenBuckets;
  private readonly registrations: TokenBuckets;
  private readonly failures = new Map<string, Failures>();
  private readonly hashes: JobQueue;
  private readonly sweeper = setInterval(() => this.sweep(), SWEEP_MS).unref();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const { perAddress, registerPerAddress, hashJobs } = config.login;
    const now = (): number => Date.now();
    this.logins = new TokenBuckets(perAddress.burst, perAddress.perSec, now, MAX_KEYS);
    this.registrations = new TokenBuckets(registerPerAddress.burst, registerPerAddress.perSec, now, MAX_KEYS);
    this.hashes = new JobQueue(
      hashJobs,
      MAX_WAITING_HASHES,
      () =>
        new ChatError('SERVER_BUSY', 'Too many log-ins at once; try again shortly', {
          retryAfterMs: BUSY_RETRY_MS,
        }),
    );
  }

  /**
   * Throws RATE_LIMITED unless a password log-in to `username` may be tried now; from `address`
   * (a client's IP address; none for the server's own), it takes one of that address's log-ins.
   */
  public beforeLogin(username: string, address?: string): void {
    const failures = this.failures.get(accountKey(username));
    const wait = failures ? failures.until - Date.now() : 0;
    if (wait > 0) {
      throw rateLimited(`Too many failed log-ins to this account; try again in ${seconds(wait)}`, wait);
    }
    if (address === undefined) return;
    const addressWait = this.logins.take(addressKey(address));
    if (addressWait > 0) {
      throw rateLimited(
        `Too many log-ins from your address; try again in ${seconds(addressWait)}`,
        addressWait,
      );
    }
  }

  /** Counts a wrong password (or unknown name): past the free failures, the next log-in waits. */
  public loginFailed(username: string): void {
    const key = accountKey(username);
    const now = Date.now();
    const failures = this.failures.get(key) ?? { count: 0, at: now, until: 0 };
    failures.count++;
    failures.at = now;
    const past = failures.count - FREE_LOGIN_FAILURES;
    if (past > 0) {
      failures.until = now + Math.min(MAX_LOGIN_DELAY_MS, FIRST_LOGIN_DELAY_MS * 2 ** Math.min(past - 1, 30));
    }
    this.remember(key, failures);
  }

  /** A right password: the account's failures are forgotten. */
  public loginSucceeded(username: string): void {
    this.failures.delete(accountKey(username));
  }

  /** Throws RATE_LIMITED unless `address` may create another account now (and takes one). */
  public beforeRegister(address: string): void {
    const wait = this.registrations.take(addressKey(address));
    if (wait > 0) {
      throw rateLimited(`Too many accounts created from your address; try again in ${seconds(wait)}`, wait);
    }
  }

  /** Runs a password hash or verification when a slot is free; SERVER_BUSY when too many wait. */
  public hashing<T>(work: () => Promise<T>): Promise<T> {
    return this.hashes.run(work);
  }

  public onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  /** Forgets what no longer limits anybody: full buckets, failures long past. */
  public sweep(): void {
    this.logins.sweep();
    this.registrations.sweep();
    const forgetBefore = Date.now() - LOGIN_FAILURES_KEPT_MS;
    for (const [key, failures] of this.failures) {
      if (failures.at < forgetBefore) this.failures.delete(key);
    }
  }

  private remember(key: string, failures: Failures): void {
    // Re-inserted, so that the first key of the Map is the least recently failed.
    this.failures.delete(key);
    if (this.failures.size >= MAX_KEYS) this.failures.delete(this.failures.keys().next().value!);
    this.failures.set(key, failures);
  }
}

function rateLimited(message: string, retryAfterMs: number): ChatError {
  return new ChatError('RATE_LIMITED', message, { retryAfterMs: Math.ceil(retryAfterMs) });
}

function seconds(ms: number): string {
  return `${Math.ceil(ms / 1000)} s`;
}

function accountKey(username: string): string {
  return username.toLowerCase();
}

/**
 * The key of a client address: an IPv4 address as it is (also when IPv4-mapped, `::ffff:a.b.c.d`),
 * an IPv6 address by its /64, the block one host or home is usually given, so that the addresses
 * of one /64 share their limits.
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  const bare = address.split('%')[0];
  if (!isIPv6(bare)) return address;
  const [head, tail] = bare.split('::');
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}
