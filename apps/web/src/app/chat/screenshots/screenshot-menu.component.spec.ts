import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatMenuHarness } from '@angular/material/menu/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';

import { AttachmentSender } from '../attachment-sender.service';
import { CaptureError, ScreenCapture } from './screen-capture.service';
import { ScreenshotMenuComponent } from './screenshot-menu.component';

/** The capture itself is ScreenCapture's (its own spec); here it gives a file or fails. */
class FakeCapture {
  public result: File | Error = new File(['png'], 'window-20261202-091500.png', { type: 'image/png' });
  public calls: string[] = [];
  public window = (): Promise<File> => this.give('window');
  public entireScreen = (): Promise<File> => this.give('screen');
  private give(kind: string): Promise<File> {
    this.calls.push(kind);
    return this.result instanceof Error ? Promise.reject(this.result) : Promise.resolve(this.result);
  }
}

describe(ScreenshotMenuComponent.name, () => {
  let fixture: ComponentFixture<ScreenshotMenuComponent>;
  let http: HttpTestingController;
  let capture: FakeCapture;

  beforeEach(() => {
    capture = new FakeCapture();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: ScreenCapture, useValue: capture },
        { provide: AttachmentSender, useValue: { sendPicture: () => undefined } },
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ScreenshotMenuComponent);
  });
  afterEach(() => http.verify());

  const settled = async (): Promise<void> => {
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    await fixture.whenStable();
  };
  async function choose(item: string): Promise<void> {
    const menu = await TestbedHarnessEnvironment.loader(fixture).getHarness(MatMenuHarness);
    await menu.open();
    await menu.clickItem({ text: new RegExp(item) });
    await settled();
  }
  const snackText = async (): Promise<string> =>
    (await TestbedHarnessEnvironment.documentRootLoader(fixture).getHarness(MatSnackBarHarness)).getMessage();

  it('offers This window, Entire screen and Snapshots', async () => {
    const menu = await TestbedHarnessEnvironment.loader(fixture).getHarness(MatMenuHarness);
    await menu.open();
    const items = await Promise.all((await menu.getItems()).map((i) => i.getText()));
    // Each item's text starts with its icon's ligature.
    expect(items).toEqual([
      expect.stringMatching(/This window$/),
      expect.stringMatching(/Entire screen$/),
      expect.stringMatching(/Snapshots$/),
    ]);
  });

  it('This window saves the shot to Snapshots and says so', async () => {
    await choose('This window');
    const req = http.expectOne({ method: 'POST', url: '/api/snapshots' });
    expect((req.request.body as FormData).get('file')).toBeInstanceOf(File);
    req.flush({ id: 's1' });
    await settled();
    expect(capture.calls).toEqual(['window']);
    expect(await snackText()).toBe('Saved to Snapshots');
  });

  it('a refused Entire screen shows the capture’s own message and uploads nothing', async () => {
    capture.result = new CaptureError('Screen capture was not allowed.');
    await choose('Entire screen');
    expect(capture.calls).toEqual(['screen']);
    expect(await snackText()).toBe('Screen capture was not allowed.');
  });

  it('a full folder is reported with the server’s reason', async () => {
    await choose('This window');
    http
      .expectOne({ method: 'POST', url: '/api/snapshots' })
      .flush(
        { statusCode: 409, code: 'QUOTA_EXCEEDED', message: 'Snapshots is full (500): delete some first' },
        { status: 409, statusText: 'Conflict' },
      );
    await settled();
    expect(await snackText()).toContain('Not saved: Snapshots is full');
  });
});
