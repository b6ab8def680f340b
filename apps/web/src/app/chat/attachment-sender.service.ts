import { DestroyRef, inject, Injectable, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Observable } from 'rxjs';

import { ChatError, MediaKind } from '@chat/protocol';

import { fromHttpError } from '../core/http-error';
import { ChatStore } from './chat-store.service';
import { ConversationKey } from './conversation';
import { FileTransferService, UploadProgress } from './file-transfer.service';
import { isFinalMediaError, mediaErrorText } from './media/media-text';

/** One upload as the composer shows it. */
export interface UploadState {
  id: number;
  /** What is being sent, naming its progress bar. */
  what: string;
  /** The line shown: how far it is, that the server is processing it, or why it failed. */
  text: string;
  /** 0..100 while the bytes go up; null once they are up and the server processes them. */
  percent: number | null;
  failed: boolean;
  /** Whether sending the same bytes again may work, so Retry is offered. */
  retryable: boolean;
}

interface Job {
  kind: 'file' | MediaKind;
  file: File;
  /** The conversation open when it started, which gets it even if the user has moved on. */
  key: ConversationKey;
}

/**
 * Files, voice messages and pictures on their way: uploaded over HTTP (a voice message or a
 * picture to the media routes, which process it first), then sent to their conversation through
 * the Outbox like any message, with its delivery state. Provided by the chat page.
 */
@Injectable()
export class AttachmentSender {
  private readonly files = inject(FileTransferService);
  private readonly store = inject(ChatStore);
  private readonly destroyRef = inject(DestroyRef);
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;
  public readonly uploads = signal<readonly UploadState[]>([]);

  public sendFile(file: File): void {
    this.run({ kind: 'file', file, key: this.store.activeKey() });
  }

  public sendVoice(file: File): void {
    this.run({ kind: 'voice', file, key: this.store.activeKey() });
  }

  public sendPicture(file: File): void {
    this.run({ kind: 'image', file, key: this.store.activeKey() });
  }

  /** Uploads a failed one again, to the conversation it was meant for. */
  public retry(id: number): void {
    const job = this.jobs.get(id);
    if (!job || !this.uploads().find((u) => u.id === id)?.failed) return;
    this.run(job, id);
  }

  public dismiss(id: number): void {
    this.jobs.delete(id);
    this.uploads.update((list) => list.filter((u) => u.id !== id));
  }

  private run(job: Job, id = this.nextId++): void {
    this.jobs.set(id, job);
    this.put(progressState(id, job, 0, 1));
    const upload$: Observable<UploadProgress> =
      job.kind === 'file' ? this.files.upload(job.file) : this.files.uploadMedia(job.kind, job.file);
    upload$.pipe(takeUntilDestroyed(this.destroyRef)).subscribe({
      next: (p) => {
        if (p.kind === 'progress') return this.put(progressState(id, job, p.loaded, p.total));
        this.dismiss(id);
        void this.store.send('', p.file, job.key);
      },
      error: (err: unknown) => this.put(failedState(id, job, fromHttpError(err))),
    });
  }

  private put(state: UploadState): void {
    this.uploads.update((list) =>
      list.some((u) => u.id === state.id)
        ? list.map((u) => (u.id === state.id ? state : u))
        : [...list, state],
    );
  }
}

const WHAT = { voice: 'voice message', image: 'picture' } as const;

function progressState(id: number, job: Job, loaded: number, total: number): UploadState {
  const percent = total ? Math.min(100, Math.round((100 * loaded) / total)) : 0;
  const state = { id, failed: false, retryable: false };
  if (job.kind === 'file') {
    const what = `Uploading ${job.file.name}`;
    return { ...state, what, text: `${what} (${percent}%)`, percent };
  }
  const what = `Sending ${WHAT[job.kind]}`;
  // All bytes up: the reply waits for the server's ffmpeg, which reports no progress.
  if (loaded > 0 && loaded >= total)
    return { ...state, what, text: `Processing ${WHAT[job.kind]}…`, percent: null };
  return { ...state, what, text: `${what} (${percent}%)`, percent };
}

function failedState(id: number, job: Job, err: ChatError): UploadState {
  const base = { id, percent: 0, failed: true, retryable: !isFinalMediaError(err) };
  if (job.kind === 'file') return { ...base, what: job.file.name, text: `Upload failed: ${err.message}` };
  const what = WHAT[job.kind];
  const text = `${what === 'picture' ? 'Picture' : 'Voice message'} not sent: ${mediaErrorText(err, what)}`;
  return { ...base, what, text };
}
