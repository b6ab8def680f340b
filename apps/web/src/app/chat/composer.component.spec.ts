import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatMenuHarness } from '@angular/material/menu/testing';

import { ComposerComponent } from './composer.component';
import { EMOJI } from './emoji';

describe(ComposerComponent.name, () => {
  let fixture: ComponentFixture<ComposerComponent>;
  let sent: string[];
  let emoji: string[];

  beforeEach(() => {
    fixture = TestBed.createComponent(ComposerComponent);
    sent = [];
    emoji = [];
    fixture.componentInstance.send.subscribe((t) => sent.push(t));
    fixture.componentInstance.emoji.subscribe((e) => emoji.push(e));
  });

  const loader = () => TestbedHarnessEnvironment.loader(fixture);
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
});
