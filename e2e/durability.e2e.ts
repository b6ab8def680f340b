import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MessageFrame } from '@chat/protocol';

import { EdgeProcess } from './support/edge-process';
import { collect, eventually } from './support/events';

describe('durability (kill -9) and restarts', () => {
  let edge: EdgeProcess;

  beforeAll(async () => {
    edge = await EdgeProcess.start({ env: { RATE_LIMIT_BURST: '0' } });
  });
  afterAll(() => edge.dispose());

  it('keeps every acknowledged message through kill -9, and seq keeps increasing after restart', async () => {
    const sender = await edge.login('writer');
    const acked: { seq: number; text: string }[] = [];
    let stop = false;
    const pump = (async () => {
      for (let i = 0; !stop; i++) {
        const text = `durable-${i}`;
        try {
          const ok = await sender.request('send', { to: '*', text });
          acked.push({ seq: ok.seq, text });
        } catch {
          return;
        }
      }
    })();
    await eventually(() => expect(acked.length).toBeGreaterThan(200), 10_000);
    await edge.stop('SIGKILL');
    stop = true;
    await pump;
    await sender.close();

    await edge.restart();
    const reader = await edge.login('reader');
    const seen = collect<MessageFrame>(reader, 'message');
    await reader.request('login', { user: 'reader', password: 'reader-password', since: 0 });
    const last = acked[acked.length - 1].seq;
    await eventually(() => expect(seen.some((m) => m.seq >= last)).toBe(true), 10_000);
    const stored = new Map(seen.map((m) => [m.seq, m.text]));
    for (const a of acked) expect(stored.get(a.seq)).toBe(a.text);

    const next = await reader.request('send', { to: '*', text: 'after restart' });
    expect(next.seq).toBeGreaterThan(last);
    await reader.close();
  });

  it('shuts down cleanly on SIGTERM', async () => {
    const c = await edge.login('leaver');
    const closed = new Promise((r) => c.once('close', r));
    expect(await edge.stop('SIGTERM')).toBe(0);
    await closed;
    await edge.restart();
  });
});
