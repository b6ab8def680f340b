import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import {
  AbstractControl,
  FormControl,
  FormGroup,
  ReactiveFormsModule,
  ValidationErrors,
  Validators,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router } from '@angular/router';

import {
  ChatError,
  MIN_PASSWORD_LENGTH,
  PRODUCT_NAME,
  USERNAME_PATTERN,
  USERNAME_RULE,
} from '@chat/protocol';

import { fromHttpError } from '../core/http-error';
import { SessionService } from '../core/session.service';

export type LoginMode = 'login' | 'register';

const passwordsMatch = (group: AbstractControl): ValidationErrors | null => {
  const { password, confirm } = (group as LoginForm).controls;
  return confirm.enabled && confirm.value !== password.value ? { mismatch: true } : null;
};

type LoginForm = FormGroup<{
  username: FormControl<string>;
  password: FormControl<string>;
  confirm: FormControl<string>;
}>;

/** Log-in and registration; on failure it shows the server's reason (name taken, weak password, banned until ...). */
@Component({
  selector: 'chat-login-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatButtonToggleModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
  ],
  templateUrl: './login-page.component.html',
  styleUrl: './login-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LoginPageComponent {
  private readonly session = inject(SessionService);
  private readonly router = inject(Router);

  protected readonly minPassword = MIN_PASSWORD_LENGTH;
  protected readonly usernameRule = USERNAME_RULE;
  protected readonly mode = signal<LoginMode>('login');
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly product = PRODUCT_NAME;
  protected readonly title = computed(() => (this.mode() === 'login' ? 'Log in' : 'Create an account'));

  protected readonly form: LoginForm = new FormGroup(
    {
      username: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
      password: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
      confirm: new FormControl({ value: '', disabled: true }, { nonNullable: true }),
    },
    { validators: passwordsMatch },
  );

  protected setMode(mode: LoginMode): void {
    this.mode.set(mode);
    this.error.set(null);
    const { username, password, confirm } = this.form.controls;
    if (mode === 'register') {
      username.setValidators([Validators.required, Validators.pattern(USERNAME_PATTERN)]);
      password.setValidators([Validators.required, Validators.minLength(MIN_PASSWORD_LENGTH)]);
      confirm.enable();
    } else {
      username.setValidators([Validators.required]);
      password.setValidators([Validators.required]);
      confirm.disable();
    }
    username.updateValueAndValidity();
    password.updateValueAndValidity();
  }

  protected async submit(): Promise<void> {
    if (this.form.invalid || this.busy()) {
      this.form.markAllAsTouched();
      return;
    }
    const { username, password } = this.form.getRawValue();
    this.busy.set(true);
    this.error.set(null);
    try {
      if (this.mode() === 'register') await this.session.register(username.trim(), password);
      else await this.session.login(username.trim(), password);
      await this.router.navigateByUrl('/');
    } catch (err) {
      this.error.set(describeError(fromHttpError(err)));
    } finally {
      this.busy.set(false);
    }
  }
}

/** The server's reason, in words; a ban says until when. */
export function describeError(err: ChatError): string {
  if (err.code === 'BANNED') {
    const until = err.details['until'];
    const reason = err.details['reason'];
    const when =
      typeof until === 'string' ? `until ${new Date(until).toLocaleString()}` : 'until further notice';
    return `You are banned ${when}${typeof reason === 'string' && reason ? ` (${reason})` : ''}.`;
  }
  return err.message;
}
