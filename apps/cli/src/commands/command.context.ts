import type { Recipient } from '@chat/protocol';

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
}
