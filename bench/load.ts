/**
 * Pieces of the load benchmarks (bench/fanout.ts, bench/soak.ts): accounts, cheap receivers that
 * count frames and sample latency, sender clients, a process's CPU time.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { connect, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

import { ChatClient } from '@chat/protocol';

import { HOST } from './edge';

export const PASSWORD = 'bench-password';
/** The send time a sender writes into its text (`stamp()`), as a receiver finds it. */
const STAMP = /"text":"t(\d+\.\d+)/g;

/** A receiver: counts delivered frames; sampled ones also collect latencies. */
export class Receiver {
  public count = 0;
  public latencies: number[] | null = null;
  private tail = '';

  constructor(public readonly socket: Socket) {}

  public onData(chunk: Buffer): void {
    let n = 0;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
    this.count += n;
    if (this.latencies) {
      const now = performance.timeOrigin + performance.now();
      const text = this.tail + chunk.toString('latin1');
      const cut = text.lastIndexOf('\n');
      this.tail = text.slice(cut + 1);
      for (const m of text.slice(0, cut).matchAll(STAMP)) this.latencies.push(now - Number(m[1]));
    }
  }
}

/** A process's CPU time (user + system) so far, in ms, from /proc/PID/stat (clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** A process's resident set (MiB, one decimal) and open descriptors (NaN when not ours to see), from /proc. */
export function edgeResources(pid: number): { rssMiB: number; fds: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN);
  let fds = NaN;
  try {
    fds = readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    // not ours to look into
  }
  return { rssMiB: Math.round(kb / 102.4) / 10, fds };
}

export function stamp(): string {
  return `t${(performance.timeOrigin + performance.now()).toFixed(3)}`;
}

/** Registers (unless they exist) and logs in `bench0` .. `bench<n-1>`; resolves with their tokens. */
export async function accounts(port: number, n: number): Promise<string[]> {
  const tokens: string[] = new Array(n);
  const lanes = 8;
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      const c = await ChatClient.connect({ host: HOST, port });
      for (let i = next++; i < n; i = next++) {
        const user = `bench${i}`;
        await c.request('register', { user, password: PASSWORD }).catch(() => undefined);
        tokens[i] = (await c.request('login', { user, password: PASSWORD })).token;
      }
      await c.close();
    }),
  );
  return tokens;
}

/** A raw socket logged in with `token` (and `since`, to be sent what it missed) that counts what it gets. */
export async function openReceiver(
  port: number,
  token: string,
  sampled: boolean,
  since?: number,
): Promise<Receiver> {
  const socket = connect({ host: HOST, port });
  const receiver = new Receiver(socket);
  if (sampled) receiver.latencies = [];
  await new Promise<void>((res, rej) => {
    let buf = '';
    const onData = (chunk: Buffer): void => {
      buf += chunk.toString();
      if (buf.includes('"re":"l"')) {
        socket.off('data', onData);
        socket.on('data', (c: Buffer) => receiver.onData(c));
        res();
      }
    };
    socket.on('data', onData);
    socket.once('error', rej);
    socket.write(
      JSON.stringify({ type: 'login', id: 'l', token, ...(since === undefined ? {} : { since }) }) + '\n',
    );
  });
  return receiver;
}

export async function senderClient(port: number, token: string): Promise<ChatClient> {
  const c = await ChatClient.connect({ host: HOST, port });
  await c.request('login', { token });
  return c;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
