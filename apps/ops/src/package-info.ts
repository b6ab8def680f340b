import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The version of the package this program is part of, from its package.json (as `npm start`'s
 * summary reads it): the nearest one above this file, the repository's whether it runs from the
 * sources or from dist/.
 */
export function packageVersion(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const { version } = JSON.parse(readFileSync(file, 'utf8')) as { version?: string };
      if (version) return version;
    }
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}
