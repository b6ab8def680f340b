import { Logger } from '@nestjs/common';

import { StartFacts } from './summary';

/**
 * What a service tells `npm start` (scripts/start.mjs) over its IPC channel: `listening` once its
 * ports are bound, `ready` once it has provisioned (the admin account, the bundled music) and
 * serves. The supervisor answers `provision` when every service is listening, so that a start
 * that fails on a port creates nothing.
 */
export type ServiceReport =
  { type: 'listening'; service: string } | { type: 'ready'; service: string; facts: StartFacts };
export type SupervisorCommand = { type: 'provision' };

/** Started by `npm start`'s supervisor (an IPC channel), rather than on its own. */
export function supervised(): boolean {
  return typeof process.send === 'function';
}

/**
 * Says the service's ports are bound; resolves when it may create things: at once when it runs on
 * its own, else on the supervisor's `provision`. A supervisor gone (Ctrl-C in its terminal, or
 * killed) stops the service as SIGTERM would.
 */
export function reportListening(service: string): Promise<void> {
  if (!supervised()) return Promise.resolve();
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  const provision = new Promise<void>((resolve) => {
    const onMessage = (message: unknown): void => {
      if ((message as SupervisorCommand | null)?.type !== 'provision') return;
      process.off('message', onMessage);
      resolve();
    };
    process.on('message', onMessage);
  });
  send({ type: 'listening', service });
  return provision;
}

/**
 * Says the service is ready. The supervisor prints the closing summary from every service's
 * facts; a service on its own prints a generated admin password itself, as its last line.
 */
export function reportReady(service: string, facts: StartFacts): void {
  if (supervised()) {
    send({ type: 'ready', service, facts });
    return;
  }
  if (facts.adminPassword) {
    new Logger('Startup').warn(
      `Admin account "${facts.adminUser}" created with password: ${facts.adminPassword} ` +
        '(shown once; set ADMIN_PASSWORD to choose one)',
    );
  }
}

function send(report: ServiceReport): void {
  process.send!(report);
}
