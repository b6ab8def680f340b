import { performance } from 'node:perf_hooks';

import type { Store } from './repositories';

/** Where the duration of each store call goes: `operation` is `repository.method`, e.g. `messages.append`. */
export type StoreCallObserver = (operation: string, seconds: number) => void;

/** The repositories of a `Store`, by the property that holds them. */
const REPOSITORIES = [
  'users',
  'messages',
  'files',
  'audit',
  'scores',
  'snapshots',
  'music',
  'rooms',
  'reads',
] as const satisfies readonly (keyof Store)[];

/**
 * The same store, with every repository call timed (a failed call too, once it has failed) and
 * told to `observe`; the store's own methods (`ping`, `verify`, `close`, ...) as `store.ping` and
 * so on. Callers see the `Store` unchanged: whatever is not a method (`kind`) is the store's own,
 * through the prototype.
 */
export function timedStore(store: Store, observe: StoreCallObserver): Store {
  const timed = Object.create(store) as Record<string, unknown>;
  Object.assign(timed, timedObject(store, 'store', observe));
  for (const name of REPOSITORIES) timed[name] = timedObject(store[name], name, observe);
  return timed as unknown as Store;
}

/**
 * An object whose methods call the target's, timed. The wrappers are made once, here, so a call
 * costs two clock reads and an observation, not a Proxy trap.
 */
function timedObject<T extends object>(target: T, prefix: string, observe: StoreCallObserver): T {
  const wrapped: Record<string, unknown> = {};
  for (const method of methodNames(target)) {
    const fn = (target as Record<string, unknown>)[method];
    if (typeof fn !== 'function' || REPOSITORIES.includes(method as never)) continue;
    const operation = `${prefix}.${method}`;
    wrapped[method] = (...args: unknown[]): unknown => {
      const start = performance.now();
      const done = (): void => observe(operation, (performance.now() - start) / 1000);
      let result: unknown;
      try {
        result = (fn as (...a: unknown[]) => unknown).apply(target, args);
      } catch (err) {
        done();
        throw err;
      }
      if (result instanceof Promise) return result.finally(done);
      done();
      return result;
    };
  }
  return wrapped as T;
}

/** The methods of a class instance: own functions and its prototypes', up to Object's; getters are left alone. */
function methodNames(target: object): string[] {
  const names = new Set<string>();
  for (let proto = target; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const [name, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(proto))) {
      if (name !== 'constructor' && typeof descriptor.value === 'function') names.add(name);
    }
  }
  return [...names];
}
