import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog } from '@angular/material/dialog';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatMenuHarness } from '@angular/material/menu/testing';

import { GamesMenuComponent } from './games-menu.component';

describe(GamesMenuComponent.name, () => {
  let fixture: ComponentFixture<GamesMenuComponent>;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(GamesMenuComponent);
    fixture.detectChanges();
    await fixture.whenStable();
  });

  afterEach(() => TestBed.inject(MatDialog).closeAll());

  const loader = () => TestbedHarnessEnvironment.loader(fixture);
  const dialogs = () =>
    TestbedHarnessEnvironment.documentRootLoader(fixture).getAllHarnesses(MatDialogHarness);

  it('is one "Games" button with the two games', async () => {
    expect(fixture.nativeElement.querySelector('button').getAttribute('aria-label')).toBe('Games');
    const menu = await loader().getHarness(MatMenuHarness);
    await menu.open();
    const items = await menu.getItems();
    // The icons' ligatures are part of the text, not of the accessible name (they are aria-hidden).
    expect(await Promise.all(items.map((i) => i.getText()))).toEqual([
      'keyboardSnake',
      'back_handHand snake',
    ]);
  });

  it('opens Snake in a dialog', async () => {
    const menu = await loader().getHarness(MatMenuHarness);
    await menu.clickItem({ text: /Snake$/ });
    const [dialog] = await dialogs();
    expect(await dialog.getTitleText()).toBe('Snake');
    http.expectOne('/api/games/snake/scores');
  });

  it('loads the hand snake when it is picked', async () => {
    const menu = await loader().getHarness(MatMenuHarness);
    await menu.clickItem({ text: /Hand snake$/ });
    await vi.waitFor(async () => expect(await dialogs()).toHaveLength(1));
    expect(await (await dialogs())[0].getTitleText()).toBe('Hand snake');
  });
});
