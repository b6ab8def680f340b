import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { openSqliteStore, Store } from '@chat/data';
import type { Role } from '@chat/protocol';

import { memoryConnection } from '../testing/memory-wire';
import { ChatContext } from './chat.context';
import { FrameAuthGuard } from './frame-auth.guard';

const ADMIN_FRAMES = ['kick', 'ban', 'unban', 'mute', 'unmute'];

describe(FrameAuthGuard.name, () => {
  let dataDir: string;
  let store: Store;
  let sut: FrameAuthGuard;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'frame-auth-guard-'));
    // A real SQLite store: the guard reads the role from it.
    store = await openSqliteStore(dataDir);
    await store.users.create({ username: 'root', passwordHash: 'h', role: 'admin' });
    await store.users.create({ username: 'bob', passwordHash: 'h', role: 'user' });
    sut = new FrameAuthGuard(store);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The guard as the transport runs it: a frame and the context of a connection. */
  function check(type: string, session?: { username: string; role: Role }): Promise<boolean> {
    const { conn } = memoryConnection();
    conn.user = session ?? null;
    const host = new ExecutionContextHost([{ type }, new ChatContext([conn, undefined])]);
    host.setType('rpc');
    return sut.canActivate(host);
  }

  it.each(['hello', 'register', 'login', 'ping'])('lets %s through before log-in', async (type) => {
    await expect(check(type)).resolves.toBe(true);
  });

  it.each(['logout', 'who', 'send', 'history', 'file.offer', 'file.get', ...ADMIN_FRAMES])(
    'answers %s before log-in with NOT_AUTHENTICATED',
    async (type) => {
      await expect(check(type)).rejects.toMatchObject({ code: 'NOT_AUTHENTICATED' });
    },
  );

  it.each(['who', 'send', 'history', 'logout'])('lets a logged-in user send %s', async (type) => {
    await expect(check(type, { username: 'bob', role: 'user' })).resolves.toBe(true);
  });

  it.each(ADMIN_FRAMES)('answers %s from a user with FORBIDDEN', async (type) => {
    await expect(check(type, { username: 'bob', role: 'user' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it.each(ADMIN_FRAMES)('lets an admin send %s', async (type) => {
    await expect(check(type, { username: 'root', role: 'admin' })).resolves.toBe(true);
  });

  it('goes by the role in the store, so a demotion or a promotion applies at once', async () => {
    await store.users.setRole('root', 'user');
    await expect(check('kick', { username: 'root', role: 'admin' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });

    await store.users.setRole('bob', 'admin');
    await expect(check('kick', { username: 'bob', role: 'user' })).resolves.toBe(true);
  });

  it('answers FORBIDDEN for a session whose account is gone', async () => {
    await expect(check('ban', { username: 'ghost', role: 'admin' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
