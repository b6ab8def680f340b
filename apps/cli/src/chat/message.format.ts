import {
  BannedFrame,
  CallRingFrame,
  callSummary,
  CertificateError,
  ChatError,
  FileInfo,
  formatBytes,
  GapFrame,
  KickedFrame,
  mentionsUser,
  MessageFrame,
  MessageUpdateFrame,
  MutedFrame,
  nickColour,
  NoticeFrame,
  PresenceFrame,
  PresenceManyFrame,
  Reaction,
  Recipient,
  RoomEventFrame,
  RoomInfo,
  TlsError,
  UNREAD_COUNT_CAP,
  UnreadCount,
} from '@chat/protocol';

import { formatMediaTag } from './media.format';

// Pure formatting of what the terminal shows. Times are the local time of the machine running the CLI.

/** C0 and C1 control characters but newline and tab: text from others must not drive the terminal (escape sequences). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Removes control characters (ESC included) so that a message cannot move the cursor, recolour or retitle the terminal. */
export function cleanText(text: string): string {
  return text.replace(CONTROL, '');
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `HH:MM` for a time of today, `YYYY-MM-DD HH:MM` otherwise (history). */
export function formatTime(iso: string, now: Date = new Date()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '--:--';
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}`;
  const sameDay =
    at.getFullYear() === now.getFullYear() &&
    at.getMonth() === now.getMonth() &&
    at.getDate() === now.getDate();
  return sameDay ? time : `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${time}`;
}

/** An ISO 8601 UTC time as the server writes it into texts (`until 2026-11-22T10:30:00.000Z`). */
const ISO_TIME = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z\b/g;

/** The server's text with every ISO time in it shown as `formatTime` shows times (local, no seconds). */
export function localTimes(text: string, now: Date = new Date()): string {
  return text.replace(ISO_TIME, (iso) => formatTime(iso, now));
}

/** "you" for oneself (names are unique without regard to case), the name otherwise. */
export function displayName(name: string, me: string): string {
  return name.toLowerCase() === me.toLowerCase() ? 'you' : cleanText(name);
}

/**
 * `[file cat.png, 1.5 kB: /get f1]`; a voice message or a picture by what it is, with the commands
 * that take it: `[voice 0:07] /play f1 · /get f1`, `[picture 1280×960] /get f1`.
 */
export function formatFile(file: FileInfo): string {
  const tag = formatMediaTag(file.media);
  if (tag === undefined) return `[file ${cleanText(file.name)}, ${formatBytes(file.size)}: /get ${file.id}]`;
  return file.media?.kind === 'voice'
    ? `${tag} /play ${file.id} · /get ${file.id}`
    : `${tag} /get ${file.id}`;
}

/** How the terminal may draw: colours only on a terminal that takes them (not NO_COLOR, not a pipe). */
export interface Style {
  colour?: boolean;
}

const ESC = '\u001b[';

/** A name in its colour, the same as the web's avatar colour (nickColour). */
export function paintName(name: string, style: Style = {}): string {
  const text = cleanText(name);
  return style.colour ? `${ESC}38;5;${nickColour(name).ansi256}m${text}${ESC}39m` : text;
}

/** A line that mentions the reader: bold and reversed, so it stands out in a busy screen. */
export function highlight(line: string, style: Style = {}): string {
  return style.colour ? `${ESC}1;7m${line}${ESC}0m` : line;
}

/** A name as a line shows it: "you" for oneself, else the name in its colour. */
function shownName(name: string, me: string, style: Style): string {
  return name.toLowerCase() === me.toLowerCase() ? 'you' : paintName(name, style);
}

/**
 * One message as a line (continuation lines indented):
 * `[10:02] alice: hi everyone`, `[10:02] alice → you (private): hi`, `[10:02] alice → bob, carol: hi`,
 * `[10:02] #dev alice: hi` (a room), `[10:02] * alice waves` (an action), then `(edited)`, the
 * quote of the message it answers and its reactions on lines of their own.
 */
export function formatMessage(
  message: MessageFrame,
  me: string,
  now: Date = new Date(),
  style: Style = {},
): string {
  const from = shownName(message.from, me, style);
  const where =
    message.kind === 'room' ? `${cleanText(String(message.to))} ` : message.kind === 'all' ? '' : undefined;
  let head: string;
  if (where !== undefined) head = `${where}${from}`;
  else if (message.kind === 'private') head = `${from} → ${formatRecipient(message.to, me)} (private)`;
  else head = `${from} → ${formatRecipient(message.to, me)}`;
  const body = message.deleted
    ? '(message deleted)'
    : [
        message.text === undefined ? '' : cleanText(message.text),
        message.file ? formatFile(message.file) : '',
        message.call ? `[${callSummary(message.call)}]` : '',
        message.edited ? '(edited)' : '',
      ]
        .filter((part) => part !== '')
        .join(' ')
        .replace(/\n/g, '\n    ');
  const time = `[${formatTime(message.ts, now)}]`;
  const line =
    message.me && !message.deleted ? `${time} ${where ?? ''}* ${from} ${body}` : `${time} ${head}: ${body}`;
  const extra = [
    message.replyTo ? `    ↳ in reply to ${formatQuote(message.replyTo, me)}` : '',
    message.reactions?.length ? `    ${formatReactions(message.reactions, me)}` : '',
  ].filter((part) => part !== '');
  const mine = message.from.toLowerCase() === me.toLowerCase();
  const first = !mine && mentionsUser(message.text, me) ? highlight(line, style) : line;
  return [first, ...extra].join('\n');
}

/** `alice: who deploys today?`, `alice: [file plan.pdf]`, `alice: (message deleted)`. */
export function formatQuote(quote: NonNullable<MessageFrame['replyTo']>, me: string): string {
  const what = quote.deleted
    ? '(message deleted)'
    : quote.text !== undefined
      ? cleanText(quote.text)
      : `[file ${cleanText(quote.file ?? '')}]`;
  return `${displayName(quote.from, me)}: ${what.replace(/\n/g, ' ')}`;
}

/** `reactions: 👍 2 (alice, you), 🎉 1 (carol)`, or `no reactions`. */
export function formatReactions(reactions: readonly Reaction[], me: string): string {
  if (reactions.length === 0) return 'no reactions';
  return `reactions: ${reactions
    .map(
      (r) => `${cleanText(r.emoji)} ${r.users.length} (${r.users.map((u) => displayName(u, me)).join(', ')})`,
    )
    .join(', ')}`;
}

/**
 * A change to a message, by the message's number on screen when it has one:
 * `* (3) alice edited: hello`, `* (3) message deleted by alice`, `* (3) reactions: 👍 1 (bob)`.
 */
export function formatUpdate(update: MessageUpdateFrame, me: string, n?: number): string {
  const which = n === undefined ? 'a message' : `(${n})`;
  const by = displayName(update.by, me);
  switch (update.action) {
    case 'edit':
      return `* ${n === undefined ? '' : `${which} `}${by} edited${n === undefined ? ' a message' : ''}: ${cleanText(update.text ?? '').replace(/\n/g, '\n    ')}`;
    case 'delete':
      return `* ${n === undefined ? 'a message' : which} deleted by ${by}`;
    case 'react':
      return `* ${n === undefined ? `${by} reacted to a message;` : which} ${formatReactions(update.reactions ?? [], me)}`;
  }
}

/** A line with the number `/edit`, `/reply`, `/react` and `/delete` take: `(3) [10:02] alice: hi`. */
export function numbered(n: number, line: string): string {
  return `(${n}) ${line}`;
}

export function formatRecipient(to: Recipient, me: string): string {
  if (to === '*') return 'everyone';
  if (typeof to === 'string' && to.startsWith('#')) return cleanText(to);
  return (Array.isArray(to) ? to : [to]).map((name) => displayName(name, me)).join(', ');
}

export function formatPresence(presence: PresenceFrame): string {
  const verb = presence.status === 'online' ? 'joined' : 'left';
  return `* ${cleanText(presence.user)} ${verb} (${presence.count} online)`;
}

export function formatNotice(notice: NoticeFrame, now: Date = new Date()): string {
  return `* notice: ${localTimes(cleanText(notice.text), now)}`;
}

/** Many came and went at once (protocol `presence.many`): counts, and where the names are. */
export function formatPresenceMany(p: PresenceManyFrame): string {
  return `*** ${p.arrived} came online and ${p.left} left; ${p.count} online now (/who lists them)`;
}

/** A replay that left out older messages (protocol `gap`): what the user can do about it. */
export function formatGap(gap: GapFrame): string {
  return `*** More came while you were away than is replayed: older messages (${gap.after + 1} to ${gap.until}) are left out; /history <with> and /more page them`;
}

/** `until 10:30`, `until 2026-11-23 10:30`, or `until it is lifted` (null). */
export function formatUntil(until: string | null | undefined, now: Date = new Date()): string {
  return until ? `until ${formatTime(until, now)}` : 'until it is lifted';
}

const withReason = (reason: string | undefined): string => (reason ? `: ${cleanText(reason)}` : '');

export function formatKicked(kicked: KickedFrame): string {
  return `*** You were disconnected by ${cleanText(kicked.by)}${withReason(kicked.reason)}`;
}

export function formatBanned(banned: BannedFrame, now: Date = new Date()): string {
  return `*** You were banned by ${cleanText(banned.by)} ${formatUntil(banned.until, now)}${withReason(banned.reason)}`;
}

export function formatMuted(muted: MutedFrame, now: Date = new Date()): string {
  const by = muted.by ? ` by ${cleanText(muted.by)}` : '';
  return `*** You were muted${by} ${formatUntil(muted.until, now)}: you cannot send messages${withReason(muted.reason)}`;
}

/** `*** bob is calling you (video): answer in the web client`; a group call names the others. */
export function formatRing(ring: CallRingFrame, me: string): string {
  const media = ring.media === 'video' ? 'video' : 'voice';
  const others = ring.participants.filter(
    (n) => n.toLowerCase() !== me.toLowerCase() && n.toLowerCase() !== ring.from.toLowerCase(),
  );
  const group = others.length > 0 ? ` with ${others.map(cleanText).join(', ')}` : '';
  return `*** ${cleanText(ring.from)} is calling you${group} (${media}): answer in the web client`;
}

export function formatUnmuted(): string {
  return '*** You are no longer muted: you can send messages again';
}

/**
 * A room event as a line: `* bob joined #dev`, `* alice removed bob from #dev: spam`,
 * `* topic of #dev: "Release Friday" (set by alice)`, `* alice invited you to #dev: /join #dev`.
 */
export function formatRoomEvent(event: RoomEventFrame, me: string, now: Date = new Date()): string {
  const room = cleanText(event.room);
  switch (event.type) {
    case 'room.joined':
      return `* ${displayName(event.user, me)} joined ${room}`;
    case 'room.left':
      return event.by
        ? `* ${displayName(event.by, me)} removed ${displayName(event.user, me)} from ${room}${withReason(event.reason)}`
        : `* ${displayName(event.user, me)} left ${room}`;
    case 'room.topic':
      return event.topic === ''
        ? `* ${displayName(event.by, me)} cleared the topic of ${room}`
        : `* topic of ${room}: "${cleanText(event.topic)}" (set by ${displayName(event.by, me)})`;
    case 'room.invited':
      return `* ${cleanText(event.by)} invited you to ${room}: /join ${room}`;
    case 'room.kicked': {
      const ban = event.until === undefined ? '' : `, banned ${formatUntil(event.until, now)}`;
      return `*** You were removed from ${room} by ${cleanText(event.by)}${ban}${withReason(event.reason)}`;
    }
    case 'room.deleted':
      return `*** ${room} was deleted by ${displayName(event.by, me)}`;
  }
}

/** `#dev (12 members, joined) Builds and bugs`, `#secret (private, 3 members)`: one line of /rooms. */
export function formatRoom(room: RoomInfo): string {
  const facts = [
    ...(room.private ? ['private'] : []),
    `${room.members} member${room.members === 1 ? '' : 's'}`,
    ...(room.joined ? ['joined'] : []),
  ];
  const topic = room.topic ? ` ${cleanText(room.topic)}` : '';
  return `${cleanText(room.room)} (${facts.join(', ')})${topic}`;
}

/** `#dev: alice*, bob, carol* (* online)`: /names. */
export function formatNames(room: string, members: string[], online: string[]): string {
  const here = new Set(online.map((n) => n.toLowerCase()));
  const names = members.map((n) => `${cleanText(n)}${here.has(n.toLowerCase()) ? '*' : ''}`);
  return `${cleanText(room)} (${members.length}, ${online.length} online): ${names.join(', ')}${online.length ? ' (* online)' : ''}`;
}

/** `alice> ` while plain text goes to everyone, `alice → #dev> ` (or a user, or a group) after /switch. */
export function formatPrompt(me: string, target: Recipient): string {
  return target === '*' ? `${me}> ` : `${me} → ${formatRecipient(target, me)}> `;
}

/**
 * What came while the user was away, from the log-in's unread counts, most first:
 * `Unread: 3 new private messages from alice, 12 in #dev, 2 in bob, carol, 1 to everyone; /history alice`.
 * Undefined when nothing is unread.
 */
export function formatUnread(unread: readonly UnreadCount[], me: string): string | undefined {
  if (unread.length === 0) return undefined;
  const rows = [...unread].sort((a, b) => b.count - a.count);
  const n = (count: number): string => (count >= UNREAD_COUNT_CAP ? `${UNREAD_COUNT_CAP}+` : String(count));
  const parts = rows.map(({ with: to, count }, i) => {
    if (to === '*') return `${n(count)} to everyone`;
    if (typeof to === 'string' && to.startsWith('#')) return `${n(count)} in ${cleanText(to)}`;
    if (typeof to === 'string') {
      const what = i === 0 ? ` new private message${count === 1 ? '' : 's'}` : '';
      return `${n(count)}${what} from ${cleanText(to)}`;
    }
    return `${n(count)} in ${formatRecipient(to, me)}`;
  });
  const first = rows[0].with;
  const hint = Array.isArray(first) ? first.join(',') : first;
  return `Unread: ${parts.join(', ')}; /history ${cleanText(hint)}`;
}

export function formatOnline(online: string[]): string {
  return `Online (${online.length}): ${online.map(cleanText).join(', ')}`;
}

/**
 * `error CODE: message`, with the details a person can act on:
 * `error BANNED: You are banned (until 2026-11-23 10:30; reason: rude)`, `error RATE_LIMITED: ... (retry in 1.2 s)`.
 */
export function formatError(err: unknown, now: Date = new Date()): string {
  if (err instanceof CertificateError || err instanceof TlsError) return formatTlsError(err);
  if (!(err instanceof ChatError)) {
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    const message = err instanceof Error ? err.message : String(err);
    return code && !message.includes(code) ? `error: ${message} (${code})` : `error: ${message}`;
  }
  const extras: string[] = [];
  const { until, retryAfterMs, reason } = err.details;
  // The server may have written the time into its message already; it is shown there, once.
  const untilInMessage = typeof until === 'string' && err.message.includes(until);
  if ('until' in err.details && !untilInMessage) extras.push(formatUntil(until as string | null, now));
  if (typeof retryAfterMs === 'number') extras.push(`retry in ${(retryAfterMs / 1000).toFixed(1)} s`);
  if (typeof reason === 'string' && reason !== '') extras.push(`reason: ${cleanText(reason)}`);
  return `error ${err.code}: ${localTimes(cleanText(err.message), now)}${extras.length ? ` (${extras.join('; ')})` : ''}`;
}

/** A TLS failure of --tls, with what to do about it. */
function formatTlsError(err: CertificateError | TlsError): string {
  const base = `error: ${err.message} (${err.code})`;
  if (err instanceof TlsError) {
    return `${base}; is the port a TLS one? Without --tls the client speaks plain TCP`;
  }
  if (err.code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return `${base}; connect with a --host the certificate names`;
  if (err.code === 'CERT_HAS_EXPIRED' || err.code === 'CERT_NOT_YET_VALID') return base;
  return `${base}; for a server with its own (self-signed) certificate or CA, pass that certificate with --ca <file>`;
}
