import { ChatMessage, newConversation } from './conversation';
import { MAX_MENTION_SUGGESTIONS, mentionableNames, namesStartingWith } from './mention-names';

describe(mentionableNames.name, () => {
  const from = (name: string, i: number): ChatMessage => ({
    id: `m${i}`,
    ts: '2030-01-01T10:00:00.000Z',
    from: name,
    mine: false,
    text: 'hi',
    state: 'sent',
  });

  it('offers who is online, then who is in or wrote in the conversation, each once and never me', () => {
    const conversation = {
      ...newConversation('g:carol,dave', ['dave', 'carol']),
      messages: ['Erin', 'alice', 'Bob', 'erin'].map(from),
    };
    expect(mentionableNames(['bob', 'Alice', 'zed'], conversation, 'ALICE')).toEqual([
      'bob',
      'zed',
      'carol',
      'dave',
      'Erin',
    ]);
    expect(mentionableNames(['bob'], null, 'alice')).toEqual(['bob']);
  });
});

describe(namesStartingWith.name, () => {
  it('matches the start of the name without regard to case, a few at most', () => {
    expect(namesStartingWith(['alice', 'Albert', 'bob', 'sal'], 'AL')).toEqual(['alice', 'Albert']);
    const many = Array.from({ length: 20 }, (_, i) => `user${i}`);
    expect(namesStartingWith(many, 'u')).toHaveLength(MAX_MENTION_SUGGESTIONS);
  });
});
