import { mentionsUser } from './mentions';

describe('mentionsUser', () => {
  it.each<[string, string | undefined, boolean]>([
    ['alone', '@alice', true],
    ['in a sentence', 'hey @alice, look', true],
    ['in any case', 'ping @ALICE', true],
    ['before a full stop', 'thanks @alice.', true],
    ['before dots and a dash', 'see @alice...-', true],
    ['after punctuation', '(@alice)', true],
    ['one of several', '@bob @alice', true],
    ['without the @', 'alice, look', false],
    ['a longer name', '@alice2 and @alicex', false],
    ['an address', 'mail me at bob@alice', false],
    ['a shorter name', '@ali', false],
    ['no text (a file)', undefined, false],
  ])('%s', (_case, text, expected) => {
    expect(mentionsUser(text, 'alice')).toBe(expected);
  });

  it('matches names with dots and dashes whole', () => {
    expect(mentionsUser('hi @j.doe-2', 'j.doe-2')).toBe(true);
    expect(mentionsUser('hi @j.doe-2', 'j.doe')).toBe(false);
  });

  it('mentions nobody for an empty name', () => {
    expect(mentionsUser('@', '')).toBe(false);
  });
});
