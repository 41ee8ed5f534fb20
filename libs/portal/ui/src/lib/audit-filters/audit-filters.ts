import { ChangeDetectionStrategy, Component, input, linkedSignal, output, signal } from '@angular/core';
import { TranslatePipe } from '@ngx-translate/core';
import { NO_FILTER, isoOfLocalInput, localInputOf, type AuditFilter, type FilterOption } from './audit-filter';

let nextId = 0;

/**
 * The audit's filters: register, camera and a time range. Emits the whole
 * filter when the owner presses 絞り込む (or clears it); a range that ends
 * before it starts is refused in words, next to the fields.
 */
@Component({
  selector: 'rc-audit-filters',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="filters" [attr.aria-labelledby]="id + '-title'" (submit)="apply($event)">
      <h2 [id]="id + '-title'" class="visually-hidden">{{ 'audit.filters' | translate }}</h2>
      <div class="control">
        <label [for]="id + '-terminal'">{{ 'audit.terminal' | translate }}</label>
        <select
          [id]="id + '-terminal'"
          name="terminal"
          data-testid="filter-terminal"
          [value]="terminal()"
          (change)="terminal.set(value($event))"
        >
          <option value="">{{ 'audit.allTerminals' | translate }}</option>
          @for (t of terminals(); track t.value) {
            <option [value]="t.value" [selected]="t.value === terminal()">{{ t.label }}</option>
          }
        </select>
      </div>
      <div class="control">
        <label [for]="id + '-camera'">{{ 'audit.camera' | translate }}</label>
        <select
          [id]="id + '-camera'"
          name="camera"
          data-testid="filter-camera"
          [value]="camera()"
          (change)="camera.set(value($event))"
        >
          <option value="">{{ 'audit.allCameras' | translate }}</option>
          @for (c of cameras(); track c.value) {
            <option [value]="c.value" [selected]="c.value === camera()">{{ c.label }}</option>
          }
        </select>
      </div>
      @for (end of ends; track end.name) {
        <div class="control">
          <label [for]="id + '-' + end.name">{{ end.label | translate }}</label>
          <input
            [id]="id + '-' + end.name"
            type="datetime-local"
            [name]="end.name"
            [attr.data-testid]="'filter-' + end.name"
            [value]="end.value()"
            [attr.aria-invalid]="rangeError() ? 'true' : null"
            [attr.aria-describedby]="rangeError() ? id + '-range' : null"
            (input)="end.value.set(value($event))"
          />
        </div>
      }
      <div class="buttons">
        <button type="submit" class="primary" data-testid="filter-apply">{{ 'audit.apply' | translate }}</button>
        <button type="button" class="secondary" data-testid="filter-reset" (click)="reset()">
          {{ 'audit.reset' | translate }}
        </button>
      </div>
      @if (rangeError()) {
        <p class="field-error" role="alert" [id]="id + '-range'">{{ 'audit.rangeOrder' | translate }}</p>
      }
    </form>
  `,
  styles: `
    .filters {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr));
      gap: 0.75rem 1rem;
      align-items: end;
    }
    .control {
      display: flex;
      flex-direction: column;
      gap: 0.25rem;
    }
    .buttons {
      display: flex;
      gap: 0.5rem;
    }
    .field-error {
      grid-column: 1 / -1;
      margin: 0;
    }
  `,
})
export class AuditFilters {
  readonly terminals = input.required<FilterOption[]>();
  readonly cameras = input.required<FilterOption[]>();
  /** The filter in force, shown in the fields. */
  readonly filter = input<AuditFilter>(NO_FILTER);
  readonly filterChange = output<AuditFilter>();

  protected readonly id = `rc-audit-filters-${++nextId}`;
  protected readonly terminal = linkedSignal(() => this.filter().terminal ?? '');
  protected readonly camera = linkedSignal(() => this.filter().cameraId ?? '');
  protected readonly from = linkedSignal(() => localInputOf(this.filter().from));
  protected readonly to = linkedSignal(() => localInputOf(this.filter().to));
  protected readonly ends = [
    { name: 'from', label: 'audit.from', value: this.from },
    { name: 'to', label: 'audit.to', value: this.to },
  ];
  protected readonly rangeError = signal(false);

  protected value(event: Event): string {
    return (event.target as HTMLInputElement | HTMLSelectElement).value;
  }

  protected apply(event: Event): void {
    event.preventDefault();
    const from = isoOfLocalInput(this.from());
    const to = isoOfLocalInput(this.to(), true);
    this.rangeError.set(!!from && !!to && from > to);
    if (this.rangeError()) return;
    this.filterChange.emit({ terminal: this.terminal() || null, cameraId: this.camera() || null, from, to });
  }

  protected reset(): void {
    this.terminal.set('');
    this.camera.set('');
    this.from.set('');
    this.to.set('');
    this.rangeError.set(false);
    this.filterChange.emit(NO_FILTER);
  }
}
