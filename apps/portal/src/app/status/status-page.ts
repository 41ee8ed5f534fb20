import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { TranslatePipe } from '@ngx-translate/core';
import { HealthApi, type Health } from '@regicam/portal/data-access';
import { catchError, map, of } from 'rxjs';

type HealthView = { state: 'loading' } | { state: 'answered'; health: Health } | { state: 'unreachable' };

/** Shows whether the RegiCam service answers, as the service itself says (no login needed). */
@Component({
  selector: 'rc-status-page',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'title.status' | translate }}</h1>
    @switch (view().state) {
      @case ('loading') {
        <p data-testid="health">{{ 'status.checking' | translate }}</p>
      }
      @case ('answered') {
        <p data-testid="health" class="ok">{{ 'status.answered' | translate: { status: status() } }}</p>
      }
      @case ('unreachable') {
        <p data-testid="health" class="error">{{ 'status.unreachable' | translate }}</p>
      }
    }
  `,
  styles: `
    .ok {
      color: var(--success);
      font-weight: 600;
    }
    .error {
      color: var(--danger);
    }
  `,
})
export class StatusPage {
  private readonly api = inject(HealthApi);

  protected readonly view = toSignal(
    this.api.get().pipe(
      map((health): HealthView => ({ state: 'answered', health })),
      catchError(() => of<HealthView>({ state: 'unreachable' })),
    ),
    { initialValue: { state: 'loading' } as HealthView },
  );

  protected status(): string {
    const v = this.view();
    return v.state === 'answered' ? v.health.status : '';
  }
}
