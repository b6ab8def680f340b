import type { StoredMessage } from '@chat/data';
import type { MessageFrame, MessageUpdateFrame, SequencedFrame } from '@chat/protocol';

/** The wire form of a stored message as it is now. */
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
  if (m.me) frame.me = true;
  if (m.reply) frame.replyTo = m.reply;
  if (m.edited) frame.edited = m.edited.toISOString();
  if (m.deleted) frame.deleted = true;
  if (m.reactions && m.reactions.length > 0) frame.reactions = m.reactions;
  return frame;
}

/** The wire form of a stored row: a message, or (with `update`) the change to one it records. */
export function toSequencedFrame(m: StoredMessage): SequencedFrame {
  if (!m.update) return toMessageFrame(m);
  const frame: MessageUpdateFrame = {
    type: 'message.update',
    seq: m.seq,
    ts: m.ts.toISOString(),
    action: m.update.action,
    msgId: m.update.target,
    from: m.from,
    to: m.to,
    kind: m.kind,
    by: m.update.by,
  };
  if (m.update.action === 'edit') {
    frame.text = m.text ?? '';
    frame.edited = m.ts.toISOString();
  }
  if (m.update.action === 'delete') frame.deleted = true;
  if (m.update.action === 'react') frame.reactions = m.reactions ?? [];
  return frame;
}
