import { describe, expect, it } from 'vitest';

import { encodeFrame } from '@chat/protocol';

import { memoryConnection, nextTurn } from '../testing/memory-wire';
import { Connection } from './connection';

const notice = (text: string): Buffer => encodeFrame({ type: 'notice', text });
const message = (seq: number): Buffer => encodeFrame({ type: 'message', seq, text: `m${seq}` });

/** Real Connections over an in-memory Wire: what they write is what a socket would be given. */
describe(Connection.name, () => {
  describe('output', () => {
    it('writes every frame queued in one turn in one write, in order', async () => {
      const { conn: sut, wire } = memoryConnection();
      sut.send(notice('a'));
      sut.sendFrame({ type: 'notice', text: 'b' });
      sut.sendEvent(notice('c'));
      expect(wire.writes).toEqual([]);

      await nextTurn();

      expect(wire.writes).toHaveLength(1);
      expect(wire.frames().map((f) => f.text)).toEqual(['a', 'b', 'c']);
    });

    it('queues the very Buffer it is given, so a broadcast is encoded once for all', async () => {
      const one = memoryConnection();
      const two = memoryConnection();
      const buf = notice('everyone');
      one.conn.send(buf);
      two.conn.send(buf);

      await nextTurn();

      expect(one.wire.writes[0][0]).toBe(buf);
      expect(two.wire.writes[0][0]).toBe(buf);
    });

    it('writes again in a later turn', async () => {
      const { conn: sut, wire } = memoryConnection();
      sut.send(notice('a'));
      await nextTurn();
      sut.send(notice('b'));
      await nextTurn();

      expect(wire.writes.map((w) => w.length)).toEqual([1, 1]);
    });
  });

  describe('held events', () => {
    it('holds events, not replies, and on release sends them leaving out the replayed messages', async () => {
      const { conn: sut, wire } = memoryConnection('alice');
      sut.holdEvents();
      sut.sendEvent(message(4), 4);
      sut.sendEvent(notice('held'));
      sut.sendEvent(message(5), 5);
      sut.sendEvent(message(6), 6);
      sut.sendFrame({ type: 'ok', re: 'login' });
      sut.sendFrame({ type: 'message', seq: 4, text: 'm4 replayed' });
      sut.sendFrame({ type: 'message', seq: 5, text: 'm5 replayed' });
      await nextTurn();
      expect(wire.frames().map((f) => f.text ?? f.type)).toEqual(['ok', 'm4 replayed', 'm5 replayed']);

      sut.releaseEvents(5);
      await nextTurn();

      expect(wire.frames().map((f) => f.text ?? f.type)).toEqual([
        'ok',
        'm4 replayed',
        'm5 replayed',
        'held',
        'm6',
      ]);
    });

    it('goes live after release: later events are sent at once', async () => {
      const { conn: sut, wire } = memoryConnection('alice');
      sut.holdEvents();
      sut.releaseEvents(0);
      sut.sendEvent(message(9), 9);
      await nextTurn();

      expect(wire.frames().map((f) => f.seq)).toEqual([9]);
    });

    it('closeWith sends the last event ahead of held messages, keeps held notices, then closes', async () => {
      const { conn: sut, wire } = memoryConnection('alice');
      sut.holdEvents();
      sut.sendEvent(message(3), 3);
      sut.sendEvent(notice('before'));

      sut.closeWith(encodeFrame({ type: 'kicked', by: 'admin' }));

      expect(wire.frames().map((f) => f.text ?? f.type)).toEqual(['before', 'kicked']);
      expect(wire.ended).toBe(true);
      expect(sut.isOpen).toBe(false);
    });
  });

  describe('close', () => {
    it('sends what is queued, ends the wire, and drops whatever comes after', async () => {
      const { conn: sut, wire } = memoryConnection();
      sut.send(notice('last words'));
      sut.close();
      sut.send(notice('too late'));
      await nextTurn();

      expect(wire.frames().map((f) => f.text)).toEqual(['last words']);
      expect(wire.ended).toBe(true);
    });
  });

  describe('slow readers', () => {
    const MiB = Buffer.alloc(1024 * 1024, 'x');

    it('cuts a reader that lets more than 32 MiB pile up', async () => {
      const { conn: sut, wire } = memoryConnection();
      wire.stall();
      for (let i = 0; i < 32; i++) sut.send(MiB);
      await nextTurn();
      expect(wire.destroyed).toBe(false);

      sut.send(MiB);
      await nextTurn();

      expect(wire.destroyed).toBe(true);
      expect(sut.isOpen).toBe(false);
    });

    it('keeps a reader that takes what it is sent, however much', async () => {
      const { conn: sut, wire } = memoryConnection();
      for (let i = 0; i < 40; i++) sut.send(MiB);
      await nextTurn();

      expect(wire.destroyed).toBe(false);
      expect(wire.writes[0]).toHaveLength(40);
    });
  });
});
