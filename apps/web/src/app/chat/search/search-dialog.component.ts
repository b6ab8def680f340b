import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';

import { MAX_QUERY_LENGTH, Recipient, SEARCH_DEFAULT_LIMIT } from '@chat/protocol';

import { reasonOf } from '../../admin/admin-ui';
import { fromFrame, messagePreview } from '../conversation';
import { MessageSearch, SearchHit } from './message-search.service';

export interface SearchDialogData {
  /** The open conversation, as `history` takes it, and its title: "only here" searches it. */
  with: Recipient;
  title: string;
}

/** Searching the messages one may read; picking a result closes the dialog with it. */
@Component({
  selector: 'chat-search-dialog',
  imports: [
    DatePipe,
    ReactiveFormsModule,
    MatButtonModule,
    MatCheckboxModule,
    MatDialogModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressSpinnerModule,
  ],
  template: `
    <h2 mat-dialog-title>Search messages</h2>
    <mat-dialog-content>
      <form [formGroup]="form" (ngSubmit)="search()" class="query">
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Words to find</mat-label>
          <input
            matInput
            type="search"
            [formControl]="q"
            [maxlength]="maxLength"
            autocomplete="off"
            cdkFocusInitial
          />
        </mat-form-field>
        <button mat-flat-button type="submit" [disabled]="busy()">Search</button>
      </form>
      <mat-checkbox [formControl]="here">Only in {{ data.title }}</mat-checkbox>
      @if (error(); as message) {
        <p class="error" role="alert">{{ message }}</p>
      }
      <p class="count" role="status">{{ status() }}</p>
      <ul class="results" aria-label="Results">
        @for (hit of hits(); track hit.message.msgId) {
          <li>
            <button type="button" class="hit" (click)="open(hit)">
              <span class="meta">
                <strong>{{ hit.message.from }}</strong> in {{ hit.where }} ·
                <time [attr.datetime]="hit.message.ts">{{ hit.message.ts | date: 'medium' }}</time>
              </span>
              <span class="text">{{ preview(hit) }}</span>
            </button>
          </li>
        }
      </ul>
      @if (more()) {
        <button mat-button type="button" (click)="search(true)" [disabled]="busy()">More results</button>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close>Close</button>
    </mat-dialog-actions>
  `,
  styles: `
    .query {
      display: flex;
      gap: 8px;
      align-items: center;
      mat-form-field {
        flex: 1;
      }
    }
    .results {
      list-style: none;
      padding: 0;
      margin: 0;
    }
    .hit {
      display: flex;
      flex-direction: column;
      width: 100%;
      padding: 8px;
      border: 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      background: none;
      color: var(--mat-sys-on-surface);
      text-align: start;
      cursor: pointer;
      font: var(--mat-sys-body-medium);
      &:hover,
      &:focus-visible {
        background: var(--mat-sys-surface-container-high);
      }
    }
    .meta {
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .text {
      overflow: hidden;
      white-space: nowrap;
      text-overflow: ellipsis;
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SearchDialogComponent {
  protected readonly data = inject<SearchDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<SearchDialogComponent, SearchHit>);
  private readonly searching = inject(MessageSearch);
  protected readonly maxLength = MAX_QUERY_LENGTH;
  protected readonly q = new FormControl('', { nonNullable: true });
  protected readonly here = new FormControl(false, { nonNullable: true });
  protected readonly form = new FormGroup({ q: this.q });
  protected readonly hits = signal<SearchHit[]>([]);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly status = signal('');
  protected readonly more = signal(false);

  protected async search(next = false): Promise<void> {
    const q = this.q.value.trim();
    if (!q) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const before = next ? this.hits().at(-1)?.message.seq : undefined;
      const found = await this.searching.search(q, {
        ...(this.here.value ? { with: this.data.with } : {}),
        ...(before === undefined ? {} : { before }),
      });
      const hits = next ? [...this.hits(), ...found] : found;
      this.hits.set(hits);
      this.more.set(found.length === SEARCH_DEFAULT_LIMIT);
      this.status.set(hits.length === 0 ? 'No messages found' : `${hits.length} found`);
    } catch (err) {
      this.error.set(reasonOf(err, 'The search failed'));
    } finally {
      this.busy.set(false);
    }
  }

  protected preview(hit: SearchHit): string {
    return messagePreview(fromFrame(hit.message, ''));
  }

  protected open(hit: SearchHit): void {
    this.ref.close(hit);
  }
}
