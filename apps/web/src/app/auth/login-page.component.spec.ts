import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatButtonToggleHarness } from '@angular/material/button-toggle/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { provideRouter, Router } from '@angular/router';

import { ChatError } from '@chat/protocol';

import { describeError, LoginPageComponent } from './login-page.component';

/** Lets the component's promise chain (HTTP reply, then navigation) finish, then renders. */
async function settled(fixture: { whenStable(): Promise<unknown> }): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve));
  await fixture.whenStable();
}

describe(LoginPageComponent.name, () => {
  let http: HttpTestingController;

  async function setup() {
    sessionStorage.clear();
    TestBed.configureTestingModule({
      imports: [LoginPageComponent],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(LoginPageComponent);
    const loader = TestbedHarnessEnvironment.loader(fixture);
    const input = (label: string) =>
      loader.getHarness(MatInputHarness.with({ selector: `[formControlName=${label}]` }));
    return { fixture, loader, input };
  }

  afterEach(() => http.verify());

  it('logs in through the api and keeps the token in sessionStorage', async () => {
    const { loader, input, fixture } = await setup();
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);

    await (await input('username')).setValue('alice');
    await (await input('password')).setValue('correct horse');
    await (
      await loader.getHarness(MatButtonHarness.with({ text: 'Log in', selector: '[type=submit]' }))
    ).click();

    const req = http.expectOne('/api/auth/login');
    expect(req.request.body).toEqual({ username: 'alice', password: 'correct horse' });
    req.flush({ accessToken: 'jwt', user: { username: 'alice', role: 'user' } });
    await settled(fixture);

    expect(JSON.parse(sessionStorage.getItem('chat.session') ?? '{}')).toEqual({
      token: 'jwt',
      username: 'alice',
      role: 'user',
    });
    expect(navigate).toHaveBeenCalledWith('/');
  });

  it("shows the server's reason when a banned user logs in, with until when", async () => {
    const { loader, input, fixture } = await setup();

    await (await input('username')).setValue('mallory');
    await (await input('password')).setValue('whatever1');
    await (await loader.getHarness(MatButtonHarness.with({ selector: '[type=submit]' }))).click();
    http.expectOne('/api/auth/login').flush(
      {
        statusCode: 403,
        code: 'BANNED',
        message: 'You are banned',
        until: '2030-01-01T00:00:00.000Z',
        reason: 'spam',
      },
      { status: 403, statusText: 'Forbidden' },
    );
    await settled(fixture);

    const alert = (fixture.nativeElement as HTMLElement).querySelector('[role=alert]');
    expect(alert?.textContent).toContain('You are banned until');
    expect(alert?.textContent).toContain('(spam)');
  });

  it('registration asks for the password twice and refuses a mismatch without calling the server', async () => {
    const { loader, input, fixture } = await setup();
    await (await loader.getHarness(MatButtonToggleHarness.with({ text: 'Register' }))).check();

    await (await input('username')).setValue('alice');
    await (await input('password')).setValue('correct horse');
    await (await input('confirm')).setValue('correct horsf');
    await (await loader.getHarness(MatButtonHarness.with({ selector: '[type=submit]' }))).click();

    http.expectNone('/api/auth/register');
    expect((fixture.nativeElement as HTMLElement).textContent).toContain('The passwords differ');
  });

  it('registers then logs in; a taken name shows the server message', async () => {
    const { loader, input, fixture } = await setup();
    await (await loader.getHarness(MatButtonToggleHarness.with({ text: 'Register' }))).check();

    await (await input('username')).setValue('bob');
    await (await input('password')).setValue('correct horse');
    await (await input('confirm')).setValue('correct horse');
    await (await loader.getHarness(MatButtonHarness.with({ selector: '[type=submit]' }))).click();
    http
      .expectOne('/api/auth/register')
      .flush(
        { statusCode: 409, code: 'USER_EXISTS', message: 'That user name is taken' },
        { status: 409, statusText: 'Conflict' },
      );
    await settled(fixture);

    expect((fixture.nativeElement as HTMLElement).querySelector('[role=alert]')?.textContent).toContain(
      'That user name is taken',
    );
  });

  it('describes a ban without an end', () => {
    expect(describeError(new ChatError('BANNED', 'x', { until: null }))).toBe(
      'You are banned until further notice.',
    );
  });
});
