import { addUse, cssWeight, FontFace, FontUse, neededFaces, parseUnicodeRange } from './font-subsets';

const LATIN = 'U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+2000-206F';
const CYRILLIC = 'U+0301, U+0400-045F, U+0490-0491';
const face = (over: Partial<FontFace>): FontFace => ({
  family: 'Roboto',
  weight: '400',
  style: 'normal',
  unicodeRange: LATIN,
  url: 'http://app/roboto-latin-400.woff2',
  format: 'woff2',
  ...over,
});
const style = (family: string, weight = '400', fontStyle = 'normal'): CSSStyleDeclaration =>
  ({ fontFamily: family, fontWeight: weight, fontStyle }) as CSSStyleDeclaration;

describe('font subsets for a window shot', () => {
  it('reads unicode ranges: single points, spans and wildcards', () => {
    expect(parseUnicodeRange('U+0131, U+0400-045F, U+02??')).toEqual([
      [0x131, 0x131],
      [0x400, 0x45f],
      [0x200, 0x2ff],
    ]);
    expect(parseUnicodeRange('nonsense, U+zz')).toEqual([]);
  });

  it('reads CSS weights as numbers', () => {
    expect([cssWeight('normal'), cssWeight(''), cssWeight('bold'), cssWeight('500'), cssWeight('x')]).toEqual(
      [400, 400, 700, 500, 400],
    );
  });

  it('an English text in Roboto 400 needs the latin subset of 400 only', () => {
    const use: FontUse = new Map();
    addUse(use, new Set(['roboto']), style('"Roboto", sans-serif'), 'Hello, world');
    const faces = [
      face({}),
      face({ unicodeRange: CYRILLIC, url: 'http://app/roboto-cyrillic-400.woff2' }),
      face({ weight: '700', url: 'http://app/roboto-latin-700.woff2' }),
      face({ style: 'italic', url: 'http://app/roboto-latin-400-italic.woff2' }),
      face({ family: 'Material Icons', unicodeRange: '', url: 'http://app/icons.woff2' }),
    ];
    expect(neededFaces(faces, use).map((f) => f.url)).toEqual(['http://app/roboto-latin-400.woff2']);
  });

  it('Cyrillic text, bold text and a variable font bring in their own faces', () => {
    const use: FontUse = new Map();
    const declared = new Set(['roboto', 'inter']);
    addUse(use, declared, style('Roboto'), 'Привет');
    addUse(use, declared, style('Roboto', 'bold'), 'ok');
    addUse(use, declared, style("'Inter', Roboto", '600'), 'x');
    const faces = [
      face({}),
      face({ unicodeRange: CYRILLIC, url: 'cyr-400' }),
      face({ weight: '700', url: 'latin-700' }),
      face({ family: 'Inter', weight: '100 900', unicodeRange: '', url: 'inter-var' }),
    ];
    // Weights and characters are kept per family, not per weight: the latin 400 face comes too
    // (for "ok"), a little more than needed and never less.
    expect(neededFaces(faces, use).map((f) => f.url)).toEqual([
      'http://app/roboto-latin-400.woff2',
      'cyr-400',
      'latin-700',
      'inter-var',
    ]);
  });

  it('text in a family the page does not declare, or blank text, needs nothing', () => {
    const use: FontUse = new Map();
    addUse(use, new Set(['roboto']), style('Georgia, serif'), 'Hello');
    addUse(use, new Set(['roboto']), style('Roboto'), '   ');
    expect(use.size).toBe(0);
    expect(neededFaces([face({})], use)).toEqual([]);
  });
});
