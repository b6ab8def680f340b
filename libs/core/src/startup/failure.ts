import { Logger } from '@nestjs/common';

import { StoreFileError } from '@chat/data';

import { AppConfig, ConfigError, loadConfig, LogFormat } from '../config/app-config';
import { useLogger } from './logger';
import { PortError } from './ports';

/**
 * What a service prints when it cannot start: for a bad setting, a bad data file or a port it
 * cannot have, the message that says what to do (no stack trace); anything else, as it is.
 */
export function startupFailure(err: unknown): unknown {
  return err instanceof ConfigError || err instanceof StoreFileError || err instanceof PortError
    ? err.message
    : err;
}

/**
 * Runs a service's start on the validated configuration with its logger in place; a start that
 * fails prints `startupFailure` (a line of its own in text, through the logger in JSON, so that
 * every line parses) and exits 1.
 */
export async function runService<T>(start: (config: AppConfig) => Promise<T>): Promise<T> {
  let format: LogFormat | undefined;
  try {
    const config = loadConfig();
    format = config.log.format;
    useLogger(config.log);
    return await start(config);
  } catch (err) {
    const failure = startupFailure(err);
    if (format === 'json') {
      new Logger('Startup').error(failure instanceof Error ? (failure.stack ?? failure.message) : failure);
    } else {
      console.error(failure);
    }
    process.exit(1);
  }
}
