import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';

import { FileInfo } from '@chat/protocol';

import { FileTransferService } from './file-transfer.service';
import { FileViewComponent, formatBytes } from './file-view.component';

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

  it('offers other files as a download, with name and size', async () => {
    const el = await show(
      file({ id: 'f2', name: 'notes.pdf', mime: 'application/pdf', size: 3 * 1024 * 1024 }),
    );
    expect(el.querySelector('img')).toBeNull();
    expect(files.objectUrl).not.toHaveBeenCalled();

    const button = await TestbedHarnessEnvironment.loader(fixture).getHarness(MatButtonHarness);
    expect(await button.getText()).toContain('notes.pdf (3.0 MB)');
    await button.click();
    expect(files.download).toHaveBeenCalledWith(expect.objectContaining({ id: 'f2' }));
  });

  it.each([
    [512, '512 B'],
    [2048, '2.0 KB'],
    [5 * 1024 * 1024, '5.0 MB'],
  ])('formats %d bytes as %s', (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });
});
