import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { BlobStore, openSqliteStore, Store } from '@chat/data';
import { CallEventFrame, MessageFrame } from '@chat/protocol';

import { Actor } from '../auth/actor';
import { loadConfig } from '../config/app-config';
import { FilesService } from '../files/files.service';
import { MediaService } from '../media/media.service';
import { MessagesService } from '../messages/messages.service';
import { RoomsService } from '../rooms/rooms.service';
import { RecordingLiveGateway } from '../testing/recording-live.gateway';
import { CallsService } from './calls.service';

const actor = (username: string): Actor => ({ username, role: 'user' });

describe(CallsService.name, () => {
  let dataDir: string;
  let store: Store;
  let live: RecordingLiveGateway;
  let sut: CallsService;

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    dataDir = mkdtempSync(join(tmpdir(), 'calls-service-'));
    store = await openSqliteStore(dataDir);
    const config = loadConfig({ DATA_DIR: dataDir, JWT_SECRET: 's'.repeat(32), CALL_RING_SEC: '30' });
    const files = new FilesService(store, config, await BlobStore.open(dataDir), new MediaService(config));
    live = new RecordingLiveGateway();
    live.onlineNames = ['alice', 'bob', 'carol', 'dave'];
    sut = new CallsService(
      live,
      config,
      new MessagesService(store, live, config, files, new RoomsService(store, live)),
    );
    for (const username of ['alice', 'bob', 'carol', 'dave', 'erin']) {
      await store.users.create({ username, passwordHash: 'h', role: 'user' });
    }
  });
  afterEach(async () => {
    sut.onModuleDestroy();
    vi.useRealTimers();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The events sent so far, as [how, to whom, frame type, reason or user]. */
  const sent = () =>
    live.calls
      .filter((c) => c[0] !== 'deliverMessage')
      .map((c) => {
        const frame = c.find((x) => typeof x === 'object' && x !== null && 'type' in x) as CallEventFrame;
        const detail = 'reason' in frame ? frame.reason : 'user' in frame ? frame.user : '';
        return [c[0], c[1], frame.type, detail];
      });
  const delivered = (): MessageFrame[] =>
    live.calls.filter((c) => c[0] === 'deliverMessage').map((c) => c[1] as MessageFrame);

  it('rings only those online, and says USER_OFFLINE when nobody is', async () => {
    await sut.invite(actor('alice'), '1', { to: ['bob', 'erin'], media: 'audio' });
    expect(sent()).toEqual([['sendToUser', 'bob', 'call.ring', '']]);
    await expect(sut.invite(actor('carol'), '2', { to: 'erin', media: 'audio' })).rejects.toMatchObject({
      code: 'USER_OFFLINE',
    });
  });

  it('keeps a connection to one call at a time', async () => {
    const { callId } = await sut.invite(actor('alice'), '1', { to: 'bob', media: 'video' });
    await expect(sut.invite(actor('alice'), '1', { to: 'carol', media: 'video' })).rejects.toMatchObject({
      code: 'INVALID',
    });
    await sut.invite(actor('carol'), '3', { to: 'dave', media: 'video' });
    // bob may not accept on a connection that is in another call.
    const other = await sut.invite(actor('dave'), '4', { to: 'bob', media: 'audio' });
    await sut.accept(actor('bob'), '2', callId);
    await expect(sut.accept(actor('bob'), '2', other.callId)).rejects.toMatchObject({ code: 'INVALID' });
    expect(sut.count).toBe(3);
  });

  it('a caller hanging up before an answer: the callees stop ringing, and the call is recorded as missed', async () => {
    const { callId } = await sut.invite(actor('alice'), '1', { to: 'bob', media: 'video' });
    await sut.hangup(actor('alice'), '1', callId);
    expect(sent().slice(1)).toEqual([['sendToUser', 'bob', 'call.ended', 'hangup']]);
    expect(delivered()).toMatchObject([
      { from: 'alice', to: 'bob', call: { callId, outcome: 'missed', durationMs: 0 } },
    ]);
    expect(sut.count).toBe(0);
  });

  it('in a group call, invitations not answered in time lapse while the call goes on', async () => {
    const { callId } = await sut.invite(actor('alice'), '1', { to: ['bob', 'carol'], media: 'video' });
    await sut.accept(actor('bob'), '2', callId);
    live.calls.length = 0;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(sent()).toEqual([['sendToUser', 'carol', 'call.ended', 'missed']]);
    await expect(sut.accept(actor('carol'), '3', callId)).rejects.toMatchObject({ code: 'NO_SUCH_CALL' });
    expect(sut.count).toBe(1);
    await vi.advanceTimersByTimeAsync(60_000);
    await sut.hangup(actor('bob'), '2', callId);
    expect(delivered()).toMatchObject([
      { kind: 'group', to: ['bob', 'carol'], call: { outcome: 'answered', durationMs: 90_000 } },
    ]);
  });

  it('a call refused by everyone invited is rejected; by some and missed by the rest, missed', async () => {
    const a = await sut.invite(actor('alice'), '1', { to: ['bob', 'carol'], media: 'audio' });
    await sut.reject(actor('bob'), '2', a.callId);
    expect(sut.count).toBe(1); // carol still rings
    await sut.reject(actor('carol'), '3', a.callId);
    const b = await sut.invite(actor('alice'), '1', { to: ['bob', 'carol'], media: 'audio' });
    await sut.reject(actor('bob'), '2', b.callId);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(delivered().map((m) => m.call?.outcome)).toEqual(['rejected', 'missed']);
  });

  it('relays a signal to the one connection of the member, and limits how fast', async () => {
    const { callId } = await sut.invite(actor('alice'), '1', { to: 'bob', media: 'video' });
    await sut.accept(actor('bob'), '7', callId);
    live.calls.length = 0;
    await sut.signal(actor('alice'), '1', { callId, to: 'BOB', data: { candidate: 'c' } });
    expect(live.calls).toEqual([
      [
        'sendToConnection',
        'bob',
        '7',
        { type: 'call.signal', callId, from: 'alice', data: { candidate: 'c' } },
      ],
    ]);
    await expect(sut.signal(actor('alice'), '9', { callId, to: 'bob', data: {} })).rejects.toMatchObject({
      code: 'NOT_IN_CALL',
    });
    let limited = 0;
    for (let i = 0; i < 250; i++) {
      await sut
        .signal(actor('alice'), '1', { callId, to: 'bob', data: { i } })
        .catch((err: { code: string }) => {
          if (err.code === 'RATE_LIMITED') limited++;
        });
    }
    expect(limited).toBe(250 - 199);
  });

  it('limits how many calls a user starts', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 7; i++) {
      await sut
        .invite(actor('alice'), `c${i}`, { to: 'bob', media: 'audio' })
        .then(() => codes.push('ok'))
        .catch((err: { code: string }) => codes.push(err.code));
    }
    expect(codes).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'RATE_LIMITED', 'RATE_LIMITED']);
  });

  it('a closed connection leaves its call; the last one left ends it', async () => {
    const { callId } = await sut.invite(actor('alice'), '1', { to: 'bob', media: 'video' });
    await sut.accept(actor('bob'), '2', callId);
    live.calls.length = 0;
    await sut.connectionClosed('2');
    expect(sent()).toEqual([
      ['sendToConnection', 'alice', 'call.left', 'bob'],
      ['sendToConnection', 'alice', 'call.ended', 'hangup'],
    ]);
    await sut.connectionClosed('1'); // nothing left to do
    expect(sut.count).toBe(0);
  });
});
