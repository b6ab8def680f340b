import { ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';

import { findPlayer, FoundPlayer } from './player.lookup';

/** How a playback ended: on its own (`code` as the player exited) or stopped by the user. */
export interface PlaybackEnd {
  stopped: boolean;
  code: number | null;
  /** The player could not be started (e.g. removed from the PATH meanwhile). */
  error?: Error;
}

/**
 * Plays one voice message at a time with an external player, in the background so that the chat
 * goes on meanwhile. The file it plays lives in a temporary folder that is removed once the player
 * has exited, whatever ended it; a player still running when the CLI exits is killed first, so
 * that neither sound nor files outlive the session.
 */
export class VoicePlayer {
  private current: { child: ChildProcess; folder: string } | undefined;
  private readonly onExit = (): void => this.stopNow();

  constructor(private readonly searchPath: string | undefined = process.env.PATH) {}

  public get playing(): boolean {
    return this.current !== undefined;
  }

  /** The player to use now (the PATH may change while the CLI runs); undefined when none is installed. */
  public find(): FoundPlayer | undefined {
    return findPlayer(this.searchPath);
  }

  /**
   * Starts `player` on `file`, which lives in `folder` (removed at the end), stopping what played
   * before; resolves when the playback ends.
   */
  public play(player: FoundPlayer, file: string, folder: string): Promise<PlaybackEnd> {
    this.stop();
    const child = spawn(player.path, [...player.args, file], { stdio: 'ignore' });
    const playback = { child, folder };
    this.current = playback;
    process.once('exit', this.onExit);
    return new Promise((resolve) => {
      let error: Error | undefined;
      child.once('error', (err) => (error = err));
      // `close` follows `exit` and also comes after a spawn `error`: the one place to clean up.
      child.once('close', (code) => {
        const stopped = child.killed;
        if (this.current === playback) {
          this.current = undefined;
          process.off('exit', this.onExit);
        }
        rmSync(folder, { recursive: true, force: true });
        resolve({ stopped, code, ...(error === undefined ? {} : { error }) });
      });
    });
  }

  /** Stops the playback, if any; true when one was playing. Its folder goes once the player has exited. */
  public stop(): boolean {
    const playback = this.current;
    if (!playback) return false;
    this.current = undefined;
    process.off('exit', this.onExit);
    playback.child.kill('SIGTERM');
    return true;
  }

  /** At process exit nothing asynchronous runs: the player is signalled and its file removed at once. */
  private stopNow(): void {
    const playback = this.current;
    if (!playback) return;
    this.current = undefined;
    playback.child.kill('SIGTERM');
    rmSync(playback.folder, { recursive: true, force: true });
  }
}
