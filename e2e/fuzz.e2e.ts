import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runFuzz } from '../bench/fuzz/fuzzer';
import { ADMIN, EdgeProcess } from './support/edge-process';

/**
 * The short version of `npm run fuzz` (bench/fuzz.ts): the same core, a fixed seed, 20,000 frames
 * valid, mutated and garbled over TCP and WebSocket against the built edge.
 */
describe('fuzz (short run)', () => {
  let edge: EdgeProcess;

  beforeAll(async () => {
    edge = await EdgeProcess.start({
      env: {
        RATE_LIMIT_BURST: '0',
        LOGIN_RATE_PER_ADDRESS: '0',
        REGISTER_RATE_PER_ADDRESS: '0',
        MAX_CONNECTIONS_PER_ADDRESS: '100000',
      },
    });
  });

  afterAll(async () => {
    await edge?.dispose();
  });

  it('answers 20,000 random and mutated frames with typed frames only, never INTERNAL, and keeps serving', async () => {
    const report = await runFuzz(
      { host: edge.host, tcpPort: edge.port, wsPort: edge.wsPort, admin: ADMIN },
      { frames: 20_000, seed: 1313, connections: 8, phases: 2, alive: () => edge.running },
    );

    expect(report.sent).toBeGreaterThanOrEqual(20_000);
    expect(report.untypedSamples).toEqual([]);
    expect(report.internalSamples).toEqual([]);
    expect(report.hangSamples).toEqual([]);
    expect(report.canaryFailures).toEqual([]);
    expect(report.canaryRounds).toBe(2);
    // Every kind of input reached the edge and was answered.
    expect(report.byOrigin.valid).toBeGreaterThan(5_000);
    expect(report.byOrigin.mutated).toBeGreaterThan(5_000);
    expect(report.byOrigin.garbage).toBeGreaterThan(1_000);
    const replies = Object.fromEntries(report.replies);
    expect(replies.ok).toBeGreaterThan(500);
    expect(replies['error:INVALID']).toBeGreaterThan(500);
    expect(replies['error:BAD_FRAME']).toBeGreaterThan(100);
    // No stack trace or logged error on its output, and it is still running.
    expect(edge.output).not.toMatch(/\bERROR\b|Error:|\n\s+at .+:\d+:\d+/);
    expect(edge.running).toBe(true);
    const admin = await edge.admin();
    expect((await admin.request('who', {})).online).toContain('admin');
    await admin.close();
  }, 120_000);
});
