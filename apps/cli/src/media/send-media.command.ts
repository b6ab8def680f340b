import { ChatError, HelloFrame, MediaKind, Recipient } from '@chat/protocol';

import { formatDuration, formatMediaTag } from '../chat/media.format';
import { cleanText, formatRecipient } from '../chat/message.format';
import { CommandContext } from '../commands/command.context';
import { uploadWithProgress } from '../files/transfer';

const WHAT: Record<MediaKind, { noun: string; unreadable: string }> = {
  voice: { noun: 'voice messages', unreadable: 'not a recording the server can read' },
  image: { noun: 'pictures', unreadable: 'not a picture the server can read' },
};

/**
 * The server's media errors in words a person can act on (ChatError, same code); other errors as
 * they are. The limit of MEDIA_TOO_LONG is the one the server announced in its hello.
 */
export function explainMediaError(err: unknown, media: MediaKind, hello: HelloFrame | undefined): unknown {
  if (!(err instanceof ChatError)) return err;
  const voiceSec = hello?.limits.voiceSec;
  switch (err.code) {
    case 'UNSUPPORTED_MEDIA':
      return new ChatError(err.code, WHAT[media].unreadable, err.details);
    case 'MEDIA_TOO_LONG':
      return new ChatError(
        err.code,
        voiceSec === undefined
          ? 'the recording is longer than the server takes'
          : `the recording is longer than the server takes: at most ${formatDuration(voiceSec * 1000)} (${voiceSec} s)`,
        err.details,
      );
    case 'MEDIA_UNAVAILABLE':
      return new ChatError(
        err.code,
        `the server cannot process ${WHAT[media].noun} at the moment; /send sends the file as it is`,
        err.details,
      );
    default:
      return err;
  }
}

/**
 * `/voice` and `/image`: the upload of /send with `media` in the offer, so that the server
 * processes the file (§10), then the message to `to`. A server without feature `media` is told
 * before a byte is sent: it would store the file unprocessed, or refuse the offer.
 */
export async function sendMedia(
  command: { media: MediaKind; path: string; to: Recipient },
  ctx: CommandContext,
): Promise<void> {
  const { session, terminal } = ctx;
  const client = session.connection;
  const { media } = command;
  if (!client.hello.features.includes('media')) {
    throw new Error(
      `this server does not process ${WHAT[media].noun} (no feature "media"); /send sends the file as it is`,
    );
  }
  const done = await uploadWithProgress(client, command.path, terminal, media).catch((err: unknown) => {
    throw explainMediaError(err, media, client.hello);
  });
  // Known at once for /play, before the server's echo of the message is read.
  if (done.media !== undefined && done.mime !== undefined) {
    const { fileId: id, name, size, sha256, mime } = done;
    session.files.set(id, { id, name, size, sha256, mime, media: done.media });
  }
  const sent = await session.request('send', { to: command.to, fileId: done.fileId });
  const tag = formatMediaTag(done.media) ?? `${cleanText(done.name)} (${media})`;
  terminal.print(
    ctx.json
      ? JSON.stringify({ type: 'ok', ...done, ...sent })
      : `sent ${tag} to ${formatRecipient(command.to, session.user)}`,
  );
}
