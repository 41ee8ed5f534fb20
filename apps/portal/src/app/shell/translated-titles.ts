import { Injectable, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Title } from '@angular/platform-browser';
import { TitleStrategy, type RouterStateSnapshot } from '@angular/router';
import { TranslateService } from '@ngx-translate/core';

/**
 * Each route's `title` is a text key: the page title is that text in the
 * language shown, then "RegiCam", and follows a switch of language.
 */
@Injectable()
export class TranslatedTitles extends TitleStrategy {
  private readonly title = inject(Title);
  private readonly translate = inject(TranslateService);
  private key: string | undefined;

  constructor() {
    super();
    this.translate.onLangChange.pipe(takeUntilDestroyed()).subscribe(() => this.show());
  }

  override updateTitle(snapshot: RouterStateSnapshot): void {
    this.key = this.buildTitle(snapshot);
    this.show();
  }

  private show(): void {
    this.title.setTitle(this.key ? `${String(this.translate.instant(this.key))} | RegiCam` : 'RegiCam');
  }
}
