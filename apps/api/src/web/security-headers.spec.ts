import { describe, expect, it } from 'vitest';

import { webSocketSources } from './security-headers';

describe(webSocketSources.name, () => {
  it.each([
    [
      'the default WEB_ORIGINS: ws and wss on WS_PORT of each host, once',
      ['http://localhost:3000', 'http://127.0.0.1:3000', 'http://localhost:4200'],
      undefined,
      ['ws://localhost:8081', 'wss://localhost:8081', 'ws://127.0.0.1:8081', 'wss://127.0.0.1:8081'],
    ],
    [
      'an https origin',
      ['https://chat.example.com'],
      undefined,
      ['ws://chat.example.com:8081', 'wss://chat.example.com:8081'],
    ],
    [
      'PUBLIC_WS_URL: its origin alone, where the client connects',
      ['http://localhost:3000'],
      'wss://chat.example.com/ws',
      ['wss://chat.example.com'],
    ],
    ['PUBLIC_WS_URL with a port', [], 'ws://10.0.0.5:9000/ws', ['ws://10.0.0.5:9000']],
    [
      'origins no browser sends are left out',
      ['*', 'chat.example.com', 'file:///x', 'http://a;b', 'http://ok.example'],
      undefined,
      ['ws://ok.example:8081', 'wss://ok.example:8081'],
    ],
  ])('%s', (_case, origins, publicUrl, expected) => {
    expect(webSocketSources(origins, 8081, publicUrl)).toEqual(expected);
  });
});
