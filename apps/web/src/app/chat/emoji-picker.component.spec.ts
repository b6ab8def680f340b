import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatMenuHarness } from '@angular/material/menu/testing';

import { EMOJI } from './emoji';
import { EmojiPickerComponent } from './emoji-picker.component';

describe(EmojiPickerComponent.name, () => {
  let fixture: ComponentFixture<EmojiPickerComponent>;
  let picked: string[];

  beforeEach(async () => {
    fixture = TestBed.createComponent(EmojiPickerComponent);
    picked = [];
    fixture.componentInstance.picked.subscribe((char) => picked.push(char));
    await fixture.whenStable();
  });

  const menu = () =>
    TestbedHarnessEnvironment.loader(fixture).getHarness(
      MatMenuHarness.with({ triggerText: 'mood' }), // the trigger's icon
    );

  it('opens from a labelled button onto the 20 pictures, each named', async () => {
    const sut = await menu();
    expect(await (await sut.host()).getAttribute('aria-label')).toBe('Send an emoji');

    await sut.open();
    const items = await sut.getItems();
    expect(items).toHaveLength(20);
    for (const [i, item] of items.entries()) {
      const host = await item.host();
      expect(await host.getAttribute('aria-label')).toBe(EMOJI[i].name);
      expect(await host.getAttribute('title')).toBe(EMOJI[i].name);
    }
    // The pictures themselves, in the overlay: alt is the character, as a copy or a screen reader gets it.
    const pictures = [...document.querySelectorAll<HTMLImageElement>('.chat-emoji-menu img')];
    expect(pictures.map((img) => [img.getAttribute('src'), img.alt])).toEqual(
      EMOJI.map((e) => [`emoji/${e.file}`, e.char]),
    );
  });

  it('sends the Unicode character of the picture clicked, and closes', async () => {
    const sut = await menu();
    await sut.open();
    await (await sut.getItems())[19].click();

    expect(picked).toEqual(['❤️']);
    expect(await sut.isOpen()).toBe(false);
  });

  it('cannot be opened while disabled', async () => {
    fixture.componentRef.setInput('disabled', true);
    const sut = await menu();
    expect(await sut.isDisabled()).toBe(true);
  });
});
