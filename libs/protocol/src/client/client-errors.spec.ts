import { describe, expect, it } from 'vitest';

import { ChatError } from '../errors';
import { ConnectionClosedError, OfflineError, toChatError } from './client-errors';

describe(toChatError.name, () => {
  it.each<[string, object, { code: string; message: string; details: object }]>([
    [
      'an error frame, with its details',
      { type: 'error', re: '1', code: 'BANNED', message: 'You are banned', until: null, reason: 'spam' },
      { code: 'BANNED', message: 'You are banned', details: { until: null, reason: 'spam' } },
    ],
    [
      "the api's HTTP error body, without its statusCode",
      { statusCode: 403, code: 'MUTED', message: 'You are muted', until: '2030-01-01T00:00:00.000Z' },
      { code: 'MUTED', message: 'You are muted', details: { until: '2030-01-01T00:00:00.000Z' } },
    ],
    [
      'a rate limit, with retryAfterMs',
      { statusCode: 429, code: 'RATE_LIMITED', message: 'slow down', retryAfterMs: 120 },
      { code: 'RATE_LIMITED', message: 'slow down', details: { retryAfterMs: 120 } },
    ],
    [
      "a newer server's code, as INTERNAL with its message",
      { type: 'error', code: 'CHANNEL_FULL', message: 'That channel is full' },
      { code: 'INTERNAL', message: 'That channel is full', details: {} },
    ],
    [
      'no message: the table says it',
      { statusCode: 400, code: 'EMPTY' },
      { code: 'EMPTY', message: 'A message needs text or a file', details: {} },
    ],
    [
      'only scalar details',
      { type: 'error', re: '1', code: 'INVALID', message: 'to: bad', nested: { a: 1 }, list: [1], n: 2 },
      { code: 'INVALID', message: 'to: bad', details: { n: 2 } },
    ],
  ])('reads %s', (_case, source, expected) => {
    const sut = toChatError(source);
    expect(sut).toBeInstanceOf(ChatError);
    expect({ code: sut.code, message: sut.message, details: sut.details }).toEqual(expected);
  });
});

describe(ConnectionClosedError.name, () => {
  it('is the INTERNAL "connection closed" that requests cut off by a close have always rejected with', () => {
    expect(new ConnectionClosedError()).toMatchObject({ code: 'INTERNAL', message: 'connection closed' });
    expect(new ConnectionClosedError()).toBeInstanceOf(ChatError);
  });
});

describe(OfflineError.name, () => {
  it('is no ChatError: nothing reached the server', () => {
    expect(new OfflineError()).not.toBeInstanceOf(ChatError);
    expect(new OfflineError().message).toBe('offline, not sent: reconnecting (try again in a moment)');
  });
});
