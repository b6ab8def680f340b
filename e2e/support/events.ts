import { ChatClient } from '@chat/protocol';

/** Resolves with the next event of `type` the client gets (or rejects after `ms`). */
export function nextEvent<T = Record<string, unknown>>(
  client: ChatClient,
  type: string,
  ms = 5_000,
): Promise<T> {
  return new Promise((res, rej) => {
    const timer = setTimeout(() => {
      client.off(type, on);
      rej(new Error(`no ${type} event within ${ms} ms`));
    }, ms);
    const on = (frame: T): void => {
      clearTimeout(timer);
      client.off(type, on);
      res(frame);
    };
    client.on(type, on);
  });
}

/** Collects the events of `type` a client receives from now on. */
export function collect<T = Record<string, unknown>>(client: ChatClient, type: string): T[] {
  const seen: T[] = [];
  client.on(type, (f: T) => seen.push(f));
  return seen;
}

/** Waits until `check` passes (polling), for conditions reached asynchronously. */
export async function eventually(check: () => void | Promise<void>, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
