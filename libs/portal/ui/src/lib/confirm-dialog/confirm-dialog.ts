import { ChangeDetectionStrategy, Component, ElementRef, input, output, viewChild } from '@angular/core';
import { TranslatePipe } from '@ngx-translate/core';

let nextId = 0;

/**
 * A question before something that cannot be undone, in the browser's
 * modal `<dialog>`: focus moves into it and stays there, Escape cancels, and
 * focus goes back to where it was when it closes.
 */
@Component({
  selector: 'rc-confirm-dialog',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <dialog #dialog [attr.aria-labelledby]="ids.heading" [attr.aria-describedby]="ids.message" (close)="restoreFocus()">
      <h2 [id]="ids.heading">{{ heading() }}</h2>
      <p [id]="ids.message">{{ message() }}</p>
      <div class="actions">
        <button type="button" class="secondary" (click)="close()">{{ 'common.cancel' | translate }}</button>
        <button type="button" [class]="danger() ? 'danger' : 'primary'" data-testid="confirm" (click)="confirm()">
          {{ confirmLabel() }}
        </button>
      </div>
    </dialog>
  `,
  styles: `
    .actions {
      display: flex;
      justify-content: flex-end;
      gap: 0.75rem;
    }
  `,
})
export class ConfirmDialog {
  readonly heading = input.required<string>();
  readonly message = input.required<string>();
  readonly confirmLabel = input.required<string>();
  /** Shown as a destructive action (deleting). */
  readonly danger = input(false);
  readonly confirmed = output<void>();

  protected readonly ids = { heading: `rc-confirm-${++nextId}`, message: `rc-confirm-msg-${nextId}` };
  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');
  private returnFocus: HTMLElement | null = null;

  open(): void {
    const dialog = this.dialog().nativeElement;
    this.returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (typeof dialog.showModal === 'function') dialog.showModal();
    else dialog.setAttribute('open', '');
  }

  close(): void {
    const dialog = this.dialog().nativeElement;
    if (typeof dialog.close === 'function') dialog.close();
    else dialog.removeAttribute('open');
    this.restoreFocus();
  }

  protected confirm(): void {
    this.close();
    this.confirmed.emit();
  }

  protected restoreFocus(): void {
    const target = this.returnFocus;
    this.returnFocus = null;
    if (target?.isConnected) target.focus();
  }
}
