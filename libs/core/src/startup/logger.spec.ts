import { Logger } from '@nestjs/common';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { AppLogger, logLevels } from './logger';

describe(logLevels.name, () => {
  it.each([
    ['error', ['fatal', 'error']],
    ['warn', ['fatal', 'error', 'warn']],
    ['log', ['fatal', 'error', 'warn', 'log']],
    ['debug', ['fatal', 'error', 'warn', 'log', 'debug']],
    ['verbose', ['fatal', 'error', 'warn', 'log', 'debug', 'verbose']],
  ] as const)('turns on, for %s, %j', (level, levels) => {
    expect(logLevels(level)).toEqual(levels);
  });
});

describe(AppLogger.name, () => {
  let printed: string[];

  beforeEach(() => {
    printed = [];
    // The logger's own stream: what it would print on the terminal, kept here instead.
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    Logger.overrideLogger(new Logger());
  });

  it("keeps Nest's module and route lines to debug, and the service's own at log", () => {
    const sut = new AppLogger({ level: 'log', format: 'text' });
    sut.log('AppModule dependencies initialized', 'InstanceLoader');
    sut.log('Mapped {/api/me, GET} route', 'RouterExplorer');
    sut.log('Admin API on http://127.0.0.1:3000/api', 'Api');

    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain('Admin API on http://127.0.0.1:3000/api');
  });

  it('prints them at LOG_LEVEL=debug, as DEBUG lines', () => {
    const sut = new AppLogger({ level: 'debug', format: 'text' });
    sut.log('Mapped {/api/me, GET} route', 'RouterExplorer');

    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/DEBUG.*\[RouterExplorer\].*Mapped \{\/api\/me, GET\} route/);
  });

  it('prints nothing below LOG_LEVEL=warn but warnings and errors', () => {
    const sut = new AppLogger({ level: 'warn', format: 'text' });
    sut.log('ready', 'Edge');
    sut.debug('details', 'Edge');
    sut.warn('careful', 'Edge');

    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain('careful');
  });

  it('writes one JSON object a line with LOG_FORMAT=json', () => {
    const sut = new AppLogger({ level: 'log', format: 'json' });
    sut.log('Chat TCP edge listening on 127.0.0.1:8888', 'Edge');
    sut.warn('careful', 'Edge');

    const lines = printed.join('').trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      expect.objectContaining({
        level: 'log',
        context: 'Edge',
        message: 'Chat TCP edge listening on 127.0.0.1:8888',
      }),
      expect.objectContaining({ level: 'warn', context: 'Edge', message: 'careful' }),
    ]);
  });
});
