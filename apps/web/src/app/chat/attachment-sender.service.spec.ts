import { HttpEventType } from '@angular/common/http';
import { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { MediaFileReply } from '@chat/protocol';

import { FakeWebSocket } from '../../testing/fake-websocket';
import { loggedInChat, settle } from '../../testing/logged-in-chat';
import { AttachmentSender } from './attachment-sender.service';
import { ChatStore } from './chat-store.service';
import { EVERYONE } from './conversation';

const voice = (): File =>
  new File([new Uint8Array(900)], 'voice-20261122-100000.webm', { type: 'audio/webm' });
const picture = (): File =>
  new File([new Uint8Array(500)], 'selfie-20261122-100000.jpg', { type: 'image/jpeg' });

const VOICE_REPLY: MediaFileReply = {
  fileId: 'v1',
  name: 'voice-20261122-100000.ogg',
  size: 700,
  sha256: 'ab'.repeat(32),
  mime: 'audio/ogg',
  media: { kind: 'voice', durationMs: 2100, waveform: new Array(64).fill(100) },
};

describe(AttachmentSender.name, () => {
  let sut: AttachmentSender;
  let store: ChatStore;
  let ws: FakeWebSocket;
  let http: HttpTestingController;

  beforeEach(async () => {
    const chat = await loggedInChat([AttachmentSender]);
    ({ store, ws, http } = chat);
    chat.listing.flush({ conversations: [] });
    sut = TestBed.inject(AttachmentSender);
  });

  afterEach(() => {
    store.reset();
    http.verify();
  });

  const upload = (url: string): TestRequest => http.expectOne({ method: 'POST', url });
  const texts = (): string[] => sut.uploads().map((u) => u.text);
  const fail = (req: TestRequest, status: number, code: string): void =>
    req.flush({ statusCode: status, code, message: 'from the server' }, { status, statusText: code });

  it('uploads a voice message to the media route as the field `file`, then sends it with its media to the conversation open when it started', async () => {
    sut.sendVoice(voice());
    const req = upload('/api/media/voice');
    const sent = (req.request.body as FormData).get('file') as File;
    expect([sent.name, sent.size]).toEqual(['voice-20261122-100000.webm', 900]);
    expect(texts()).toEqual(['Sending voice message (0%)']);

    req.event({ type: HttpEventType.UploadProgress, loaded: 450, total: 900 });
    expect(texts()).toEqual(['Sending voice message (50%)']);
    req.event({ type: HttpEventType.UploadProgress, loaded: 900, total: 900 });
    expect(sut.uploads()[0]).toMatchObject({ text: 'Processing voice message…', percent: null });

    store.open(['bob']); // the user moves on while the server processes it
    req.flush(VOICE_REPLY, { status: 201, statusText: 'Created' });
    await settle();
    expect(sut.uploads()).toEqual([]);
    expect(ws.lastSent('send')).toMatchObject({ to: '*', fileId: 'v1' });
    const [local] = store.conversations().find((c) => c.key === EVERYONE)?.messages ?? [];
    expect(local).toMatchObject({
      state: 'sending',
      file: { id: 'v1', mime: 'audio/ogg', media: VOICE_REPLY.media },
    });

    ws.ok('send', { seq: 50, ts: '2026-11-22T10:00:00.000Z', msgId: 'm50' });
    await settle();
    expect(store.conversations().find((c) => c.key === EVERYONE)?.messages[0].state).toBe('sent');
  });

  it('uploads a picture to the image route and sends it', async () => {
    sut.sendPicture(picture());
    const req = upload('/api/media/image');
    expect(texts()).toEqual(['Sending picture (0%)']);
    req.flush(
      {
        ...VOICE_REPLY,
        fileId: 'p1',
        mime: 'image/jpeg',
        media: { kind: 'image', width: 640, height: 480, thumbId: 't1' },
      },
      { status: 201, statusText: 'Created' },
    );
    await settle();
    expect(ws.lastSent('send')).toMatchObject({ to: '*', fileId: 'p1' });
  });

  it.each<[string, () => void, string, number, string, string, boolean]>([
    [
      'voice',
      () => sut.sendVoice(voice()),
      '/api/media/voice',
      415,
      'UNSUPPORTED_MEDIA',
      'Voice message not sent: the server found no sound it could read in the recording.',
      false,
    ],
    [
      'voice',
      () => sut.sendVoice(voice()),
      '/api/media/voice',
      413,
      'MEDIA_TOO_LONG',
      'Voice message not sent: it is longer than this server accepts.',
      false,
    ],
    [
      'voice',
      () => sut.sendVoice(voice()),
      '/api/media/voice',
      503,
      'MEDIA_UNAVAILABLE',
      'Voice message not sent: this server cannot process voice messages and pictures right now (no ffmpeg).',
      true,
    ],
    [
      'picture',
      () => sut.sendPicture(picture()),
      '/api/media/image',
      415,
      'UNSUPPORTED_MEDIA',
      'Picture not sent: the server could not read the picture.',
      false,
    ],
    [
      'picture',
      () => sut.sendPicture(picture()),
      '/api/media/image',
      503,
      'MEDIA_UNAVAILABLE',
      'Picture not sent: this server cannot process voice messages and pictures right now (no ffmpeg).',
      true,
    ],
  ])(
    'a %s refused with %d %s says why, and offers Retry only where it may help',
    (_what, send, url, status, code, text, retryable) => {
      send();
      fail(upload(url), status, code);
      expect(sut.uploads()).toEqual([expect.objectContaining({ text, failed: true, retryable })]);
      expect(ws.sent.filter((f) => f['type'] === 'send')).toEqual([]);
    },
  );

  it('says so when the server cannot be reached, and Retry sends the same recording again', async () => {
    sut.sendVoice(voice());
    upload('/api/media/voice').error(new ProgressEvent('error'), { status: 0 });
    expect(sut.uploads()).toEqual([
      expect.objectContaining({
        text: 'Voice message not sent: The server cannot be reached.',
        retryable: true,
      }),
    ]);

    sut.retry(sut.uploads()[0].id);
    const again = upload('/api/media/voice');
    expect(((again.request.body as FormData).get('file') as File).size).toBe(900);
    expect(texts()).toEqual(['Sending voice message (0%)']);
    again.flush(VOICE_REPLY, { status: 201, statusText: 'Created' });
    await settle();
    expect(ws.lastSent('send')).toMatchObject({ fileId: 'v1' });
  });

  it('forgets a failed upload on Dismiss', () => {
    sut.sendPicture(picture());
    fail(upload('/api/media/image'), 415, 'UNSUPPORTED_MEDIA');
    sut.dismiss(sut.uploads()[0].id);
    expect(sut.uploads()).toEqual([]);
  });

  it('keeps uploads apart: a file still goes to /api/files and reads as before', async () => {
    sut.sendFile(new File(['hello'], 'notes.txt', { type: 'text/plain' }));
    sut.sendVoice(voice());
    expect(texts()).toEqual(['Uploading notes.txt (0%)', 'Sending voice message (0%)']);
    fail(upload('/api/files'), 413, 'FILE_TOO_LARGE');
    expect(texts()).toEqual(['Upload failed: from the server', 'Sending voice message (0%)']);
    upload('/api/media/voice').flush(VOICE_REPLY, { status: 201, statusText: 'Created' });
    await settle();
    expect(texts()).toEqual(['Upload failed: from the server']);
  });
});
