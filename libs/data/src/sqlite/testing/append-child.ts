import { conversationKey } from '../../conversation';
import type { NewMessage } from '../../repositories';
import { openSqliteStore, SqliteDurability } from '../sqlite.store';

/**
 * A second process writing the same SQLite file: appends messages and prints "<seq> <msgId>" for
 * each one as soon as append() has resolved, i.e. as soon as the store acknowledged it.
 *
 *   node -r ./register-ts.cjs append-child.ts <dataDir> <normal|full> <count, 0 = until killed> <tag>
 */
const UNTIL_KILLED = 1_000_000;

function message(tag: string, i: number): NewMessage {
  // Every other message private, so that the participants table is written too.
  const participants = i % 2 === 0 ? [] : ['alice', 'bob'];
  const kind = i % 2 === 0 ? 'all' : 'private';
  return {
    msgId: `${tag}-${i}`,
    ts: new Date(),
    from: 'alice',
    to: kind === 'all' ? '*' : 'bob',
    kind,
    text: `${tag} message ${i}`,
    file: null,
    participants,
    conversation: conversationKey(kind, participants),
  };
}

async function main(): Promise<void> {
  const [dataDir, durability, countArg, tag] = process.argv.slice(2);
  const store = await openSqliteStore(dataDir, { durability: durability as SqliteDurability });
  const count = Number(countArg) || UNTIL_KILLED;
  for (let i = 1; i <= count; i++) {
    const stored = await store.messages.append(message(tag, i));
    process.stdout.write(`${stored.seq} ${stored.msgId}\n`);
    // Let the event loop breathe, so that stdout keeps draining to the parent.
    if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  await store.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
