import { TestKey } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialogHarness } from '@angular/material/dialog/testing';

import { FileInfo } from '@chat/protocol';

import { settle } from '../../../testing/logged-in-chat';
import { FileTransferService } from '../file-transfer.service';
import { pictureBox, PictureViewComponent } from './picture-view.component';

const pictureFile = (width = 1280, height = 720): FileInfo => ({
  id: 'p1',
  name: 'selfie-20261122-100000.jpg',
  size: 200_000,
  sha256: 'ab'.repeat(32),
  mime: 'image/jpeg',
  media: { kind: 'image', width, height, thumbId: 't1' },
});

describe(PictureViewComponent.name, () => {
  let fixture: ComponentFixture<PictureViewComponent>;
  let files: { objectUrl: ReturnType<typeof vi.fn>; download: ReturnType<typeof vi.fn> };

  beforeEach(() => {
    files = { objectUrl: vi.fn(async (id: string) => `blob:${id}`), download: vi.fn(async () => undefined) };
    TestBed.configureTestingModule({
      providers: [
        { provide: FileTransferService, useValue: files },
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    fixture = TestBed.createComponent(PictureViewComponent);
  });

  async function show(file: FileInfo): Promise<HTMLButtonElement> {
    fixture.componentRef.setInput('file', file);
    await fixture.whenStable();
    await settle();
    await fixture.whenStable();
    return (fixture.nativeElement as HTMLElement).querySelector('button') as HTMLButtonElement;
  }

  it('takes its box from the message before anything has loaded', async () => {
    files.objectUrl.mockReturnValue(new Promise(() => undefined)); // never comes
    const box = await show(pictureFile());
    expect(box.style.width).toBe('320px');
    expect(box.style.aspectRatio).toBe('1280 / 720');
    expect(box.querySelector('img')).toBeNull();
    expect(box.getAttribute('aria-label')).toBe('Open picture selfie-20261122-100000.jpg');
  });

  it('shows the thumbnail, and fetches nothing else', async () => {
    const box = await show(pictureFile());
    expect(box.querySelector('img')?.getAttribute('src')).toBe('blob:t1');
    expect(files.objectUrl.mock.calls).toEqual([['t1']]);
  });

  it('opens the full picture in a viewer with Download, which Escape closes', async () => {
    const root = TestbedHarnessEnvironment.documentRootLoader(fixture);
    (await show(pictureFile())).click(); // a plain button around the picture: no harness to ask
    await fixture.whenStable();
    const dialog = await root.getHarness(MatDialogHarness);
    expect(await dialog.getTitleText()).toBe('selfie-20261122-100000.jpg');
    await settle();
    await fixture.whenStable();
    const img = document.querySelector('chat-picture-viewer img');
    expect(img?.getAttribute('src')).toBe('blob:p1');
    expect(img?.getAttribute('alt')).toBe('selfie-20261122-100000.jpg');

    await (await dialog.getHarness(MatButtonHarness.with({ text: /Download/ }))).click();
    expect(files.download).toHaveBeenCalledWith(expect.objectContaining({ id: 'p1' }));

    await (await dialog.host()).sendKeys(TestKey.ESCAPE);
    expect(await root.getAllHarnesses(MatDialogHarness)).toEqual([]);
  });

  it('shows the thumbnail in the viewer until the full picture has come', async () => {
    const box = await show(pictureFile());
    files.objectUrl.mockReturnValue(new Promise(() => undefined));
    box.click();
    await fixture.whenStable();
    expect(document.querySelector('chat-picture-viewer img')?.getAttribute('src')).toBe('blob:t1');
  });

  it.each([
    ['a landscape picture', 1920, 1080, { width: 320, ratio: '1920 / 1080' }],
    ['a portrait picture', 1080, 1920, { width: 180, ratio: '1080 / 1920' }],
    ['a small picture, at its own size', 200, 100, { width: 200, ratio: '200 / 100' }],
    ['a picture without a size', 0, 0, { width: 1, ratio: '1 / 1' }],
  ])('sizes %s', (_case, width, height, box) => {
    expect(pictureBox({ width, height })).toEqual(box);
  });
});
