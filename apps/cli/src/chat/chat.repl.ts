import { createInterface, Interface } from 'node:readline';

import {
  CallRingFrame,
  mentionsUser,
  OkReplies,
  Recipient,
  ringEndedText,
  ROOM_EVENT_TYPES,
} from '@chat/protocol';

import { Command, complete, parseCommand } from '../commands/command.parse';
import { runCommand, show as showMessage } from '../commands/command.run';
import { VoicePlayer } from '../media/voice.player';
import { ChatSession, EndReason } from '../session/chat.session';
import {
  cleanText,
  formatBanned,
  formatError,
  formatGap,
  formatKicked,
  formatMuted,
  formatNotice,
  formatOnline,
  formatPresence,
  formatPresenceMany,
  formatPrompt,
  formatRecipient,
  formatRing,
  formatRoomEvent,
  formatUnmuted,
  formatUnread,
  formatUpdate,
  Style,
} from './message.format';
import { MessageNumbers } from './message-numbers';
import { Terminal } from './terminal';

export interface ReplOptions {
  /** Print events as JSON lines instead of text. */
  json: boolean;
  input?: NodeJS.ReadStream;
  output?: NodeJS.WriteStream;
}

/** Lines whose result the server sends back (the message, the change), so their typed copy is taken off the screen. */
const ECHOED: ReadonlySet<Command['kind']> = new Set(['say', 'me', 'reply', 'edit']);

const EXIT_CODES: Record<EndReason, number> = { quit: 0, kicked: 1, banned: 1, closed: 1, 'login-failed': 1 };

/**
 * The interactive chat: a readline prompt, typed lines run one after the other (plain text goes
 * to everyone), and everything the server sends printed above the prompt as it arrives.
 */
export class ChatRepl {
  private rl: Interface | undefined;
  private queue: Promise<void> = Promise.resolve();
  private leaving = false;
  /** A ban or mute until lifted, waiting for its `y`. */
  private pending: Extract<Command, { kind: 'ban' | 'mute' }> | null = null;
  /** Where plain text goes: everyone until /switch (or /create) points elsewhere. */
  private target: Recipient = '*';
  /** The numbers before the messages on screen, for /edit, /reply, /react and /delete. */
  private readonly numbers = new MessageNumbers();
  /** Where the last /history stopped, for /more. */
  private readonly paging: { with?: Recipient; before?: number } = {};
  private style: Style = {};

  constructor(
    private readonly session: ChatSession,
    private readonly terminal: Terminal,
    private readonly options: ReplOptions,
    private readonly player: VoicePlayer = new VoicePlayer(),
  ) {}

  /** Runs until the user quits or the session ends; resolves with the process exit code. */
  public run(login: OkReplies['login']): Promise<number> {
    const { session, terminal } = this;
    const input = this.options.input ?? process.stdin;
    const output = this.options.output ?? process.stdout;
    const rl = createInterface({
      input,
      output,
      prompt: this.promptText(),
      terminal: output.isTTY === true && input.isTTY === true,
      historySize: 500,
      completer: (line: string) => complete(line, [...session.online, ...session.rooms]),
    });
    this.rl = rl;
    terminal.attach(rl);
    this.style = { colour: terminal.colours && !this.options.json };
    this.listen();

    terminal.print(
      this.options.json
        ? JSON.stringify({ type: 'ok', ...login, token: undefined })
        : `Logged in as ${login.user}${login.role === 'admin' ? ' (admin)' : ''}. ${formatOnline(login.online)}. /help lists the commands.`,
    );
    // A server without rooms (no `rooms` feature) leaves the field out.
    const rooms = login.rooms ?? [];
    if (!this.options.json && rooms.length > 0) {
      terminal.print(`Your rooms: ${rooms.join(', ')}. /switch #room to talk in one.`);
    }
    // What came while away (a server without read state sends no counts).
    const missed = this.options.json ? undefined : formatUnread(login.unread ?? [], login.user);
    if (missed) terminal.print(missed);
    this.prompt();

    rl.on('line', (line) => {
      // What is sent comes back from the server as the message itself: the typed copy goes.
      if (rl.terminal && this.pending === null && ECHOED.has(parseCommand(line, this.target).kind)) {
        const columns = output.columns || 80;
        terminal.eraseTypedLine(Math.max(1, Math.ceil((this.promptText().length + line.length) / columns)));
      }
      this.enqueue(line);
    });
    // Ctrl+C clears what was typed, else stops a voice message playing, else leaves; Ctrl+D (end
    // of input) leaves.
    rl.on('SIGINT', () => {
      if (rl.line !== '') {
        rl.write(null, { ctrl: true, name: 'u' });
        rl.write(null, { ctrl: true, name: 'k' });
      } else if (this.player.stop()) {
        terminal.print('■ stopped');
      } else {
        this.leave();
      }
    });
    rl.on('close', () => this.leave());

    return new Promise((resolve) => {
      session.once('ended', (reason, error) => {
        this.player.stop();
        terminal.attach(undefined);
        this.describeEnd(reason, error);
        this.leaving = true;
        rl.close();
        resolve(EXIT_CODES[reason]);
      });
      // Listening now: what came with the log-in reply goes out, then the live stream.
      session.releaseEvents();
    });
  }

  private listen(): void {
    const { session } = this;
    const show = (text: string, frame: object): void =>
      this.terminal.print(this.options.json ? JSON.stringify(frame) : text);
    session.on('message', (m) => {
      show(showMessage(m, { session, numbers: this.numbers, style: this.style }), m);
      const mine = m.from.toLowerCase() === session.user.toLowerCase();
      if (!mine && mentionsUser(m.text, session.user)) this.terminal.bell();
    });
    session.on('message.update', (u) => {
      if (u.action === 'edit') this.numbers.edited(u.msgId, u.text);
      show(formatUpdate(u, session.user, this.numbers.numberOf(u.msgId)), u);
    });
    // One's own presence changes only when reconnecting, which is told in its own words.
    session.on('presence', (p) => {
      if (p.user.toLowerCase() !== session.user.toLowerCase()) show(formatPresence(p), p);
    });
    session.on('presence.many', (p) => show(formatPresenceMany(p), p));
    session.on('notice', (n) => show(formatNotice(n), n));
    session.on('gap', (g) => show(formatGap(g), g));
    session.on('muted', (m) => show(formatMuted(m), m));
    session.on('unmuted', (u) => show(formatUnmuted(), u));
    session.on('kicked', (k) => show(formatKicked(k), k));
    // Calls are answered in the web client; the terminal says who rings and how it ended.
    const ringing = new Map<string, CallRingFrame>();
    session.on('call.ring', (r) => {
      ringing.set(r.callId, r);
      if (ringing.size > 100) ringing.delete(ringing.keys().next().value!);
      show(formatRing(r, session.user), r);
    });
    session.on('call.ended', (e) => {
      const ring = ringing.get(e.callId);
      ringing.delete(e.callId);
      if (ring) show(`*** ${ringEndedText(e.reason, cleanText(ring.from), ring.media)}`, e);
    });
    session.on('banned', (b) => show(formatBanned(b), b));
    for (const type of ROOM_EVENT_TYPES) {
      session.on(type, (event) => {
        show(formatRoomEvent(event, session.user), event);
        // Out of the room plain text was going to: back to everyone, said once.
        const gone =
          event.type === 'room.kicked' ||
          event.type === 'room.deleted' ||
          (event.type === 'room.left' && event.user.toLowerCase() === session.user.toLowerCase());
        if (gone && this.target === event.room) this.setTarget('*', true);
      });
    }
    session.on('disconnected', (delay) =>
      this.terminal.print(`*** connection lost; reconnecting in ${(delay / 1000).toFixed(1)} s ...`),
    );
    session.on('reconnect-failed', (err, delay) =>
      this.terminal.print(
        `*** still offline (${formatError(err)}); next try in ${(delay / 1000).toFixed(1)} s`,
      ),
    );
    session.on('reconnected', () => this.terminal.print('*** reconnected'));
  }

  private enqueue(line: string): void {
    if (this.leaving) return;
    this.queue = this.queue.then(() => this.handle(line));
  }

  private async handle(line: string): Promise<void> {
    const command = this.confirming(line);
    if (command === null) {
      if (!this.leaving) this.prompt();
      return;
    }
    // A new command ends the voice message playing: one sound at a time, none left behind.
    if (command.kind !== 'none') this.player.stop();
    try {
      const result = await runCommand(command, {
        session: this.session,
        terminal: this.terminal,
        json: this.options.json,
        player: this.player,
        target: this.target,
        setTarget: (to) => this.setTarget(to),
        numbers: this.numbers,
        style: this.style,
        paging: this.paging,
      });
      if (result === 'quit') {
        this.leave();
        return;
      }
    } catch (err) {
      this.terminal.error(formatError(err));
    }
    if (!this.leaving) this.prompt();
  }

  /**
   * The command a line asks for, past the question a ban or mute until lifted asks first (a typo
   * in its duration must not ban for ever): `y` runs the command asked about, anything else
   * cancels it. Null when the line was the answer, or the question.
   */
  private confirming(line: string): Command | null {
    const pending = this.pending;
    this.pending = null;
    if (pending) {
      if (/^\s*y(es)?\s*$/i.test(line)) return { ...pending, confirmed: true };
      this.terminal.print(`not ${pending.kind === 'ban' ? 'banned' : 'muted'}: cancelled`);
      return null;
    }
    const command = parseCommand(line, this.target);
    if (
      (command.kind === 'ban' || command.kind === 'mute') &&
      command.minutes === undefined &&
      !command.confirmed
    ) {
      this.pending = command;
      const reason = command.reason ? ` (reason: ${command.reason})` : '';
      this.terminal.print(
        `${command.kind === 'ban' ? 'Ban' : 'Mute'} ${command.user} until it is lifted${reason}? y confirms, anything else cancels; a duration (30m, 2h, 3d) after the name sets an end`,
      );
      return null;
    }
    return command;
  }

  private promptText(): string {
    return formatPrompt(this.session.user, this.target);
  }

  private setTarget(to: Recipient, announce = false): void {
    this.target = to;
    this.rl?.setPrompt(this.promptText());
    if (announce) this.terminal.print(`plain text now goes to ${formatRecipient(to, this.session.user)}`);
  }

  /** The prompt is for people: none when input is piped in. */
  private prompt(): void {
    if (this.rl && this.terminal.interactive && (this.options.input ?? process.stdin).isTTY) this.rl.prompt();
  }

  /** Logs out once every typed line has run (input piped in ends with its last line). */
  private leave(): void {
    if (this.leaving) return;
    this.leaving = true;
    void this.queue.then(() => {
      this.player.stop();
      return this.session.quit();
    });
  }

  private describeEnd(reason: EndReason, error: unknown): void {
    const print = (text: string): void => this.terminal.print(text);
    if (reason === 'quit') print('Bye.');
    else if (reason === 'closed') print('*** the server closed the connection');
    else if (reason === 'login-failed') print(`*** could not log in again: ${formatError(error)}`);
  }
}
