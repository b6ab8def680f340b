import { ArgumentMetadata } from '@nestjs/common';
import { describe, expect, it } from 'vitest';

import { ChatError } from '@chat/protocol';

import { HistoryQueryDto } from '../messages/dto/history-query.dto';
import { RestrictUserDto } from '../moderation/dto/restrict-user.dto';
import { createValidationPipe } from './validation.pipe';

const body = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'body', metatype });
const query = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'query', metatype });

describe(createValidationPipe.name, () => {
  const sut = createValidationPipe();

  it.each([
    [{ minutes: 'x' }, 'minutes must be a number', 'minutes'],
    [{ minutes: 0 }, 'minutes must be a positive number', 'minutes'],
    [{ minutes: null }, 'minutes must be a number', 'minutes'],
    [{ reason: 1, minutes: -1 }, 'reason must be a string; minutes must be a positive number', 'reason'],
    [{ who: 'x' }, 'property who should not exist', 'who'],
  ])('refuses %j with one readable INVALID', async (value, message, field) => {
    const err = await sut.transform(value, body(RestrictUserDto)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChatError);
    expect(err).toMatchObject({ code: 'INVALID', message, details: { field } });
  });

  it('accepts a valid body and leaves out nothing it knows', async () => {
    await expect(sut.transform({ reason: 'spam', minutes: 0.02 }, body(RestrictUserDto))).resolves.toEqual({
      reason: 'spam',
      minutes: 0.02,
    });
  });

  it('turns query strings into numbers, and `with` into the protocol recipient', async () => {
    const q = (await sut.transform(
      { with: 'bob,carol', before: '42', limit: '10' },
      query(HistoryQueryDto),
    )) as HistoryQueryDto;
    expect(q.toInput()).toEqual({ with: ['bob', 'carol'], before: 42, limit: 10 });
    const one = (await sut.transform({ with: 'bob' }, query(HistoryQueryDto))) as HistoryQueryDto;
    expect(one.toInput()).toEqual({ with: 'bob', before: undefined, limit: undefined });
  });
});
