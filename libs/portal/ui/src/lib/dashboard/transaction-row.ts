import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, output } from '@angular/core';
import { TranslatePipe } from '@ngx-translate/core';
import { LanguageService, STORE_TIME_ZONE, YenPipe, formatDateTime, formatTime } from '@regicam/portal/i18n';
import type { PictureView, SaleView } from './dashboard-view';

/**
 * One transaction of the day list, as the manual shows it: the time, the
 * kind, 合計 / 預り / お釣り in yen, the receipt number, the register, the
 * staff and the thumbnail of the camera at that moment (a spinner while
 * it is made, 画像なし with the reason when there is none). A cancel
 * shows the sale it cancels, a sale what cancelled, modified or deleted
 * it. Every text from the POS is shown as text. Pressing the row emits its
 * time (`seek`), for the camera view.
 */
@Component({
  selector: 'rc-transaction-row',
  imports: [TranslatePipe, YenPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let t = transaction();
    <div class="sale" [class.selected]="selected()" [attr.data-kind]="t.kind">
      <div class="thumb" data-testid="sale-picture" [attr.data-state]="shown().state">
        @let p = shown();
        @switch (p.state) {
          @case ('pending') {
            <span class="spinner" role="img" [attr.aria-label]="'sale.pending' | translate"></span>
          }
          @case ('ready') {
            <img
              [src]="p.url"
              [attr.srcset]="p.url + ' 1x, ' + p.url2x + ' 2x'"
              [alt]="'sale.pictureAlt' | translate: { time: time() }"
              width="160"
              height="90"
              (error)="broken.set(true)"
            />
          }
          @default {
            <span class="none">
              <strong>{{ 'sale.noPicture' | translate }}</strong>
              <small data-testid="sale-picture-reason">{{ reason() }}</small>
            </span>
          }
        }
      </div>
      <div class="facts">
        <p class="head">
          <button
            type="button"
            class="time"
            data-testid="sale-seek"
            [attr.aria-label]="'sale.show' | translate: { time: time(), kind: ('kind.' + t.kind | translate) }"
            [attr.aria-pressed]="selected()"
            (click)="seek.emit(t.occurredAt)"
          >
            {{ time() }}
          </button>
          <span class="kind" data-testid="sale-kind">{{ 'kind.' + t.kind | translate }}</span>
          @if (t.lifecycle.status !== 'active') {
            <span class="status" data-testid="sale-status">{{ 'sale.status.' + t.lifecycle.status | translate }}</span>
          }
        </p>
        <dl class="amounts">
          <div>
            <dt>{{ 'sale.total' | translate }}</dt>
            <dd data-testid="sale-total">{{ t.total | rcYen: lang() }}</dd>
          </div>
          <div>
            <dt>{{ 'sale.deposit' | translate }}</dt>
            <dd data-testid="sale-deposit">{{ t.deposit | rcYen: lang() }}</dd>
          </div>
          <div>
            <dt>{{ 'sale.change' | translate }}</dt>
            <dd data-testid="sale-change">{{ t.change | rcYen: lang() }}</dd>
          </div>
        </dl>
        <dl class="who">
          <div>
            <dt>{{ 'sale.receiptNo' | translate }}</dt>
            <dd data-testid="sale-receipt">{{ t.receiptNo || '-' }}</dd>
          </div>
          <div>
            <dt>{{ 'sale.register' | translate }}</dt>
            <dd data-testid="sale-register">{{ registerText() }}</dd>
          </div>
          <div>
            <dt>{{ 'sale.staff' | translate }}</dt>
            <dd data-testid="sale-staff">{{ t.staff?.name ?? '-' }}</dd>
          </div>
        </dl>
        @if (t.lifecycle.original; as o) {
          <p class="related" data-testid="sale-refers-to">
            @if (originalAt(); as at) {
              {{ 'sale.refersTo' | translate: { time: clock(at), kind: ('kind.' + t.kind | translate) } }}
            } @else {
              {{ 'sale.refersToId' | translate: { id: o.transactionId, kind: ('kind.' + t.kind | translate) } }}
            }
          </p>
        }
        @for (c of t.lifecycle.changes; track c.transactionKey) {
          <p class="related" data-testid="sale-followed-by">
            {{ 'sale.followedBy' | translate: { time: clock(c.occurredAt), kind: ('kind.' + c.kind | translate) } }}
          </p>
        }
      </div>
    </div>
  `,
  styles: `
    .sale {
      display: grid;
      grid-template-columns: 10rem minmax(0, 1fr);
      gap: 0.75rem;
      padding: 0.5rem;
      border-radius: 4px;
    }
    .sale.selected {
      outline: 2px solid var(--primary, #1a5fb4);
    }
    @media (max-width: 520px) {
      .sale {
        grid-template-columns: 1fr;
      }
    }
    .thumb {
      aspect-ratio: 16 / 9;
      background: #e4e7ec;
      border-radius: 4px;
      display: flex;
      align-items: center;
      justify-content: center;
      overflow: hidden;
    }
    .thumb img {
      width: 100%;
      height: 100%;
      object-fit: cover;
    }
    .none {
      display: flex;
      flex-direction: column;
      align-items: center;
      text-align: center;
      padding: 0.25rem;
      font-size: 0.8rem;
      color: var(--text, #1d1d1f);
    }
    .spinner {
      width: 1.75rem;
      height: 1.75rem;
      border: 3px solid #9aa0a8;
      border-top-color: var(--primary, #1a5fb4);
      border-radius: 50%;
      animation: spin 1s linear infinite;
    }
    @media (prefers-reduced-motion: reduce) {
      .spinner {
        animation-duration: 3s;
      }
    }
    @keyframes spin {
      to {
        transform: rotate(360deg);
      }
    }
    .head {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      align-items: baseline;
      margin: 0 0 0.25rem;
    }
    .time {
      border: 0;
      background: none;
      padding: 0;
      color: var(--primary, #1a5fb4);
      text-decoration: underline;
      font: inherit;
      cursor: pointer;
    }
    .kind {
      font-weight: 600;
    }
    [data-kind='cancel'] .kind,
    [data-kind='delete'] .kind {
      color: var(--danger, #b3261e);
    }
    dl {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1rem;
      margin: 0;
    }
    dl div {
      display: flex;
      gap: 0.35rem;
    }
    dt {
      flex: none;
      white-space: nowrap;
      color: var(--muted, #4a4f57);
    }
    dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .amounts dd {
      font-variant-numeric: tabular-nums;
      font-weight: 600;
    }
    .status {
      padding: 0 0.4rem;
      border: 1px solid var(--danger, #b3261e);
      border-radius: 3px;
      color: var(--danger, #b3261e);
      font-size: 0.85rem;
    }
    .related {
      margin: 0.25rem 0 0;
      font-size: 0.875rem;
      color: var(--muted, #4a4f57);
    }
  `,
})
export class TransactionRow {
  protected readonly lang = inject(LanguageService).lang;
  private readonly language = inject(LanguageService);

  readonly transaction = input.required<SaleView>();
  /** For a cancel, modification or deletion: its original's time, when the page knows it. */
  readonly originalAt = input<string | null>(null);
  /** Whether the camera view shows this transaction's moment. */
  readonly selected = input(false);
  /** The transaction's time, to show it in the camera view. */
  readonly seek = output<string>();

  /** A thumbnail that does not load is shown as none, until the row brings another. */
  protected readonly broken = linkedSignal({
    source: () => this.transaction().picture,
    computation: () => false,
  });
  /** The picture as shown: a ready one that did not load is none. */
  protected readonly shown = computed((): PictureView => {
    const p = this.transaction().picture;
    return p.state === 'ready' && this.broken() ? { state: 'none', reason: 'not_loaded' } : p;
  });
  protected readonly time = computed(() => formatDateTime(this.transaction().occurredAt, this.lang(), STORE_TIME_ZONE));
  /** The register's terminal id, with its name at the POS when it has another. */
  protected readonly registerText = computed(() => {
    const { terminalId, name } = this.transaction().register;
    return name && name !== terminalId ? `${terminalId} (${name})` : terminalId;
  });
  /** Why there is no picture, in words (a reason code the portal does not know is shown as it is). */
  protected readonly reason = computed(() => {
    this.lang();
    const p = this.shown();
    const code = p.state === 'not_linked' ? 'not_linked' : p.state === 'none' || p.state === 'failed' ? p.reason : '';
    if (!code) return '';
    const key = `sale.reason.${code}`;
    const text = this.language.text(key);
    return text === key ? code : text;
  });

  protected clock(time: string): string {
    return formatTime(time, this.lang(), STORE_TIME_ZONE);
  }
}
