import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';

import { DEFAULT_LIMITS } from '@chat/protocol';

import { AnnouncementsPageComponent } from './announcements-page.component';

/** Lets the page's promise chains run, then renders. */
async function settled(fixture: ComponentFixture<unknown>): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve));
  await fixture.whenStable();
}

describe(AnnouncementsPageComponent.name, () => {
  let fixture: ComponentFixture<AnnouncementsPageComponent>;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        // jsdom runs no CSS animations: the snack bar must not wait for them.
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AnnouncementsPageComponent);
    await settled(fixture);
  });

  afterEach(() => http.verify());

  const loader = () => TestbedHarnessEnvironment.loader(fixture);
  const root = () => TestbedHarnessEnvironment.documentRootLoader(fixture);
  const text = () => loader().getHarness(MatInputHarness.with({ selector: 'textarea' }));
  const send = () => loader().getHarness(MatButtonHarness.with({ text: /Send/ }));

  it('sends the text, confirms it and empties the field', async () => {
    await (await text()).setValue('  The server restarts at 22:00 ');
    await (await send()).click();
    await settled(fixture);

    const req = http.expectOne('/api/admin/announce');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ text: 'The server restarts at 22:00' });
    req.flush(null, { status: 204, statusText: 'No Content' });
    await settled(fixture);

    const snack = await root().getHarness(MatSnackBarHarness);
    expect(await snack.getMessage()).toBe('Announcement sent');
    expect(await (await text()).getValue()).toBe('');
    expect(await (await send()).isDisabled()).toBe(true);
    const formField = await loader().getHarness(
      MatFormFieldHarness.with({ floatingLabelText: /Announcement/ }),
    );
    expect(await formField.hasErrors()).toBe(false); // emptied, but not shown as an error
    expect(await formField.getTextHints()).toContain(`0 / ${DEFAULT_LIMITS.text}`);
  });

  it("shows the server's error and keeps the text to send again", async () => {
    await (await text()).setValue('hello');
    await (await send()).click();
    await settled(fixture);

    http
      .expectOne('/api/admin/announce')
      .flush(
        { statusCode: 403, code: 'FORBIDDEN', message: 'Only admins may do that' },
        { status: 403, statusText: 'Forbidden' },
      );
    await settled(fixture);

    const snack = await root().getHarness(MatSnackBarHarness);
    expect(await snack.getMessage()).toBe('Only admins may do that');
    expect(await snack.getActionDescription()).toBe('Dismiss');
    expect(await (await text()).getValue()).toBe('hello');
    expect(await (await send()).isDisabled()).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['blank', '   \n '],
  ])('cannot send an %s announcement', async (_case, value) => {
    await (await text()).setValue(value);
    expect(await (await send()).isDisabled()).toBe(true);
  });

  it(`counts the characters up to the protocol's limit of ${DEFAULT_LIMITS.text}`, async () => {
    await (await text()).setValue('hello');
    const formField = await loader().getHarness(
      MatFormFieldHarness.with({ floatingLabelText: /Announcement/ }),
    );
    expect(await formField.getTextHints()).toContain(`5 / ${DEFAULT_LIMITS.text}`);
  });
});
