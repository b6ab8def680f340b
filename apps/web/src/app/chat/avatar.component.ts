import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

import { initials, nickColour } from '@chat/protocol';

/**
 * A user's initials on their colour, the same in every client. Hidden from screen readers: the
 * name is always written beside it. White on every colour of the palette is 4.5:1 or more.
 */
@Component({
  selector: 'chat-avatar',
  template: `{{ letters() }}`,
  host: { 'aria-hidden': 'true', '[style.background-color]': 'colour()' },
  styles: `
    :host {
      display: inline-flex;
      flex: none;
      align-items: center;
      justify-content: center;
      width: 32px;
      height: 32px;
      border-radius: 50%;
      color: #fff;
      font: var(--mat-sys-label-large);
      font-weight: 500;
      user-select: none;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AvatarComponent {
  public readonly name = input.required<string>();

  protected readonly letters = computed(() => initials(this.name()));
  protected readonly colour = computed(() => nickColour(this.name()).hex);
}
