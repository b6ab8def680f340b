import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatIconModule } from '@angular/material/icon';
import { MatListModule } from '@angular/material/list';

/** Who is online, with a count: click a name for a private chat, tick several for a group. */
@Component({
  selector: 'chat-user-list',
  imports: [MatButtonModule, MatCheckboxModule, MatIconModule, MatListModule],
  template: `
    <h2 id="online-heading">Online ({{ users().length }})</h2>
    <ul class="users" aria-labelledby="online-heading">
      @for (user of users(); track user) {
        <li>
          @if (user.toLowerCase() !== me().toLowerCase()) {
            <mat-checkbox
              [checked]="isSelected(user)"
              (change)="toggle(user)"
              [aria-label]="'Select ' + user + ' for a group message'"
            />
            <button
              mat-button
              type="button"
              class="name"
              (click)="openPrivate.emit(user)"
              [attr.aria-label]="'Chat with ' + user"
            >
              {{ user }}
            </button>
          } @else {
            <span class="me">{{ user }} (you)</span>
          }
        </li>
      }
    </ul>
    @if (selectedUsers().length > 0) {
      <button mat-flat-button type="button" class="group" (click)="startGroup()">
        <mat-icon>group</mat-icon>
        Message {{ selectedUsers().length }} selected
      </button>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      padding: 8px;
    }
    h2 {
      font: var(--mat-sys-title-small);
      margin: 8px;
    }
    .users {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    li {
      display: flex;
      align-items: center;
    }
    .name {
      flex: 1;
      justify-content: flex-start;
    }
    .me {
      padding: 8px 12px 8px 48px;
      color: var(--mat-sys-on-surface-variant);
    }
    .group {
      margin-top: 8px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UserListComponent {
  public readonly users = input.required<string[]>();
  public readonly me = input.required<string>();
  public readonly openPrivate = output<string>();
  public readonly openGroup = output<string[]>();

  private readonly selected = signal<ReadonlySet<string>>(new Set());
  /** Selected names still online. */
  protected readonly selectedUsers = computed(() => this.users().filter((u) => this.selected().has(u)));

  protected isSelected(user: string): boolean {
    return this.selected().has(user);
  }

  protected toggle(user: string): void {
    const next = new Set(this.selected());
    if (next.has(user)) next.delete(user);
    else next.add(user);
    this.selected.set(next);
  }

  protected startGroup(): void {
    const users = this.selectedUsers();
    this.selected.set(new Set());
    if (users.length === 1) this.openPrivate.emit(users[0]);
    else this.openGroup.emit(users);
  }
}
