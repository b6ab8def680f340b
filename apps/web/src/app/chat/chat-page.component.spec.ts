import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSidenavHarness } from '@angular/material/sidenav/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';
import { provideRouter } from '@angular/router';

import { DEFAULT_LIMITS } from '@chat/protocol';

import { FakeMediaBrowser } from '../../testing/fake-media';
import { FakeWebSocket, LOGIN_OK } from '../../testing/fake-websocket';
import { WEBSOCKET_FACTORY } from '../core/chat-socket.service';
import { ClientConfigService } from '../core/client-config.service';
import { ChatPageComponent } from './chat-page.component';
import { ChatStore } from './chat-store.service';
import { MEDIA_BROWSER } from './media/media-devices';

async function settled(fixture: ComponentFixture<unknown>): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve));
  await fixture.whenStable();
}

describe(ChatPageComponent.name, () => {
  let fixture: ComponentFixture<ChatPageComponent>;
  let ws: FakeWebSocket;
  let media: FakeMediaBrowser;

  beforeEach(async () => {
    media = new FakeMediaBrowser();
    FakeWebSocket.reset();
    sessionStorage.setItem('chat.session', JSON.stringify({ token: 't', username: 'alice', role: 'user' }));
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        { provide: WEBSOCKET_FACTORY, useValue: (url: string) => new FakeWebSocket(url) },
        { provide: MEDIA_BROWSER, useValue: media },
        {
          provide: ClientConfigService,
          useValue: {
            wsUrl: async () => 'ws://test/ws',
            limits: async () => ({ ...DEFAULT_LIMITS, voiceSec: 120 }),
          },
        },
      ],
    });
    fixture = TestBed.createComponent(ChatPageComponent);
    fixture.detectChanges();
    await settled(fixture);
    ws = FakeWebSocket.latest();
    ws.open();
    ws.ok('login', LOGIN_OK);
    await settled(fixture);
    ws.ok('history', { messages: [] });
    await settled(fixture);
  });

  afterEach(() => TestBed.inject(ChatStore).reset());

  const loader = () => TestbedHarnessEnvironment.loader(fixture);
  const documentLoader = () => TestbedHarnessEnvironment.documentRootLoader(fixture);
  const text = () => (fixture.nativeElement as HTMLElement).textContent ?? '';

  it('shows the connection state and the online count on the Users button, which hides and shows the list', async () => {
    expect(text()).toContain('Connected');
    const users = await loader().getHarness(MatButtonHarness.with({ text: /Users \(2\)/ }));
    const panel = await loader().getHarness(MatSidenavHarness.with({ selector: '#online-users' }));
    expect(await panel.isOpen()).toBe(true);

    await users.click();
    expect(await panel.isOpen()).toBe(false);
    await users.click();
    expect(await panel.isOpen()).toBe(true);
  });

  it('shows messages as they come, own ones apart', async () => {
    ws.receive({
      type: 'message',
      seq: 41,
      msgId: 'm41',
      ts: new Date().toISOString(),
      from: 'bob',
      to: '*',
      kind: 'all',
      text: 'hi alice',
    });
    ws.receive({
      type: 'message',
      seq: 42,
      msgId: 'm42',
      ts: new Date().toISOString(),
      from: 'alice',
      to: '*',
      kind: 'all',
      text: 'hi bob',
    });
    await settled(fixture);

    const articles = [...(fixture.nativeElement as HTMLElement).querySelectorAll('article.message')];
    expect(
      articles.map((a) => [a.querySelector('.text')?.textContent, a.classList.contains('mine')]),
    ).toEqual([
      ['hi alice', false],
      ['hi bob', true],
    ]);
    expect(text()).toContain('Today');
  });

  it("shows an own message sending, then failed with the server's reason, and Retry sends it again", async () => {
    await (await loader().getHarness(MatInputHarness)).setValue('too fast');
    await (await loader().getHarness(MatButtonHarness.with({ selector: '[aria-label="Send"]' }))).click();
    const own = () => (fixture.nativeElement as HTMLElement).querySelector('article.mine');
    expect(own()?.getAttribute('data-state')).toBe('sending');
    expect(own()?.textContent).toContain('Sending');

    ws.error('send', 'RATE_LIMITED', 'Too many messages; slow down', { retryAfterMs: 100 });
    await settled(fixture);
    expect(own()?.getAttribute('data-state')).toBe('failed');
    expect(own()?.textContent).toContain('Too many messages; slow down');

    await (await loader().getHarness(MatButtonHarness.with({ text: 'Retry' }))).click();
    expect(ws.lastSent('send')).toMatchObject({ to: '*', text: 'too fast' });
    ws.ok('send', { seq: 43, ts: new Date().toISOString(), msgId: 'm43' });
    await settled(fixture);
    expect(own()?.getAttribute('data-state')).toBe('sent');
    expect(own()?.querySelector('footer')).toBeNull(); // delivered: no status to read
  });

  it('says when the user was banned, by whom, why and until when, instead of the chat', async () => {
    ws.receive({ type: 'banned', by: 'admin', reason: 'spam', until: null });
    await settled(fixture);

    expect(text()).toContain('You are banned');
    expect(text()).toContain('Banned by admin until further notice: spam.');
    expect((fixture.nativeElement as HTMLElement).querySelector('chat-composer')).toBeNull();
  });

  it('says when the user was kicked', async () => {
    ws.receive({ type: 'kicked', by: 'admin', reason: 'calm down' });
    await settled(fixture);
    expect(text()).toContain('Kicked by admin: calm down.');
  });

  it('pops a notice up and keeps it in the side panel', async () => {
    ws.receive({ type: 'notice', text: 'bob was muted by admin' });
    await settled(fixture);
    expect(document.body.textContent).toContain('bob was muted by admin');
    expect((fixture.nativeElement as HTMLElement).querySelector('.notices')?.textContent).toContain(
      'bob was muted by admin',
    );
  });

  it('lists joins and leaves in the side panel without popping them up', async () => {
    ws.receive({ type: 'presence', user: 'carol', status: 'online', count: 3 });
    ws.receive({ type: 'presence', user: 'bob', status: 'offline', count: 2 });
    await settled(fixture);

    const notices = (fixture.nativeElement as HTMLElement).querySelector('.notices')?.textContent;
    expect(notices).toContain('carol joined');
    expect(notices).toContain('bob left');
    expect(await documentLoader().getAllHarnesses(MatSnackBarHarness)).toEqual([]);
  });

  it("pops up the server's notice that comes with a leave", async () => {
    ws.receive({ type: 'notice', text: 'bob was kicked by admin' });
    ws.receive({ type: 'presence', user: 'bob', status: 'offline', count: 1 });
    await settled(fixture);

    const [snackBar] = await documentLoader().getAllHarnesses(MatSnackBarHarness);
    expect(await snackBar.getMessage()).toBe('bob was kicked by admin');
  });

  it('shows the reconnecting state when the connection drops', async () => {
    ws.drop();
    await settled(fixture);
    expect(text()).toContain('Reconnecting');
  });

  it('uploads a voice message recorded in the composer to the media route, and sends it as a player', async () => {
    await (
      await loader().getHarness(MatButtonHarness.with({ selector: '[aria-label="Record a voice message"]' }))
    ).click();
    await settled(fixture);
    expect(text()).toContain('stops and is sent by itself at 2:00'); // the server's limit
    await (
      await loader().getHarness(MatButtonHarness.with({ selector: '[aria-label="Stop and send"]' }))
    ).click();
    await settled(fixture);

    const upload = TestBed.inject(HttpTestingController).expectOne('/api/media/voice');
    expect(text()).toContain('Sending voice message');
    upload.flush(
      {
        fileId: 'v1',
        name: 'voice.ogg',
        size: 800,
        sha256: 'ab'.repeat(32),
        mime: 'audio/ogg',
        media: { kind: 'voice', durationMs: 2000, waveform: new Array(64).fill(50) },
      },
      { status: 201, statusText: 'Created' },
    );
    await settled(fixture);
    expect(ws.lastSent('send')).toMatchObject({ to: '*', fileId: 'v1' });
    const own = (fixture.nativeElement as HTMLElement).querySelector('article.mine');
    expect(own?.getAttribute('data-state')).toBe('sending');
    expect(own?.querySelector('chat-voice-player .time')?.textContent?.trim()).toBe('0:02');
  });
});
