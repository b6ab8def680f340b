import { ComponentFixture, TestBed } from '@angular/core/testing';

import { FileInfo } from '@chat/protocol';

import { ChatMessage, Conversation } from './conversation';
import { FileTransferService } from './file-transfer.service';
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
  mentions: 0,
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

  describe('files', () => {
    const withFile = (id: string, file: Partial<FileInfo>): ChatMessage => ({
      ...message(id, ''),
      text: undefined,
      file: {
        id,
        name: `${id}.bin`,
        size: 100,
        sha256: 'ab'.repeat(32),
        mime: 'application/octet-stream',
        ...file,
      },
    });

    beforeEach(() => {
      TestBed.configureTestingModule({
        providers: [
          { provide: FileTransferService, useValue: { objectUrl: async (id: string) => `blob:${id}` } },
        ],
      });
    });

    it('shows a voice message as a player, a picture at its size, and any other file as before', async () => {
      fixture = TestBed.createComponent(MessageListComponent);
      fixture.componentRef.setInput(
        'conversation',
        conversation([
          withFile('v1', { mime: 'audio/ogg', media: { kind: 'voice', durationMs: 4000, waveform: [] } }),
          withFile('p1', {
            mime: 'image/jpeg',
            media: { kind: 'image', width: 640, height: 480, thumbId: 't1' },
          }),
          withFile('f1', { name: 'cat.png', mime: 'image/png' }),
          withFile('f2', { name: 'notes.pdf', mime: 'application/pdf' }),
        ]),
      );
      await fixture.whenStable();
      const articles = [...(fixture.nativeElement as HTMLElement).querySelectorAll('article')];
      expect(
        articles.map((a) =>
          a.querySelector('chat-voice-player, chat-picture-view, chat-file-view')?.tagName.toLowerCase(),
        ),
      ).toEqual(['chat-voice-player', 'chat-picture-view', 'chat-file-view', 'chat-file-view']);
      expect(articles[0].querySelector('button')?.getAttribute('aria-label')).toBe('Play voice message');
      expect(articles[1].querySelector('button')?.getAttribute('aria-label')).toBe('Open picture p1.bin');
    });
  });
});

describe(`${MessageListComponent.name}: call messages`, () => {
  const call = (id: string, info: ChatMessage['call']): ChatMessage => ({
    id,
    ts: '2030-01-01T10:00:00.000Z',
    from: 'alice',
    mine: false,
    call: info,
    state: 'sent',
  });

  it('shows a call as a line with an icon and its summary, not as text', async () => {
    const fixture = TestBed.createComponent(MessageListComponent);
    fixture.componentRef.setInput(
      'conversation',
      conversation([
        call('c1', { callId: 'a', media: 'video', outcome: 'answered', durationMs: 192_000 }),
        call('c2', { callId: 'b', media: 'video', outcome: 'missed', durationMs: 0 }),
        call('c3', { callId: 'c', media: 'audio', outcome: 'rejected', durationMs: 0 }),
      ]),
    );
    await fixture.whenStable();
    const lines = [...(fixture.nativeElement as HTMLElement).querySelectorAll<HTMLElement>('p.call')];
    expect(
      lines.map((p) => [
        p.querySelector('mat-icon')?.textContent?.trim(),
        p.querySelector('span')?.textContent,
      ]),
    ).toEqual([
      ['videocam', 'Video call, 3:12'],
      ['missed_video_call', 'Missed video call'],
      ['phone_missed', 'Declined voice call'],
    ]);
    expect(lines.map((p) => p.getAttribute('data-outcome'))).toEqual(['answered', 'missed', 'rejected']);
    expect((fixture.nativeElement as HTMLElement).querySelectorAll('p.text')).toHaveLength(0);
  });
});
