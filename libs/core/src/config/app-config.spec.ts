import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ConfigError, JWT_SECRET_FILE, loadConfig, MIN_JWT_SECRET_LENGTH } from './app-config';

describe(loadConfig.name, () => {
  let root: string;
  let dataDir: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'chat-config-'));
    dataDir = join(root, 'data');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const secretFile = () => join(dataDir, JWT_SECRET_FILE);
  const mode = (path: string) => statSync(path).mode & 0o777;

  describe('the jwt-secret file', () => {
    it('is generated once, 0600, in a DATA_DIR made 0700, and read back at the next start', () => {
      const first = loadConfig({ DATA_DIR: dataDir });
      expect(first.jwtSecret.length).toBeGreaterThanOrEqual(MIN_JWT_SECRET_LENGTH);
      expect(readFileSync(secretFile(), 'utf8')).toBe(first.jwtSecret);
      expect(mode(secretFile())).toBe(0o600);
      expect(mode(dataDir)).toBe(0o700);
      expect(loadConfig({ DATA_DIR: dataDir }).jwtSecret).toBe(first.jwtSecret);
    });

    it.each([
      ['one character', 'x'],
      ['empty', ''],
      ['only white space', '   \n'],
      ['31 characters', 'a'.repeat(MIN_JWT_SECRET_LENGTH - 1)],
    ])('is refused when %s, with a message naming the file and what to do', (_, text) => {
      loadConfig({ DATA_DIR: dataDir });
      writeFileSync(secretFile(), text);
      const load = () => loadConfig({ DATA_DIR: dataDir });
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(
        `Invalid JWT secret file ${secretFile()}: it holds ${text.trim().length} characters`,
      );
      expect(load).toThrow(/Delete it to have a new secret generated/);
    });

    it('is not read when JWT_SECRET is set', () => {
      loadConfig({ DATA_DIR: dataDir });
      writeFileSync(secretFile(), 'x');
      expect(loadConfig({ DATA_DIR: dataDir, JWT_SECRET: 's'.repeat(32) }).jwtSecret).toBe('s'.repeat(32));
    });

    it('is made 0600 when an older one is readable by others, and DATA_DIR 0700', () => {
      loadConfig({ DATA_DIR: dataDir });
      chmodSync(secretFile(), 0o644);
      chmodSync(dataDir, 0o755);
      loadConfig({ DATA_DIR: dataDir });
      expect(mode(secretFile())).toBe(0o600);
      expect(mode(dataDir)).toBe(0o700);
    });
  });

  it('takes UPLOAD_IDLE_SEC, 30 s by default', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).uploadIdleMs).toBe(30_000);
    expect(loadConfig({ DATA_DIR: dataDir, UPLOAD_IDLE_SEC: '2' }).uploadIdleMs).toBe(2_000);
    expect(() => loadConfig({ DATA_DIR: dataDir, UPLOAD_IDLE_SEC: '0' })).toThrow(/UPLOAD_IDLE_SEC/);
  });
});
