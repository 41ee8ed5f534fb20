import { ChangeDetectionStrategy, Component, ElementRef, inject, signal, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { ApiProblem } from '@regicam/portal/data-access';
import { LanguageService, localizedText } from '@regicam/portal/i18n';
import { safeReturnUrl } from '../session/guards';
import { SessionStore } from '../session/session-store';

type LoginError = { key: string; params?: Record<string, unknown> };

/** Minutes to wait, from 429's Retry-After (seconds), said as at least one minute. */
export const minutesToWait = (seconds: number | null): number => Math.max(1, Math.ceil((seconds ?? 60) / 60));

/**
 * ログイン (the manual's form: メールアドレス, パスワード, ログイン) with the
 * camera owner account. A refusal is said in words: a wrong password, or
 * after too many failures how many minutes to wait. Back to the screen the
 * owner wanted afterwards.
 */
@Component({
  selector: 'rc-login-page',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="login card" aria-labelledby="login-title">
      <p class="portal">{{ 'app.title' | translate }}</p>
      <h1 id="login-title">{{ 'login.heading' | translate }}</h1>
      @if (query()?.get('expired')) {
        <p class="notice info" role="status">{{ 'login.expired' | translate }}</p>
      } @else if (query()?.get('loggedOut')) {
        <p class="notice info" role="status">{{ 'login.loggedOut' | translate }}</p>
      }
      <form novalidate (submit)="submit($event)">
        <div class="field">
          <label for="login-email">{{ 'login.email' | translate }}</label>
          <input
            #email
            id="login-email"
            name="email"
            type="email"
            autocomplete="username"
            required
            data-testid="login-email"
            [placeholder]="'login.emailPlaceholder' | translate"
            [attr.aria-invalid]="missing().includes('email') || error() ? 'true' : null"
            [attr.aria-describedby]="missing().includes('email') ? 'login-email-error' : error() ? 'login-error' : null"
          />
          @if (missing().includes('email')) {
            <p class="field-error" id="login-email-error">{{ 'common.required' | translate }}</p>
          }
        </div>
        <div class="field">
          <label for="login-password">{{ 'login.password' | translate }}</label>
          <input
            #password
            id="login-password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
            data-testid="login-password"
            [placeholder]="'login.passwordPlaceholder' | translate"
            [attr.aria-invalid]="missing().includes('password') || error() ? 'true' : null"
            [attr.aria-describedby]="
              missing().includes('password') ? 'login-password-error' : error() ? 'login-error' : null
            "
          />
          @if (missing().includes('password')) {
            <p class="field-error" id="login-password-error">{{ 'common.required' | translate }}</p>
          }
        </div>
        @if (error(); as e) {
          <p class="notice error" id="login-error" role="alert" data-testid="login-error">
            {{ e.key | translate: e.params }}
          </p>
        }
        <button type="submit" class="primary wide" data-testid="login-submit" [disabled]="busy()">
          {{ (busy() ? 'login.submitting' : 'login.submit') | translate }}
        </button>
      </form>
      <p class="note">{{ 'login.note' | translate }}</p>
    </section>
  `,
  styles: `
    .login {
      max-width: 28rem;
      margin: 2rem auto;
    }
    .portal {
      color: var(--muted);
      margin: 0;
      font-weight: 600;
    }
    .wide {
      width: 100%;
      justify-content: center;
    }
  `,
})
export class LoginPage {
  private readonly session = inject(SessionStore);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly language = inject(LanguageService);
  protected readonly query = toSignal(this.route.queryParamMap);
  protected readonly busy = signal(false);
  protected readonly error = signal<LoginError | null>(null);
  protected readonly missing = signal<string[]>([]);
  private readonly email = viewChild.required<ElementRef<HTMLInputElement>>('email');
  private readonly password = viewChild.required<ElementRef<HTMLInputElement>>('password');

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    const email = this.email().nativeElement.value.trim();
    const password = this.password().nativeElement.value;
    const missing = [...(email ? [] : ['email']), ...(password ? [] : ['password'])];
    this.missing.set(missing);
    this.error.set(null);
    if (missing.length > 0) {
      (missing[0] === 'email' ? this.email() : this.password()).nativeElement.focus();
      return;
    }
    this.busy.set(true);
    try {
      await this.session.login(email, password);
      await this.router.navigateByUrl(safeReturnUrl(this.route.snapshot.queryParamMap.get('returnUrl')));
    } catch (thrown) {
      this.error.set(this.errorOf(ApiProblem.from(thrown)));
      this.password().nativeElement.value = '';
      this.password().nativeElement.focus();
    } finally {
      this.busy.set(false);
    }
  }

  private errorOf(problem: ApiProblem): LoginError {
    if (problem.unreachable) return { key: 'common.unreachable' };
    if (problem.status === 401) return { key: 'login.wrong' };
    if (problem.status === 429) {
      const minutes = minutesToWait(problem.retryAfterSeconds);
      return minutes === 1 ? { key: 'login.tooManyOne' } : { key: 'login.tooMany', params: { minutes } };
    }
    return { key: 'common.failed', params: { message: localizedText(problem.message, this.language.lang()) } };
  }
}
