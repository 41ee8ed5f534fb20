import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal, viewChild } from '@angular/core';
import { TranslatePipe } from '@ngx-translate/core';
import { LinksApi } from '@regicam/portal/data-access';
import { LanguageService } from '@regicam/portal/i18n';
import { ConfirmDialog } from '@regicam/portal/ui';
import { firstValueFrom } from 'rxjs';

/**
 * The manual's trash icon (ゴミ箱アイコン): deletes the links whose
 * checkboxes are ticked, all at once, after asking. The API removes all of
 * them or none.
 */
@Component({
  selector: 'rc-delete-links',
  imports: [TranslatePipe, ConfirmDialog],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <button
      type="button"
      class="icon danger"
      data-testid="delete-selected"
      [disabled]="linkIds().length === 0 || busy()"
      [attr.aria-label]="'links.deleteSelected' | translate"
      [title]="'links.deleteSelected' | translate"
      (click)="confirm.open()"
    >
      <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path d="M9 3h6l1 2h4v2H4V5h4l1-2zm-3 6h12l-1 12H7L6 9zm4 2v8h2v-8h-2zm4 0v8h2v-8h-2z" />
      </svg>
      @if (linkIds().length > 0) {
        <span aria-hidden="true">{{ linkIds().length }}</span>
      }
    </button>
    <rc-confirm-dialog
      #confirm
      [heading]="'links.deleteTitle' | translate"
      [message]="question()"
      [confirmLabel]="'common.delete' | translate"
      [danger]="true"
      (confirmed)="remove()"
    />
  `,
})
export class DeleteLinks {
  private readonly api = inject(LinksApi);
  private readonly language = inject(LanguageService);
  /** The links ticked. */
  readonly linkIds = input.required<string[]>();
  /** How many were deleted. */
  readonly deleted = output<number>();
  /** The refusal, as thrown (one of them was changed meanwhile: none was deleted). */
  readonly failed = output<unknown>();

  protected readonly busy = signal(false);
  protected readonly confirm = viewChild.required(ConfirmDialog);
  protected readonly question = computed(() => {
    this.language.lang();
    return this.language.text('links.deleteConfirm', { count: this.linkIds().length });
  });

  protected async remove(): Promise<void> {
    this.busy.set(true);
    try {
      const removed = await firstValueFrom(this.api.remove(this.linkIds()));
      this.deleted.emit(removed.length);
    } catch (thrown) {
      this.failed.emit(thrown);
    } finally {
      this.busy.set(false);
    }
  }
}
