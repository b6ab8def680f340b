import type { StoredMessage } from '@chat/data';
import type { MessageFrame } from '@chat/protocol';

/** The wire form of a stored message. */
export function toMessageFrame(m: StoredMessage): MessageFrame {
  const frame: MessageFrame = {
    type: 'message',
    seq: m.seq,
    msgId: m.msgId,
    ts: m.ts.toISOString(),
    from: m.from,
    to: m.to,
    kind: m.kind,
  };
  if (m.text !== null) frame.text = m.text;
  if (m.file !== null) frame.file = m.file;
  if (m.call) frame.call = m.call;
  return frame;
}
