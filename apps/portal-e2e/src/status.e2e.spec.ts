import type { Browser } from 'playwright-core';
import { launchBrowser } from './support/browser';
import { startRegiCam, type RunningRegiCam } from './support/regicam-process';

describe('the portal served by the RegiCam process', () => {
  let regicam: RunningRegiCam;
  let browser: Browser;

  beforeAll(async () => {
    regicam = await startRegiCam();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await regicam?.stop();
  });

  it('renders the health answer of the API at /', async () => {
    const page = await browser.newPage();
    await page.goto(regicam.url);
    const health = page.getByTestId('health');
    await health.filter({ hasText: 'status: ok' }).waitFor({ timeout: 15000 });
    expect(await page.title()).toBe('RegiCam');
    expect(await page.locator('header').textContent()).toContain('カメラ - POS 認証連携ポータル');
  });
});
