import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/** The end-to-end tests run the built services as users do: build them once first. */
export default function setup(): void {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: resolve(__dirname, '..'), stdio: 'inherit' });
}
