import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';

import { FileInfo, formatBytes } from '@chat/protocol';

import { FileTransferService } from './file-transfer.service';
import {
  canPreview,
  FileViewComponent,
  MAX_INLINE_AUDIO_BYTES,
  MAX_PREVIEW_BYTES,
} from './file-view.component';

const file = (over: Partial<FileInfo>): FileInfo => ({
  id: 'f1',
  name: 'cat.png',
  size: 2048,
  sha256: 'ab'.repeat(32),
  mime: 'image/png',
  ...over,
});

describe(FileViewComponent.name, () => {
  let fixture: ComponentFixture<FileViewComponent>;
  const files = {
    objectUrl: vi.fn(async (id: string) => `blob:${id}`),
    download: vi.fn(async () => undefined),
  };

  beforeEach(() => {
    files.objectUrl.mockClear();
    files.download.mockClear();
    TestBed.configureTestingModule({ providers: [{ provide: FileTransferService, useValue: files }] });
    fixture = TestBed.createComponent(FileViewComponent);
  });

  async function show(info: FileInfo): Promise<HTMLElement> {
    fixture.componentRef.setInput('file', info);
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('previews an image from its bytes fetched with the token', async () => {
    const el = await show(file({}));
    expect(el.querySelector('img')?.getAttribute('src')).toBe('blob:f1');
    expect(el.querySelector('img')?.getAttribute('alt')).toBe('cat.png');
  });

  it('plays audio (a shared music track) inline, from its bytes fetched with the token', async () => {
    const el = await show(file({ id: 'f9', name: 'morning-tea.m4a', mime: 'audio/mp4', size: 1_000_000 }));
    const audio = el.querySelector('audio');
    expect(audio?.getAttribute('src')).toBe('blob:f9');
    expect(audio?.hasAttribute('controls')).toBe(true);
    expect(audio?.getAttribute('aria-label')).toBe('morning-tea.m4a');
    expect(el.querySelector('img')).toBeNull();
  });

  it('does not fetch audio over the inline limit to play it', async () => {
    const el = await show(file({ id: 'f8', mime: 'audio/mp4', size: MAX_INLINE_AUDIO_BYTES + 1 }));
    expect(el.querySelector('audio')).toBeNull();
    expect(files.objectUrl).not.toHaveBeenCalled();
  });

  it('offers other files as a download, with name and size', async () => {
    const el = await show(
      file({ id: 'f2', name: 'notes.pdf', mime: 'application/pdf', size: 3 * 1024 * 1024 }),
    );
    expect(el.querySelector('img')).toBeNull();
    expect(files.objectUrl).not.toHaveBeenCalled();

    const button = await TestbedHarnessEnvironment.loader(fixture).getHarness(MatButtonHarness);
    expect(await button.getText()).toContain('notes.pdf (3.1 MB)');
    await button.click();
    expect(files.download).toHaveBeenCalledWith(expect.objectContaining({ id: 'f2' }));
  });

  it('offers an image over the preview limit as a download only, with name and size, never fetching it', async () => {
    const el = await show(
      file({ id: 'f3', name: 'huge.jpg', mime: 'image/jpeg', size: MAX_PREVIEW_BYTES + 1 }),
    );
    expect(el.querySelector('img')).toBeNull();
    expect(files.objectUrl).not.toHaveBeenCalled();
    const button = await TestbedHarnessEnvironment.loader(fixture).getHarness(MatButtonHarness);
    expect(await button.getText()).toContain('huge.jpg (10.5 MB)');
  });

  it('never shows an SVG inline: it can carry script', async () => {
    const el = await show(file({ id: 'f4', name: 'logo.svg', mime: 'image/svg+xml', size: 300 }));
    expect(el.querySelector('img')).toBeNull();
    expect(files.objectUrl).not.toHaveBeenCalled();
    const button = await TestbedHarnessEnvironment.loader(fixture).getHarness(MatButtonHarness);
    expect(await button.getText()).toContain('logo.svg (300 B)');
  });

  it('drops the preview when the file shown is no longer an image', async () => {
    await show(file({}));
    const el = await show(file({ id: 'f5', name: 'notes.txt', mime: 'text/plain' }));
    expect(el.querySelector('img')).toBeNull();
  });

  it.each<[string, Partial<FileInfo>, boolean]>([
    ['PNG', { mime: 'image/png' }, true],
    ['JPEG', { mime: 'image/jpeg' }, true],
    ['GIF', { mime: 'image/gif' }, true],
    ['WebP', { mime: 'image/webp' }, true],
    ['AVIF', { mime: 'image/avif' }, true],
    ['a mime type in capitals, with a parameter', { mime: 'Image/PNG; charset=binary' }, true],
    ['an image of exactly the limit', { mime: 'image/png', size: MAX_PREVIEW_BYTES }, true],
    ['an image one byte over the limit', { mime: 'image/png', size: MAX_PREVIEW_BYTES + 1 }, false],
    ['SVG', { mime: 'image/svg+xml' }, false],
    ['SVG with a parameter', { mime: 'image/svg+xml; charset=utf-8' }, false],
    ['an image type it does not know', { mime: 'image/x-unknown' }, false],
    ['HTML', { mime: 'text/html' }, false],
    ['no type', { mime: 'application/octet-stream' }, false],
  ])('previews %s: %s', (_case, over, expected) => {
    expect(canPreview(file(over))).toBe(expected);
  });

  it.each([
    [512, '512 B'],
    [2048, '2.0 kB'],
    [5 * 1024 * 1024, '5.2 MB'],
  ])('formats %d bytes as %s, as the CLI does (one format: formatBytes of @chat/protocol)', (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });
});
