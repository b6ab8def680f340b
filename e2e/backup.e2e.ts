import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MIGRATIONS, SCHEMA_VERSION } from '@chat/data';
import { ChatClient } from '@chat/protocol';

import { EdgeProcess } from './support/edge-process';
import { runUntilExit, ServiceExit } from './support/service-process';
import { SystemProcess } from './support/system-process';

const OPS = 'dist/apps/ops/src/main.js';
const SENDERS = 4;
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** `npm run backup -- <file>` / `npm run restore -- <file>` on a data directory, as an operator runs them. */
function ops(command: 'backup' | 'restore', file: string, dataDir: string): Promise<ServiceExit> {
  return runUntilExit(OPS, { DATA_DIR: dataDir }, 60_000, [command, file]);
}

interface Acked {
  seq: number;
  text: string;
  /** When the reply frame (the ack, protocol.md) arrived. */
  at: number;
}

/** Sends messages to everyone as fast as the edge answers, until stopped; each ack recorded in order. */
function sendUntilStopped(client: ChatClient, tag: string): { acked: Acked[]; stop: () => Promise<void> } {
  const acked: Acked[] = [];
  let stopped = false;
  const loop = (async () => {
    for (let i = 0; !stopped; i++) {
      const text = `${tag}-${i}`;
      const ok = await client.request('send', { to: '*', text });
      acked.push({ seq: ok.seq, text, at: Date.now() });
    }
  })();
  return {
    acked,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

function storedMessages(dataDir: string): Map<number, string> {
  const db = new Database(join(dataDir, 'chat.db'), { readonly: true });
  try {
    const rows = db.prepare('SELECT seq, text FROM messages WHERE action IS NULL').all() as {
      seq: number;
      text: string;
    }[];
    return new Map(rows.map((r) => [r.seq, r.text]));
  } finally {
    db.close();
  }
}

function integrityCheck(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

describe('backup and restore (npm run backup / restore)', () => {
  let system: SystemProcess;
  const outDir = mkdtempSync(join(tmpdir(), 'chat-e2e-backups-'));

  beforeAll(async () => {
    system = await SystemProcess.start({ env: { RATE_LIMIT_BURST: '0' } });
  });
  afterAll(async () => {
    await system.dispose();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('backs up under load into a sound store that holds every message acknowledged before it, and its files', async () => {
    const dataDir = system.edge.dataDir;
    const archive = join(outDir, 'backup.tar.gz');
    const alice = await system.tcp('alice');
    const files = [randomBytes(300_000), randomBytes(20_000)];
    const uploaded = [];
    for (const [i, data] of files.entries()) uploaded.push(await alice.upload(data, { name: `f${i}.bin` }));
    await alice.request('send', { to: '*', fileId: uploaded[0].fileId, text: 'a file' });

    const senders = await Promise.all(Array.from({ length: SENDERS }, (_, i) => system.tcp(`sender${i}`)));
    const load = senders.map((client, i) => sendUntilStopped(client, `s${i}`));
    while (load.reduce((n, l) => n + l.acked.length, 0) < 400) await new Promise((r) => setTimeout(r, 20));

    const backupStarted = Date.now();
    const during = load.map((l) => l.acked.length);
    const backup = await ops('backup', archive, dataDir);
    const after = load.map((l) => l.acked.length);
    await Promise.all(load.map((l) => l.stop()));
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(
      /^Backed up to .*: schema \d+, \d+ users, \d+ messages, \d+ files, 0 rooms; the JWT secret included\./,
    );
    // The load went on while the backup ran: the system was not stopped for it.
    expect(after.reduce((a, b) => a + b, 0)).toBeGreaterThan(during.reduce((a, b) => a + b, 0));
    expect(statSync(archive).mode & 0o777).toBe(0o600);

    // The system still runs: a restore is refused, and changes nothing.
    const refused = await ops('restore', archive, dataDir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is in use: the system (edge or api) or a backup is running on');
    expect(readdirSync(dataDir).filter((n) => n.startsWith('before-restore'))).toEqual([]);

    await Promise.all([alice.close(), ...senders.map((c) => c.close())]);
    await system.api.stop();
    await system.edge.stop();
    const restored = await ops('restore', archive, dataDir);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain('The data that was there is in');
    expect(readdirSync(dataDir).filter((n) => n.startsWith('before-restore'))).toHaveLength(1);
    expect(integrityCheck(join(dataDir, 'chat.db'))).toBe('ok');

    const stored = storedMessages(dataDir);
    for (const l of load) {
      // Every message acknowledged before the backup started is in it, as it was acknowledged...
      for (const a of l.acked.filter((m) => m.at < backupStarted)) expect(stored.get(a.seq)).toBe(a.text);
      // ...and of each sender's messages, those in it are the first ones: one moment's snapshot.
      const present = l.acked.map((a) => stored.get(a.seq) === a.text);
      const firstMissing = present.indexOf(false);
      if (firstMissing >= 0) expect(present.slice(firstMissing).every((p) => !p)).toBe(true);
    }

    // The restored system starts on it, and the files come back through it.
    await system.edge.restart();
    const back = await system.tcp('alice');
    for (const [i, data] of files.entries()) {
      const got = await back.download(uploaded[i].fileId);
      expect(sha(got.data!)).toBe(sha(data));
    }
    const last = Math.max(
      ...load.flatMap((l) => l.acked.filter((m) => m.at < backupStarted).map((m) => m.seq)),
    );
    const next = await back.request('send', { to: '*', text: 'after the restore' });
    expect(next.seq).toBeGreaterThan(last);
    await back.close();
  });
});

describe('schema upgrades', () => {
  let edge: EdgeProcess | undefined;
  afterAll(() => edge?.dispose());

  it('copies a store of an older schema to DATA_DIR/backups before the edge upgrades it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'chat-e2e-upgrade-'));
    const old = new Database(join(dataDir, 'chat.db'));
    const version = SCHEMA_VERSION - 2;
    MIGRATIONS.slice(0, version).forEach((step) => old.exec(step));
    old.pragma(`user_version = ${version}`);
    old
      .prepare(
        `INSERT INTO messages (msg_id, ts, sender, recipient, kind, text, participants, conversation)
       VALUES ('m1', 0, 'alice', '"*"', 'all', 'from the old version', '[]', '*')`,
      )
      .run();
    old.close();

    edge = await EdgeProcess.start({ dataDir });
    const backups = readdirSync(join(dataDir, 'backups'));
    expect(backups).toEqual([expect.stringMatching(new RegExp(`^chat-schema${version}-.+\\.db$`))]);
    const copy = new Database(join(dataDir, 'backups', backups[0]), { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(version);
    expect(copy.prepare('SELECT text FROM messages').pluck().all()).toEqual(['from the old version']);
    copy.close();
    expect(existsSync(join(dataDir, 'chat.db'))).toBe(true);
    // And the upgraded store serves the old message.
    const reader = await edge.login('reader');
    const history = await reader.request('history', { with: '*', limit: 10 });
    expect(JSON.stringify(history)).toContain('from the old version');
    await reader.close();
  });
});
