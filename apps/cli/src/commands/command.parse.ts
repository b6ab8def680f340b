import { MediaKind, Recipient } from '@chat/protocol';

import { COMMAND_NAMES, COMMAND_USAGE } from './command.usage';

/** What one typed line asks for. */
export type Command =
  | { kind: 'none' }
  | { kind: 'say'; to: Recipient; text: string }
  | { kind: 'who' }
  | { kind: 'send-file'; path: string; to: Recipient }
  | { kind: 'send-media'; media: MediaKind; path: string; to: Recipient }
  | { kind: 'get'; fileId: string; path?: string }
  | { kind: 'play'; fileId: string }
  | { kind: 'history'; with: Recipient }
  | { kind: 'kick'; user: string; reason?: string }
  | { kind: 'ban'; user: string; minutes?: number; reason?: string; confirmed?: boolean }
  | { kind: 'unban'; user: string }
  | { kind: 'mute'; user: string; minutes?: number; reason?: string; confirmed?: boolean }
  | { kind: 'unmute'; user: string }
  | { kind: 'join'; room: string }
  | { kind: 'create'; room: string; private: boolean; topic?: string }
  | { kind: 'part'; room?: string }
  | { kind: 'rooms'; search?: string }
  | { kind: 'names'; room?: string }
  | { kind: 'topic'; room?: string; topic?: string }
  | { kind: 'invite'; user: string; room?: string }
  | { kind: 'kickroom'; user: string; room?: string; reason?: string }
  | { kind: 'switch'; to: Recipient }
  | { kind: 'me'; to: Recipient; text: string }
  | { kind: 'edit'; n: number; text: string }
  | { kind: 'delete'; n: number }
  | { kind: 'reply'; n: number; text: string }
  | { kind: 'react'; n: number; emoji: string; remove: boolean }
  | { kind: 'search'; q: string; with?: Recipient; from?: string }
  | { kind: 'more' }
  | { kind: 'clear' }
  | { kind: 'help' }
  | { kind: 'quit' }
  | { kind: 'invalid'; message: string };

const usage = (name: string): Command => {
  const line = COMMAND_USAGE.find(([u]) => u.startsWith(`${name} `) || u === name);
  return { kind: 'invalid', message: `usage: ${line ? line[0] : name}` };
};

/**
 * `*`, `bob`, or `a,b,c` (spaces allowed after commas) as a protocol recipient; a list of one is
 * that user alone. Undefined when no name is left.
 */
export function parseRecipient(text: string): Recipient | undefined {
  const trimmed = text.trim();
  if (trimmed === '*') return '*';
  const names = [...new Set(trimmed.split(',').map((n) => n.trim()))].filter((n) => n !== '');
  if (names.length === 0) return undefined;
  return names.length === 1 ? names[0] : names;
}

/**
 * Splits off the first `count` words of `text` (double or single quotes group a word, for paths
 * with spaces) and returns them with the untouched rest of the line.
 */
export function splitWords(text: string, count: number): { words: string[]; rest: string } {
  const words: string[] = [];
  let i = 0;
  while (words.length < count) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (i >= text.length) break;
    const quote = text[i] === '"' || text[i] === "'" ? text[i] : undefined;
    if (quote) {
      const end = text.indexOf(quote, i + 1);
      if (end !== -1) {
        words.push(text.slice(i + 1, end));
        i = end + 1;
        continue;
      }
    }
    let end = i;
    while (end < text.length && !/\s/.test(text[end])) end++;
    words.push(text.slice(i, end));
    i = end;
  }
  return { words, rest: text.slice(i).trim() };
}

const DURATION_UNITS: Record<string, number> = { m: 1, min: 1, h: 60, d: 24 * 60 };

/**
 * A duration as typed, in minutes: `30` (minutes), `30m`, `2h`, `3d`, `1.5h`; undefined for a word
 * that is none (a reason's first word).
 */
export function parseDuration(word: string | undefined): number | undefined {
  const match = word === undefined ? null : /^(\d+(?:\.\d+)?)(m|min|h|d)?$/i.exec(word);
  if (!match) return undefined;
  const minutes = Number(match[1]) * DURATION_UNITS[(match[2] ?? 'm').toLowerCase()];
  return minutes > 0 ? minutes : undefined;
}

const optional = (text: string): string | undefined => (text === '' ? undefined : text);

const isRoom = (word: string | undefined): word is string => word !== undefined && word.startsWith('#');

/**
 * What a typed line asks for: plain text goes to `target` (everyone unless /switch chose a room, a
 * user or a group), `/name ...` is a command. A room a command may leave out is the target's, when
 * the target is a room (`room` undefined otherwise: the runner says so).
 */
export function parseCommand(line: string, target: Recipient = '*'): Command {
  const trimmed = line.trim();
  if (trimmed === '') return { kind: 'none' };
  if (trimmed.startsWith('//')) return { kind: 'say', to: target, text: trimmed.slice(1) };
  if (!trimmed.startsWith('/')) return { kind: 'say', to: target, text: trimmed };
  const here = typeof target === 'string' && isRoom(target) ? target : undefined;

  const { words, rest } = splitWords(trimmed, 1);
  const name = words[0].toLowerCase();
  switch (name) {
    case '/who':
      return { kind: 'who' };
    case '/help':
    case '/?':
      return { kind: 'help' };
    case '/quit':
    case '/exit':
      return { kind: 'quit' };
    case '/msg': {
      const {
        words: [user],
        rest: text,
      } = splitWords(rest, 1);
      const to = user === undefined ? undefined : parseRecipient(user);
      return to === undefined || text === '' ? usage(name) : { kind: 'say', to, text };
    }
    case '/group': {
      const {
        words: [list],
        rest: text,
      } = splitWords(rest, 1);
      const to = list === undefined ? undefined : parseRecipient(list);
      return to === undefined || text === '' ? usage(name) : { kind: 'say', to, text };
    }
    case '/send':
    case '/voice':
    case '/image': {
      const {
        words: [path, named],
        rest: extra,
      } = splitWords(rest, 2);
      // Without a recipient a file goes where plain text goes: in a room, not to everyone.
      const to = named === undefined ? target : parseRecipient(named);
      if (path === undefined || to === undefined || extra !== '') return usage(name);
      if (name === '/send') return { kind: 'send-file', path, to };
      return { kind: 'send-media', media: name === '/voice' ? 'voice' : 'image', path, to };
    }
    case '/play': {
      const {
        words: [fileId],
        rest: extra,
      } = splitWords(rest, 1);
      return fileId === undefined || extra !== '' ? usage(name) : { kind: 'play', fileId };
    }
    case '/get': {
      const {
        words: [fileId, path],
        rest: extra,
      } = splitWords(rest, 2);
      if (fileId === undefined || extra !== '') return usage(name);
      return path === undefined ? { kind: 'get', fileId } : { kind: 'get', fileId, path };
    }
    case '/history': {
      if (rest === '') return { kind: 'history', with: target };
      const named = parseRecipient(rest.replace(/,\s+/g, ','));
      return named === undefined ? usage(name) : { kind: 'history', with: named };
    }
    case '/kick': {
      const {
        words: [user],
        rest: reason,
      } = splitWords(rest, 1);
      return user === undefined ? usage(name) : { kind: 'kick', user, ...withOptionalReason(reason) };
    }
    case '/ban':
    case '/mute': {
      const {
        words: [user, maybeMinutes],
        rest: after,
      } = splitWords(rest, 2);
      if (user === undefined) return usage(name);
      const minutes = parseDuration(maybeMinutes);
      const reason = minutes === undefined ? [maybeMinutes, after].filter(Boolean).join(' ') : after;
      // A word that starts like a number but is no duration (0, -5, 30x, 2w) is a typo, not a reason.
      if (minutes === undefined && maybeMinutes !== undefined && /^[-+]?\d/.test(maybeMinutes)) {
        return {
          kind: 'invalid',
          message: `${name}: a duration is a positive number of minutes, or 30m, 2h, 3d`,
        };
      }
      return {
        kind: name === '/ban' ? 'ban' : 'mute',
        user,
        ...(minutes === undefined ? {} : { minutes }),
        ...withOptionalReason(reason),
      };
    }
    case '/unban':
    case '/unmute': {
      const {
        words: [user],
        rest: extra,
      } = splitWords(rest, 1);
      return user === undefined || extra !== ''
        ? usage(name)
        : { kind: name === '/unban' ? 'unban' : 'unmute', user };
    }
    case '/join': {
      const {
        words: [room],
        rest: extra,
      } = splitWords(rest, 1);
      return room === undefined || extra !== '' ? usage(name) : { kind: 'join', room: roomWord(room) };
    }
    case '/create': {
      const { words, rest: topic } = splitWords(rest, 2);
      const [room, flag] = words;
      if (room === undefined) return usage(name);
      const isPrivate = flag === '--private';
      const text = isPrivate ? topic : [flag, topic].filter(Boolean).join(' ');
      return { kind: 'create', room: roomWord(room), private: isPrivate, ...optionalField('topic', text) };
    }
    case '/part':
    case '/leave': {
      const {
        words: [room],
      } = splitWords(rest, 1);
      return { kind: 'part', ...optionalField('room', room === undefined ? here : roomWord(room)) };
    }
    case '/rooms':
      return { kind: 'rooms', ...optionalField('search', rest) };
    case '/names': {
      const {
        words: [room],
        rest: extra,
      } = splitWords(rest, 1);
      if (extra !== '' || (room !== undefined && !isRoom(room))) return usage(name);
      return { kind: 'names', ...optionalField('room', room ?? here) };
    }
    case '/topic': {
      const {
        words: [first],
        rest: after,
      } = splitWords(rest, 1);
      if (isRoom(first)) return { kind: 'topic', room: first, ...optionalField('topic', after) };
      return { kind: 'topic', ...optionalField('room', here), ...optionalField('topic', rest) };
    }
    case '/invite': {
      const {
        words: [user, room],
        rest: extra,
      } = splitWords(rest, 2);
      if (user === undefined || extra !== '' || (room !== undefined && !isRoom(room))) return usage(name);
      return { kind: 'invite', user, ...optionalField('room', room ?? here) };
    }
    case '/kickroom': {
      const {
        words: [user, maybeRoom],
        rest: after,
      } = splitWords(rest, 2);
      if (user === undefined) return usage(name);
      const room = isRoom(maybeRoom) ? maybeRoom : here;
      const reason = isRoom(maybeRoom) ? after : [maybeRoom, after].filter(Boolean).join(' ');
      return { kind: 'kickroom', user, ...optionalField('room', room), ...withOptionalReason(reason) };
    }
    case '/me':
      return rest === '' ? usage(name) : { kind: 'me', to: target, text: rest };
    case '/clear':
      return { kind: 'clear' };
    case '/more':
      return { kind: 'more' };
    case '/edit':
    case '/reply': {
      const {
        words: [number],
        rest: text,
      } = splitWords(rest, 1);
      const n = messageNumber(number);
      if (n === undefined || text === '') return usage(name);
      return { kind: name === '/edit' ? 'edit' : 'reply', n, text };
    }
    case '/delete': {
      const {
        words: [number],
        rest: extra,
      } = splitWords(rest, 1);
      const n = messageNumber(number);
      return n === undefined || extra !== '' ? usage(name) : { kind: 'delete', n };
    }
    case '/react':
    case '/unreact': {
      const {
        words: [number, emoji],
        rest: extra,
      } = splitWords(rest, 2);
      const n = messageNumber(number);
      if (n === undefined || emoji === undefined || extra !== '') return usage(name);
      const remove = name === '/unreact' || (emoji.startsWith('-') && emoji.length > 1);
      return { kind: 'react', n, emoji: emoji.startsWith('-') ? emoji.slice(1) : emoji, remove };
    }
    case '/search': {
      // `/search deploy friday in #dev from bob`: the words, then `in <where>` and `from <user>` in either order.
      const words = rest.split(/\s+/).filter((w) => w !== '');
      const filters: { in?: string; from?: string } = {};
      while (words.length >= 3) {
        const key = words[words.length - 2].toLowerCase();
        if ((key !== 'in' && key !== 'from') || filters[key] !== undefined) break;
        filters[key] = words.pop();
        words.pop();
      }
      const q = words.join(' ');
      if (q === '') return usage(name);
      const inWhere = filters.in === undefined ? undefined : parseRecipient(filters.in);
      return {
        kind: 'search',
        q,
        ...(inWhere === undefined ? {} : { with: inWhere }),
        ...(filters.from === undefined ? {} : { from: filters.from }),
      };
    }
    case '/switch':
    case '/query': {
      const to = parseRecipient(rest.replace(/,\s+/g, ','));
      if (to === undefined || (name === '/query' && (Array.isArray(to) || to === '*' || isRoom(to)))) {
        return usage(name);
      }
      return { kind: 'switch', to };
    }
    default:
      return { kind: 'invalid', message: `unknown command ${words[0]}; /help lists the commands` };
  }
}

/** A message's number on screen (`3`, or `(3)` as it is shown); undefined for anything else. */
function messageNumber(word: string | undefined): number | undefined {
  const match = word === undefined ? null : /^\(?(\d{1,3})\)?$/.exec(word);
  const n = match ? Number(match[1]) : 0;
  return n >= 1 ? n : undefined;
}

/** `dev` typed for `#dev`: a room command's first word is a room, with or without its `#`. */
function roomWord(word: string): string {
  return word.startsWith('#') ? word : `#${word}`;
}

function optionalField<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined || value === '' ? {} : { [key]: value }) as { [P in K]?: string };
}

function withOptionalReason(reason: string): { reason?: string } {
  const text = optional(reason);
  return text === undefined ? {} : { reason: text };
}

/** Tab completion: command names after "/", otherwise the word under the cursor among `names`. */
export function complete(line: string, names: readonly string[]): [string[], string] {
  if (/^\/\S*$/.test(line)) {
    const hits = COMMAND_NAMES.filter((c) => c.startsWith(line.toLowerCase()));
    return [hits.length ? hits.map((c) => `${c} `) : [...COMMAND_NAMES], line];
  }
  const word = /[^\s,]*$/.exec(line)?.[0] ?? '';
  const hits = names.filter((n) => n.toLowerCase().startsWith(word.toLowerCase()));
  return [hits, word];
}
