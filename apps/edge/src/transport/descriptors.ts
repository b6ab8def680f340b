import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Descriptors kept for what is not a connection: the store, uploads, downloads, logs. */
const RESERVE_SHARE = 0.1;
const MIN_RESERVE = 64;

export interface DescriptorLimit {
  soft: number;
  hard: number;
}

/** The process's open-file limit (Linux `/proc/self/limits`), or null where it cannot be read. */
export function descriptorLimit(): DescriptorLimit | null {
  let text: string;
  try {
    text = readFileSync('/proc/self/limits', 'utf8');
  } catch {
    return null;
  }
  const m = /^Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/m.exec(text);
  if (!m) return null;
  const value = (s: string): number => (s === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(s));
  return { soft: value(m[1]), hard: value(m[2]) };
}

/**
 * Raises the soft open-file limit to the hard one where allowed (util-linux `prlimit` on this
 * process; Node has no setrlimit), and returns the limit in force afterwards.
 */
export function raiseDescriptorLimit(): DescriptorLimit | null {
  const limit = descriptorLimit();
  if (!limit || limit.soft >= limit.hard) return limit;
  try {
    execFileSync('prlimit', ['--pid', String(process.pid), `--nofile=${limit.hard}:${limit.hard}`], {
      stdio: 'ignore',
      timeout: 2_000,
    });
  } catch {
    // No prlimit, or not allowed: the soft limit stays, and the cap below follows it.
  }
  return descriptorLimit();
}

/**
 * The connections the edge may hold: what was asked for, but never so many that descriptors run
 * out first, for then a new client is dropped without a word instead of answered SERVER_BUSY.
 */
export function connectionCap(requested: number, limit: DescriptorLimit | null): number {
  if (!limit) return requested;
  const reserve = Math.max(MIN_RESERVE, Math.ceil(limit.soft * RESERVE_SHARE));
  return Math.max(1, Math.min(requested, limit.soft - reserve));
}
