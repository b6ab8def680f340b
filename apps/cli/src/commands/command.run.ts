import { ChatError, formatBytes, MessageFrame, Recipient } from '@chat/protocol';

import {
  cleanText,
  formatMessage,
  formatNames,
  formatOnline,
  formatRecipient,
  formatRoom,
  formatUntil,
  numbered,
} from '../chat/message.format';
import { MessageNumbers, NumberedMessage } from '../chat/message-numbers';
import { downloadWithProgress, uploadWithProgress } from '../files/transfer';
import { playVoice } from '../media/play.command';
import { sendMedia } from '../media/send-media.command';
import { CommandContext } from './command.context';
import { Command } from './command.parse';
import { COMMAND_USAGE } from './command.usage';

const HISTORY_LIMIT = 50;

/** The /help text. */
export function formatHelp(): string {
  const width = Math.max(...COMMAND_USAGE.map(([usage]) => usage.length));
  return ['Commands:', ...COMMAND_USAGE.map(([usage, what]) => `  ${usage.padEnd(width)}  ${what}`)].join(
    '\n',
  );
}

/**
 * Runs one parsed command against the session; server errors are thrown (ChatError) for the
 * caller to print. Resolves with 'quit' when the user asked to leave.
 */
export async function runCommand(command: Command, ctx: CommandContext): Promise<'quit' | void> {
  const { session, terminal } = ctx;
  const now = ctx.now?.() ?? new Date();
  const me = session.user;
  const reply = (text: string, fields: object): void =>
    terminal.print(ctx.json ? JSON.stringify(fields) : text);

  switch (command.kind) {
    case 'none':
      return;
    case 'say':
      // The server echoes the accepted message to every connection of ours: it is printed then.
      await session.request('send', { to: command.to, text: command.text });
      return;
    case 'me':
      await session.request('send', { to: command.to, text: command.text, me: true });
      return;
    case 'reply': {
      const answered = numberedMessage(ctx, command.n);
      await session.request('send', { to: answered.with, text: command.text, replyTo: answered.msgId });
      return;
    }
    case 'edit': {
      const target = numberedMessage(ctx, command.n);
      // The change comes back to every connection as a message.update: it is printed then.
      await session.request('edit', { msgId: target.msgId, text: command.text });
      return;
    }
    case 'delete':
      await session.request('delete', { msgId: numberedMessage(ctx, command.n).msgId });
      return;
    case 'react': {
      const target = numberedMessage(ctx, command.n);
      const ok = await session.request('react', {
        msgId: target.msgId,
        emoji: command.emoji,
        ...(command.remove ? { remove: true } : {}),
      });
      if (ok.seq === 0) {
        terminal.print(
          command.remove
            ? `(${command.n}) had no ${command.emoji} of yours`
            : `(${command.n}) has your ${command.emoji} already`,
        );
      }
      return;
    }
    case 'search': {
      const { messages } = await session.request('search', {
        q: command.q,
        ...(command.with === undefined ? {} : { with: command.with }),
        ...(command.from === undefined ? {} : { from: command.from }),
      });
      if (ctx.json) {
        for (const m of messages) terminal.print(JSON.stringify(m));
        return;
      }
      if (messages.length === 0) {
        terminal.print(`nothing found for "${cleanText(command.q)}"`);
        return;
      }
      terminal.print(`--- ${messages.length} found for "${cleanText(command.q)}", newest first ---`);
      for (const m of messages) terminal.print(show(m, ctx, now));
      terminal.print('--- end of results ---');
      return;
    }
    case 'more': {
      const paging = ctx.paging;
      if (paging?.with === undefined) {
        terminal.error('/more goes on from a /history: /history <with> first');
        return;
      }
      if (paging.before === undefined) {
        terminal.print('that was the start of the conversation');
        return;
      }
      await showHistory(paging.with, ctx, now, paging.before);
      return;
    }
    case 'clear':
      terminal.clear();
      return;
    case 'who': {
      const ok = await session.request('who', {});
      reply(formatOnline(ok.online), { type: 'ok', ...ok });
      return;
    }
    case 'send-file': {
      const done = await uploadWithProgress(session.connection, command.path, terminal);
      const sent = await session.request('send', { to: command.to, fileId: done.fileId });
      reply(`sent ${done.name} (${formatBytes(done.size)}) to ${formatRecipient(command.to, me)}`, {
        type: 'ok',
        ...done,
        ...sent,
      });
      return;
    }
    case 'send-media':
      await sendMedia(command, ctx);
      return;
    case 'play':
      await playVoice(command.fileId, ctx);
      return;
    case 'get': {
      const known = session.files.get(command.fileId);
      const done = await downloadWithProgress(
        session.connection,
        command.fileId,
        command.path,
        known,
        terminal,
      );
      reply(`saved ${done.path} (${formatBytes(done.size)}, SHA-256 checked)`, { type: 'ok', ...done });
      return;
    }
    case 'history':
      await showHistory(command.with, ctx, now);
      return;
    case 'kick': {
      const ok = await session.request('kick', { user: command.user, ...optional('reason', command.reason) });
      reply(`kicked ${ok.user}`, { type: 'ok', ...ok });
      return;
    }
    case 'ban':
    case 'mute': {
      const fields = {
        user: command.user,
        ...optional('minutes', command.minutes),
        ...optional('reason', command.reason),
      };
      const ok = await session.request(command.kind, fields);
      const verb = command.kind === 'ban' ? 'banned' : 'muted';
      reply(`${verb} ${ok.user} ${formatUntil(ok.until, now)}`, { type: 'ok', ...ok });
      return;
    }
    case 'unban':
    case 'unmute': {
      const ok = await session.request(command.kind, { user: command.user });
      const verb = command.kind === 'unban' ? 'unbanned' : 'unmuted';
      reply(`${verb} ${ok.user}`, { type: 'ok', ...ok });
      return;
    }
    case 'join': {
      const { room } = await session.request('room.join', { room: command.room }).catch((err: unknown) => {
        throw withCreateHint(err, command.room);
      });
      session.rooms.add(room.room);
      reply(`joined ${formatRoom(room)}; /switch ${room.room} to talk there`, { type: 'ok', room });
      return;
    }
    case 'create': {
      const { room } = await session.request('room.create', {
        room: command.room,
        private: command.private,
        ...optional('topic', command.topic),
      });
      session.rooms.add(room.room);
      ctx.setTarget?.(room.room);
      reply(`created ${formatRoom(room)}; plain text now goes there`, { type: 'ok', room });
      return;
    }
    case 'part': {
      const room = needRoom(command.room, 'part');
      const ok = await session.request('room.leave', { room });
      session.rooms.delete(ok.room);
      if (ctx.target === ok.room) ctx.setTarget?.('*');
      reply(`left ${ok.room}`, { type: 'ok', ...ok });
      return;
    }
    case 'rooms': {
      const { rooms } = await session.request('room.list', { ...optional('search', command.search) });
      if (ctx.json) reply('', { type: 'ok', rooms });
      else if (rooms.length === 0)
        terminal.print(command.search ? 'no room matches' : 'no rooms yet: /create #name');
      else terminal.print([`Rooms (${rooms.length}):`, ...rooms.map((r) => `  ${formatRoom(r)}`)].join('\n'));
      return;
    }
    case 'names': {
      const room = needRoom(command.room, 'names');
      const ok = await session.request('room.members', { room });
      reply(formatNames(room.toLowerCase(), ok.members, ok.online), { type: 'ok', room, ...ok });
      return;
    }
    case 'topic': {
      const room = needRoom(command.room, 'topic');
      if (command.topic === undefined) {
        const { rooms } = await session.request('room.list', { search: room.slice(1) });
        const found = rooms.find((r) => r.room === room.toLowerCase());
        if (!found) throw new ChatError('NO_SUCH_ROOM', `No such room: ${room}`);
        reply(
          found.topic ? `topic of ${found.room}: "${cleanText(found.topic)}"` : `${found.room} has no topic`,
          {
            type: 'ok',
            room: found,
          },
        );
        return;
      }
      const { room: changed } = await session.request('room.topic', { room, topic: command.topic });
      reply(`topic of ${changed.room} set`, { type: 'ok', room: changed });
      return;
    }
    case 'invite': {
      const room = needRoom(command.room, 'invite');
      const ok = await session.request('room.invite', { room, user: command.user });
      reply(`invited ${ok.user} to ${ok.room}`, { type: 'ok', ...ok });
      return;
    }
    case 'kickroom': {
      const room = needRoom(command.room, 'kickroom');
      const ok = await session.request('room.kick', {
        room,
        user: command.user,
        ...optional('reason', command.reason),
      });
      reply(`removed ${ok.user} from ${ok.room}`, { type: 'ok', ...ok });
      return;
    }
    case 'switch': {
      const to = command.to;
      if (typeof to === 'string' && to.startsWith('#') && !session.rooms.has(to.toLowerCase())) {
        throw new ChatError('NOT_IN_ROOM', `You are not in ${to}: /join ${to} first`);
      }
      const canonical = typeof to === 'string' && to.startsWith('#') ? to.toLowerCase() : to;
      ctx.setTarget?.(canonical);
      reply(`plain text now goes to ${formatRecipient(canonical, me)}`, { type: 'ok', to: canonical });
      return;
    }
    case 'help':
      terminal.print(formatHelp());
      return;
    case 'quit':
      return 'quit';
    case 'invalid':
      terminal.error(command.message);
      return;
  }
}

async function showHistory(
  target: Recipient,
  ctx: CommandContext,
  now: Date,
  before?: number,
): Promise<void> {
  const { session, terminal } = ctx;
  const { messages } = await session.request('history', {
    with: target,
    limit: HISTORY_LIMIT,
    ...(before === undefined ? {} : { before }),
  });
  for (const m of messages) if (m.file) session.files.set(m.file.id, m.file);
  // /more goes on before the oldest shown; a short page was the start of the conversation.
  if (ctx.paging) {
    ctx.paging.with = target;
    ctx.paging.before = messages.length === HISTORY_LIMIT ? messages[0].seq : undefined;
  }
  if (ctx.json) {
    for (const m of messages) terminal.print(JSON.stringify(m));
    return;
  }
  const who = formatRecipient(target, session.user);
  if (messages.length === 0) {
    terminal.print(before === undefined ? `no messages with ${who} yet` : `no older messages with ${who}`);
    return;
  }
  const which = before === undefined ? 'last' : 'earlier';
  terminal.print(`--- history with ${who}: ${which} ${messages.length} ---`);
  for (const m of messages) terminal.print(show(m, ctx, now));
  const more = messages.length === HISTORY_LIMIT ? '; /more for earlier ones' : '';
  terminal.print(`--- end of history${more} ---`);
}

/** A message as the screen shows it: with its number when the REPL keeps them, in colour when it may. */
export function show(
  m: MessageFrame,
  ctx: Pick<CommandContext, 'session' | 'numbers' | 'style'>,
  now?: Date,
): string {
  const line = formatMessage(m, ctx.session.user, now, ctx.style);
  return ctx.numbers ? numbered(ctx.numbers.number(m, ctx.session.user), line) : line;
}

/** The message a number on screen stands for; INVALID when none does. */
function numberedMessage(ctx: CommandContext, n: number): NumberedMessage {
  const found = (ctx.numbers ?? new MessageNumbers()).get(n);
  if (!found)
    throw new ChatError(
      'INVALID',
      `no message (${n}) on screen: the numbers are those shown before messages`,
    );
  return found;
}

/**
 * IRC's /join creates a missing room; here creating is its own command (a typo must not make a
 * room), so the error names it.
 */
function withCreateHint(err: unknown, room: string): unknown {
  if (!(err instanceof ChatError) || err.code !== 'NO_SUCH_ROOM') return err;
  return new ChatError(err.code, `${err.message}; /create ${room} [topic] starts it`, err.details);
}

/** The room a command names, or the one /switch points at; a usage error when neither. */
function needRoom(room: string | undefined, command: string): string {
  if (room === undefined) {
    throw new ChatError('INVALID', `/${command}: name a room (#name), or /switch to one first`);
  }
  return room;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
