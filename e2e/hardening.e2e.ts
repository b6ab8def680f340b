import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ChatClient, MessageFrame, PRESENCE_WINDOW_MS, REPLAY_MAX } from '@chat/protocol';

import { EdgeProcess } from './support/edge-process';
import { collect, eventually, nextEvent } from './support/events';
import { RawSocket } from './support/raw-socket';
import { freePort } from './support/service-process';
import { SystemProcess } from './support/system-process';

/** Defects of the security, fault and load probe (issue 13), each with the test that found it fixed. */
describe('hardening (issue 13)', () => {
  let edge: EdgeProcess;
  const clients: ChatClient[] = [];

  beforeAll(async () => {
    edge = await EdgeProcess.start();
    for (const u of ['mallory', 'watcher', 'trudy']) (await edge.login(u)).close();
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await edge.dispose();
  });

  it('a banned or kicked user whose client keeps the socket open stores and delivers nothing more', async () => {
    const watcher = await edge.login('watcher');
    clients.push(watcher);
    const seen = collect<MessageFrame>(watcher, 'message');
    const admin = await edge.admin();
    clients.push(admin);

    for (const [user, action] of [
      ['mallory', 'ban'],
      ['trudy', 'kick'],
    ] as const) {
      const raw = await RawSocket.open(edge.port);
      raw.send({ type: 'login', id: 'l', user, password: `${user}-password` });
      await raw.reply('l');
      // The client pipelines sends and never closes its side.
      const flood = setInterval(() => {
        for (let i = 0; i < 20; i++) raw.send({ type: 'send', id: `s${i}`, to: '*', text: `${user} spam` });
      }, 10);
      try {
        await eventually(() => expect(seen.some((m) => m.from === user)).toBe(true));
        await admin.request(action, { user, reason: 'spam' });
        await raw.waitFor((f) => f.type === (action === 'ban' ? 'banned' : 'kicked'));
        const after = seen.length;
        const marker = await watcher.request('send', { to: '*', text: `after the ${action}` });
        await new Promise((resolve) => setTimeout(resolve, 1500));
        expect(seen.slice(after).filter((m) => m.from === user)).toEqual([]);
        // Nor stored: nothing of theirs comes after the marker sent once they were told.
        const { messages } = await watcher.request('history', { with: '*', limit: 200 });
        expect(messages.filter((m) => m.from === user && m.seq > marker.seq)).toEqual([]);
      } finally {
        clearInterval(flood);
        raw.close();
      }
    }
  }, 30_000);

  it('bounds the input a connection may queue in bytes: past it the edge stops reading (backpressure)', async () => {
    const owner = await edge.login('watcher');
    clients.push(owner);
    // A download the client does not read blocks its handler, so every frame behind it waits.
    const big = await owner.upload(randomBytes(24 * 1024 * 1024), { name: 'big.bin' });
    const raw = await RawSocket.open(edge.port);
    raw.send({ type: 'login', id: 'l', user: 'trudy', password: 'trudy-password' });
    await raw.reply('l');
    await owner.request('send', { to: 'trudy', fileId: big.fileId });
    raw.socket.pause();
    raw.send({ type: 'file.get', id: 'g', fileId: big.fileId });
    const rssBefore = residentMiB(edge.pid!);
    const pad = 'x'.repeat(1_000_000);
    const total = 48 * (pad.length + 40);
    for (let i = 0; i < 48; i++) raw.send({ type: 'ping', id: `p${i}`, pad });
    // Wait until the client's unsent bytes stop going down: what the edge would read, it has.
    let last = -1;
    while (raw.socket.writableLength !== last) {
      last = raw.socket.writableLength;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const rssGrowth = residentMiB(edge.pid!) - rssBefore;
    // The edge took at most its 2 MiB bound and what the kernel's socket buffers hold (a few MiB).
    expect(raw.socket.writableLength).toBeGreaterThan(total - 16 * 1024 * 1024);
    console.log(`input bound: edge RSS +${rssGrowth} MiB, ${Math.round(last / 2 ** 20)} MiB left unsent`);
    raw.close();
  }, 60_000);
});

describe('a log-in with since far back (issue 13)', () => {
  let edge: EdgeProcess;
  const STORED = 12_000;

  beforeAll(async () => {
    edge = await EdgeProcess.start({ env: { RATE_LIMIT_BURST: '1000000', RATE_LIMIT_PER_SEC: '1000000' } });
    const writer = await edge.login('writer');
    for (let at = 0; at < STORED; at += 500) {
      await Promise.all(
        Array.from({ length: 500 }, (_, i) => writer.request('send', { to: '*', text: `backlog ${at + i}` })),
      );
    }
    await writer.close();
  }, 120_000);
  afterAll(() => edge.dispose());

  it(`replays the newest ${REPLAY_MAX} messages, then a gap event names what was left out`, async () => {
    const raw = await RawSocket.open(edge.port);
    raw.send({ type: 'register', id: 'r', user: 'reader', password: 'reader-password' });
    await raw.reply('r');
    raw.send({ type: 'login', id: 'l2', user: 'reader', password: 'reader-password', since: 0 });
    const ok = await raw.reply('l2');
    const gap = await raw.waitFor((f) => f.type === 'gap', 30_000);
    const replayed = raw.frames.filter((f) => f.type === 'message').map((f) => Number(f.seq));
    const latest = Number(ok.seq);
    expect(replayed).toHaveLength(REPLAY_MAX);
    expect(replayed[replayed.length - 1]).toBe(latest);
    expect(replayed[0]).toBe(latest - REPLAY_MAX + 1);
    expect(gap).toEqual({ type: 'gap', after: 0, until: latest - REPLAY_MAX });
    // What was left out pages in with history, before the oldest replayed.
    raw.send({ type: 'history', id: 'h', with: '*', before: replayed[0], limit: 10 });
    const page = await raw.reply('h');
    expect((page.messages as { seq: number }[]).map((m) => m.seq)).toEqual(
      Array.from({ length: 10 }, (_, i) => replayed[0] - 10 + i),
    );
    // Live again afterwards.
    const other = await edge.login('writer');
    await other.request('send', { to: '*', text: 'live after the replay' });
    await raw.waitFor((f) => f.type === 'message' && f.text === 'live after the replay');
    await other.close();
    raw.close();
  }, 60_000);

  it('answers others while it replays to a reader that does not read', async () => {
    const raw = await RawSocket.open(edge.port);
    raw.send({ type: 'register', id: 'r', user: 'sleeper', password: 'sleeper-password' });
    await raw.reply('r');
    raw.socket.pause();
    raw.send({ type: 'login', id: 'l', user: 'sleeper', password: 'sleeper-password', since: 0 });
    const other = await edge.login('writer');
    for (let i = 0; i < 5; i++) expect(await other.request('ping', {})).toBeDefined();
    await other.close();
    raw.socket.resume();
    await raw.waitFor((f) => f.type === 'gap', 30_000);
    expect(raw.frames.filter((f) => f.type === 'message')).toHaveLength(REPLAY_MAX);
    raw.close();
  }, 60_000);
});

describe('connections that hold a place without using it (issue 13)', () => {
  let edge: EdgeProcess;

  beforeAll(async () => {
    edge = await EdgeProcess.start({ env: { IDLE_TIMEOUT_SEC: '2', LOGIN_TIMEOUT_SEC: '2' } });
    (await edge.login('dripper')).close();
  });
  afterAll(() => edge.dispose());

  it('counts only whole frames as activity: a line dripped a byte at a time is closed at the idle timeout', async () => {
    const raw = await RawSocket.open(edge.port);
    raw.send({ type: 'login', id: 'l', user: 'dripper', password: 'dripper-password' });
    await raw.reply('l');
    raw.write('{"type":"ping","pad":"');
    const drip = setInterval(() => raw.write('x'), 200);
    try {
      await raw.waitClosed(10_000);
    } finally {
      clearInterval(drip);
    }
    expect(raw.frames.some((f) => f.type === 'notice' && /without a frame/.test(String(f.text)))).toBe(true);
  }, 15_000);

  it('closes a connection that has not logged in within LOGIN_TIMEOUT_SEC, however busy it keeps', async () => {
    const raw = await RawSocket.open(edge.port);
    const pings = setInterval(() => raw.send({ type: 'ping', id: 'p' }), 300);
    try {
      await raw.waitClosed(10_000);
    } finally {
      clearInterval(pings);
    }
    expect(raw.frames.some((f) => f.type === 'pong')).toBe(true);
    expect(
      raw.frames.some((f) => f.type === 'notice' && /not logged in within 2 s/.test(String(f.text))),
    ).toBe(true);
  }, 15_000);
});

describe('connection caps (issue 13)', () => {
  it('caps the connections of one address and answers SERVER_BUSY past it', async () => {
    const edge = await EdgeProcess.start({ env: { MAX_CONNECTIONS_PER_ADDRESS: '3' } });
    try {
      const held = await Promise.all([0, 1, 2].map(() => RawSocket.open(edge.port)));
      await Promise.all(held.map((s) => s.waitFor((f) => f.type === 'hello')));
      const extra = await RawSocket.open(edge.port);
      expect(await extra.waitFor((f) => f.type === 'error')).toMatchObject({
        code: 'SERVER_BUSY',
        message: expect.stringMatching(/from your address/),
      });
      await extra.waitClosed();
      held[0].close();
      await eventually(async () => {
        const again = await RawSocket.open(edge.port);
        try {
          expect(await again.waitFor((f) => f.type === 'hello' || f.type === 'error')).toMatchObject({
            type: 'hello',
          });
        } finally {
          again.close();
        }
      });
      for (const s of held) s.close();
    } finally {
      await edge.dispose();
    }
  }, 30_000);

  it('holds no more connections than its descriptors allow, so the one past the cap is told SERVER_BUSY', async () => {
    const edge = await EdgeProcess.start({
      wrap: ['prlimit', '--nofile=200:200'],
      env: { MAX_CONNECTIONS_PER_ADDRESS: '100000' },
    });
    const sockets: RawSocket[] = [];
    try {
      const cap = Number(/At most (\d+) connections/.exec(edge.output)?.[1]);
      expect(cap).toBe(136);
      for (let i = 0; i < cap; i++) sockets.push(await RawSocket.open(edge.port));
      await Promise.all(sockets.map((s) => s.waitFor((f) => f.type === 'hello')));
      const extra = await RawSocket.open(edge.port);
      sockets.push(extra);
      expect(await extra.waitFor((f) => f.type === 'hello' || f.type === 'error')).toMatchObject({
        code: 'SERVER_BUSY',
      });
      // The edge still works for the connections it holds.
      sockets[0].send({ type: 'ping', id: 'p' });
      expect(await sockets[0].reply('p')).toMatchObject({ type: 'pong' });
    } finally {
      for (const s of sockets) s.close();
      await edge.dispose();
    }
  }, 60_000);
});

describe('moderation while the edge cannot be told (issue 13)', () => {
  let system: SystemProcess;
  let admin: string;

  beforeAll(async () => {
    // The api's control channel leads nowhere: every live effect fails to arrive.
    system = await SystemProcess.start({ apiEnv: { CONTROL_PORT: String(await freePort()) } });
    admin = await system.adminToken();
  });
  afterAll(() => system.dispose());

  it('says so in the reply, and the edge ends a banned session at its next send', async () => {
    const eve = await system.tcp('eve');
    const banned = nextEvent<Record<string, unknown>>(eve, 'banned');
    const ban = await system.request('POST', '/api/admin/users/eve/ban', {
      token: admin,
      json: { reason: 'spam' },
    });
    expect(ban).toMatchObject({ status: 200, body: { user: 'eve', live: false, reason: 'spam' } });
    await expect(eve.request('send', { to: '*', text: 'still here?' })).rejects.toMatchObject({
      code: 'BANNED',
    });
    expect(await banned).toMatchObject({ type: 'banned', by: 'admin', reason: 'spam', until: null });
    await eventually(() => expect(eve.closed).toBe(true));
    await expect(system.tcp('eve')).rejects.toMatchObject({ code: 'BANNED' });
  });

  it('a mute stored while the edge cannot be told holds at the next send', async () => {
    const mona = await system.tcp('mona');
    const mute = await system.request('POST', '/api/admin/users/mona/mute', { token: admin, json: {} });
    expect(mute).toMatchObject({ status: 200, body: { user: 'mona', live: false } });
    await expect(mona.request('send', { to: '*', text: 'hello?' })).rejects.toMatchObject({ code: 'MUTED' });
    const kick = await system.request('POST', '/api/admin/users/mona/kick', { token: admin, json: {} });
    expect(kick).toMatchObject({ status: 200, body: { user: 'mona', live: false } });
    await mona.close();
  });
});

describe('a log-in storm (issue 13)', () => {
  it('tells the others of many arrivals at once in a few presence events, and who stays exact', async () => {
    const edge = await EdgeProcess.start();
    const N = 32;
    try {
      const tokens: string[] = [];
      for (let at = 0; at < N; at += 8) {
        const batch = Array.from({ length: 8 }, async (_, i) => {
          const user = `storm${at + i}`;
          const c = await edge.connect();
          await c.request('register', { user, password: `${user}-password` });
          const { token } = await c.request('login', { user, password: `${user}-password` });
          await c.close();
          return token;
        });
        tokens.push(...(await Promise.all(batch)));
      }
      const watcher = await edge.login('watcher');
      // The watcher's own arrival goes out first, a presence window at most after its log-in.
      await new Promise((resolve) => setTimeout(resolve, PRESENCE_WINDOW_MS + 500));
      const single = collect<{ user: string; status: string; count: number }>(watcher, 'presence');
      const many = collect<{ arrived: number; left: number; count: number }>(watcher, 'presence.many');
      const counts: number[] = [];
      for (const type of ['presence', 'presence.many'])
        watcher.on(type, (p: { count: number }) => counts.push(p.count));
      const storm = await Promise.all(
        tokens.map(async (token) => {
          const c = await edge.connect();
          await c.request('login', { token });
          return c;
        }),
      );
      const arrivals = () =>
        single.filter((p) => p.status === 'online').length + many.reduce((n, m) => n + m.arrived, 0);
      await eventually(() => expect(arrivals()).toBe(N), 15_000);
      expect(many.length).toBeGreaterThan(0);
      expect(single.length + many.length).toBeLessThan(N / 2);
      // However the storm fell into windows, the last event of either kind counts everyone.
      expect(counts[counts.length - 1]).toBe(N + 1);
      const { online, count } = await watcher.request('who', {});
      expect(count).toBe(N + 1);
      expect(online).toEqual([...online].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)));
      await Promise.all([...storm, watcher].map((c) => c.close()));
    } finally {
      await edge.dispose();
    }
  }, 120_000);
});

describe('the control channel (issue 13)', () => {
  let edge: EdgeProcess;
  let port: number;

  beforeAll(async () => {
    // Chat on every interface; the control channel stays on loopback unless CONTROL_HOST says otherwise.
    edge = await EdgeProcess.start({ env: { HOST: '0.0.0.0' } });
    const line = /Control channel for the admin API on 127\.0\.0\.1:(\d+)/;
    await eventually(() => expect(edge.output).toMatch(line));
    port = Number(line.exec(edge.output)![1]);
  });
  afterAll(() => edge.dispose());

  it('listens on loopback only, even when the chat listens everywhere', async () => {
    expect(port).toBeGreaterThan(0);
    const outside = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    if (!outside) return;
    await expect(connected(outside, port)).resolves.toBe(false);
    await expect(connected('127.0.0.1', port)).resolves.toBe(true);
  });

  it('buffers little before the key: a huge first message is cut off', async () => {
    const raw = await RawSocket.open(port);
    raw.write('134217728#{"pattern":"live.ping","data":{"key":"');
    const mib = Buffer.alloc(1024 * 1024, 'x');
    for (let i = 0; i < 8 && !raw.closed; i++) {
      raw.write(mib);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await raw.waitClosed();
  });

  it('closes a connection whose first message has a wrong key, before any handler runs', async () => {
    const raw = await RawSocket.open(port);
    const replies: string[] = [];
    raw.socket.on('data', (d: Buffer) => replies.push(d.toString()));
    const body = JSON.stringify({ pattern: 'live.ping', data: { key: 'wrong' }, id: '1' });
    raw.write(`${body.length}#${body}`);
    await raw.waitClosed();
    expect(replies.join('')).toBe('');
  });
});

function connected(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(2_000, () => (socket.destroy(), resolve(false)));
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** The resident memory of a process, in MiB (Linux). */
function residentMiB(pid: number): number {
  const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Math.round(Number(line?.[1] ?? 0) / 1024);
}
