import { badgedFavicon, badgeText } from './favicon';

const svgOf = (url: string | null): string =>
  decodeURIComponent((url ?? '').replace('data:image/svg+xml,', ''));

describe('badgedFavicon', () => {
  it.each<[number, string]>([
    [0, ''],
    [-1, ''],
    [Number.NaN, ''],
    [1, '1'],
    [42, '42'],
    [99, '99'],
    [100, '99+'],
    [12345, '99+'],
  ])('badges %s as "%s"', (count, text) => {
    expect(badgeText(count)).toBe(text);
  });

  it('is the plain icon (null) for no unread messages', () => {
    expect(badgedFavicon(0)).toBeNull();
  });

  it('draws the bubble with the count on a badge, as an SVG data URL that parses', () => {
    const url = badgedFavicon(7);
    expect(url?.startsWith('data:image/svg+xml,')).toBe(true);
    const svg = new DOMParser().parseFromString(svgOf(url), 'image/svg+xml');
    expect(svg.querySelector('parsererror')).toBeNull();
    expect(svg.querySelector('path')?.getAttribute('fill')).toBe('#3f51b5');
    expect(svg.querySelector('circle')).not.toBeNull();
    expect(svg.querySelector('text')?.textContent).toBe('7');
  });
});
