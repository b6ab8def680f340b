import { expect } from 'vitest';
import WebSocket from 'ws';

import type { RawFrame } from '@chat/protocol';

import { eventually } from './events';

/** A browser-like WebSocket client: one frame per text message. */
export class WsPeer {
  public readonly frames: RawFrame[] = [];
  public closeCode?: number;

  private constructor(public readonly ws: WebSocket) {
    ws.on('message', (data) => this.frames.push(JSON.parse(data.toString()) as RawFrame));
    ws.on('close', (code) => (this.closeCode = code));
  }

  /** `localAddress`: another loopback address (127.0.0.2, ...) to come from, as another browser would. */
  public static open(port: number, origin = 'http://localhost:3000', localAddress?: string): Promise<WsPeer> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { origin, localAddress });
      const peer = new WsPeer(ws);
      ws.once('open', () => resolve(peer));
      ws.once('error', reject);
    });
  }

  public send(frame: object): void {
    this.ws.send(JSON.stringify(frame));
  }

  public async reply(id: string): Promise<RawFrame> {
    let found: RawFrame | undefined;
    await eventually(() => {
      found = this.frames.find((f) => f.re === id);
      expect(found).toBeDefined();
    });
    return found!;
  }
}
