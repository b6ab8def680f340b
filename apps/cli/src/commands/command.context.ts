import type { Recipient } from '@chat/protocol';

import { Style } from '../chat/message.format';
import { MessageNumbers } from '../chat/message-numbers';
import { Terminal } from '../chat/terminal';
import { VoicePlayer } from '../media/voice.player';
import { ChatSession } from '../session/chat.session';

/** What a command runs against. */
export interface CommandContext {
  session: ChatSession;
  terminal: Terminal;
  /** Print replies as JSON lines. */
  json: boolean;
  /** Plays voice messages; the REPL keeps one, so that the next command or Ctrl-C stops it. */
  player?: VoicePlayer;
  now?: () => Date;
  /** Where plain text goes now (/switch); the REPL keeps it. */
  target?: Recipient;
  setTarget?: (to: Recipient) => void;
  /** The numbers messages have on screen, for /edit, /reply, /react, /delete; the REPL keeps them. */
  numbers?: MessageNumbers;
  /** Colours, on a terminal that takes them. */
  style?: Style;
  /** Where the last /history stopped, for /more; the REPL keeps it. */
  paging?: { with?: Recipient; before?: number };
}
