import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * The end-to-end tests run the built services as users do: build them once first, unless the
 * caller has just built them (`npm test` builds once for the type check's sake and every suite,
 * then sets E2E_BUILT=1).
 */
export default function setup(): void {
  if (process.env.E2E_BUILT === '1') return;
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: resolve(__dirname, '..'), stdio: 'inherit' });
}
