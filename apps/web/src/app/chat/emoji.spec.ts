import angularJson from '../../../../../angular.json';
import { EMOJI, emojiSegments, isSingleEmoji, TextSegment } from './emoji';

const [grinning, thumbsUp, heart] = ['😀', '👍', '❤️'].map((char) => EMOJI.find((e) => e.char === char)!);

/** Twemoji names a picture by its code points in hex, joined by `-`, leaving out U+FE0F. */
const twemojiFile = (char: string): string =>
  [...char.replaceAll('\uFE0F', '')].map((c) => c.codePointAt(0)!.toString(16)).join('-') + '.svg';

describe('EMOJI', () => {
  it('has 20 different emoji, each with its Twemoji picture and a name', () => {
    expect(EMOJI).toHaveLength(20);
    expect(new Set(EMOJI.map((e) => e.char)).size).toBe(20);
    for (const emoji of EMOJI) {
      expect(emoji.file).toBe(twemojiFile(emoji.char));
      expect(emoji.name).not.toBe('');
    }
  });

  it("is what angular.json copies from @twemoji/svg into the build's emoji/ folder, and nothing more", () => {
    const assets = angularJson.projects.web.architect.build.options.assets;
    const twemoji = assets.find((a) => a.input === 'node_modules/@twemoji/svg');
    expect(twemoji).toEqual({
      glob: `{${EMOJI.map((e) => e.file.replace(/\.svg$/, '')).join(',')}}.svg`,
      input: 'node_modules/@twemoji/svg',
      output: 'emoji',
    });
  });
});

describe(emojiSegments.name, () => {
  const text = (t: string): TextSegment => ({ kind: 'text', text: t });
  const emoji = (e: (typeof EMOJI)[number]): TextSegment => ({ kind: 'emoji', emoji: e });

  it.each<[string, string, TextSegment[]]>([
    ['empty text', '', []],
    ['plain text', 'hello there', [text('hello there')]],
    ['one emoji alone', '😀', [emoji(grinning)]],
    ['an emoji inside text', 'hi 😀!', [text('hi '), emoji(grinning), text('!')]],
    ['emoji side by side', '😀👍', [emoji(grinning), emoji(thumbsUp)]],
    ['line breaks and spaces kept', '  a\n\n😀  b ', [text('  a\n\n'), emoji(grinning), text('  b ')]],
    ['the heart as the picker sends it', 'I ❤️ it', [text('I '), emoji(heart), text(' it')]],
    ['the heart without U+FE0F', 'I ❤ it', [text('I '), emoji(heart), text(' it')]],
    ['an emoji with U+FE0F that does not need it', '😀\uFE0F', [emoji(grinning)]],
    ['an emoji not among the 20', 'a 🦄 b', [text('a 🦄 b')]],
    ['a skin tone: not cut off its emoji', 'ok 👍🏽', [text('ok 👍🏽')]],
    ['a ZWJ sequence that starts with one of the 20', '😮‍💨', [text('😮‍💨')]],
    ['a ZWJ sequence with one of the 20 inside', '👩‍❤️‍👨', [text('👩‍❤️‍👨')]],
    ['markup', '<img src=x onerror=alert(1)> 😀', [text('<img src=x onerror=alert(1)> '), emoji(grinning)]],
  ])('%s', (_, input, expected) => {
    expect(emojiSegments(input)).toEqual(expected);
  });

  it('gives back the text it was given, emoji for pictures', () => {
    const input = 'so 😂😂, I ❤️ it 👏 (🦄)';
    const joined = emojiSegments(input)
      .map((s) => (s.kind === 'text' ? s.text : s.emoji.char))
      .join('');
    expect(joined).toBe(input);
  });
});

describe(isSingleEmoji.name, () => {
  it.each([
    ['😀', true],
    ['❤', true],
    ['😀😀', false],
    ['😀 ', false],
    ['hi', false],
    ['', false],
  ])('%j: %s', (input, expected) => {
    expect(isSingleEmoji(emojiSegments(input))).toBe(expected);
  });
});
