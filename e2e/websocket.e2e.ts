import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MessageFrame } from '@chat/protocol';

import { EdgeProcess } from './support/edge-process';
import { eventually, nextEvent } from './support/events';
import { WsPeer } from './support/ws-peer';

describe('WebSocket transport (same frames, one per text message)', () => {
  let edge: EdgeProcess;

  beforeAll(async () => {
    edge = await EdgeProcess.start({ env: { MAX_FRAME_KB: '16', LOGIN_RATE_PER_ADDRESS: '30/1m' } });
  });
  afterAll(() => edge.dispose());

  it('greets, logs in and chats with a TCP user through the same handlers', async () => {
    const tcp = await edge.login('tcpuser');
    const web = await WsPeer.open(edge.wsPort);
    await eventually(() => expect(web.frames[0]).toMatchObject({ type: 'hello', protocol: 1 }));
    web.send({ type: 'register', id: 'r', user: 'webuser', password: 'webuser-password' });
    web.send({ type: 'login', id: 'l', user: 'webuser', password: 'webuser-password' });
    expect(await web.reply('l')).toMatchObject({ type: 'ok', user: 'webuser' });

    const atTcp = nextEvent<MessageFrame>(tcp, 'message');
    web.send({ type: 'send', id: 's', to: 'tcpuser', text: 'from the browser' });
    const ok = await web.reply('s');
    expect(await atTcp).toMatchObject({
      seq: ok.seq,
      from: 'webuser',
      kind: 'private',
      text: 'from the browser',
    });

    const back = await tcp.request('send', { to: 'webuser', text: 'from the terminal' });
    await eventually(() =>
      expect(web.frames.find((f) => f.type === 'message' && f.seq === back.seq)).toMatchObject({
        from: 'tcpuser',
      }),
    );
    web.ws.close();
    await tcp.close();
  });

  it('answers bad input as on TCP: BAD_FRAME, INVALID for raw-block file frames, FRAME_TOO_LARGE and close', async () => {
    const web = await WsPeer.open(edge.wsPort);
    web.ws.send('not json');
    web.ws.send(Buffer.from('{"type":"ping"}'), { binary: true });
    web.send({ type: 'login', id: 'l', user: 'webuser', password: 'webuser-password' });
    await web.reply('l');
    web.send({ type: 'file.get', id: 'g', fileId: 'f_x' });
    expect(await web.reply('g')).toMatchObject({
      code: 'INVALID',
      message: expect.stringContaining('/api/files'),
    });
    // A voice message or a picture goes through the api's media routes (protocol.md §10).
    web.send({
      type: 'file.offer',
      id: 'v',
      name: 'memo.webm',
      size: 10,
      sha256: 'a'.repeat(64),
      media: 'voice',
    });
    expect(await web.reply('v')).toMatchObject({
      code: 'INVALID',
      message: expect.stringContaining('/api/media/voice'),
    });
    expect(web.frames.filter((f) => f.code === 'BAD_FRAME')).toHaveLength(2);
    web.send({ type: 'ping', pad: 'x'.repeat(20 * 1024) });
    await eventually(() => expect(web.frames.find((f) => f.code === 'FRAME_TOO_LARGE')).toBeDefined());
    await eventually(() => expect(web.closeCode).toBeDefined());
  });

  it('refuses pages from other origins', async () => {
    await expect(WsPeer.open(edge.wsPort, 'http://evil.example')).rejects.toThrow(/401|403/);
  });

  it("limits password log-ins by the browser's own address (LOGIN_RATE_PER_ADDRESS=30/1m)", async () => {
    const sprayer = await WsPeer.open(edge.wsPort, undefined, '127.0.0.21');
    // 30 at once, then one every 2 s: the bucket refills a little while the 30 are hashed.
    let refused: Record<string, unknown> | undefined;
    let bad = 0;
    for (let i = 0; !refused && i < 40; i++) {
      sprayer.send({ type: 'login', id: `l${i}`, user: `ghost${i}`, password: 'password-1' });
      const reply = await sprayer.reply(`l${i}`);
      if (reply.code === 'RATE_LIMITED') refused = reply;
      else if (reply.code === 'BAD_CREDENTIALS') bad++;
    }
    expect(bad).toBeGreaterThanOrEqual(30);
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/your address/) });
    expect(refused!.retryAfterMs).toBeGreaterThan(0);

    const other = await WsPeer.open(edge.wsPort, undefined, '127.0.0.22');
    other.send({ type: 'login', id: 'l', user: 'ghost30', password: 'password-1' });
    expect(await other.reply('l')).toMatchObject({ code: 'BAD_CREDENTIALS' });
    sprayer.ws.close();
    other.ws.close();
  });
});
