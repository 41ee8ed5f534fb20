import { ChangeDetectionStrategy, Component, inject, input, output, signal, viewChild } from '@angular/core';
import { TranslatePipe } from '@ngx-translate/core';
import { SmaregiApi, type SmaregiContract } from '@regicam/portal/data-access';
import { LanguageService } from '@regicam/portal/i18n';
import { ConfirmDialog } from '@regicam/portal/ui';
import { firstValueFrom } from 'rxjs';
import type { Notice } from '../links/notice';

/**
 * API送信設定: each contract's push URL (it holds the contract's secret), to
 * copy into Smaregi, and a button that makes a new secret (the old URL
 * stops working at once, so it asks first).
 */
@Component({
  selector: 'rc-push-urls',
  imports: [TranslatePipe, ConfirmDialog],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card" aria-labelledby="push-title">
      <h2 id="push-title">{{ 'smaregi.pushTitle' | translate }}</h2>
      <p class="hint">{{ 'smaregi.pushHelp' | translate }}</p>
      @for (c of contracts(); track c.contractId) {
        <div class="field push" [attr.data-testid]="'push-' + c.contractId">
          <label [for]="'push-url-' + c.contractId">{{
            'smaregi.pushUrl' | translate: { contract: c.contractId }
          }}</label>
          <div class="row">
            <input
              #url
              readonly
              class="mono"
              data-testid="push-url"
              [id]="'push-url-' + c.contractId"
              [value]="c.pushUrl"
              (focus)="url.select()"
            />
            <button
              type="button"
              class="secondary"
              data-testid="push-copy"
              [attr.aria-label]="'smaregi.copyOf' | translate: { contract: c.contractId }"
              (click)="copy(c, url)"
            >
              {{ 'smaregi.copy' | translate }}
            </button>
            <button
              type="button"
              class="secondary"
              data-testid="push-rotate"
              [disabled]="busy() === c.contractId"
              [attr.aria-label]="'smaregi.newSecretOf' | translate: { contract: c.contractId }"
              (click)="ask(c)"
            >
              {{ 'smaregi.newSecret' | translate }}
            </button>
          </div>
        </div>
      }
    </section>
    <rc-confirm-dialog
      [heading]="'smaregi.newSecretTitle' | translate"
      [message]="'smaregi.newSecretConfirm' | translate"
      [confirmLabel]="'smaregi.newSecretSubmit' | translate"
      (confirmed)="rotate()"
    />
  `,
  styles: `
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
    .row input {
      flex: 1 1 20rem;
    }
  `,
})
export class PushUrls {
  private readonly smaregi = inject(SmaregiApi);
  private readonly language = inject(LanguageService);
  readonly contracts = input.required<SmaregiContract[]>();
  /** What happened, for the screen's notice. */
  readonly notice = output<Notice>();
  /** A contract's URL changed. */
  readonly urlChange = output<{ contractId: string; pushUrl: string }>();

  protected readonly busy = signal<string | null>(null);
  private readonly confirm = viewChild.required(ConfirmDialog);
  private asked: SmaregiContract | null = null;

  protected async copy(contract: SmaregiContract, field: HTMLInputElement): Promise<void> {
    try {
      await navigator.clipboard.writeText(contract.pushUrl);
      this.notice.emit({ kind: 'success', text: this.language.text('smaregi.copied') });
    } catch {
      // No clipboard (an insecure page, or refused): the URL is selected for Ctrl+C.
      field.focus();
      field.select();
      this.notice.emit({ kind: 'info', text: this.language.text('smaregi.copyFailed') });
    }
  }

  protected ask(contract: SmaregiContract): void {
    this.asked = contract;
    this.confirm().open();
  }

  protected async rotate(): Promise<void> {
    const contract = this.asked;
    if (!contract) return;
    this.busy.set(contract.contractId);
    try {
      const pushUrl = await firstValueFrom(this.smaregi.newPushSecret(contract.contractId));
      this.urlChange.emit({ contractId: contract.contractId, pushUrl });
      this.notice.emit({
        kind: 'success',
        text: this.language.text('smaregi.newSecretDone', { contract: contract.contractId }),
      });
    } catch {
      this.notice.emit({ kind: 'error', text: this.language.text('common.unreachable') });
    } finally {
      this.busy.set(null);
    }
  }
}
