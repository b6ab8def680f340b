import { ComponentFixture, TestBed } from '@angular/core/testing';

import { ConnectionState } from '../core/chat-socket.service';
import { ConnectionBannerComponent } from './connection-banner.component';

describe(ConnectionBannerComponent.name, () => {
  let fixture: ComponentFixture<ConnectionBannerComponent>;

  const show = async (state: ConnectionState): Promise<HTMLElement> => {
    fixture.componentRef.setInput('state', state);
    await fixture.whenStable();
    return (fixture.nativeElement as HTMLElement).querySelector<HTMLElement>('[role=status]')!;
  };

  beforeEach(() => {
    fixture = TestBed.createComponent(ConnectionBannerComponent);
  });

  it.each<[ConnectionState, string, boolean]>([
    ['online', 'Connected', false],
    ['connecting', 'Connecting…', true],
    ['reconnecting', 'Connection lost. Reconnecting… You can send again once it is back.', true],
    ['stopped', 'Offline', true],
  ])('says %s as "%s" in one live region, a banner while down', async (state, text, banner) => {
    const status = await show(state);
    // What a screen reader says: the icon is aria-hidden.
    const said = status.cloneNode(true) as HTMLElement;
    said.querySelectorAll('[aria-hidden=true]').forEach((e) => e.remove());
    expect(said.textContent?.replace(/\s+/g, ' ').trim()).toBe(text);
    expect(status.classList.contains('down')).toBe(banner);
    expect((fixture.nativeElement as HTMLElement).querySelectorAll('[role=status]').length).toBe(1);
  });
});
