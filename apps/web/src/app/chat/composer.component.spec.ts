import { TestKey } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatAutocompleteHarness } from '@angular/material/autocomplete/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatMenuHarness } from '@angular/material/menu/testing';

import { FakeCanvas } from '../../testing/fake-canvas';
import { FakeMediaBrowser } from '../../testing/fake-media';
import { UploadState } from './attachment-sender.service';
import { ComposerComponent } from './composer.component';
import { EMOJI } from './emoji';
import { MEDIA_BROWSER } from './media/media-devices';

describe(ComposerComponent.name, () => {
  let fixture: ComponentFixture<ComposerComponent>;
  let sent: string[];
  let emoji: string[];
  let voices: File[];
  let pictures: File[];
  let media: FakeMediaBrowser;

  beforeEach(() => {
    media = new FakeMediaBrowser();
    TestBed.configureTestingModule({
      providers: [
        { provide: MEDIA_BROWSER, useValue: media },
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    fixture = TestBed.createComponent(ComposerComponent);
    sent = [];
    emoji = [];
    voices = [];
    pictures = [];
    fixture.componentInstance.send.subscribe((t) => sent.push(t));
    fixture.componentInstance.emoji.subscribe((e) => emoji.push(e));
    fixture.componentInstance.voice.subscribe((f) => voices.push(f));
    fixture.componentInstance.picture.subscribe((f) => pictures.push(f));
  });

  const loader = () => TestbedHarnessEnvironment.loader(fixture);
  const button = (label: string) =>
    loader().getHarness(MatButtonHarness.with({ selector: `[aria-label="${label}"]` }));
  const has = async (label: string) =>
    (await loader().getAllHarnesses(MatButtonHarness.with({ selector: `[aria-label="${label}"]` }))).length >
    0;
  const el = () => fixture.nativeElement as HTMLElement;
  const settled = async (): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  };
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const textarea = () =>
    (fixture.nativeElement as HTMLElement).querySelector('textarea') as HTMLTextAreaElement;
  const press = (init: KeyboardEventInit) =>
    textarea().dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true, ...init }),
    );

  it('Enter sends and clears; Shift+Enter does not send', async () => {
    const input = await loader().getHarness(MatInputHarness);
    await input.setValue('first line');

    const shift = press({ shiftKey: true });
    expect(shift).toBe(true); // not prevented: the textarea breaks the line
    expect(sent).toEqual([]);

    press({});
    expect(sent).toEqual(['first line']);
    expect(await input.getValue()).toBe('');
  });

  it('does not send blank text', async () => {
    await (await loader().getHarness(MatInputHarness)).setValue('   ');
    await (await loader().getHarness(MatButtonHarness.with({ selector: '[aria-label=Send]' }))).click();
    expect(sent).toEqual([]);
  });

  it('when muted says until when and disables sending', async () => {
    fixture.componentRef.setInput('muted', { until: '2030-01-01T10:00:00.000Z', reason: 'flooding' });
    await fixture.whenStable();

    const text = (fixture.nativeElement as HTMLElement).textContent ?? '';
    expect(text).toContain('You are muted until');
    expect(text).toContain('(flooding)');
    expect(
      await (
        await loader().getHarness(MatButtonHarness.with({ selector: '[aria-label=Send]' }))
      ).isDisabled(),
    ).toBe(true);
  });

  it('offers 20 emoji, and one click sends one', async () => {
    const menu = await loader().getHarness(MatMenuHarness);
    await menu.open();
    const items = await menu.getItems();
    expect(items).toHaveLength(20);

    await items[17].click();
    expect(emoji).toEqual([EMOJI[17].char]);
  });

  describe('mentions', () => {
    const completer = async (): Promise<MatAutocompleteHarness> => {
      fixture.componentRef.setInput('people', ['bob', 'alice', 'Albert', 'carol']);
      return loader().getHarness(MatAutocompleteHarness);
    };
    const optionTexts = async (harness: MatAutocompleteHarness): Promise<string[]> =>
      Promise.all((await harness.getOptions()).map((o) => o.getText()));

    it('offers the names that start with what follows the @, and none inside an address', async () => {
      const harness = await completer();
      await harness.enterText('hi @AL');
      expect(await optionTexts(harness)).toEqual(['@alice', '@Albert']);

      await harness.clear();
      await harness.enterText('mail bob@al');
      expect(await harness.isOpen()).toBe(false);
    });

    it('Enter picks the highlighted name and sends nothing', async () => {
      const harness = await completer();
      await harness.enterText('hi @al');
      await (await harness.host()).sendKeys(TestKey.ENTER);

      expect(await harness.getValue()).toBe('hi @alice ');
      expect(textarea().selectionStart).toBe('hi @alice '.length);
      expect(sent).toEqual([]);
      expect(await harness.isOpen()).toBe(false);

      await (await harness.host()).sendKeys(TestKey.ENTER);
      expect(sent).toEqual(['hi @alice ']);
    });

    it('Tab picks the name the arrow keys are on, and keeps the focus', async () => {
      const harness = await completer();
      await harness.enterText('@al, see you');
      expect(await harness.isOpen()).toBe(false);
      const host = await harness.host();
      textarea().setSelectionRange(3, 3);
      await host.sendKeys(TestKey.LEFT_ARROW); // jsdom moves no caret: the selection above stands for it
      await settled();
      expect(await optionTexts(harness)).toEqual(['@alice', '@Albert']);

      await host.sendKeys(TestKey.DOWN_ARROW);
      await host.sendKeys(TestKey.TAB);

      expect(await harness.getValue()).toBe('@Albert , see you');
      expect(textarea().selectionStart).toBe('@Albert '.length);
      expect(document.activeElement).toBe(textarea());
    });

    it('after Escape, Enter sends what was typed', async () => {
      const harness = await completer();
      await harness.enterText('@al');
      const host = await harness.host();
      await host.sendKeys(TestKey.ESCAPE);
      await host.sendKeys(TestKey.ENTER);
      expect(sent).toEqual(['@al']);
    });
  });

  describe('voice messages', () => {
    const record = async (): Promise<void> => {
      await (await button('Record a voice message')).click();
      await settled();
    };

    it('turn the row into the recording bar; Stop and send hands the recording over', async () => {
      await record();
      expect(el().querySelector('textarea')).toBeNull();
      expect(el().querySelector('[role=timer]')?.textContent?.trim()).toBe('0:00');
      expect(el().querySelector('[role=status]')?.textContent).toContain(
        'stops and is sent by itself at 5:00',
      );
      expect(document.activeElement?.getAttribute('aria-label')).toBe('Stop and send');
      expect(await has('Cancel recording')).toBe(true);

      await (await button('Stop and send')).click();
      await settled();
      expect(voices.map((f) => [f.type, f.size])).toEqual([['audio/webm;codecs=opus', 1200]]);
      expect(media.anyLive).toBe(false);
      expect(el().querySelector('textarea')).not.toBeNull();
      expect(document.activeElement?.getAttribute('aria-label')).toBe('Record a voice message');
    });

    it('are thrown away on Cancel recording, and the microphone is let go', async () => {
      await record();
      await (await button('Cancel recording')).click();
      await settled();
      expect(voices).toEqual([]);
      expect(media.anyLive).toBe(false);
      expect(await has('Record a voice message')).toBe(true);
    });

    it('record up to the limit the server gives', async () => {
      fixture.componentRef.setInput('maxVoiceSec', 90);
      await record();
      expect(el().querySelector('[role=status]')?.textContent).toContain('at 1:30');
      expect(el().querySelector('[role=timer]')?.getAttribute('aria-label')).toBe(
        'Recorded 0:00 of at most 1:30',
      );
    });

    it('show the microphone level as it comes', async () => {
      await record();
      const meter = el().querySelector('[role=meter]') as HTMLElement;
      expect(meter.getAttribute('aria-label')).toBe('Microphone level');
      expect(meter.getAttribute('aria-valuenow')).toBe('0');
      media.contexts[0].analyser.amplitude = 0.5;
      await nextFrame();
      await nextFrame();
      expect(Number(meter.getAttribute('aria-valuenow'))).toBeGreaterThan(50);
    });

    it.each([
      [
        'NotAllowedError',
        "Microphone access was denied. Allow the microphone for this site in the browser's settings, then try again.",
      ],
      ['NotFoundError', 'No microphone was found. Connect one, then try again.'],
    ])('say why the microphone failed (%s)', async (name, text) => {
      media.refuse = name;
      await record();
      expect(el().querySelector('[role=alert] span')?.textContent?.trim()).toBe(text);
      expect(voices).toEqual([]);
      expect(el().querySelector('textarea')).not.toBeNull();
    });
  });

  it('takes a selfie in the camera dialog and hands the picture over', async () => {
    const canvas = new FakeCanvas().install(640, 480);
    try {
      await (await button('Take a selfie')).click();
      await settled();
      const dialog = await TestbedHarnessEnvironment.documentRootLoader(fixture).getHarness(MatDialogHarness);
      await (await dialog.getHarness(MatButtonHarness.with({ text: /Capture/ }))).click();
      await settled();
      await (await dialog.getHarness(MatButtonHarness.with({ text: /Send picture/ }))).click();
      await settled();
      expect(pictures.map((f) => f.type)).toEqual(['image/jpeg']);
      expect(media.anyLive).toBe(false);
    } finally {
      canvas.restore();
    }
  });

  it('offers neither a recording nor a selfie while muted', async () => {
    fixture.componentRef.setInput('muted', { until: null });
    await fixture.whenStable();
    expect(await (await button('Record a voice message')).isDisabled()).toBe(true);
    expect(await (await button('Take a selfie')).isDisabled()).toBe(true);
  });

  it('shows uploads under way and failed ones with Retry and Dismiss', async () => {
    const retried: number[] = [];
    const dismissed: number[] = [];
    fixture.componentInstance.retryUpload.subscribe((id) => retried.push(id));
    fixture.componentInstance.dismissUpload.subscribe((id) => dismissed.push(id));
    const uploads: UploadState[] = [
      {
        id: 1,
        what: 'Sending voice message',
        text: 'Processing voice message…',
        percent: null,
        failed: false,
        retryable: false,
      },
      { id: 2, what: 'picture', text: 'Picture not sent: no.', percent: 0, failed: true, retryable: true },
    ];
    fixture.componentRef.setInput('uploads', uploads);
    await fixture.whenStable();
    expect(
      [...el().querySelectorAll('.upload')].map((u) => [
        u.getAttribute('role'),
        u.querySelector('.text')?.textContent,
      ]),
    ).toEqual([
      ['status', 'Processing voice message…'],
      ['alert', 'Picture not sent: no.'],
    ]);
    await (await button('Retry sending picture')).click();
    await (await button('Dismiss')).click();
    expect([retried, dismissed]).toEqual([[2], [2]]);
  });
});
