import { describe, expect, it } from 'vitest';

import { ChatError, ERROR_CODES, isErrorCode } from './errors';

describe(ChatError.name, () => {
  it('lists the 24 codes of protocol.md section 8, then those §10 to §12 and this server add, and the HTTP-only ones, with their HTTP statuses', () => {
    expect(ERROR_CODES).toEqual([
      'BAD_FRAME',
      'FRAME_TOO_LARGE',
      'UNKNOWN_TYPE',
      'INVALID',
      'NOT_AUTHENTICATED',
      'USER_EXISTS',
      'INVALID_USERNAME',
      'WEAK_PASSWORD',
      'BAD_CREDENTIALS',
      'BANNED',
      'MUTED',
      'RATE_LIMITED',
      'NO_SUCH_USER',
      'SELF_MESSAGE',
      'TEXT_TOO_LONG',
      'EMPTY',
      'NO_SUCH_FILE',
      'FILE_TOO_LARGE',
      'BAD_OFFSET',
      'NO_SUCH_UPLOAD',
      'CHECKSUM_MISMATCH',
      'FORBIDDEN',
      'SERVER_BUSY',
      'INTERNAL',
      'UNSUPPORTED_MEDIA',
      'MEDIA_TOO_LONG',
      'MEDIA_UNAVAILABLE',
      'USER_OFFLINE',
      'NO_SUCH_CALL',
      'NOT_IN_CALL',
      'ROOM_EXISTS',
      'INVALID_ROOM',
      'NO_SUCH_ROOM',
      'NOT_IN_ROOM',
      'BANNED_FROM_ROOM',
      'NO_SUCH_MESSAGE',
      'RANGE_NOT_SATISFIABLE',
      'QUOTA_EXCEEDED',
      'NO_SUCH_SESSION',
      'OWN_ACCOUNT',
      'ACCOUNT_PROTECTED',
    ]);
    expect(new ChatError('NO_SUCH_SESSION').httpStatus).toBe(404);
    expect(new ChatError('OWN_ACCOUNT').httpStatus).toBe(400);
    expect(new ChatError('ACCOUNT_PROTECTED').httpStatus).toBe(409);
    expect(new ChatError('UNSUPPORTED_MEDIA').httpStatus).toBe(415);
    expect(new ChatError('MEDIA_TOO_LONG').httpStatus).toBe(413);
    expect(new ChatError('MEDIA_UNAVAILABLE').httpStatus).toBe(503);
    expect(new ChatError('RANGE_NOT_SATISFIABLE').httpStatus).toBe(416);
    expect(new ChatError('QUOTA_EXCEEDED').httpStatus).toBe(409);
    expect(new ChatError('NO_SUCH_ROOM').httpStatus).toBe(404);
    expect(new ChatError('NOT_IN_ROOM').httpStatus).toBe(403);
  });

  it('renders an error frame with re and details', () => {
    const sut = new ChatError('RATE_LIMITED', undefined, { retryAfterMs: 250 });
    expect(sut.toFrame('7')).toEqual({
      type: 'error',
      re: '7',
      code: 'RATE_LIMITED',
      message: 'Too many messages; slow down',
      retryAfterMs: 250,
    });
    expect(sut.httpStatus).toBe(429);
  });

  it('leaves re out when the request had no id', () => {
    expect(new ChatError('BAD_FRAME').toFrame()).not.toHaveProperty('re');
  });

  it('hides unknown errors behind INTERNAL', () => {
    const sut = ChatError.from(new Error('secret detail'));
    expect(sut.code).toBe('INTERNAL');
    expect(sut.message).not.toContain('secret');
    expect(isErrorCode('MUTED')).toBe(true);
    expect(isErrorCode('NOPE')).toBe(false);
  });
});
