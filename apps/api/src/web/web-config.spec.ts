import { describe, expect, it } from 'vitest';

import { publicWsUrl, WebConfigError } from './web-config';

describe('publicWsUrl', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['  ', undefined],
    ['ws://chat.example.com:8081/ws', 'ws://chat.example.com:8081/ws'],
    ['wss://chat.example.com/ws', 'wss://chat.example.com/ws'],
  ])('PUBLIC_WS_URL=%j gives %j', (value, expected) => {
    expect(publicWsUrl({ PUBLIC_WS_URL: value })).toBe(expected);
  });

  it.each([
    ['chat.example.com/ws', 'PUBLIC_WS_URL: not a URL: chat.example.com/ws'],
    ['http://chat.example.com/ws', 'PUBLIC_WS_URL: must start with ws:// or wss://'],
    ['https://chat.example.com/ws', 'PUBLIC_WS_URL: must start with ws:// or wss://'],
  ])('refuses PUBLIC_WS_URL=%j', (value, message) => {
    expect(() => publicWsUrl({ PUBLIC_WS_URL: value })).toThrow(WebConfigError);
    expect(() => publicWsUrl({ PUBLIC_WS_URL: value })).toThrow(message);
  });
});
