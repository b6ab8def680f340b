/** The speech bubble of public/favicon.svg, drawn again under the badge (a data: SVG can load nothing). */
const BUBBLE = '<path fill="#3f51b5" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/>';

/** What the badge says: the count up to 99, then "99+"; nothing for none. */
export function badgeText(count: number): string {
  if (!Number.isFinite(count) || count <= 0) return '';
  return count > 99 ? '99+' : String(Math.floor(count));
}

/**
 * The favicon with the unread count on a red badge in its top right corner, as a data: URL of an
 * SVG; null for no unread messages (the plain icon then).
 */
export function badgedFavicon(count: number): string | null {
  const text = badgeText(count);
  if (!text) return null;
  const size = text.length === 1 ? 12 : text.length === 2 ? 10 : 7.5;
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">' +
    BUBBLE +
    '<circle cx="16" cy="8" r="7.5" fill="#d32f2f" stroke="#fff" stroke-width="1"/>' +
    `<text x="16" y="8" fill="#fff" font-family="Roboto, Arial, sans-serif" font-weight="700" font-size="${size}" ` +
    `text-anchor="middle" dominant-baseline="central">${text}</text>` +
    '</svg>';
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}
