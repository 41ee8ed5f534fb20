import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import { ApplicationConfig, provideBrowserGlobalErrorListeners } from '@angular/core';
import { TitleStrategy, provideRouter, withComponentInputBinding } from '@angular/router';
import { provideI18n } from '@regicam/portal/i18n';
import { appRoutes } from './app.routes';
import { sessionExpiredInterceptor } from './session/session-expired.interceptor';
import { TranslatedTitles } from './shell/translated-titles';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideHttpClient(withFetch(), withInterceptors([sessionExpiredInterceptor])),
    provideRouter(appRoutes, withComponentInputBinding()),
    { provide: TitleStrategy, useClass: TranslatedTitles },
    provideI18n(),
  ],
};
