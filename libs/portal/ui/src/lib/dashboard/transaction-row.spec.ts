import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { LanguageService, provideI18n } from '@regicam/portal/i18n';
import type { SaleView } from './dashboard-view';
import { TransactionRow } from './transaction-row';

const MARKUP = '<img src=x onerror=alert(1)>';

const SALE: SaleView = {
  transactionKey: 'smaregi:demo:42',
  transactionId: '42',
  occurredAt: '2019-02-21T01:57:05.000Z',
  kind: 'payment',
  total: 140000,
  deposit: 150000,
  change: 10000,
  receiptNo: '0042',
  register: { terminalId: '1', name: null },
  staff: { name: '山田' },
  picture: { state: 'ready', url: '/api/thumbnails/k', url2x: '/api/thumbnails/k/2x' },
  lifecycle: { status: 'active', original: null, changes: [] },
};

@Component({
  selector: 'rc-host',
  imports: [TransactionRow],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<rc-transaction-row
    [transaction]="sale()"
    [originalAt]="originalAt()"
    [selected]="selected()"
    (seek)="seeks.push($event)"
  />`,
})
class Host {
  readonly sale = signal<SaleView>(SALE);
  readonly selected = signal(false);
  readonly originalAt = signal<string | null>(null);
  readonly seeks: string[] = [];
}

describe('TransactionRow', () => {
  beforeEach(() => localStorage.clear());

  async function render(sale: Partial<SaleView> = {}, originalAt: string | null = null) {
    TestBed.configureTestingModule({ imports: [Host], providers: [provideI18n()] });
    const fixture = TestBed.createComponent(Host);
    fixture.componentInstance.sale.set({ ...SALE, ...sale });
    fixture.componentInstance.originalAt.set(originalAt);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const text = (id: string) => el.querySelector(`[data-testid=${id}]`)?.textContent?.replace(/\s+/g, ' ').trim();
    return { fixture, host: fixture.componentInstance, el, text };
  }

  it('shows the time in Japan, the kind, the amounts in yen, the receipt, register and staff', async () => {
    const { text } = await render();
    expect(text('sale-seek')).toBe('2019/02/21(木) 10:57:05');
    expect(text('sale-kind')).toBe('支払い');
    expect([text('sale-total'), text('sale-deposit'), text('sale-change')]).toEqual([
      '¥140,000',
      '¥150,000',
      '¥10,000',
    ]);
    expect([text('sale-receipt'), text('sale-register'), text('sale-staff')]).toEqual(['0042', '1', '山田']);
    expect(text('sale-status')).toBeUndefined();
  });

  it('names the register when the POS gives it a name, and shows no staff as -', async () => {
    const { text } = await render({ register: { terminalId: '2', name: '2号レジ' }, staff: null });
    expect([text('sale-register'), text('sale-staff')]).toEqual(['2 (2号レジ)', '-']);
  });

  it('shows a missing amount as -, and switches language at run time', async () => {
    const { fixture, text } = await render({ kind: 'delete', total: 50000, deposit: null, change: null });
    expect([text('sale-kind'), text('sale-total'), text('sale-deposit')]).toEqual(['削除', '¥50,000', '-']);
    TestBed.inject(LanguageService).use('en');
    await fixture.whenStable();
    expect(text('sale-kind')).toBe('Deletion');
    expect(text('sale-seek')).toBe('Thu, Feb 21, 2019, 10:57:05');
  });

  it('shows the thumbnail at both densities with a text alternative', async () => {
    const { el } = await render();
    const img = el.querySelector('img')!;
    expect(img.getAttribute('src')).toBe('/api/thumbnails/k');
    expect(img.getAttribute('srcset')).toBe('/api/thumbnails/k 1x, /api/thumbnails/k/2x 2x');
    expect(img.alt).toBe('2019/02/21(木) 10:57:05 のレジのカメラ画像');
  });

  it('shows a spinner while the picture is made, then the picture when the row brings it', async () => {
    const { fixture, host, el } = await render({ picture: { state: 'pending' } });
    expect(el.querySelector('[role=img]')?.getAttribute('aria-label')).toBe('画像を準備中');
    expect(el.querySelector('img')).toBeNull();
    host.sale.set(SALE);
    await fixture.whenStable();
    expect(el.querySelector('img')).not.toBeNull();
  });

  it('says 画像なし with the reason in words, and why for a register no camera covered', async () => {
    const none = await render({ picture: { state: 'none', reason: 'camera_dark' } });
    expect(none.text('sale-picture')).toContain('画像なし');
    expect(none.text('sale-picture-reason')).toBe('この時刻、カメラは停止していました。');
    TestBed.inject(LanguageService).use('en');
    await none.fixture.whenStable();
    expect(none.text('sale-picture-reason')).toBe('The camera was off at that time.');
    TestBed.resetTestingModule();
    localStorage.clear();
    const unlinked = await render({ picture: { state: 'not_linked' } });
    expect(unlinked.text('sale-picture-reason')).toBe('この時刻、このレジ端末はカメラに紐づいていませんでした。');
    TestBed.resetTestingModule();
    const unknown = await render({ picture: { state: 'failed', reason: 'lens_fogged' } });
    expect(unknown.text('sale-picture-reason')).toBe('lens_fogged');
  });

  it('says 画像なし when the thumbnail does not load', async () => {
    const { fixture, el, text } = await render();
    el.querySelector('img')!.dispatchEvent(new Event('error'));
    await fixture.whenStable();
    expect(text('sale-picture')).toContain('画像なし');
  });

  it('emits its time when pressed, and says it is the one shown', async () => {
    const { fixture, host, el } = await render();
    const seek = el.querySelector<HTMLButtonElement>('[data-testid=sale-seek]')!;
    expect(seek.getAttribute('aria-label')).toBe('2019/02/21(木) 10:57:05 の支払いをカメラ映像で見る');
    seek.click();
    expect(host.seeks).toEqual([SALE.occurredAt]);
    host.selected.set(true);
    await fixture.whenStable();
    expect(seek.getAttribute('aria-pressed')).toBe('true');
  });

  it('shows a cancel with its original, by time when known, else by id; and a sale with what cancelled it', async () => {
    const original = { transactionKey: 'smaregi:demo:40', transactionId: '40' };
    const cancel = await render(
      { kind: 'cancel', lifecycle: { status: 'active', original, changes: [] } },
      '2019-02-21T01:13:04.000Z',
    );
    expect(cancel.text('sale-refers-to')).toBe('10:13:04 の取引のキャンセルです');
    TestBed.resetTestingModule();
    const byId = await render({ kind: 'cancel', lifecycle: { status: 'active', original, changes: [] } });
    expect(byId.text('sale-refers-to')).toBe('取引 40 のキャンセルです');
    TestBed.resetTestingModule();
    const sale = await render({
      lifecycle: {
        status: 'cancelled',
        original: null,
        changes: [{ transactionKey: 'k-9', kind: 'cancel', occurredAt: '2019-02-21T02:22:17.000Z' }],
      },
    });
    expect(sale.text('sale-followed-by')).toBe('11:22:17 にキャンセルされました');
    expect(sale.text('sale-status')).toBe('キャンセル済み');
  });

  it('shows markup from the POS as text', async () => {
    const { el, text } = await render({
      staff: { name: MARKUP },
      receiptNo: MARKUP,
      register: { terminalId: '1', name: MARKUP },
    });
    expect(text('sale-staff')).toBe(MARKUP);
    expect(text('sale-receipt')).toBe(MARKUP);
    expect(text('sale-register')).toBe(`1 (${MARKUP})`);
    expect(el.querySelectorAll('img')).toHaveLength(1);
  });
});
