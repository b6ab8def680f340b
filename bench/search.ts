/**
 * Search and message-change benchmark on the embedded store (issue 12):
 *
 *   npm run bench:search -- --messages 200000 --queries 200
 *
 * 1. appends `--messages` messages (90 % to everyone, 10 % private among 50 users; a vocabulary of
 *    5,000 words, Zipf-like, so some words are everywhere and most are rare), one transaction
 *    each as the edge stores them; reports the file's bytes per message with the full-text index;
 * 2. `--queries` searches of each kind, timed: a common word, a rare word, two words, a prefix,
 *    and a common word in one private conversation; p50 and p99 in ms;
 * 3. edits and reactions through `change` (each its own transaction, as the service does): per second;
 * 4. a `since` replay of the last 20,000 rows (messages with changes among them): rows per second.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { Command } from 'commander';

import { conversationKey, NewMessage, openSqliteStore, Store, StoredMessage } from '@chat/data';

interface Options {
  messages: number;
  queries: number;
}

const USERS = Array.from({ length: 50 }, (_, i) => `user${i}`);
const VOCABULARY = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}x`);

/** A deterministic generator, so that two runs search the same text. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return s / 2 ** 32;
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function timeQueries(label: string, n: number, run: () => Promise<unknown>): Promise<void> {
  const times: number[] = [];
  let found = 0;
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    const result = (await run()) as unknown[];
    times.push(performance.now() - start);
    found += result.length;
  }
  times.sort((a, b) => a - b);
  console.log(
    `  ${label.padEnd(34)} p50 ${percentile(times, 50).toFixed(2)} ms  p99 ${percentile(times, 99).toFixed(2)} ms  (${(found / n).toFixed(1)} results)`,
  );
}

async function main(): Promise<void> {
  const opts = new Command()
    .option('--messages <n>', 'messages to store', Number, 200_000)
    .option('--queries <n>', 'searches of each kind', Number, 200)
    .parse()
    .opts<Options>();
  console.log(`${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node.js ${process.version}`);
  const dir = mkdtempSync(join(tmpdir(), 'chat-bench-search-'));
  const store: Store = await openSqliteStore(dir);
  try {
    const next = random(42);
    // Zipf-like: word i is drawn about 1/(i+1) as often as the first.
    const word = (): string => VOCABULARY[Math.floor(Math.exp(next() * Math.log(VOCABULARY.length))) - 1];
    const sentence = (): string => Array.from({ length: 4 + Math.floor(next() * 12) }, word).join(' ');
    let appended = 0;
    const started = performance.now();
    const kept: StoredMessage[] = [];
    for (let i = 0; i < opts.messages; i++) {
      const from = USERS[Math.floor(next() * USERS.length)];
      const toUser =
        USERS[(USERS.indexOf(from) + 1 + Math.floor(next() * (USERS.length - 1))) % USERS.length];
      const isPrivate = next() < 0.1;
      const message: NewMessage = isPrivate
        ? {
            msgId: `m${i}`,
            ts: new Date(),
            from,
            to: toUser,
            kind: 'private',
            text: sentence(),
            file: null,
            participants: [from, toUser],
            conversation: conversationKey('private', [from, toUser]),
          }
        : {
            msgId: `m${i}`,
            ts: new Date(),
            from,
            to: '*',
            kind: 'all',
            text: sentence(),
            file: null,
            participants: [],
            conversation: '*',
          };
      const stored = await store.messages.append(message);
      if (i % 100 === 0) kept.push(stored);
      appended++;
    }
    const appendSec = (performance.now() - started) / 1000;
    const bytes =
      statSync(join(dir, 'chat.db')).size +
      (statSync(join(dir, 'chat.db-wal'), { throwIfNoEntry: false })?.size ?? 0);
    console.log(
      `stored ${appended} messages in ${appendSec.toFixed(1)} s (${Math.round(appended / appendSec)}/s, one transaction each); ` +
        `${Math.round(bytes / appended)} bytes per message on disk with the full-text index`,
    );

    console.log(`search (${opts.queries} each):`);
    const limit = 20;
    await timeQueries('common word, everyone', opts.queries, () =>
      store.messages.search('user1', { words: [VOCABULARY[0]], limit }),
    );
    await timeQueries('rare word', opts.queries, () =>
      store.messages.search('user1', { words: [VOCABULARY[4000 + Math.floor(next() * 999)]], limit }),
    );
    await timeQueries('two words', opts.queries, () =>
      store.messages.search('user1', {
        words: [VOCABULARY[3], VOCABULARY[40 + Math.floor(next() * 50)]],
        limit,
      }),
    );
    await timeQueries('prefix of a word', opts.queries, () =>
      store.messages.search('user1', { words: ['w1'], limit }),
    );
    await timeQueries('common word in one private chat', opts.queries, () =>
      store.messages.search('user1', {
        words: [VOCABULARY[Math.floor(next() * 3)]],
        conversation: conversationKey('private', ['user1', 'user2']),
        limit,
      }),
    );

    const changes = Math.min(5000, kept.length * 2);
    const changeStart = performance.now();
    for (let i = 0; i < changes; i++) {
      const target = kept[i % kept.length];
      await store.messages.change(
        i % 2 === 0
          ? { msgId: `c${i}`, ts: new Date(), target, by: target.from, action: 'edit', text: sentence() }
          : {
              msgId: `c${i}`,
              ts: new Date(),
              target,
              by: USERS[i % USERS.length],
              action: 'react',
              emoji: '👍',
              remove: false,
            },
      );
    }
    const changeSec = (performance.now() - changeStart) / 1000;
    console.log(
      `changes: ${changes} edits and reactions in ${changeSec.toFixed(2)} s (${Math.round(changes / changeSec)}/s)`,
    );

    const latest = await store.messages.latestSeq();
    const replayStart = performance.now();
    let rows = 0;
    let after = latest - 20_000;
    for (;;) {
      const page = await store.messages.visibleSince('user1', after, 500);
      rows += page.length;
      if (page.length < 500) break;
      after = page[page.length - 1].seq;
    }
    const replaySec = (performance.now() - replayStart) / 1000;
    console.log(
      `since: ${rows} rows for user1 in ${replaySec.toFixed(2)} s (${Math.round(rows / replaySec)} rows/s)`,
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
