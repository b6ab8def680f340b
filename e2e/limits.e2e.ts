import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { EdgeProcess } from './support/edge-process';
import { RawSocket } from './support/raw-socket';

describe('connection limit', () => {
  let edge: EdgeProcess;

  beforeAll(async () => {
    edge = await EdgeProcess.start({ env: { MAX_CONNECTIONS: '2' } });
  });
  afterAll(() => edge.dispose());

  it('answers SERVER_BUSY and closes when the edge is full, and accepts again once a place frees up', async () => {
    const a = await RawSocket.open(edge.port);
    const b = await RawSocket.open(edge.port);
    await Promise.all([a, b].map((s) => s.waitFor((f) => f.type === 'hello')));
    const c = await RawSocket.open(edge.port);
    expect(await c.waitFor((f) => f.type === 'error')).toMatchObject({ code: 'SERVER_BUSY' });
    await c.waitClosed();
    a.close();
    await new Promise((r) => setTimeout(r, 100));
    const d = await RawSocket.open(edge.port);
    expect(await d.waitFor((f) => f.type === 'hello')).toMatchObject({ protocol: 1 });
    b.close();
    d.close();
  });
});
