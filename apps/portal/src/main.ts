import { bootstrapApplication } from '@angular/platform-browser';
import { appConfig } from './app/app.config';
import { App } from './app/app';

bootstrapApplication(App, appConfig).catch((err: unknown) => {
  document.body.textContent = `The portal could not start: ${String(err)}. Reload the page; if it persists, tell the operator.`;
});
