import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog } from '@angular/material/dialog';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatSlideToggleHarness } from '@angular/material/slide-toggle/testing';

import { FakeCanvas } from '../../../testing/fake-canvas';
import { FakeMediaBrowser } from '../../../testing/fake-media';
import { MEDIA_BROWSER } from './media-devices';
import { openSelfieDialog, SelfieDialogComponent } from './selfie-dialog.component';

/** Something to open the dialog from, and to hang the harness loaders on. */
@Component({ selector: 'chat-test-host', template: '', changeDetection: ChangeDetectionStrategy.OnPush })
class HostComponent {}

describe(SelfieDialogComponent.name, () => {
  let fixture: ComponentFixture<HostComponent>;
  let media: FakeMediaBrowser;
  let canvas: FakeCanvas;
  let result: File | undefined | null;

  beforeEach(() => {
    media = new FakeMediaBrowser();
    canvas = new FakeCanvas().install(1280, 720);
    TestBed.configureTestingModule({
      providers: [
        { provide: MEDIA_BROWSER, useValue: media },
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    fixture = TestBed.createComponent(HostComponent);
    result = null; // not closed yet
  });

  afterEach(() => canvas.restore());

  const settled = async (): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  };

  async function open() {
    openSelfieDialog(TestBed.inject(MatDialog)).subscribe((file) => (result = file));
    await settled();
    const dialog = await TestbedHarnessEnvironment.documentRootLoader(fixture).getHarness(MatDialogHarness);
    const button = (text: RegExp) => dialog.getHarness(MatButtonHarness.with({ text }));
    const buttons = async () =>
      Promise.all((await dialog.getAllHarnesses(MatButtonHarness)).map((b) => b.getText()));
    const video = document.querySelector('chat-selfie-dialog video') as HTMLVideoElement;
    const capture = async () => {
      await (await button(/Capture/)).click();
      await settled();
    };
    return { dialog, button, buttons, video, capture };
  }

  const preview = () => document.querySelector('chat-selfie-dialog img')?.getAttribute('src');
  /** The alert's words (its icon is aria-hidden). */
  const alert = () => document.querySelector('chat-selfie-dialog [role=alert] span')?.textContent?.trim();

  it('shows the front camera mirrored, and Capture takes the frame at the camera’s size, mirrored as shown', async () => {
    const d = await open();
    expect(await d.dialog.getTitleText()).toBe('Take a selfie');
    expect(media.streams[0].constraints.video).toMatchObject({ facingMode: 'user' });
    expect(d.video.srcObject).toBe(media.streams[0]);
    expect(d.video.classList).toContain('mirrored');
    expect(
      await (await d.dialog.getHarness(MatSlideToggleHarness.with({ label: 'Mirror' }))).isChecked(),
    ).toBe(true);

    await d.capture();
    expect(canvas.calls).toEqual(['translate(1280,0)', 'scale(-1,1)', 'drawImage(1280×720)']);
    expect(preview()).toBe('blob:fake-1');
    expect(await d.buttons()).toEqual([
      expect.stringMatching(/Retake$/),
      expect.stringMatching(/Save$/),
      expect.stringMatching(/Send picture$/),
    ]);
  });

  it('with Mirror off shows and captures what the camera sees', async () => {
    const d = await open();
    await (await d.dialog.getHarness(MatSlideToggleHarness.with({ label: 'Mirror' }))).toggle();
    expect(d.video.classList).not.toContain('mirrored');
    await d.capture();
    expect(canvas.calls).toEqual(['drawImage(1280×720)']);
  });

  it('captures on Q too, but not with a modifier held', async () => {
    const d = await open();
    await (await d.dialog.host()).sendKeys({ control: true }, 'q');
    await settled();
    expect(preview()).toBeUndefined();
    await (await d.dialog.host()).sendKeys('Q');
    await settled();
    expect(preview()).toBe('blob:fake-1');
  });

  it('sends the picture as a JPEG named selfie-YYYYMMDD-HHMMSS.jpg, and the camera stops', async () => {
    const d = await open();
    await d.capture();
    await (await d.button(/Send picture/)).click();
    await settled();
    expect(result?.name).toMatch(/^selfie-\d{8}-\d{6}\.jpg$/);
    expect(result?.type).toBe('image/jpeg');
    expect(result?.size).toBe(new Blob(['1280×720']).size); // the frame at the camera's size
    expect(media.anyLive).toBe(false);
    expect(canvas.revoked).toEqual(['blob:fake-1']);
  });

  it('saves the picture as a download under that name', async () => {
    const clicked: HTMLAnchorElement[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(this);
    });
    const d = await open();
    await d.capture();
    await (await d.button(/Save/)).click();
    click.mockRestore();
    expect(clicked.map((a) => [a.getAttribute('href'), a.download])).toEqual([
      ['blob:fake-1', expect.stringMatching(/^selfie-\d{8}-\d{6}\.jpg$/)],
    ]);
    expect(result).toBeNull(); // still open
  });

  it('goes back to the live camera on Retake, letting the picture go', async () => {
    const d = await open();
    await d.capture();
    await (await d.button(/Retake/)).click();
    expect(canvas.revoked).toEqual(['blob:fake-1']);
    expect(preview()).toBeUndefined();
    expect(await (await d.button(/Capture/)).isDisabled()).toBe(false);
    expect(media.streams).toHaveLength(1); // the same camera, still running
    expect(media.anyLive).toBe(true);
  });

  it.each([
    ['NotAllowedError', /^Camera access was denied\. Allow the camera for this site/],
    ['NotFoundError', /^No camera was found\./],
    ['NotReadableError', /^The camera could not be started: another application may be using it\./],
  ])('says what went wrong when the camera fails with %s', async (name, text) => {
    media.refuse = name;
    const d = await open();
    expect(alert()).toMatch(text);
    expect(await (await d.button(/Capture/)).isDisabled()).toBe(true);
  });

  it('says so when the camera goes away', async () => {
    const d = await open();
    media.streams[0].tracks[0].lose();
    await settled();
    expect(alert()).toBe('The camera stopped. Close this and try again.');
    expect(await (await d.button(/Capture/)).isDisabled()).toBe(true);
  });

  it('stops the camera when closed without a picture', async () => {
    const d = await open();
    await (await d.button(/Cancel/)).click();
    await settled();
    expect(result).toBeUndefined();
    expect(media.anyLive).toBe(false);
  });

  it('lets a camera granted after the dialog closed go at once', async () => {
    media.holdPrompt = true;
    const d = await open();
    await (await d.button(/Cancel/)).click();
    await settled();
    media.grant();
    await settled();
    expect(media.streams).toHaveLength(1);
    expect(media.anyLive).toBe(false);
  });
});
