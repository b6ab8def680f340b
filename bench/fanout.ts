/**
 * Fan-out benchmark: N clients logged in, K of them broadcasting to "*" (or, with `--rooms`, each
 * sending to the rooms it is a member of).
 *
 *   npm run bench:fanout -- --clients 1000 --senders 4 --seconds 10 --rate 100000
 *   npm run bench:fanout -- --clients 1000 --rooms 1000 --members 50
 *
 * With `--rooms R --members M`, R rooms of M members each are made first (room r is owned by client
 * r and holds clients r, r+N/M, r+2·N/M, … modulo N, so each client is in R·M/N rooms and owns R/N),
 * and each message reaches M members.
 * The edge's own CPU time (from /proc) per delivery is printed for each phase: the figure to compare
 * between the everyone-chat and rooms.
 *
 * Starts the built edge as a child process (rate limit off, its own data directory), then runs
 * two phases and prints deliveries per second and end-to-end latency (send → receipt):
 *   1. throughput: senders keep a window of sends in flight, as fast as the edge takes them;
 *   2. latency: senders pace messages so that deliveries come at `--rate` per second.
 * Receivers count frames by newlines (cheap); a sample of them reads the send time out of the
 * text, so the client side spends as little of the shared CPU as it can.
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';

import { Command } from 'commander';

import { ChatClient } from '@chat/protocol';

import { startEdge } from './edge';
import { accounts, cpuMs, openReceiver, Receiver, senderClient, sleep, stamp } from './load';

interface Options {
  clients: number;
  senders: number;
  seconds: number;
  rate: number;
  window: number;
  port?: number;
  sample: number;
  rooms: number;
  members: number;
}

const program = new Command()
  .option('--clients <n>', 'logged-in clients (senders included)', (v) => Number(v), 1000)
  .option('--senders <n>', 'clients that broadcast', (v) => Number(v), 4)
  .option('--seconds <n>', 'length of each phase', (v) => Number(v), 10)
  .option('--rate <n>', 'deliveries per second in the latency phase', (v) => Number(v), 100_000)
  .option('--window <n>', 'sends in flight per sender in the throughput phase', (v) => Number(v), 8)
  .option('--sample <n>', 'receivers that measure latency', (v) => Number(v), 50)
  .option('--rooms <n>', 'send to this many rooms instead of to everyone (0: everyone)', (v) => Number(v), 0)
  .option('--members <n>', 'members of each room', (v) => Number(v), 50)
  .option('--port <n>', 'use an edge already running on this port instead of starting one', (v) => Number(v))
  .parse();
const opts = program.opts<Options>();

async function main(): Promise<void> {
  const edge = opts.port ? null : await startEdge({ RATE_LIMIT_BURST: '0' });
  const port = opts.port ?? edge!.port;
  try {
    console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
    console.log(`logging in ${opts.clients} clients ...`);
    const tokens = await accounts(port, opts.clients);
    const receivers = await Promise.all(tokens.map((t, i) => openReceiver(port, t, i < opts.sample)));
    const senders = await Promise.all(
      tokens.slice(0, opts.senders).map((token) => senderClient(port, token)),
    );
    const targets = opts.rooms > 0 ? await makeRooms(port, tokens, opts) : senders.map(() => ['*']);
    const audience = opts.rooms > 0 ? opts.members : opts.clients;
    console.log(
      `${receivers.length} receivers and ${senders.length} senders ready; ` +
        (opts.rooms > 0 ? `${opts.rooms} rooms of ${opts.members} members\n` : 'sending to everyone\n'),
    );
    const cpu = edge ? () => cpuMs(edge.child.pid!) : null;

    const t = await phase('throughput', receivers, audience, cpu, () =>
      flood(senders, targets, opts.window, opts.seconds * 1000),
    );
    const perMessage = opts.rate / audience;
    const l = await phase(
      `latency at ${opts.rate.toLocaleString()} deliveries/s (${perMessage.toFixed(0)} messages/s)`,
      receivers,
      audience,
      cpu,
      () => paced(senders, targets, perMessage, opts.seconds * 1000),
    );
    console.log(
      JSON.stringify({
        clients: opts.clients,
        senders: opts.senders,
        ...(opts.rooms > 0 ? { rooms: opts.rooms, members: opts.members } : {}),
        throughput: t,
        latency: l,
      }),
    );
    for (const r of receivers) r.socket.destroy();
    await Promise.all(senders.map((s) => s.close()));
  } finally {
    if (edge) {
      const exited = new Promise((res) => edge.child.once('exit', res));
      edge.child.kill('SIGTERM');
      await exited;
    }
  }
}

interface PhaseResult {
  messages: number;
  deliveriesPerSec: number;
  p50: number;
  p99: number;
  /** The edge's CPU time (user + system) per delivery, in µs; null for an edge not started here. */
  edgeCpuUsPerDelivery: number | null;
}

async function phase(
  name: string,
  receivers: Receiver[],
  audience: number,
  cpu: (() => number) | null,
  run: () => Promise<number>,
): Promise<PhaseResult> {
  for (const r of receivers) {
    r.count = 0;
    if (r.latencies) r.latencies = [];
  }
  const cpuBefore = cpu?.() ?? 0;
  const start = performance.now();
  const messages = await run();
  const expected = messages * audience;
  // let the last deliveries arrive
  const deadline = Date.now() + 10_000;
  while (receivers.reduce((n, r) => n + r.count, 0) < expected && Date.now() < deadline) await sleep(20);
  const seconds = (performance.now() - start) / 1000;
  const delivered = receivers.reduce((n, r) => n + r.count, 0);
  const lat = receivers.flatMap((r) => r.latencies ?? []).sort((a, b) => a - b);
  const pct = (p: number): number => lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))] ?? NaN;
  const cpuUsed = cpu ? cpu() - cpuBefore : null;
  const result: PhaseResult = {
    messages,
    deliveriesPerSec: Math.round(delivered / seconds),
    p50: round(pct(50)),
    p99: round(pct(99)),
    edgeCpuUsPerDelivery: cpuUsed === null || delivered === 0 ? null : round((cpuUsed * 1000) / delivered),
  };
  console.log(
    `${name}: ${messages} messages, ${delivered.toLocaleString()} of ${expected.toLocaleString()} deliveries in ${seconds.toFixed(1)} s` +
      ` = ${result.deliveriesPerSec.toLocaleString()} deliveries/s; latency p50 ${result.p50} ms, p99 ${result.p99} ms` +
      (result.edgeCpuUsPerDelivery === null
        ? ''
        : `; edge CPU ${result.edgeCpuUsPerDelivery} µs per delivery`),
  );
  return result;
}

/** Each sender keeps `window` sends in flight for `ms`, going round its targets. */
async function flood(
  senders: ChatClient[],
  targets: string[][],
  window: number,
  ms: number,
): Promise<number> {
  const end = performance.now() + ms;
  let sent = 0;
  await Promise.all(
    senders.map(async (s, i) => {
      let n = 0;
      const lane = async (): Promise<void> => {
        while (performance.now() < end) {
          await s.request('send', { to: targets[i][n++ % targets[i].length], text: stamp() });
          sent++;
        }
      };
      await Promise.all(Array.from({ length: window }, lane));
    }),
  );
  return sent;
}

/** `perSec` messages a second, spread over the senders and their targets, for `ms`. */
async function paced(
  senders: ChatClient[],
  targets: string[][],
  perSec: number,
  ms: number,
): Promise<number> {
  const start = performance.now();
  let sent = 0;
  const inflight: Promise<unknown>[] = [];
  while (performance.now() - start < ms) {
    const due = Math.floor(((performance.now() - start) / 1000) * perSec);
    for (; sent < due; sent++) {
      const i = sent % senders.length;
      const to = targets[i][Math.floor(sent / senders.length) % targets[i].length];
      inflight.push(senders[i].request('send', { to, text: stamp() }));
    }
    await sleep(1);
  }
  await Promise.all(inflight);
  return sent;
}

/**
 * Creates the rooms and has every member join (room r: clients r, r+N/M, … modulo N; its owner
 * client r, so that no one owns more than R/N rooms), then answers each sender's rooms. Eight
 * lanes, one connection per client.
 */
async function makeRooms(port: number, tokens: string[], o: Options): Promise<string[][]> {
  const n = tokens.length;
  const step = Math.max(1, Math.floor(n / o.members));
  const roomsOf: string[][] = tokens.map(() => []);
  for (let r = 0; r < o.rooms; r++) {
    for (let j = 0; j < o.members; j++) roomsOf[(r + j * step) % n].push(`#bench-${r}`);
  }
  const owners = new Set(Array.from({ length: o.rooms }, (_, r) => r % n));
  const started = performance.now();
  // Owners create first, so that every room exists before anyone joins it.
  for (const creating of [true, false]) {
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = next++; i < n; i = next++) {
          if (creating && !owners.has(i)) continue;
          const c = await senderClient(port, tokens[i]);
          for (let r = 0; r < o.rooms; r++) {
            if (creating && r % n === i) await c.request('room.create', { room: `#bench-${r}` });
          }
          if (!creating) await Promise.all(roomsOf[i].map((room) => c.request('room.join', { room })));
          await c.close();
        }
      }),
    );
  }
  const memberships = o.rooms * o.members;
  console.log(
    `${o.rooms} rooms, ${memberships.toLocaleString()} memberships in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return roomsOf.slice(0, o.senders);
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
