import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ConfigError, loadConfig } from '../config/app-config';
import { iceServersFor } from './ice';

describe('ICE servers for calls', () => {
  let dataDir: string;
  const config = (env: Record<string, string>) =>
    loadConfig({ DATA_DIR: dataDir, JWT_SECRET: 's'.repeat(32), ...env });

  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'ice-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('hands out nothing by default: calls on a LAN need no server', () => {
    const c = config({});
    expect(c.calls).toEqual({ ringMs: 30_000, iceServers: [], turn: undefined });
    expect(iceServersFor(c.calls, 'alice')).toEqual([]);
  });

  it('hands out ICE_SERVERS as configured', () => {
    const servers = [
      { urls: 'stun:stun.example.org:3478' },
      { urls: ['turn:turn.example.org:3478'], username: 'u', credential: 'p' },
    ];
    expect(iceServersFor(config({ ICE_SERVERS: JSON.stringify(servers) }).calls, 'alice')).toEqual(servers);
  });

  it('makes TURN REST credentials that expire after TURN_TTL_SEC, as coturn’s use-auth-secret checks them', () => {
    const c = config({
      TURN_SECRET: 'north-wind-secret-42',
      TURN_URLS: 'turn:t.example:3478, turns:t.example:5349',
      TURN_TTL_SEC: '600',
    });
    const now = Date.UTC(2026, 11, 2, 12, 0, 0);
    const [turn] = iceServersFor(c.calls, 'bob', now);
    expect(turn.urls).toEqual(['turn:t.example:3478', 'turns:t.example:5349']);
    expect(turn.username).toBe(`${now / 1000 + 600}:bob`);
    expect(turn.credential).toBe(
      createHmac('sha1', 'north-wind-secret-42').update(turn.username!).digest('base64'),
    );
    // Another user, another credential; the secret itself never appears.
    const [other] = iceServersFor(c.calls, 'carol', now);
    expect(other.credential).not.toBe(turn.credential);
    expect(JSON.stringify([turn, other])).not.toContain('north-wind');
  });

  it.each([
    [{ ICE_SERVERS: 'not json' }, /ICE_SERVERS: must be a JSON array/],
    [{ ICE_SERVERS: '{"urls":"stun:x"}' }, /ICE_SERVERS: must be a JSON array/],
    [{ ICE_SERVERS: '[{"urls":"http://x"}]' }, /ICE_SERVERS: .*urls/],
    [{ ICE_SERVERS: '[{"urls":"stun:x","secret":"y"}]' }, /ICE_SERVERS: .*secret/],
    [{ TURN_SECRET: 'long-enough-secret' }, /TURN_SECRET: needs TURN_URLS/],
    [{ TURN_URLS: 'turn:x' }, /TURN_URLS: needs TURN_SECRET/],
    [{ TURN_SECRET: 'short', TURN_URLS: 'turn:x' }, /TURN_SECRET: must be at least 16/],
    [{ TURN_SECRET: 'long-enough-secret', TURN_URLS: 'stun:x' }, /TURN_URLS.*turn: or turns:/],
    [{ CALL_RING_SEC: '1' }, /CALL_RING_SEC/],
  ])('refuses %o at start-up with a message naming it', (env, message) => {
    expect(() => config(env)).toThrow(ConfigError);
    expect(() => config(env)).toThrow(message);
  });
});
