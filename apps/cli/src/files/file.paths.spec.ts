import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { downloadTarget, guessMime, safeFileName, uniquePath } from './file.paths';

describe(safeFileName.name, () => {
  it.each([
    ['cat.png', 'cat.png'],
    ['../../etc/passwd', 'passwd'],
    ['/abs/path/x.txt', 'x.txt'],
    ['..\\..\\win.ini', 'win.ini'],
    ['..', 'f_1'],
    ['dir/', 'f_1'],
    ['', 'f_1'],
    ['bad\u001b[2Jname', 'bad[2Jname'],
  ])('%j → %j', (name, expected) => {
    expect(safeFileName(name, 'f_1')).toBe(expected);
  });
});

describe(uniquePath.name, () => {
  it.each<[string, string[], string]>([
    ['/d/cat.png', [], '/d/cat.png'],
    ['/d/cat.png', ['/d/cat.png'], '/d/cat (1).png'],
    ['/d/cat.png', ['/d/cat.png', '/d/cat (1).png'], '/d/cat (2).png'],
    ['/d/README', ['/d/README'], '/d/README (1)'],
    ['/d/a.tar.gz', ['/d/a.tar.gz'], '/d/a.tar (1).gz'],
  ])('%s with %j taken', (path, taken, expected) => {
    expect(uniquePath(path, (p) => taken.includes(p))).toBe(expected);
  });
});

describe(downloadTarget.name, () => {
  const fs = (existing: string[], dirs: string[] = []) => ({
    exists: (p: string) => existing.includes(p) || dirs.includes(p),
    isDirectory: (p: string) => dirs.includes(p),
  });
  it.each<[string | undefined, ReturnType<typeof fs>, string]>([
    [undefined, fs([]), join('/work', 'cat.png')],
    [undefined, fs(['/work/cat.png']), join('/work', 'cat (1).png')],
    ['out.png', fs([]), '/work/out.png'],
    ['/tmp/out.png', fs(['/tmp/out.png']), '/tmp/out (1).png'],
    ['sub', fs([], ['/work/sub']), '/work/sub/cat.png'],
    ['/dl', fs(['/dl/cat.png'], ['/dl']), '/dl/cat (1).png'],
  ])('requested %j', (requested, files, expected) => {
    expect(downloadTarget('/work', requested, 'cat.png', files)).toBe(expected);
  });
});

describe(guessMime.name, () => {
  it.each([
    ['a.PNG', 'image/png'],
    ['a.jpeg', 'image/jpeg'],
    ['notes.txt', 'text/plain'],
    ['voice.webm', 'video/webm'],
    ['data.bin', undefined],
    ['Makefile', undefined],
  ])('%s → %s', (name, expected) => {
    expect(guessMime(name)).toBe(expected);
  });
});
