// The fonts a window shot needs: of every @font-face the page has, only the faces of families,
// weights and styles some visible text uses, and of those only the unicode-range subsets that
// hold one of its characters. @fontsource's Roboto comes as nine subsets per weight (latin,
// latin-ext, cyrillic, greek, vietnamese, ...): an English chat needs two or three files of
// ~20 kB, not eighteen. modern-screenshot would embed every face of a used family; it is given
// this CSS instead, with the files as data URLs (an SVG image loads nothing by itself).

/** One face as the page declares it. */
export interface FontFace {
  family: string;
  /** `400`, or a range `100 700` for a variable font. */
  weight: string;
  style: string;
  /** Empty: every character. */
  unicodeRange: string;
  /** The first `url(...)` of its `src` (woff2 first when it offers several), resolved. */
  url: string;
  format: string;
}

/** Which characters, weights and styles the text set in one family uses. */
export interface FamilyUse {
  weights: Set<number>;
  styles: Set<string>;
  codePoints: Set<number>;
}

export type FontUse = Map<string, FamilyUse>;

/** `U+0000-00FF,U+0131,U+02??` as [first, last] pairs. */
export function parseUnicodeRange(range: string): [number, number][] {
  const pairs: [number, number][] = [];
  for (const part of range.split(',')) {
    const m = /^\s*U\+([0-9a-f?]+)(?:-([0-9a-f]+))?\s*$/i.exec(part);
    if (!m) continue;
    if (m[1].includes('?')) {
      pairs.push([parseInt(m[1].replace(/\?/g, '0'), 16), parseInt(m[1].replace(/\?/g, 'f'), 16)]);
    } else {
      const first = parseInt(m[1], 16);
      pairs.push([first, m[2] ? parseInt(m[2], 16) : first]);
    }
  }
  return pairs;
}

export function cssWeight(weight: string): number {
  if (weight === 'normal' || weight === '') return 400;
  if (weight === 'bold') return 700;
  const n = Number(weight);
  return Number.isFinite(n) ? n : 400;
}

/** The faces `use` needs, in the page's order. */
export function neededFaces(faces: readonly FontFace[], use: FontUse): FontFace[] {
  return faces.filter((face) => {
    const family = use.get(face.family.toLowerCase());
    if (!family) return false;
    const style = face.style === '' ? 'normal' : face.style;
    if (![...family.styles].some((s) => s === style || (s !== 'normal' && style !== 'normal'))) return false;
    const [low, high = low] = face.weight.split(/\s+/).map(cssWeight);
    if (![...family.weights].some((w) => (low === high ? w === low : w >= low && w <= high))) return false;
    if (face.unicodeRange.trim() === '') return true;
    const ranges = parseUnicodeRange(face.unicodeRange);
    for (const cp of family.codePoints) {
      if (ranges.some(([a, b]) => cp >= a && cp <= b)) return true;
    }
    return false;
  });
}

/** Adds `text`, set in `style`, to `use` under the first of its families that the page declares. */
export function addUse(
  use: FontUse,
  declared: ReadonlySet<string>,
  style: CSSStyleDeclaration,
  text: string,
): void {
  const family = style.fontFamily
    .split(',')
    .map((f) =>
      f
        .trim()
        .replace(/^["']|["']$/g, '')
        .toLowerCase(),
    )
    .find((f) => declared.has(f));
  if (!family || text.trim() === '') return;
  let entry = use.get(family);
  if (!entry) {
    entry = { weights: new Set(), styles: new Set(), codePoints: new Set() };
    use.set(family, entry);
  }
  entry.weights.add(cssWeight(style.fontWeight));
  entry.styles.add(style.fontStyle || 'normal');
  for (const ch of text) entry.codePoints.add(ch.codePointAt(0)!);
}

/** Every @font-face of the document's style sheets (same-origin ones: the app serves its own). */
export function declaredFaces(doc: Document): FontFace[] {
  const faces: FontFace[] = [];
  const visit = (rules: CSSRuleList, base: string): void => {
    for (const rule of Array.from(rules)) {
      if ('cssRules' in rule && !('style' in rule)) visit((rule as CSSGroupingRule).cssRules, base);
      if (rule.constructor.name !== 'CSSFontFaceRule' && !(rule.cssText ?? '').startsWith('@font-face'))
        continue;
      const style = (rule as CSSFontFaceRule).style;
      const src = pickSource(style.getPropertyValue('src'), base);
      if (!src) continue;
      faces.push({
        family: style
          .getPropertyValue('font-family')
          .trim()
          .replace(/^["']|["']$/g, ''),
        weight: style.getPropertyValue('font-weight').trim() || '400',
        style: style.getPropertyValue('font-style').trim() || 'normal',
        unicodeRange: style.getPropertyValue('unicode-range').trim(),
        ...src,
      });
    }
  };
  for (const sheet of Array.from(doc.styleSheets)) {
    try {
      visit(sheet.cssRules, sheet.href ?? doc.baseURI);
    } catch {
      // A sheet of another origin cannot be read; the app has none.
    }
  }
  return faces;
}

function pickSource(src: string, base: string): { url: string; format: string } | null {
  const sources = [
    ...src.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)\s*(?:format\(\s*["']?([^"')]+)["']?\s*\))?/g),
  ].map((m) => ({ url: m[1], format: m[2] ?? '' }));
  const best = sources.find((s) => s.format === 'woff2') ?? sources[0];
  if (!best) return null;
  try {
    return { url: new URL(best.url, base).href, format: best.format };
  } catch {
    return null;
  }
}

/** The @font-face rule of `face` with its file as `dataUrl`. */
export function faceCss(face: FontFace, dataUrl: string): string {
  const range = face.unicodeRange ? ` unicode-range: ${face.unicodeRange};` : '';
  const format = face.format ? ` format("${face.format}")` : '';
  return (
    `@font-face { font-family: "${face.family}"; font-style: ${face.style}; font-weight: ${face.weight};` +
    ` font-display: block; src: url(${dataUrl})${format};${range} }`
  );
}
