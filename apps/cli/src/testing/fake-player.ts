import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What a fake player was started with: its arguments, and a copy of the file it was given. */
export interface PlayerRun {
  args: string[];
  file: string;
  copy: Buffer;
  pid: number;
}

/** Whether the process `pid` still runs (signal 0 tests without signalling). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A stand-in for ffplay, paplay or aplay in a folder of its own, to put on the PATH: specs cannot
 * make sound. It is a real executable (a shell script), so the CLI finds, spawns and kills it as
 * it would the real one. It records what it was given and its pid, then "plays" until killed, or exits at
 * once with `exitCode`.
 */
export class FakePlayer {
  public readonly folder: string;
  private readonly logs: string;
  private runs = 0;

  constructor(
    public readonly name: 'ffplay' | 'paplay' | 'aplay' = 'ffplay',
    exitCode?: number,
  ) {
    const root = mkdtempSync(join(tmpdir(), 'cli-fake-player-'));
    this.folder = join(root, 'bin');
    this.logs = join(root, 'logs');
    mkdirSync(this.folder);
    mkdirSync(this.logs);
    const end = exitCode === undefined ? 'exec sleep 60' : `exit ${exitCode}`;
    const script = [
      '#!/bin/sh',
      `n=$(ls "${this.logs}" | grep -c '\\.args$')`,
      'for last; do :; done',
      `cp "$last" "${this.logs}/$n.copy"`,
      `echo $$ > "${this.logs}/$n.pid"`,
      `printf '%s\\n' "$@" > "${this.logs}/$n.args.tmp" && mv "${this.logs}/$n.args.tmp" "${this.logs}/$n.args"`,
      end,
      '',
    ].join('\n');
    writeFileSync(join(this.folder, name), script);
    chmodSync(join(this.folder, name), 0o755);
  }

  /** Resolves once the player has been started (once more than before), with what it was given. */
  public async nextRun(): Promise<PlayerRun> {
    const n = this.runs++;
    const args = join(this.logs, `${n}.args`);
    while (!existsSync(args)) await new Promise((resolve) => setTimeout(resolve, 10));
    const lines = readFileSync(args, 'utf8').split('\n').slice(0, -1);
    return {
      args: lines,
      file: lines.at(-1)!,
      copy: readFileSync(join(this.logs, `${n}.copy`)),
      pid: Number(readFileSync(join(this.logs, `${n}.pid`), 'utf8')),
    };
  }

  public dispose(): void {
    rmSync(join(this.folder, '..'), { recursive: true, force: true });
  }
}
