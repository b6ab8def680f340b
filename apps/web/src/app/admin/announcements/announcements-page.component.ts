import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, FormGroupDirective, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSnackBar } from '@angular/material/snack-bar';
import { map } from 'rxjs';

import { DEFAULT_LIMITS } from '@chat/protocol';

import { AdminApiService } from '../admin-api.service';
import { reasonOf } from '../admin-ui';

/** /admin/announcements: a notice to every user who is logged in. */
@Component({
  selector: 'chat-announcements-page',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule],
  templateUrl: './announcements-page.component.html',
  styleUrl: './announcements-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AnnouncementsPageComponent {
  private readonly api = inject(AdminApiService);
  private readonly snackBar = inject(MatSnackBar);

  /** The api's limit on an announcement (AnnounceDto): the protocol's longest text. */
  protected readonly maxLength = DEFAULT_LIMITS.text;
  protected readonly form = new FormGroup({
    text: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.pattern(/\S/), Validators.maxLength(DEFAULT_LIMITS.text)],
    }),
  });
  protected readonly sending = signal(false);
  protected readonly textLength = toSignal(this.form.controls.text.valueChanges.pipe(map((t) => t.length)), {
    initialValue: 0,
  });

  /** `form`: its submitted state goes too, or the emptied field would show as an error. */
  protected async announce(form: FormGroupDirective): Promise<void> {
    if (this.form.invalid || this.sending()) return;
    this.sending.set(true);
    try {
      await this.api.announce(this.form.getRawValue().text.trim());
      form.resetForm(); // only on success: after a failure the admin can send it again
      this.snackBar.open('Announcement sent', undefined, { duration: 3000 });
    } catch (err) {
      this.snackBar.open(reasonOf(err, 'Failed'), 'Dismiss', { duration: 6000 });
    } finally {
      this.sending.set(false);
    }
  }
}
