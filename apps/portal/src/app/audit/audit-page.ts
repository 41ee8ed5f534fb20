import { ChangeDetectionStrategy, Component, OnInit, computed, inject, signal } from '@angular/core';
import { TranslatePipe } from '@ngx-translate/core';
import { AuditApi, CamerasApi, type AuditEvent, type AuditState, type Camera } from '@regicam/portal/data-access';
import { DateTimePipe, LanguageService } from '@regicam/portal/i18n';
import { AuditFilters, NO_FILTER, isoOfLocalInput, type AuditFilter } from '@regicam/portal/ui';
import { firstValueFrom, forkJoin } from 'rxjs';
import { problemText } from '../links/notice';
import {
  actorText,
  auditCsv,
  cameraOptions,
  cameraText,
  reasonText,
  regionText,
  terminalKeyOf,
  terminalOptions,
  terminalText,
} from './audit-view';

/**
 * 監査: every change of the owner's links with who made it and why,
 * filtered by register, camera and time; the links as they were at a
 * chosen time; the history shown as CSV.
 */
@Component({
  selector: 'rc-audit-page',
  imports: [TranslatePipe, DateTimePipe, AuditFilters],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'title.audit' | translate }}</h1>
    <p class="lead">{{ 'audit.lead' | translate }}</p>
    @if (error(); as e) {
      <div class="notice error" role="alert">{{ e }}</div>
    }
    <section class="card">
      <rc-audit-filters
        [terminals]="terminals()"
        [cameras]="cameraChoices()"
        [filter]="filter()"
        (filterChange)="apply($event)"
      />
    </section>
    <section aria-labelledby="history-title">
      <div class="heading-row">
        <h2 id="history-title">
          {{ 'audit.history' | translate }}
          <small data-testid="audit-count">{{ 'audit.count' | translate: { count: events().length } }}</small>
        </h2>
        <button
          type="button"
          class="secondary"
          data-testid="audit-csv"
          [disabled]="events().length === 0"
          (click)="download()"
        >
          {{ 'audit.csv' | translate }}
        </button>
      </div>
      <table data-testid="audit-events">
        <caption class="visually-hidden">
          {{
            'audit.history' | translate
          }}
        </caption>
        <thead>
          <tr>
            <th scope="col">{{ 'audit.at' | translate }}</th>
            <th scope="col">{{ 'audit.change' | translate }}</th>
            <th scope="col">{{ 'audit.terminalCol' | translate }}</th>
            <th scope="col">{{ 'audit.camera' | translate }}</th>
            <th scope="col">{{ 'audit.region' | translate }}</th>
            <th scope="col">{{ 'audit.actor' | translate }}</th>
            <th scope="col">{{ 'audit.reason' | translate }}</th>
          </tr>
        </thead>
        <tbody>
          @for (e of events(); track e.eventId) {
            <tr data-testid="audit-event">
              <td>{{ e.at | rcDateTime: lang() }}</td>
              <td>{{ (e.type === 'LinkCreated' ? 'audit.created' : 'audit.removed') | translate }}</td>
              <td>{{ terminal(e) }}</td>
              <td>{{ camera(e.cameraId) }}</td>
              <td>{{ region(e) }}</td>
              <td data-testid="audit-actor">{{ actor(e) }}</td>
              <td>{{ reason(e) }}</td>
            </tr>
          } @empty {
            <tr>
              <td colspan="7">{{ (loading() ? 'common.loading' : 'audit.empty') | translate }}</td>
            </tr>
          }
        </tbody>
      </table>
    </section>
    <section class="card state" aria-labelledby="state-title">
      <h2 id="state-title">{{ 'audit.stateTitle' | translate }}</h2>
      <form class="state-form" (submit)="showState($event, at.value)">
        <label>
          <span>{{ 'audit.stateAt' | translate }}</span>
          <input #at type="datetime-local" name="at" required data-testid="state-at" />
        </label>
        <button type="submit" class="primary" data-testid="state-show">
          {{ 'audit.stateShow' | translate }}
        </button>
      </form>
      @if (state(); as s) {
        <table data-testid="audit-state">
          <caption>
            {{
              'audit.stateCaption' | translate: { at: (s.at | rcDateTime: lang()) }
            }}
          </caption>
          <thead>
            <tr>
              <th scope="col">{{ 'audit.terminalCol' | translate }}</th>
              <th scope="col">{{ 'audit.camera' | translate }}</th>
              <th scope="col">{{ 'audit.region' | translate }}</th>
              <th scope="col">{{ 'audit.since' | translate }}</th>
              <th scope="col">{{ 'audit.linkedBy' | translate }}</th>
            </tr>
          </thead>
          <tbody>
            @for (l of s.links; track l.linkId) {
              <tr data-testid="state-link">
                <td>{{ terminal(l) }}</td>
                <td>{{ camera(l.cameraId) }}</td>
                <td>{{ region(l) }}</td>
                <td>{{ l.since | rcDateTime: lang() }}</td>
                <td>{{ actor({ actorName: l.linkedByName, actorEmail: l.linkedByEmail }) }}</td>
              </tr>
            } @empty {
              <tr>
                <td colspan="5">{{ 'audit.stateEmpty' | translate }}</td>
              </tr>
            }
          </tbody>
        </table>
      }
    </section>
  `,
  styles: `
    .heading-row {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      align-items: center;
      justify-content: space-between;
    }
    small {
      font-weight: normal;
      color: var(--muted);
      margin-left: 0.5rem;
    }
    .state {
      margin-top: 1.5rem;
    }
    .state-form {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem;
      align-items: end;
      margin-bottom: 1rem;
    }
    .state-form label {
      display: flex;
      flex-direction: column;
      gap: 0.25rem;
    }
  `,
})
export class AuditPage implements OnInit {
  private readonly audit = inject(AuditApi);
  private readonly camerasApi = inject(CamerasApi);
  private readonly language = inject(LanguageService);
  protected readonly lang = this.language.lang;
  private readonly text = (key: string, params?: Record<string, unknown>) => {
    this.lang();
    return this.language.text(key, params);
  };

  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly cameras = signal<Camera[]>([]);
  /** The whole history, for the filters' lists of registers and cameras. */
  private readonly everything = signal<AuditEvent[]>([]);
  protected readonly events = signal<AuditEvent[]>([]);
  protected readonly filter = signal<AuditFilter>(NO_FILTER);
  protected readonly state = signal<AuditState | null>(null);
  protected readonly terminals = computed(() => terminalOptions(this.everything(), this.text));
  protected readonly cameraChoices = computed(() => cameraOptions(this.everything(), this.cameras(), this.text));

  async ngOnInit(): Promise<void> {
    try {
      const { events, cameras } = await firstValueFrom(
        forkJoin({ events: this.audit.history(), cameras: this.camerasApi.list() }),
      );
      this.cameras.set(cameras);
      this.everything.set(events);
      this.events.set(events);
    } catch (thrown) {
      this.error.set(problemText(thrown, this.language));
    } finally {
      this.loading.set(false);
    }
  }

  /** Asks the API for the filtered history; the register is also matched by POS and contract. */
  protected async apply(filter: AuditFilter): Promise<void> {
    this.filter.set(filter);
    this.loading.set(true);
    this.error.set(null);
    const terminalId = filter.terminal?.split(':').slice(2).join(':');
    try {
      const events = await firstValueFrom(
        this.audit.history({
          terminalId,
          cameraId: filter.cameraId ?? undefined,
          from: filter.from ?? undefined,
          to: filter.to ?? undefined,
        }),
      );
      this.events.set(filter.terminal ? events.filter((e) => terminalKeyOf(e) === filter.terminal) : events);
    } catch (thrown) {
      this.error.set(problemText(thrown, this.language));
    } finally {
      this.loading.set(false);
    }
  }

  protected async showState(event: Event, local: string): Promise<void> {
    event.preventDefault();
    const at = isoOfLocalInput(local, true);
    if (!at) return;
    try {
      this.state.set(await firstValueFrom(this.audit.stateAt(at)));
      this.error.set(null);
    } catch (thrown) {
      this.error.set(problemText(thrown, this.language));
    }
  }

  /** The history shown, as a CSV file the browser saves. */
  protected download(): void {
    const blob = new Blob([auditCsv(this.events(), this.cameras())], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `regicam-link-audit-${new Date().toISOString().slice(0, 19).replaceAll(':', '')}.csv`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }

  protected terminal(e: AuditEvent | AuditState['links'][number]): string {
    return terminalText(e, this.text);
  }

  protected camera(id: string): string {
    return cameraText(id, this.cameras(), this.text);
  }

  protected region(e: { region: AuditEvent['region'] }): string {
    return regionText(e.region, this.text);
  }

  protected actor(e: { actorName: string; actorEmail: string | null }): string {
    return actorText(e);
  }

  protected reason(e: AuditEvent): string {
    return reasonText(e.reason, this.cameras(), this.text);
  }
}
