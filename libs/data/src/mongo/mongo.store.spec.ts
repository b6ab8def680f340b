import { randomBytes } from 'node:crypto';

import mongoose from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';

import { describeStoreContract } from '../store.contract';
import { AuditSchema, MessageSchema, ScoreSchema, UserSchema } from './mongo.schemas';
import { MongoStore, openMongoStore } from './mongo.store';

const uri = process.env.MONGODB_URI;
if (!uri) console.log('MongoDB store contract tests skipped: MONGODB_URI is not set');

const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const databases: string[] = [];

/** A fresh database per test, named after this run, so that runs never see each other's data. */
async function openFresh(): Promise<MongoStore> {
  const dbName = `chat_test_${runId}_${databases.length}`;
  databases.push(dbName);
  return openMongoStore(uri!, { dbName, serverSelectionTimeoutMs: 5000 });
}

afterAll(async () => {
  if (!uri || databases.length === 0) return;
  const connection = await mongoose.createConnection(uri).asPromise();
  try {
    for (const name of databases) await connection.useDb(name).dropDatabase();
  } finally {
    await connection.close();
  }
});

describeStoreContract('MongoDB', openFresh, { skip: !uri });

// What can be checked without a server: the indexes the queries rely on are declared.
describe('MongoDB schemas', () => {
  const indexes = (schema: mongoose.Schema) =>
    schema.indexes().map(([fields, options]) => ({ fields, options }));

  it('makes user names unique without regard to case', () => {
    expect(indexes(UserSchema)).toContainEqual({ fields: { usernameLower: 1 }, options: { unique: true } });
  });

  it('indexes users by name skeleton, for look-alike names', () => {
    expect(indexes(UserSchema).map((i) => i.fields)).toContainEqual({ nameSkeleton: 1, usernameLower: 1 });
  });

  it('indexes messages by unique seq, conversation and participant', () => {
    const declared = indexes(MessageSchema);
    expect(declared).toContainEqual({ fields: { seq: 1 }, options: { unique: true } });
    expect(declared.map((i) => i.fields)).toEqual(
      expect.arrayContaining([
        { conversation: 1, seq: 1 },
        { participantsLower: 1, seq: 1 },
        { 'file.id': 1 },
      ]),
    );
  });

  it('indexes the audit log newest first, alone and by actor, target and action', () => {
    expect(indexes(AuditSchema).map((i) => i.fields)).toEqual([
      { at: -1, _id: -1 },
      { actorLower: 1, at: -1, _id: -1 },
      { targetLower: 1, at: -1, _id: -1 },
      { action: 1, at: -1, _id: -1 },
    ]);
  });

  it("indexes each player's scores best first, as the leaderboard reads them", () => {
    expect(indexes(ScoreSchema).map((i) => i.fields)).toEqual([
      { game: 1, usernameLower: 1, score: -1, at: 1, _id: 1 },
    ]);
  });
});

describe('MongoDB documents', () => {
  // A connection that never connects: models validate offline.
  const offline = mongoose.createConnection();
  const Message = offline.model('OfflineMessage', MessageSchema);
  const User = offline.model('OfflineUser', UserSchema);
  const Audit = offline.model('OfflineAudit', AuditSchema);
  const base = { seq: 1, msgId: 'm1', ts: new Date(), from: 'alice', conversation: '*' };

  it.each([
    ['to all, text only', { ...base, to: '*', kind: 'all', text: 'hi', file: null, participants: [] }],
    [
      'private, file only',
      {
        ...base,
        to: 'bob',
        kind: 'private',
        text: null,
        file: { id: 'f1', name: 'a.png', size: 1, sha256: 'a'.repeat(64), mime: 'image/png' },
        participants: ['alice', 'bob'],
        participantsLower: ['alice', 'bob'],
        conversation: 'p:alice,bob',
      },
    ],
    [
      'group',
      { ...base, to: ['bob', 'carol'], kind: 'group', text: 'x', file: null, participants: ['alice'] },
    ],
  ])('accepts a message %s', async (_name, doc) => {
    await expect(new Message(doc).validate()).resolves.toBeUndefined();
  });

  it('refuses a message of an unknown kind', async () => {
    const message = new Message({ ...base, to: '*', kind: 'broadcast', text: 'x' });
    await expect(message.validate()).rejects.toMatchObject({ errors: { kind: expect.anything() } });
  });

  it('accepts a user without restrictions and with both, and refuses an unknown role', async () => {
    const restriction = { reason: null, by: 'root', at: new Date(), until: null };
    const user = {
      username: 'Alice',
      usernameLower: 'alice',
      role: 'user',
      passwordHash: 'h',
      createdAt: new Date(),
    };
    await expect(new User(user).validate()).resolves.toBeUndefined();
    await expect(
      new User({ ...user, ban: restriction, mute: restriction }).validate(),
    ).resolves.toBeUndefined();
    await expect(new User({ ...user, role: 'root' }).validate()).rejects.toMatchObject({
      errors: { role: expect.anything() },
    });
  });

  it('keeps empty audit details rather than dropping them', () => {
    const entry = new Audit({
      at: new Date(),
      actor: 'root',
      actorLower: 'root',
      action: 'kick',
      details: {},
    });
    expect(entry.toObject().details).toEqual({});
  });
});
