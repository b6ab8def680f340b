/** Thrown at start-up when PUBLIC_WS_URL is not a ws:// or wss:// URL. */
export class WebConfigError extends Error {
  public override readonly name = 'WebConfigError';
}

/**
 * PUBLIC_WS_URL: the WebSocket address browsers should use when it is not
 * `ws://<page host>:WS_PORT/ws` (a TLS proxy in front of the edge, say). Read once, at start-up.
 */
export function publicWsUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env.PUBLIC_WS_URL?.trim();
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new WebConfigError(`Invalid configuration:\n  PUBLIC_WS_URL: not a URL: ${value}`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new WebConfigError(`Invalid configuration:\n  PUBLIC_WS_URL: must start with ws:// or wss://`);
  }
  return value;
}
