import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface PackageInfo {
  name: string;
  version: string;
}

/**
 * The name and version of the package this program is part of, from its package.json: the nearest
 * one above this file, which is the repository's whether it runs from the sources or from dist/.
 */
export function packageInfo(from = __dirname): PackageInfo {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const { name, version } = JSON.parse(readFileSync(file, 'utf8')) as Partial<PackageInfo>;
      if (name && version) return { name, version };
    }
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}
