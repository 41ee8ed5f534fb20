import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { HealthApi, type Health } from '@regicam/portal/data-access';
import { catchError, map, of } from 'rxjs';

type HealthView = { state: 'loading' } | { state: 'answered'; health: Health } | { state: 'unreachable' };

/** Shows whether the RegiCam service answers, as the service itself says. */
@Component({
  selector: 'rc-status-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>サービス状態 <small>Service status</small></h1>
    @switch (view().state) {
      @case ('loading') {
        <p data-testid="health">確認中… (checking)</p>
      }
      @case ('answered') {
        <p data-testid="health" class="ok">{{ status() }}</p>
      }
      @case ('unreachable') {
        <p data-testid="health" class="error">
          サーバーに接続できません (the server does not answer). Check that RegiCam is running and reload.
        </p>
      }
    }
  `,
  styles: `
    .ok {
      color: #17733a;
      font-weight: 600;
    }
    .error {
      color: #b3261e;
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
    return v.state === 'answered' ? `status: ${v.health.status}` : '';
  }
}
