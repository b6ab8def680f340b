import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { BlobStore, openSqliteStore, Store } from '@chat/data';
import { CONVERSATIONS_MAX_LIMIT } from '@chat/protocol';

import { Actor } from '../auth/actor';
import { loadConfig } from '../config/app-config';
import { FilesService } from '../files/files.service';
import { LiveGateway } from '../live/live-gateway';
import { MediaService } from '../media/media.service';
import { RoomsService } from '../rooms/rooms.service';
import { MessagesService } from './messages.service';

/** No connections run in a unit test: deliveries go nowhere. */
const NO_CONNECTIONS: LiveGateway = {
  deliverMessage: () => undefined,
  sendToUser: () => undefined,
  sendToConnection: () => undefined,
  sendToRoom: () => undefined,
  roomChanged: () => undefined,
  broadcast: () => undefined,
  disconnectUser: () => undefined,
  online: async () => [],
};

const actor = (username: string): Actor => ({ username, role: 'user' });

describe(MessagesService.name, () => {
  let dataDir: string;
  let store: Store;
  let sut: MessagesService;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'messages-service-'));
    // A real SQLite store in a temporary directory.
    store = await openSqliteStore(dataDir);
    const config = loadConfig({ DATA_DIR: dataDir, JWT_SECRET: 's'.repeat(32) });
    const files = new FilesService(store, config, await BlobStore.open(dataDir), new MediaService(config));
    sut = new MessagesService(store, NO_CONNECTIONS, config, files, new RoomsService(store, NO_CONNECTIONS));
    for (const username of ['alice', 'Bob', 'carol']) {
      await store.users.create({ username, passwordHash: 'h', role: 'user' });
    }
  });
  afterEach(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('conversations', () => {
    it('names the others of each conversation canonically, as history takes them, newest first', async () => {
      await sut.send(actor('alice'), { to: '*', text: 'hello all' });
      const toBob = await sut.send(actor('alice'), { to: 'BOB', text: 'hi bob' });
      const group = await sut.send(actor('carol'), { to: ['bob', 'alice'], text: 'hi both' });

      expect(await sut.conversations(actor('alice'))).toEqual([
        {
          kind: 'group',
          with: ['Bob', 'carol'],
          last: expect.objectContaining({ seq: group.seq, from: 'carol', text: 'hi both' }),
        },
        {
          kind: 'private',
          with: 'Bob',
          last: expect.objectContaining({ type: 'message', seq: toBob.seq, to: 'Bob', kind: 'private' }),
        },
      ]);
      expect((await sut.conversations(actor('Bob'))).map((c) => c.with)).toEqual([
        ['alice', 'carol'],
        'alice',
      ]);
    });

    it.each([
      [undefined, 50],
      [3, 3],
      [CONVERSATIONS_MAX_LIMIT + 1, CONVERSATIONS_MAX_LIMIT],
    ])('asks the store for limit %s as %i', async (limit, asked) => {
      const conversations = vi.spyOn(store.messages, 'conversations');
      await sut.conversations(actor('alice'), limit);
      expect(conversations).toHaveBeenCalledWith('alice', asked);
    });
  });

  describe('deleting', () => {
    it('lets the author and admins delete, even a private message the admin never saw; others not', async () => {
      const sent = await sut.send(actor('alice'), { to: 'Bob', text: 'private' });
      await expect(sut.delete(actor('bob'), { msgId: sent.msgId })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      await expect(sut.delete(actor('carol'), { msgId: sent.msgId })).rejects.toMatchObject({
        code: 'NO_SUCH_MESSAGE',
      });
      await store.users.create({ username: 'root', passwordHash: 'h', role: 'admin' });
      const done = await sut.delete({ username: 'root', role: 'admin' }, { msgId: sent.msgId });
      expect(done.seq).toBeGreaterThan(sent.seq);
      expect(await store.messages.find(sent.msgId)).toMatchObject({ deleted: true, text: null });

      const own = await sut.send(actor('carol'), { to: '*', text: 'mine' });
      expect((await sut.delete(actor('CAROL'), { msgId: own.msgId })).msgId).toBe(own.msgId);
    });
  });
});
