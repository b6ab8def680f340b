import { ConsoleLogger, Logger, LogLevel } from '@nestjs/common';

import { LOG_LEVELS, LogConfig, LogLevelName } from '../config/app-config';

/**
 * Contexts of Nest's own start-up lines (a line per module, controller and route: 69 of the 96
 * lines a start printed): worth seeing while debugging the wiring, noise that buries what an
 * operator needs otherwise, so they are logged at `debug`.
 */
export const NEST_BOILERPLATE_CONTEXTS: ReadonlySet<string> = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
  'NestMicroservice',
]);

/** The Nest levels `LOG_LEVEL` turns on: itself and every level less detailed (`fatal` always). */
export function logLevels(level: LogLevelName): LogLevel[] {
  return ['fatal', ...LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1)];
}

/** Nest's ConsoleLogger at `LOG_LEVEL` and in `LOG_FORMAT`, with Nest's boilerplate moved to `debug`. */
export class AppLogger extends ConsoleLogger {
  constructor(config: LogConfig) {
    super({ logLevels: logLevels(config.level), json: config.format === 'json' });
  }

  public override log(message: unknown, ...rest: unknown[]): void {
    const context = rest.at(-1);
    if (typeof context === 'string' && NEST_BOILERPLATE_CONTEXTS.has(context)) {
      this.debug(message, ...rest);
      return;
    }
    super.log(message, ...rest);
  }
}

/**
 * Makes `config`'s logger the one every `new Logger(context)` of this process writes through,
 * from this moment (Nest would install it only once the application is created), and returns it
 * for `NestFactory.create`.
 */
export function useLogger(config: LogConfig): AppLogger {
  const logger = new AppLogger(config);
  Logger.overrideLogger(logger);
  return logger;
}
