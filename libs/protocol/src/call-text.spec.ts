import { describe, expect, it } from 'vitest';

import { callDuration, callSummary, ringEndedText } from './call-text';

describe('call texts', () => {
  it('writes durations as m:ss, and h:mm:ss past an hour', () => {
    expect([0, 400, 1_000, 59_600, 192_000, 3_723_000, -5, Number.NaN].map(callDuration)).toEqual([
      '0:00',
      '0:00',
      '0:01',
      '1:00',
      '3:12',
      '1:02:03',
      '0:00',
      '0:00',
    ]);
  });

  it('says how each call went', () => {
    expect(callSummary({ media: 'video', outcome: 'answered', durationMs: 192_000 })).toBe(
      'Video call, 3:12',
    );
    expect(callSummary({ media: 'audio', outcome: 'answered', durationMs: 5_000 })).toBe('Voice call, 0:05');
    expect(callSummary({ media: 'video', outcome: 'missed', durationMs: 0 })).toBe('Missed video call');
    expect(callSummary({ media: 'audio', outcome: 'rejected', durationMs: 0 })).toBe('Declined voice call');
  });

  it('says why a ringing call stopped', () => {
    expect(ringEndedText('missed', 'bob', 'video')).toBe('Missed video call from bob');
    expect(ringEndedText('hangup', 'bob', 'audio')).toBe('Missed voice call from bob');
    expect(ringEndedText('answered-elsewhere', 'bob', 'video')).toBe(
      "bob's video call was answered on another device",
    );
    expect(ringEndedText('rejected', 'bob', 'audio')).toBe("bob's voice call was declined on another device");
  });
});
