import { ComponentFixture, TestBed } from '@angular/core/testing';

import { ChatMessage, Conversation } from './conversation';
import { MessageListComponent } from './message-list.component';

const message = (id: string, text: string): ChatMessage => ({
  id,
  ts: '2030-01-01T10:00:00.000Z',
  from: 'bob',
  mine: false,
  text,
  state: 'sent',
});

const conversation = (messages: ChatMessage[]): Conversation => ({
  key: '*',
  kind: 'all',
  members: [],
  title: 'Everyone',
  messages,
  unread: 0,
  hasMore: false,
  historyLoaded: true,
  loading: false,
});

describe(MessageListComponent.name, () => {
  let fixture: ComponentFixture<MessageListComponent>;

  async function show(...texts: string[]): Promise<HTMLElement[]> {
    fixture = TestBed.createComponent(MessageListComponent);
    fixture.componentRef.setInput('conversation', conversation(texts.map((t, i) => message(`m${i}`, t))));
    await fixture.whenStable();
    return [...(fixture.nativeElement as HTMLElement).querySelectorAll<HTMLElement>('p.text')];
  }

  it('shows the 20 emoji inside text as pictures, and the text around them as it is', async () => {
    const [p] = await show('so 😂,\n  I ❤️ it 🦄');

    const pictures = [...p.querySelectorAll('img')];
    expect(pictures.map((img) => [img.getAttribute('src'), img.alt, img.title])).toEqual([
      ['emoji/1f602.svg', '😂', 'tears of joy'],
      ['emoji/2764.svg', '❤️', 'red heart'],
    ]);
    expect(p.textContent).toBe('so ,\n  I  it 🦄'); // the unknown emoji stays text
    expect(p.classList).not.toContain('single-emoji');
  });

  it('shows a message that is one emoji alone larger', async () => {
    const [alone, twice] = await show('👍', '👍👍');
    expect(alone.classList).toContain('single-emoji');
    expect(twice.classList).not.toContain('single-emoji');
  });

  it('shows markup in a message as text', async () => {
    const [p] = await show('<img src=x onerror=alert(1)> 😀');
    expect(p.textContent).toBe('<img src=x onerror=alert(1)> ');
    expect([...p.querySelectorAll('img')].map((img) => img.alt)).toEqual(['😀']);
  });
});
