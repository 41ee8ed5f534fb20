import type { PosSimulator } from '@regicam/pos/simulator';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './support/browser';
import { expectAccessible, screenshot, watch, type Misdeeds } from './support/page-checks';
import { DEMO_SMAREGI, startPosSimulator } from './support/pos-simulator';
import { startRegiCam, type RunningRegiCam } from './support/regicam-process';

const DEMO = { email: 'demo@regicam.example', password: 'regicam-demo' };
const MARKUP = '<img src=x onerror=alert(1)>';
const CAMERA_1 = 'レジ上カメラ (CC-2L_SF : DEMO-0001)';
/** Sales, pictures and stream events arrive within seconds with the short intervals below. */
const LIVE_MS = 60_000;

/**
 * ダッシュボード with its data live, in Debian's Chromium, against the built
 * RegiCam process: a sale rung up in the POS simulator reaches the read
 * model through the POS poller (every second here) and its picture through
 * the simulated camera (read every second), and the open page shows both
 * through the stream without a reload. The steps build on each other.
 */
describe('the dashboard, live', () => {
  let regicam: RunningRegiCam;
  let sim: PosSimulator;
  let browser: Browser;
  let page: Page;
  let seen: Misdeeds;
  let saleId: string;
  const key = () => `smaregi:${DEMO_SMAREGI.contractId}:${saleId}`;
  const row = (transactionKey: string) => page.getByTestId(`row-${transactionKey}`);

  beforeAll(async () => {
    const pos = await startPosSimulator();
    sim = pos.sim;
    regicam = await startRegiCam({
      ...pos.env,
      POS_POLL_INTERVAL_MS: '1000',
      CAMERA_POLL_INTERVAL_MS: '1000',
      CAMERA_SIMULATOR_PORT: '0',
      STREAM_POLL_MS: '200',
    });
    browser = await launchBrowser();
    const context = await browser.newContext({
      locale: 'ja-JP',
      timezoneId: 'Asia/Tokyo',
      viewport: { width: 1280, height: 1000 },
    });
    page = await context.newPage();
    seen = watch(page);
  }, 120_000);

  afterEach(() => {
    // Markup from the POS runs nothing: no dialog, no script error, no CSP refusal.
    expect(seen).toEqual({ csp: [], errors: [], dialogs: [] });
  });

  afterAll(async () => {
    await browser?.close();
    await regicam?.stop();
    await sim?.stop();
  });

  it('logs in and links Smaregi register 1 to the camera', async () => {
    await page.goto(`${regicam.url}/login`);
    await page.getByLabel('メールアドレス').fill(DEMO.email);
    await page.getByLabel('パスワード').fill(DEMO.password);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.waitForURL(`${regicam.url}/settings`);
    await page.goto(`${regicam.url}/smaregi`);
    await page.getByRole('button', { name: '新規設定追加' }).click();
    const dialog = page.getByTestId('add-dialog');
    await dialog.getByLabel('① 契約ID').fill(DEMO_SMAREGI.contractId);
    await dialog.getByLabel('② アクセストークン').fill(DEMO_SMAREGI.accessToken);
    await dialog.getByLabel('③ 端末ID').fill('1');
    await dialog.getByLabel('④ カメラ').selectOption({ label: CAMERA_1 });
    await dialog.getByRole('button', { name: '追加' }).click();
    await dialog.getByTestId('add-success').waitFor();
    await page.keyboard.press('Escape');
  });

  it('shows a sale rung up at the register live, with its thumbnail, and markup in it as text', async () => {
    await page.goto(`${regicam.url}/dashboard`);
    await page.getByLabel('カメラ', { exact: true }).selectOption({ label: CAMERA_1 });
    await page.getByTestId('day-empty').waitFor();
    await page.getByTestId('view-live').waitFor();
    // POS times are whole seconds: a sale rung up in the second of the link would come before it (not this camera's).
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    [saleId] = sim.smaregi.addRows(DEMO_SMAREGI.contractId, [
      { terminalId: '1', total: '1250', deposit: '2000', charge: '750', staffId: '7', staffName: MARKUP },
    ]);
    const sale = row(key());
    await sale.waitFor({ timeout: LIVE_MS });
    expect(await sale.getByTestId('sale-kind').textContent()).toBe('支払い');
    expect(
      await Promise.all(['sale-total', 'sale-deposit', 'sale-change'].map((id) => sale.getByTestId(id).textContent())),
    ).toEqual(['¥1,250', '¥2,000', '¥750']);
    expect(await sale.getByTestId('sale-register').textContent()).toBe('1 (レジ1)');
    expect(await sale.getByTestId('sale-staff').textContent()).toBe(MARKUP);
    await sale.locator('[data-testid=sale-picture][data-state=ready] img').waitFor({ timeout: LIVE_MS });
    await page.waitForFunction(
      (k) => {
        const img = document.querySelector<HTMLImageElement>(`[data-testid="row-${k}"] img`);
        return !!img && img.complete && img.naturalWidth > 0;
      },
      key(),
      { timeout: LIVE_MS },
    );
    expect(await page.locator('img[src=x]').count()).toBe(0);
    await page.getByTestId('day-totals').filter({ hasText: '支払い 1件 ¥1,250' }).waitFor({ timeout: LIVE_MS });
  });

  it('seeks the camera view to the sale’s second when the row is pressed, and steps a second', async () => {
    const seek = row(key()).getByTestId('sale-seek');
    const time = (await seek.textContent())?.trim();
    await seek.click();
    await row(key()).locator('[data-testid=sale-seek][aria-pressed=true]').waitFor();
    await page.getByTestId('view-time').filter({ hasText: time }).waitFor();
    expect(await page.getByTestId('view-live').count()).toBe(0);
    const src = await page.getByTestId('view-picture').getAttribute('src');
    expect(src).toMatch(/\/picture\?at=\d{4}-\d\d-\d\dT\d\d%3A\d\d%3A\d\d/);
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid=view-picture]');
      return !!img && img.complete && img.naturalWidth > 0;
    });
    await page.getByTestId('timeline-cursor').waitFor();
    await page.getByTestId('timeline-marker').first().waitFor();
    await page.getByTestId('view-back').click();
    await page.getByTestId('view-time').filter({ hasNotText: time }).waitFor();
    await page.getByRole('button', { name: new RegExp(`^${time!.split(' ')[1]} 支払い$`) }).click();
    await page.getByTestId('view-time').filter({ hasText: time }).waitFor();
  });

  it('shows a 取消 of the sale as a cancel, and the sale as cancelled', async () => {
    sim.smaregi.cancel(DEMO_SMAREGI.contractId, saleId);
    const cancel = row(`${key()}#cancel`);
    await cancel.waitFor({ timeout: LIVE_MS });
    expect(await cancel.getByTestId('sale-kind').textContent()).toBe('キャンセル');
    expect(await cancel.getByTestId('sale-refers-to').textContent()).toMatch(/\d\d:\d\d:\d\d の取引のキャンセルです/);
    const original = row(key());
    await original.getByTestId('sale-status').filter({ hasText: 'キャンセル済み' }).waitFor({ timeout: LIVE_MS });
    expect(await original.getByTestId('sale-followed-by').textContent()).toMatch(/にキャンセルされました/);
    await page.getByTestId('day-kind-cancel').click();
    await cancel.waitFor();
    expect(await page.locator('[data-row]').count()).toBe(1);
    await page.getByTestId('day-kind-all').click();
    await original.waitFor();
  });

  it('finds the sale by its staff, and lists apart a register no camera covers (read again every 15 s)', async () => {
    await page.getByTestId('day-search').fill('onerror');
    await page.getByTestId('day-search-submit').click();
    await row(key()).waitFor();
    expect(await page.getByTestId('day-empty').count()).toBe(0);
    await page.getByTestId('day-search').fill('no such staff');
    await page.getByTestId('day-search-submit').click();
    await page.getByTestId('day-empty').filter({ hasText: 'この条件に合う取引はありません。' }).waitFor();
    await page.getByTestId('day-search').fill('');
    await page.getByTestId('day-search-submit').click();
    await row(key()).waitFor();

    const [unlinkedId] = sim.smaregi.addRows(DEMO_SMAREGI.contractId, [
      { terminalId: '3', total: '880', deposit: '1000', charge: '120' },
    ]);
    const unlinked = page.getByTestId(`unlinked-smaregi:${DEMO_SMAREGI.contractId}:${unlinkedId}`);
    await unlinked.waitFor({ timeout: LIVE_MS });
    expect(await unlinked.getByTestId('sale-total').textContent()).toBe('¥880');
    expect(await page.getByTestId(`row-smaregi:${DEMO_SMAREGI.contractId}:${unlinkedId}`).count()).toBe(0);
  }, 90_000);

  it('is accessible, and is what the README shows', async () => {
    await row(key()).getByTestId('sale-seek').click();
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid=view-picture]');
      return !!img && img.complete && img.naturalWidth > 0;
    });
    await screenshot(page, 'dashboard-live');
    await expectAccessible(page, 'ダッシュボード (live)');
  });
});
