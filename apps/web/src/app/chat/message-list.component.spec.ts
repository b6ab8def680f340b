import { ComponentFixture, TestBed } from '@angular/core/testing';

import { FileInfo, nickColour } from '@chat/protocol';

import { ChatMessage, Conversation } from './conversation';
import { FileTransferService } from './file-transfer.service';
import { GROUP_GAP_MS, MessageListComponent, withDaySeparators } from './message-list.component';

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
  typing: [],
  receipts: {},
});

/** `rgb(r, g, b)` as `#rrggbb`. */
const hex = (rgb: string): string =>
  '#' +
  (rgb.match(/\d+/g) ?? [])
    .slice(0, 3)
    .map((n) => Number(n).toString(16).padStart(2, '0'))
    .join('');

describe(MessageListComponent.name, () => {
  let fixture: ComponentFixture<MessageListComponent>;

  async function show(...texts: string[]): Promise<HTMLElement[]> {
    fixture = TestBed.createComponent(MessageListComponent);
    fixture.componentRef.setInput('conversation', conversation(texts.map((t, i) => message(`m${i}`, t))));
    await fixture.whenStable();
    return [...(fixture.nativeElement as HTMLElement).querySelectorAll<HTMLElement>('.text')];
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

  describe('formatting', () => {
    const html = async (text: string, me = 'alice'): Promise<HTMLElement> => {
      fixture = TestBed.createComponent(MessageListComponent);
      fixture.componentRef.setInput('me', me);
      fixture.componentRef.setInput('conversation', conversation([message('m1', text)]));
      await fixture.whenStable();
      return (fixture.nativeElement as HTMLElement).querySelector<HTMLElement>('.text')!;
    };

    it('shows bold, italic, inline code, a code block and a quote', async () => {
      const text = await html('**bold** *it* `x = 1`\n\n```\nblock\n```\n\n> quoted');
      expect(text.querySelector('strong')?.textContent).toBe('bold');
      expect(text.querySelector('em')?.textContent).toBe('it');
      expect(text.querySelector('p > code')?.textContent).toBe('x = 1');
      expect(text.querySelector('pre > code')?.textContent).toBe('block\n');
      expect(text.querySelector('blockquote')?.textContent?.trim()).toBe('quoted');
    });

    it('makes a web address a link that opens apart and tells the site nothing of the chat', async () => {
      const text = await html('see https://example.org');
      const links = [...text.querySelectorAll('a')];
      expect(links.map((a) => [a.getAttribute('href'), a.target, a.rel, a.textContent])).toEqual([
        ['https://example.org', '_blank', 'noopener noreferrer', 'https://example.org'],
      ]);
    });

    it('shows a script and an image with onerror as text, never as elements', async () => {
      const text = await html('<script>alert(1)</script><img src=x onerror=alert(1)>');
      expect(text.querySelector('script, img')).toBeNull();
      expect(text.textContent).toBe('<script>alert(1)</script><img src=x onerror=alert(1)>');
    });

    it('makes no link of a javascript: or data: address', async () => {
      const text = await html('[a](javascript:alert(1)) <javascript:alert(1)> [b](data:text/html,x)');
      expect(text.querySelector('a')).toBeNull();
      expect(text.textContent).toContain('[a](javascript:alert(1))');
    });

    it('highlights mentions, and the reader’s own more', async () => {
      const text = await html('@bob look, @Alice is here', 'alice');
      const mentions = [...text.querySelectorAll('.mention')];
      expect(mentions.map((m) => [m.textContent, m.classList.contains('mention-me')])).toEqual([
        ['@bob', false],
        ['@Alice', true],
      ]);
    });
  });

  describe('groups', () => {
    const at = (id: string, from: string, minute: number, mine = false): ChatMessage => ({
      ...message(id, `text ${id}`),
      from,
      mine,
      ts: new Date(Date.UTC(2030, 0, 1, 10, minute)).toISOString(),
    });

    it('starts a group at a new sender, a new day or a pause of more than five minutes', () => {
      const items = withDaySeparators([
        at('a', 'bob', 0),
        at('b', 'Bob', 5),
        at('c', 'bob', 11),
        at('d', 'carol', 12),
        at('e', 'bob', 13),
        { ...at('f', 'bob', 13), ts: new Date(Date.UTC(2030, 0, 2, 10, 14)).toISOString() },
      ]);
      expect(items.map((i) => (i.kind === 'day' ? 'day' : `${i.key}${i.continues ? '+' : ''}`))).toEqual([
        'day',
        'a',
        'b+',
        'c',
        'd',
        'e',
        'day',
        'f',
      ]);
      expect(GROUP_GAP_MS).toBe(5 * 60_000);
    });

    it('shows the name and avatar once per group, the name still there for screen readers', async () => {
      fixture = TestBed.createComponent(MessageListComponent);
      fixture.componentRef.setInput(
        'conversation',
        conversation([at('a', 'bob.smith', 0), at('b', 'bob.smith', 1), at('c', 'carol', 2)]),
      );
      await fixture.whenStable();
      const articles = [...(fixture.nativeElement as HTMLElement).querySelectorAll('article')];
      expect(articles.map((a) => a.classList.contains('continues'))).toEqual([false, true, false]);
      expect(articles.map((a) => a.querySelector('.from')?.textContent ?? null)).toEqual([
        'bob.smith',
        null,
        'carol',
      ]);
      expect(articles[1].querySelector('.visually-hidden')?.textContent).toBe('bob.smith');

      const avatars = articles.map((a) => a.querySelector<HTMLElement>('chat-avatar'));
      expect(avatars.map((a) => a?.textContent ?? null)).toEqual(['BS', null, 'C']);
      expect(avatars[0]!.getAttribute('aria-hidden')).toBe('true');
      expect(hex(getComputedStyle(avatars[0]!).backgroundColor)).toBe(nickColour('bob.smith').hex);
      expect(hex(getComputedStyle(avatars[2]!).backgroundColor)).toBe(nickColour('carol').hex);
      expect(getComputedStyle(avatars[0]!).color).toBe('rgb(255, 255, 255)');
    });

    it('gives one’s own messages no avatar', async () => {
      fixture = TestBed.createComponent(MessageListComponent);
      fixture.componentRef.setInput('conversation', conversation([at('a', 'alice', 0, true)]));
      await fixture.whenStable();
      expect((fixture.nativeElement as HTMLElement).querySelector('chat-avatar')).toBeNull();
    });
  });

  describe('edits, deletions, reactions, replies, receipts, typing', () => {
    it('shows what changed: (edited), "Message deleted", an action, a clickable quote, reactions with counts', async () => {
      fixture = TestBed.createComponent(MessageListComponent);
      fixture.componentRef.setInput('me', 'alice');
      fixture.componentRef.setInput(
        'conversation',
        conversation([
          { ...message('m1', 'fixed text'), seq: 1, edited: '2030-01-01T10:01:00.000Z' },
          { ...message('m2', ''), seq: 2, text: undefined, deleted: true },
          { ...message('m3', 'waves'), seq: 3, me: true },
          {
            ...message('m4', 'yes'),
            seq: 4,
            replyTo: { msgId: 'm1', seq: 1, from: 'bob', text: 'fixed text' },
            reactions: [
              { emoji: '👍', users: ['alice', 'carol'] },
              { emoji: '🎉', users: ['carol'] },
            ],
          },
        ]),
      );
      await fixture.whenStable();
      const [edited, deleted, action, reply] = [
        ...(fixture.nativeElement as HTMLElement).querySelectorAll('article'),
      ];
      expect(edited.querySelector('.edited')?.textContent).toBe('(edited)');
      expect(deleted.textContent).toContain('Message deleted');
      expect(deleted.querySelector('.text')).toBeNull();
      expect(deleted.querySelector('.actions')).toBeNull();
      expect(action.querySelector('.action-text')?.textContent?.trim()).toBe('* bob waves');
      expect(reply.querySelector('.quote')?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
        'In reply to bob: fixed text',
      );
      const chips = [...reply.querySelectorAll('.reaction')];
      expect(chips.map((c) => [c.getAttribute('aria-label'), c.getAttribute('aria-pressed')])).toEqual([
        ['👍 2: alice, carol', 'true'],
        ['🎉 1: carol', 'false'],
      ]);
      // A bundled picture where there is one (no emoji font needed), the character otherwise.
      expect(chips[0].querySelector('img')?.getAttribute('src')).toBe('emoji/1f44d.svg');
      expect(chips[1].querySelector('img')).toBeNull();
      expect(reply.querySelector('.actions')?.getAttribute('aria-label')).toBe('Message actions: bob 10:00');
    });

    it('says who has seen the newest of one’s own messages they read, and who is typing', async () => {
      fixture = TestBed.createComponent(MessageListComponent);
      const mine = (id: string, seq: number): ChatMessage => ({
        ...message(id, id),
        seq,
        from: 'alice',
        mine: true,
      });
      fixture.componentRef.setInput('conversation', {
        ...conversation([mine('m1', 1), mine('m2', 2), mine('m3', 3)]),
        receipts: { bob: 2, carol: 2 },
        typing: ['bob'],
      });
      await fixture.whenStable();
      const articles = [...(fixture.nativeElement as HTMLElement).querySelectorAll('article')];
      expect(articles.map((a) => a.querySelector('.seen')?.textContent ?? null)).toEqual([
        null,
        'Seen by bob, carol',
        null,
      ]);
      expect((fixture.nativeElement as HTMLElement).querySelector('.typing')?.textContent).toBe(
        'bob is typing…',
      );
    });
  });

  describe('delivery', () => {
    const mine = (id: string, state: ChatMessage['state'], error?: string): ChatMessage => ({
      ...message(id, `text ${id}`),
      from: 'alice',
      mine: true,
      state,
      ...(error ? { error } : {}),
    });

    it('says nothing of a delivered message, “Sending…” while sending, and why one failed with a retry', async () => {
      fixture = TestBed.createComponent(MessageListComponent);
      const retried: string[] = [];
      fixture.componentInstance.retry.subscribe((id) => retried.push(id));
      fixture.componentRef.setInput(
        'conversation',
        conversation([
          mine('m1', 'sent'),
          mine('m2', 'sending'),
          mine('m3', 'failed', 'Not sent: connection lost'),
        ]),
      );
      await fixture.whenStable();
      const [sent, sending, failed] = [...(fixture.nativeElement as HTMLElement).querySelectorAll('article')];

      expect(sent.querySelector('footer')).toBeNull();
      expect(sent.textContent).not.toContain('Sent');
      expect(sending.querySelector('footer')?.textContent?.trim()).toBe('Sending…');
      expect(sending.querySelector('footer mat-spinner')).not.toBeNull();
      expect(failed.querySelector('footer')?.textContent).toContain('Not sent: connection lost');

      failed.querySelector<HTMLButtonElement>('footer button')!.click();
      expect(retried).toEqual(['m3']);
    });
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
      expect(articles[0].querySelector('chat-voice-player button')?.getAttribute('aria-label')).toBe(
        'Play voice message',
      );
      expect(articles[1].querySelector('chat-picture-view button')?.getAttribute('aria-label')).toBe(
        'Open picture p1.bin',
      );
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
    expect((fixture.nativeElement as HTMLElement).querySelectorAll('.text')).toHaveLength(0);
  });
});
