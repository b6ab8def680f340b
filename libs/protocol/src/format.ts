/**
 * 1 B, 1.5 kB, 12.3 MB: a size for people, in decimal units as storage is sold and as the
 * operating systems' file managers mostly show it. One format for the web client and the CLI.
 */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}
