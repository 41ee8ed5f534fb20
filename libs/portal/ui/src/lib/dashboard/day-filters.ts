import { ChangeDetectionStrategy, Component, input, linkedSignal, output } from '@angular/core';
import { TranslatePipe } from '@ngx-translate/core';
import { SALE_KINDS, type SaleKind } from './dashboard-view';

/** The day list's filter: a day (`YYYY-MM-DD`, the store's), one kind or all (null), and a search text. */
export type DayFilter = { date: string; kind: SaleKind | null; q: string };

let nextId = 0;

/**
 * The filters above the day list, as the manual shows them: the date, すべて /
 * 支払い / キャンセル / 修正 / 削除 (pressed buttons, with the day's count of
 * each when given), and the search by レシートNo / レジNo / 担当. A date or
 * a kind is emitted at once; the search when submitted (Enter or 検索).
 */
@Component({
  selector: 'rc-day-filters',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="filters" role="group" [attr.aria-label]="'day.filters' | translate">
      <div class="control">
        <label [for]="id + '-date'">{{ 'day.date' | translate }}</label>
        <input [id]="id + '-date'" type="date" data-testid="day-date" [value]="filter().date" (change)="date($event)" />
      </div>
      <div class="kinds" role="group" [attr.aria-label]="'day.kinds' | translate" data-testid="day-kinds">
        @for (k of kinds; track k.value) {
          <button
            type="button"
            class="kind"
            [attr.aria-pressed]="filter().kind === k.value"
            [attr.data-testid]="'day-kind-' + (k.value ?? 'all')"
            (click)="kind(k.value)"
          >
            {{ k.label | translate }}
            @let n = countOf(k.value);
            @if (n !== null) {
              <span class="count">{{ 'day.count' | translate: { count: n } }}</span>
            }
          </button>
        }
      </div>
      <form class="search" role="search" (submit)="search($event)">
        <label [for]="id + '-q'">{{ 'day.search' | translate }}</label>
        <div class="row">
          <input
            [id]="id + '-q'"
            type="search"
            name="q"
            data-testid="day-search"
            autocomplete="off"
            [value]="q()"
            (input)="q.set(value($event))"
          />
          <button type="submit" class="secondary" data-testid="day-search-submit">
            {{ 'day.searchButton' | translate }}
          </button>
        </div>
      </form>
    </div>
  `,
  styles: `
    .filters {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem 1rem;
      align-items: end;
    }
    .control,
    .search {
      display: flex;
      flex-direction: column;
      gap: 0.25rem;
    }
    .search {
      flex: 1 1 14rem;
    }
    .row {
      display: flex;
      gap: 0.5rem;
    }
    .row input {
      flex: 1;
      min-width: 0;
    }
    .kinds {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem;
    }
    .kind {
      border: 1px solid var(--muted, #4a4f57);
      background: var(--surface, #fff);
      color: inherit;
      border-radius: 999px;
      padding: 0.35rem 0.8rem;
      cursor: pointer;
    }
    .kind[aria-pressed='true'] {
      background: var(--primary, #1a5fb4);
      border-color: var(--primary, #1a5fb4);
      color: #fff;
    }
    .count {
      margin-left: 0.35rem;
      font-size: 0.85em;
    }
  `,
})
export class DayFilters {
  /** The filter in force, shown in the fields. */
  readonly filter = input.required<DayFilter>();
  /** The day's number of sales per kind (all kinds: the sum), shown on the kind buttons. */
  readonly counts = input<Partial<Record<SaleKind, number>> | null>(null);
  readonly filterChange = output<DayFilter>();

  protected readonly id = `rc-day-filters-${++nextId}`;
  protected readonly kinds: { value: SaleKind | null; label: string }[] = [
    { value: null, label: 'day.all' },
    ...SALE_KINDS.map((k) => ({ value: k, label: `kind.${k}` })),
  ];
  protected readonly q = linkedSignal(() => this.filter().q);

  protected countOf(kind: SaleKind | null): number | null {
    const counts = this.counts();
    if (!counts) return null;
    if (kind) return counts[kind] ?? 0;
    return SALE_KINDS.reduce((sum, k) => sum + (counts[k] ?? 0), 0);
  }

  protected value(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected date(event: Event): void {
    const date = this.value(event);
    if (date && date !== this.filter().date) this.filterChange.emit({ ...this.filter(), date });
  }

  protected kind(kind: SaleKind | null): void {
    if (kind !== this.filter().kind) this.filterChange.emit({ ...this.filter(), kind });
  }

  protected search(event: Event): void {
    event.preventDefault();
    const q = this.q().trim();
    if (q !== this.filter().q) this.filterChange.emit({ ...this.filter(), q });
  }
}
