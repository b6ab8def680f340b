import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';

import { FileInfo } from '@chat/protocol';

import { formatMediaTag } from '../chat/media.format';
import { formatFile } from '../chat/message.format';
import { CommandContext } from '../commands/command.context';
import { safeFileName } from '../files/file.paths';
import { FoundPlayer, noPlayerHint } from './player.lookup';
import { PlaybackEnd, VoicePlayer } from './voice.player';

/** A started playback: which player, and when it ends. */
export interface Playback {
  player: FoundPlayer;
  ended: Promise<PlaybackEnd>;
}

const EXTENSIONS: Record<string, string> = {
  'audio/ogg': '.ogg',
  'audio/opus': '.opus',
  'audio/webm': '.webm',
  'audio/mp4': '.m4a',
  'audio/aac': '.aac',
  'audio/mpeg': '.mp3',
  'audio/wav': '.wav',
  'audio/x-wav': '.wav',
  'audio/flac': '.flac',
};

/** An extension the player can go by (aplay and paplay look at it); the content decides for ffplay. */
function extensionOf(file: FileInfo): string {
  const fromMime = EXTENSIONS[file.mime.split(';')[0].trim().toLowerCase()];
  if (fromMime) return fromMime;
  const fromName = extname(safeFileName(file.name, 'voice'));
  return /^\.[A-Za-z0-9]{1,5}$/.test(fromName) ? fromName : '';
}

/** The voice message `fileId` names, from the files the session has seen; else why not. */
function voiceMessage(fileId: string, files: ReadonlyMap<string, FileInfo>): FileInfo {
  const file = files.get(fileId);
  if (!file)
    throw new Error(`no voice message ${fileId} seen in this session; /history shows the recent ones`);
  if (file.media?.kind !== 'voice') {
    throw new Error(`${fileId} is not a voice message but ${formatFile(file)}`);
  }
  return file;
}

/**
 * `/play`: downloads a voice message into a temporary folder and plays it in the background with
 * the first player found (the folder goes when the player exits). The player is looked for before
 * anything is downloaded, so that a missing one is said at once.
 */
export async function playVoice(fileId: string, ctx: CommandContext): Promise<Playback> {
  const { session, terminal } = ctx;
  const voice = ctx.player ?? new VoicePlayer();
  const file = voiceMessage(fileId, session.files);
  const player = voice.find();
  if (!player) throw new Error(noPlayerHint());
  voice.stop();

  const folder = await mkdtemp(join(tmpdir(), 'chat-voice-'));
  const path = join(folder, `voice${extensionOf(file)}`);
  const tag = formatMediaTag(file.media) ?? '[voice]';
  const progress = terminal.progress(`↓ ${tag}`, file.size);
  try {
    await session.connection.download(fileId, path, (received) => progress.update(received));
  } catch (err) {
    await rm(folder, { recursive: true, force: true });
    throw err;
  } finally {
    progress.stop();
  }

  const ended = voice.play(player, path, folder);
  terminal.print(
    ctx.json
      ? JSON.stringify({ type: 'ok', fileId, player: player.name, media: file.media })
      : `▶ ${tag} with ${player.name}: Ctrl-C or the next command stops it`,
  );
  void ended.then((end) => {
    const failure = describeFailure(player, end);
    if (failure !== undefined) terminal.error(failure);
  });
  return { player, ended };
}

/** Why a playback that was not stopped did not play to its end; undefined when it did. */
export function describeFailure(player: FoundPlayer, end: PlaybackEnd): string | undefined {
  if (end.error) return `error: ${player.name} did not start (${end.error.message})`;
  if (end.stopped || end.code === 0) return undefined;
  // aplay reads WAV alone and paplay what libsndfile knows: the server's format may be neither.
  const hint = player.name === 'ffplay' ? '' : '; ffplay (package ffmpeg) plays every format';
  return `error: ${player.name} could not play the voice message (exit code ${String(end.code)})${hint}`;
}
