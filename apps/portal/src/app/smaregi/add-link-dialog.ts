import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { TranslatePipe } from '@ngx-translate/core';
import { ApiProblem, LinksApi, type Camera, type Link, type NewSmaregiLink } from '@regicam/portal/data-access';
import { LanguageService, localizedText } from '@regicam/portal/i18n';
import { firstValueFrom } from 'rxjs';
import { CameraLabelPipe } from '../links/camera-label';
import { problemText } from '../links/notice';

export type AddMethod = 'legacy' | 'platform';
type FieldName = 'contractId' | 'accessToken' | 'clientId' | 'clientSecret' | 'terminalId' | 'cameraId';

const FIELDS: Record<AddMethod, FieldName[]> = {
  legacy: ['contractId', 'accessToken', 'terminalId', 'cameraId'],
  platform: ['contractId', 'clientId', 'clientSecret', 'terminalId', 'cameraId'],
};

/**
 * Which field of the form an API problem is about. The POS's refusal of the
 * credentials names `accessToken`; with the Platform API that is the
 * client secret (and the client id with it).
 */
export function fieldOfProblem(field: string, method: AddMethod): FieldName | null {
  const head = field.split('.')[0];
  if (head === 'region') return 'cameraId';
  if (method === 'platform' && head === 'accessToken') return 'clientSecret';
  return (FIELDS[method] as string[]).includes(head) ? (head as FieldName) : null;
}

/**
 * 新規設定追加: ① 契約ID ② アクセストークン ③ 端末ID ④ カメラ and 追加 (or,
 * the second way, a Smaregi Platform API app's client id and secret). The
 * POS checks them before anything is stored; its reason is shown next to
 * the field it concerns, and a success is said in the dialog.
 */
@Component({
  selector: 'rc-add-link-dialog',
  imports: [TranslatePipe, CameraLabelPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <dialog #dialog aria-labelledby="add-title" data-testid="add-dialog" (close)="closed()">
      <h2 id="add-title">{{ (added() ? 'smaregi.addedTitle' : 'smaregi.addTitle') | translate }}</h2>
      @if (added(); as link) {
        <p role="status" data-testid="add-success">
          {{ 'smaregi.added' | translate: { terminal: link.terminalId, camera: cameraName(link) } }}
        </p>
        <div class="actions">
          <button type="button" class="primary" data-testid="add-close" (click)="close()">
            {{ 'common.close' | translate }}
          </button>
        </div>
      } @else {
        <form novalidate (submit)="submit($event)">
          <fieldset class="field">
            <legend>{{ 'smaregi.method' | translate }}</legend>
            @for (m of methods; track m) {
              <label class="choice">
                <input
                  type="radio"
                  name="method"
                  [value]="m"
                  [checked]="method() === m"
                  [attr.data-testid]="'method-' + m"
                  (change)="setMethod(m)"
                />
                {{ 'smaregi.' + m | translate }}
              </label>
            }
          </fieldset>
          @for (f of fields(); track f) {
            <div class="field">
              <label [for]="'add-' + f">{{ labels[f] | translate }}</label>
              @if (f === 'cameraId') {
                <select
                  [id]="'add-' + f"
                  [attr.data-testid]="'add-' + f"
                  [attr.aria-invalid]="errors()[f] ? 'true' : null"
                  [attr.aria-describedby]="describedBy(f)"
                  (change)="set(f, $event)"
                >
                  <option value="" [selected]="!values()[f]">{{ 'camera.none' | translate }}</option>
                  @for (c of cameras(); track c.cameraId) {
                    <option [value]="c.cameraId" [disabled]="!c.linkable" [selected]="values()[f] === c.cameraId">
                      {{ c | rcCamera: lang() }}
                    </option>
                  }
                </select>
              } @else {
                <input
                  [id]="'add-' + f"
                  [attr.data-testid]="'add-' + f"
                  [type]="f === 'accessToken' || f === 'clientSecret' ? 'password' : 'text'"
                  autocomplete="off"
                  spellcheck="false"
                  [value]="values()[f] ?? ''"
                  [attr.aria-invalid]="errors()[f] ? 'true' : null"
                  [attr.aria-describedby]="describedBy(f)"
                  (input)="set(f, $event)"
                />
              }
              @if (hints[f]; as hint) {
                <p class="hint" [id]="'add-' + f + '-hint'">{{ hint | translate }}</p>
              }
              @if (errors()[f]; as e) {
                <p class="field-error" [id]="'add-' + f + '-error'" [attr.data-testid]="'add-' + f + '-error'">
                  {{ e }}
                </p>
              }
            </div>
          }
          @if (general(); as g) {
            <p class="notice error" role="alert" data-testid="add-error">{{ g }}</p>
          }
          <div class="actions">
            <button type="button" class="secondary" (click)="close()">{{ 'common.cancel' | translate }}</button>
            <button type="submit" class="primary" data-testid="add-submit" [disabled]="busy()">
              {{ (busy() ? 'smaregi.submitting' : 'smaregi.submit') | translate }}
            </button>
          </div>
        </form>
      }
    </dialog>
  `,
  styles: `
    dialog {
      width: min(40rem, calc(100vw - 2rem));
    }
    fieldset {
      border: 0;
      padding: 0;
    }
    .choice {
      display: flex;
      gap: 0.5rem;
      align-items: center;
      font-weight: normal;
    }
    .actions {
      display: flex;
      justify-content: flex-end;
      gap: 0.75rem;
    }
  `,
})
export class AddLinkDialog {
  private readonly links = inject(LinksApi);
  private readonly language = inject(LanguageService);
  readonly cameras = input.required<Camera[]>();
  /** A link was added (the table reloads). */
  readonly linkAdded = output<Link>();

  protected readonly lang = this.language.lang;
  protected readonly methods: AddMethod[] = ['legacy', 'platform'];
  protected readonly labels: Record<FieldName, string> = {
    contractId: 'smaregi.contractId',
    accessToken: 'smaregi.accessToken',
    clientId: 'smaregi.clientId',
    clientSecret: 'smaregi.clientSecret',
    terminalId: 'smaregi.terminalId',
    cameraId: 'smaregi.camera',
  };
  protected readonly hints: Partial<Record<FieldName, string>> = {
    contractId: 'smaregi.contractIdHint',
    accessToken: 'smaregi.accessTokenHint',
    clientId: 'smaregi.platformHint',
    terminalId: 'smaregi.terminalIdHint',
    cameraId: 'camera.hint',
  };
  protected readonly method = signal<AddMethod>('legacy');
  protected readonly fields = computed(() => FIELDS[this.method()]);
  protected readonly values = signal<Partial<Record<FieldName, string>>>({});
  protected readonly errors = signal<Partial<Record<FieldName, string>>>({});
  protected readonly general = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly added = signal<Link | null>(null);
  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');
  private readonly injector = inject(Injector);
  private returnFocus: HTMLElement | null = null;

  /** Opens on a fresh form, the focus on its first control (the form is drawn anew after a success). */
  open(): void {
    this.values.set({});
    this.errors.set({});
    this.general.set(null);
    this.added.set(null);
    this.returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const dialog = this.dialog().nativeElement;
    dialog.showModal();
    afterNextRender(
      { write: () => dialog.querySelector<HTMLElement>('input[name=method]:checked, input, select')?.focus() },
      { injector: this.injector },
    );
  }

  close(): void {
    this.dialog().nativeElement.close();
  }

  protected closed(): void {
    if (this.returnFocus?.isConnected) this.returnFocus.focus();
    this.returnFocus = null;
  }

  protected setMethod(method: AddMethod): void {
    this.method.set(method);
    this.errors.set({});
    this.general.set(null);
  }

  protected set(field: FieldName, event: Event): void {
    const value = (event.target as HTMLInputElement | HTMLSelectElement).value;
    this.values.update((v) => ({ ...v, [field]: value }));
  }

  protected describedBy(field: FieldName): string | null {
    const ids = [
      ...(this.hints[field] ? [`add-${field}-hint`] : []),
      ...(this.errors()[field] ? [`add-${field}-error`] : []),
    ];
    return ids.length > 0 ? ids.join(' ') : null;
  }

  protected cameraName(link: Link): string {
    return link.cameraName ?? this.cameras().find((c) => c.cameraId === link.cameraId)?.name ?? link.cameraId;
  }

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    const values = this.values();
    const missing = Object.fromEntries(
      this.fields()
        .filter((f) => !values[f]?.trim())
        .map((f) => [f, this.language.text('common.required')]),
    );
    this.errors.set(missing);
    this.general.set(null);
    if (Object.keys(missing).length > 0) return this.focusFirstError();
    this.busy.set(true);
    try {
      const link = await firstValueFrom(this.links.create(this.request()));
      this.added.set(link);
      this.linkAdded.emit(link);
    } catch (thrown) {
      this.showProblem(thrown);
    } finally {
      this.busy.set(false);
    }
  }

  private request(): NewSmaregiLink {
    const v = this.values();
    const placement = {
      contractId: v.contractId?.trim() ?? '',
      terminalId: v.terminalId?.trim() ?? '',
      cameraId: v.cameraId ?? '',
    };
    return this.method() === 'platform'
      ? {
          ...placement,
          api: 'platform',
          clientId: v.clientId?.trim() ?? '',
          clientSecret: v.clientSecret?.trim() ?? '',
        }
      : { ...placement, accessToken: v.accessToken?.trim() ?? '' };
  }

  /** The POS's reason (422) or the API's (400, 409) next to each field it names; the rest above the buttons. */
  private showProblem(thrown: unknown): void {
    const problem = ApiProblem.from(thrown);
    const lang = this.language.lang();
    const errors: Partial<Record<FieldName, string>> = {};
    for (const d of problem.details) {
      const field = fieldOfProblem(d.field, this.method());
      if (field && !errors[field]) errors[field] = localizedText(d.message, lang);
    }
    this.errors.set(errors);
    this.general.set(Object.keys(errors).length > 0 ? null : problemText(problem, this.language));
    this.focusFirstError();
  }

  private focusFirstError(): void {
    const first = this.fields().find((f) => this.errors()[f]);
    if (first) setTimeout(() => this.dialog().nativeElement.querySelector<HTMLElement>(`#add-${first}`)?.focus());
  }
}
