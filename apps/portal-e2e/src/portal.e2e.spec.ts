import type { PosSimulator } from '@regicam/pos/simulator';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from './support/browser';
import { expectAccessible, screenshot, watch, type Misdeeds } from './support/page-checks';
import { DEMO_SMAREGI, DEMO_UBIREGI, addUbiregiAccount, startPosSimulator } from './support/pos-simulator';
import { startRegiCam, type RunningRegiCam } from './support/regicam-process';

const DEMO = { email: 'demo@regicam.example', password: 'regicam-demo', name: 'デモ店舗' };
const MARKUP = '<img src=x onerror=alert(1)>';
const XSS_OWNER = { email: 'markup@example.com', password: 'correct horse battery' };
const CAMERA_1 = 'レジ上カメラ (CC-2L_SF : DEMO-0001)';
const CAMERA_2 = 'バックヤードカメラ (CC-2L_SF : E2E-0002)';

/**
 * The portal as a store owner uses it, in Debian's Chromium, against the
 * built portal served by the built RegiCam process (`npm start`'s
 * composition, fresh DATA_DIR, the demo owner). The POS simulator runs in
 * this test's process (RegiCam with POS_SIMULATOR=off, its POS URLs
 * pointed at it) so that the test can revoke the Ubiregi grant as Ubiregi
 * would. The steps build on each other, in order.
 */
describe('the portal, as a store owner uses it', () => {
  let regicam: RunningRegiCam;
  let sim: PosSimulator;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let seen: Misdeeds;

  const open = async (path: string) => {
    await page.goto(`${regicam.url}${path}`);
    await page.locator('main h1').first().waitFor();
  };
  const heading = () => page.locator('main h1').first();
  const notice = () => page.getByTestId('notice');
  const newContext = () =>
    browser.newContext({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo', viewport: { width: 1280, height: 900 } });

  beforeAll(async () => {
    const pos = await startPosSimulator();
    sim = pos.sim;
    regicam = await startRegiCam(pos.env);
    addUbiregiAccount(sim, regicam.url, `ユビレジ店 ${MARKUP}`);
    // A second camera with the POS option, and an owner whose name is markup, with the CLI as an operator would.
    await regicam.cli(
      ['camera', 'add', '--owner', DEMO.email, '--name', 'バックヤードカメラ', '--model', 'CC-2L_SF'].concat([
        '--serial',
        'E2E-0002',
        '--pos-from',
        '2019-01-01',
      ]),
    );
    await regicam.cli(['owner', 'create', '--email', XSS_OWNER.email, '--name', MARKUP], {
      REGICAM_OWNER_PASSWORD: XSS_OWNER.password,
    });
    await regicam.cli(
      ['camera', 'add', '--owner', XSS_OWNER.email, '--name', 'markup camera', '--model', 'CC-2_SF'].concat([
        '--serial',
        'X-1',
        '--pos-from',
        '2019-01-01',
      ]),
    );
    browser = await launchBrowser();
    context = await newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: regicam.url });
    page = await context.newPage();
    seen = watch(page);
  }, 120_000);

  afterEach(() => {
    // Every screen runs under the API's Content-Security-Policy without a refusal, an error or a dialog.
    expect(seen).toEqual({ csp: [], errors: [], dialogs: [] });
  });

  afterAll(async () => {
    await browser?.close();
    await regicam?.stop();
    await sim?.stop();
  });

  it('shows the service status without a session', async () => {
    await open('/status');
    await page.getByTestId('health').filter({ hasText: 'status: ok' }).waitFor();
    expect(await page.title()).toBe('サービス状態 | RegiCam');
    expect(await page.locator('header').textContent()).toContain('カメラ - POS 認証連携ポータル');
    await screenshot(page, 'status');
    await expectAccessible(page, 'status');
  });

  it('sends an owner without a session to ログイン, says a wrong password in words, then goes where they wanted', async () => {
    await page.goto(`${regicam.url}/smaregi`);
    await page.waitForURL(/\/login\?returnUrl=%2Fsmaregi$/);
    expect(await heading().textContent()).toBe('Login');
    expect(await page.locator('main').textContent()).toContain(
      '※POSレジ端末と連携させるカメラのオーナーアカウント（カメラサービス申込み時に作成したもの）でログインしてください。',
    );
    await screenshot(page, 'login');
    await expectAccessible(page, 'ログイン');
    await page.getByLabel('メールアドレス').fill(DEMO.email);
    await page.getByLabel('パスワード').fill('not the password');
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.getByRole('alert').filter({ hasText: 'メールアドレスまたはパスワードが違います。' }).waitFor();
    await expectAccessible(page, 'ログイン (wrong password)');
    await page.getByLabel('パスワード').fill(DEMO.password);
    await page.getByLabel('パスワード').press('Enter');
    await page.waitForURL(`${regicam.url}/smaregi`);
    expect(await page.getByTestId('owner-name').textContent()).toContain(DEMO.name);
  });

  it('says how many minutes to wait after too many failed logins (429, Retry-After)', async () => {
    const other = await newContext();
    const p = await other.newPage();
    await p.goto(`${regicam.url}/login`);
    await p.getByLabel('メールアドレス').fill('somebody@example.com');
    for (let i = 0; i < 6; i++) {
      await p.getByLabel('パスワード').fill(`wrong ${i}`);
      await p.getByRole('button', { name: 'ログイン' }).click();
      await p.getByTestId('login-error').waitFor();
    }
    expect(await p.getByTestId('login-error').textContent()).toMatch(/(1[0-5]|[1-9])分後にもう一度お試しください。/);
    await other.close();
  });

  it('shows 連携設定 with Ubiregi連携設定 and スマレジ連携設定', async () => {
    await open('/settings');
    const main = page.locator('main');
    await main.getByRole('link', { name: 'Ubiregi連携設定' }).waitFor();
    await main.getByRole('link', { name: 'スマレジ連携設定' }).waitFor();
    expect((await main.textContent())?.split('連携設定の追加、編集、削除を行うことができます。').length).toBe(3);
    await screenshot(page, 'settings');
    await expectAccessible(page, '連携設定');
  });

  it('adds a Smaregi link: a wrong token is refused next to アクセストークン, the right one succeeds', async () => {
    await open('/smaregi');
    await page.getByRole('button', { name: '新規設定追加' }).click();
    const dialog = page.getByTestId('add-dialog');
    await dialog.getByLabel('① 契約ID').fill(DEMO_SMAREGI.contractId);
    await dialog.getByLabel('② アクセストークン').fill('not-the-token');
    await dialog.getByLabel('③ 端末ID').fill('1');
    await dialog.getByLabel('④ カメラ').selectOption({ label: CAMERA_1 });
    await dialog.getByRole('button', { name: '追加' }).click();
    const tokenError = dialog.getByTestId('add-accessToken-error');
    await tokenError.waitFor();
    expect(await tokenError.textContent()).toContain('アクセストークンが正しくありません');
    expect(await dialog.getByLabel('② アクセストークン').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'smaregi-add-refused');
    await expectAccessible(page, '新規設定追加 (refused)');
    await dialog.getByLabel('② アクセストークン').fill(DEMO_SMAREGI.accessToken);
    await dialog.getByRole('button', { name: '追加' }).click();
    await dialog.getByTestId('add-success').waitFor();
    expect(await dialog.getByTestId('add-success').textContent()).toContain(
      '端末 1 をカメラ「レジ上カメラ」と連携しました',
    );
    await screenshot(page, 'smaregi-add-success');
    await dialog.getByRole('button', { name: '閉じる' }).click();
    const row = page.getByTestId('link-demo-1');
    await row.waitFor();
    expect(await row.getByTestId('link-token').textContent()).toMatch(/^•+oken$/);
    expect(await row.getByTestId('link-camera').textContent()).toContain(CAMERA_1);
  });

  it('adds a second link with the keyboard alone', async () => {
    await page.getByRole('button', { name: '新規設定追加' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('add-dialog');
    await dialog.getByLabel('① 契約ID').waitFor();
    await page.keyboard.press('Tab'); // from the method's radio group to ① 契約ID
    await page.keyboard.type(DEMO_SMAREGI.contractId);
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEMO_SMAREGI.accessToken);
    await page.keyboard.press('Tab');
    await page.keyboard.type('2');
    await page.keyboard.press('Tab');
    // ④ カメラ: arrow down to レジ上カメラ (the cameras come in no fixed order; 2号店レジ cannot be chosen yet).
    const camera = dialog.getByLabel('④ カメラ');
    for (
      let i = 0;
      i < 4 &&
      !(await camera.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.text.trim())).startsWith('レジ上');
      i++
    ) {
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Tab'); // キャンセル
    await page.keyboard.press('Tab'); // 追加
    await page.keyboard.press('Enter');
    await dialog.getByTestId('add-success').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('link-demo-2').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('add-link');
  });

  it('shows the push URL for API送信設定, copies it, and makes a new secret', async () => {
    const push = page.getByTestId('push-demo');
    const url = push.getByTestId('push-url');
    const before = await url.inputValue();
    expect(before).toMatch(new RegExp(`^${regicam.url}/webhooks/smaregi/demo/[A-Za-z0-9_-]{43}$`));
    await push.getByRole('button', { name: 'コピー（契約 demo の送信先URL）' }).click();
    await notice().filter({ hasText: '送信先URLをコピーしました。' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(before);
    await push.getByRole('button', { name: '新しいURLを発行（契約 demo）' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '発行する' }).click();
    await notice().filter({ hasText: '新しい送信先URLを発行しました' }).waitFor();
    expect(await url.inputValue()).not.toBe(before);
    await screenshot(page, 'smaregi');
    await expectAccessible(page, 'スマレジ連携設定');
  });

  it('moves register 1 to another camera with its region, in one step', async () => {
    await page.getByTestId('link-demo-1').getByTestId('link-relink').click();
    await page.waitForURL(/\/links\/[^/]+\/relink$/);
    const first = page.url();
    expect(await page.getByTestId('relink-current-camera').textContent()).toContain(CAMERA_1);
    await page.getByLabel('新しいカメラ').selectOption({ label: CAMERA_2 });
    // No picture yet from this camera: the neutral 16:9 frame.
    await page.getByTestId('region-placeholder').waitFor();
    const frame = page.getByTestId('region-frame');
    await frame.scrollIntoViewIfNeeded();
    const box = (await frame.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.3);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.6, { steps: 5 });
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.8, { steps: 5 });
    await page.mouse.up();
    await page
      .getByTestId('region-value')
      .filter({ hasText: /左 20(\.\d)?%・上 30(\.\d)?%・幅 40(\.\d)?%/ })
      .waitFor();
    await frame.press('ArrowRight');
    await page
      .getByTestId('region-value')
      .filter({ hasText: /左 21(\.\d)?%/ })
      .waitFor();
    await screenshot(page, 'relink');
    await expectAccessible(page, 'カメラ-レジ端末の紐づけ変更');
    await page.getByRole('button', { name: '紐づけを変更' }).click();
    await notice().filter({ hasText: 'カメラ「バックヤードカメラ」に紐づけを変更しました。' }).waitFor();
    await page.waitForURL((u) => u.toString() !== first && /\/relink$/.test(u.pathname));
    await page.getByTestId('relink-current-camera').filter({ hasText: CAMERA_2 }).waitFor();
  });

  it('shows both changes in 監査 with the actor by name, filters them, shows the links at a time, and downloads CSV', async () => {
    await open('/audit');
    const rows = page.getByTestId('audit-event');
    await page.getByTestId('audit-count').filter({ hasText: '4件' }).waitFor();
    const table = (await page.getByTestId('audit-events').textContent()) ?? '';
    expect(table).toContain('カメラ「バックヤードカメラ」へ付け替え');
    expect(table).not.toMatch(/owner:/);
    for (const actor of await page.getByTestId('audit-actor').allTextContents()) {
      expect(actor).toBe(`${DEMO.name} (${DEMO.email})`);
    }
    const texts = await rows.allTextContents();
    // The relink is one change: the old link's end and the new link, at the same time, the new one with its region.
    const removed = texts.findIndex((t) => t.includes('解除'));
    expect(texts[removed]).toContain('スマレジ demo / 1');
    expect(texts[removed + 1]).toMatch(/紐づけスマレジ demo \/ 1バックヤードカメラ左 21%・上 30%/);
    const time = (t: string) => /^\S+ \d\d:\d\d:\d\d/.exec(t)?.[0];
    expect(time(texts[removed])).toBe(time(texts[removed + 1]));

    await page.getByLabel('端末', { exact: true }).selectOption({ label: 'スマレジ demo / 2' });
    await page.getByRole('button', { name: '絞り込む' }).click();
    await page.getByTestId('audit-count').filter({ hasText: '1件' }).waitFor();
    await page.getByRole('button', { name: '条件をクリア' }).click();
    await page.getByLabel('カメラ', { exact: true }).selectOption({ label: 'バックヤードカメラ' });
    await page.getByRole('button', { name: '絞り込む' }).click();
    await page.getByTestId('audit-count').filter({ hasText: '1件' }).waitFor();
    expect(await rows.first().textContent()).toContain('紐づけ');
    await page.getByRole('button', { name: '条件をクリア' }).click();
    await page.getByTestId('audit-count').filter({ hasText: '4件' }).waitFor();

    const now = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Asia/Tokyo',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .format(new Date())
      .replace(' ', 'T');
    await page.getByTestId('state-at').fill(now);
    await page.getByRole('button', { name: '表示' }).click();
    const state = page.getByTestId('state-link');
    await state.nth(1).waitFor();
    expect(await page.getByTestId('audit-state').textContent()).toContain('バックヤードカメラ');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-csv').click()]);
    const csv = readFileSync((await download.path())!, 'utf8')
      .replace(/^\ufeff/, '')
      .split('\r\n');
    expect(csv[0]).toBe(
      'at,type,actorName,actorEmail,actor,reason,linkId,provider,contractId,terminalId,cameraId,cameraName,region',
    );
    expect(csv.filter((l) => l.includes(`${DEMO.name},${DEMO.email},owner:`))).toHaveLength(4);
    expect(csv.some((l) => l.includes('relinked to camera') && l.includes('レジ上カメラ'))).toBe(true);
    await screenshot(page, 'audit');
    await expectAccessible(page, '監査');
  });

  it('deletes two links at once with the checkboxes and the trash icon', async () => {
    await open('/smaregi');
    await page.getByTestId('link-demo-1').getByRole('checkbox').check();
    await page.getByTestId('link-demo-2').getByRole('checkbox').check();
    expect(await page.locator('main').textContent()).toContain(
      '※こちらの画面から解除してもサービス自体は解約にはなりません。(連携の設定解除のみ)',
    );
    await page.getByRole('button', { name: '選択した連携設定を削除' }).click();
    const confirm = page.getByRole('dialog');
    expect(await confirm.textContent()).toContain('2件の連携設定を削除しますか？');
    await expectAccessible(page, '削除の確認');
    await confirm.getByRole('button', { name: '削除' }).click();
    await notice().filter({ hasText: '2件の連携設定を削除しました。' }).waitFor();
    await page.getByText('まだ連携設定がありません。').waitFor();
  });

  it('connects Ubiregi through the consent page, and says so when the owner refuses', async () => {
    await open('/ubiregi');
    await page.getByTestId('ubiregi-not-connected').waitFor();
    await screenshot(page, 'ubiregi-not-connected');
    await expectAccessible(page, 'Ubiregi連携設定 (not connected)');
    await page.getByRole('link', { name: 'Ubiregi Auth2連携' }).click();
    await page.getByRole('button', { name: '許可しない' }).click();
    await page.waitForURL(`${regicam.url}/ubiregi`);
    await notice().filter({ hasText: '「許可しない」が選ばれたため' }).waitFor();

    await page.getByRole('link', { name: 'Ubiregi Auth2連携' }).click();
    await page.getByText('セーフィーがあなたのアカウントにアクセスすることを許可しますか？').waitFor();
    await page.getByLabel('メールアドレスまたはアカウント名').fill(DEMO_UBIREGI.login);
    await page.getByLabel('パスワード').fill(DEMO_UBIREGI.password);
    await page.getByRole('button', { name: '許可する' }).click();
    await page.waitForURL(`${regicam.url}/ubiregi`);
    await notice().filter({ hasText: 'ユビレジと連携しました。' }).waitFor();
    // The account's name is markup at Ubiregi: it is shown as text.
    expect(await page.getByTestId('ubiregi-account').textContent()).toContain(`ユビレジ店 ${MARKUP}`);
    expect(await page.locator('main img').count()).toBe(0);
  });

  it('assigns a camera to the Ubiregi register with 更新', async () => {
    const row = page.getByTestId(`terminal-${DEMO_UBIREGI.accountId}`);
    await row.getByLabel(`端末 ${DEMO_UBIREGI.accountId} のカメラ`, { exact: true }).selectOption({ label: CAMERA_1 });
    await row.getByRole('button', { name: `更新（端末 ${DEMO_UBIREGI.accountId}）` }).click();
    await notice()
      .filter({ hasText: `端末 ${DEMO_UBIREGI.accountId} のカメラを更新しました。` })
      .waitFor();
    await row.getByRole('link', { name: '紐づけ変更' }).waitFor();
    expect(await row.getByRole('checkbox').isEnabled()).toBe(true);
    await screenshot(page, 'ubiregi');
    await expectAccessible(page, 'Ubiregi連携設定');
  });

  it('asks to connect again once Ubiregi no longer accepts the grant', async () => {
    sim.ubiregi.revoke(DEMO_UBIREGI.accountId);
    await open('/ubiregi');
    const banner = page.getByTestId('reconnect-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('ユビレジともう一度連携してください');
    expect(await banner.getByRole('link', { name: 'もう一度連携する' }).getAttribute('href')).toBe(
      '/api/ubiregi/connect',
    );
    await screenshot(page, 'ubiregi-reconnect');
    await expectAccessible(page, 'Ubiregi連携設定 (connect again)');
  });

  it('shows the dashboard with the camera picker', async () => {
    await open('/dashboard');
    const picker = page.getByLabel('カメラ', { exact: true });
    await picker.selectOption({ label: CAMERA_2 });
    await page.waitForURL(/\/dashboard\?camera=/);
    await page.getByTestId('dashboard-links').filter({ hasText: 'まだレジ端末が紐づいていません' }).waitFor();
    await picker.selectOption({ label: CAMERA_1 });
    await page
      .getByTestId('dashboard-links')
      .filter({ hasText: `端末 ${DEMO_UBIREGI.accountId}` })
      .waitFor();
    await screenshot(page, 'dashboard');
    await expectAccessible(page, 'ダッシュボード');
  });

  it('switches to English at run time, without a reload', async () => {
    await open('/settings');
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    await page.getByRole('button', { name: 'English' }).click();
    await heading().filter({ hasText: 'Link settings' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.title()).toBe('Link settings | RegiCam');
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    await screenshot(page, 'settings-en');
    await expectAccessible(page, 'Link settings (English)');
    await page.getByRole('button', { name: '日本語' }).click();
    await heading().filter({ hasText: '連携設定' }).waitFor();
  });

  it('fits a tablet held upright (768 px)', async () => {
    await page.setViewportSize({ width: 768, height: 1024 });
    for (const path of ['/smaregi', '/ubiregi', '/audit', '/dashboard']) {
      await open(path);
      // The dashboard keeps its event stream open, so the network is never idle there.
      if (path === '/dashboard') await page.getByTestId('dashboard-unlinked').waitFor();
      else await page.waitForLoadState('networkidle');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    }
    await screenshot(page, 'dashboard-768');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('logs out', async () => {
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.waitForURL(/\/login\?loggedOut=1$/);
    await page.getByText('ログアウトしました。').waitFor();
    await page.goto(`${regicam.url}/audit`);
    await page.waitForURL(/\/login\?returnUrl=%2Faudit$/);
  });

  it('shows an owner whose name is markup as text, running nothing, in the header and in 監査', async () => {
    await open('/login');
    await page.getByLabel('メールアドレス').fill(XSS_OWNER.email);
    await page.getByLabel('パスワード').fill(XSS_OWNER.password);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.waitForURL(`${regicam.url}/settings`);
    expect((await page.getByTestId('owner-name').textContent())?.trim()).toBe(MARKUP);
    await open('/smaregi');
    await page.getByRole('button', { name: '新規設定追加' }).click();
    const dialog = page.getByTestId('add-dialog');
    await dialog.getByLabel('① 契約ID').fill(DEMO_SMAREGI.contractId);
    await dialog.getByLabel('② アクセストークン').fill(DEMO_SMAREGI.accessToken);
    await dialog.getByLabel('③ 端末ID').fill('3');
    await dialog.getByLabel('④ カメラ').selectOption({ label: 'markup camera (CC-2_SF : X-1)' });
    await dialog.getByRole('button', { name: '追加' }).click();
    await dialog.getByTestId('add-success').waitFor();
    await page.keyboard.press('Escape');
    await open('/audit');
    await page.getByTestId('audit-count').filter({ hasText: '1件' }).waitFor();
    expect(await page.getByTestId('audit-actor').textContent()).toBe(`${MARKUP} (${XSS_OWNER.email})`);
    expect(await page.locator('img[src=x]').count()).toBe(0);
  });
});
