import { DOCUMENT } from '@angular/common';
import {
  Injectable,
  Pipe,
  inject,
  provideAppInitializer,
  signal,
  type EnvironmentProviders,
  type PipeTransform,
  type Provider,
} from '@angular/core';
import {
  TranslateLoader,
  TranslateService,
  provideTranslateLoader,
  provideTranslateService,
  type TranslationObject,
} from '@ngx-translate/core';
import { Observable, of } from 'rxjs';
import { formatDateTime, formatYen, isLang, type Lang } from './format';
import { en } from './translations/en';
import { ja } from './translations/ja';

const STORAGE_KEY = 'regicam.lang';

/** Both languages ship in the bundle: switching is instant and needs no request. */
@Injectable()
export class BundledTranslations implements TranslateLoader {
  getTranslation(lang: string): Observable<TranslationObject> {
    return of((lang === 'en' ? en : ja) as unknown as TranslationObject);
  }
}

/**
 * The language the portal shows, switched at run time (no reload, no
 * rebuild). Japanese unless the owner chose English on this browser; the
 * choice is remembered, and `<html lang>` follows it for screen readers.
 */
@Injectable({ providedIn: 'root' })
export class LanguageService {
  private readonly translate = inject(TranslateService);
  private readonly document = inject(DOCUMENT);
  private readonly current = signal<Lang>('ja');

  /** The language shown now. */
  readonly lang = this.current.asReadonly();

  /** Takes the language remembered on this browser, Japanese otherwise. */
  restore(): void {
    let stored: string | null = null;
    try {
      stored = this.document.defaultView?.localStorage.getItem(STORAGE_KEY) ?? null;
    } catch {
      stored = null;
    }
    this.use(isLang(stored) ? stored : 'ja');
  }

  use(lang: Lang): void {
    this.current.set(lang);
    this.translate.use(lang);
    this.document.documentElement.lang = lang;
    try {
      this.document.defaultView?.localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      // A browser that keeps no storage still switches; it forgets the choice on reload.
    }
  }

  /** A text by key in the language shown (for code: titles, CSV headers, confirmations). */
  text(key: string, params?: Record<string, unknown>): string {
    return this.translate.instant(key, params) as string;
  }
}

/** ngx-translate with the bundled texts, Japanese as the first and fallback language, restored at start. */
export function provideI18n(): (Provider | EnvironmentProviders)[] {
  return [
    provideTranslateService({ loader: provideTranslateLoader(BundledTranslations), fallbackLang: 'ja', lang: 'ja' }),
    provideAppInitializer(() => inject(LanguageService).restore()),
  ];
}

/** `{{ at | rcDateTime: lang() }}`: the language is an argument, so the pipe stays pure. */
@Pipe({ name: 'rcDateTime' })
export class DateTimePipe implements PipeTransform {
  transform(iso: string | null | undefined, lang: Lang): string {
    return iso ? formatDateTime(iso, lang) : '';
  }
}

/** `{{ total | rcYen: lang() }}` → `¥35,000`. */
@Pipe({ name: 'rcYen' })
export class YenPipe implements PipeTransform {
  transform(amount: number | null | undefined, lang: Lang): string {
    return amount === null || amount === undefined ? '-' : formatYen(amount, lang);
  }
}
