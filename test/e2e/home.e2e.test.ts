import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_LOGIN } from '../../scripts/seed/index';
import { apiLogin, call, type Session } from './api';
import {
  horizontalOverflow,
  launchBrowser,
  loginThroughUi,
  newContext,
  screenshot,
  type Browser,
  type Page,
} from './browser';

const baseUrl = inject('baseUrl');
const skipReason = inject('skipReason');

interface Figures {
  orders: number;
  revenue: number;
}
interface StatsSummary {
  currency: string;
  sales: { today: Figures; last7Days: Figures; byDay: Array<{ day: string } & Figures> } | null;
  conversations: { open: number; pendingHandoffs: number } | null;
  stock: { lowStockVariants: number } | null;
  payments: {
    pendingVerification: { count: number; amount: number };
    verifiedLast7Days: { count: number; amount: number };
  } | null;
}
interface OrderSummary {
  status: string;
  total: number;
  currency: string;
}

/** es-AR text as the dashboard prints it, with no-break spaces folded so Node's and Chromium's ICU compare equal. */
const fold = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();
const money = (minor: number, currency: string) =>
  fold(new Intl.NumberFormat('es-AR', { style: 'currency', currency }).format(minor / 100));
const count = (n: number) => new Intl.NumberFormat('es-AR').format(n);

/** Skipped only when the global setup found no Chromium outside CI (it printed why). */
describe.skipIf(!baseUrl)(`home in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let browser: Browser;
  let owner: Session;
  let page: Page;

  beforeAll(async () => {
    owner = await apiLogin(baseUrl, DEMO_LOGIN.email, DEMO_LOGIN.password);
    browser = await launchBrowser();
    page = await (await newContext(browser, baseUrl)).newPage();
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** The big number of the card whose heading is `label`. */
  const cardValue = async (label: string) =>
    fold(
      await page
        .locator('section', { has: page.getByRole('heading', { name: label, exact: true }) })
        .locator('p.text-2xl')
        .textContent(),
    );

  it('the summary endpoint counts every sold order of the run (the seeded ones at least) in the last 7 days', async () => {
    const summary = await call<StatsSummary>(baseUrl, '/stats/summary', { session: owner });
    // Every order in this database was made by this run (the seed, and other browser tests that
    // may have run before in the same server), so all the sold ones fall within the 7 days.
    const { items } = await call<{ items: OrderSummary[] }>(baseUrl, '/orders?limit=100', { session: owner });
    const sold = items.filter((o) => ['CONFIRMED', 'SHIPPED', 'DELIVERED'].includes(o.status));
    expect(sold.length).toBeGreaterThanOrEqual(3);
    expect(summary.sales!.last7Days).toEqual({
      orders: sold.length,
      revenue: sold.reduce((sum, o) => sum + o.total, 0),
    });
    expect(summary.sales!.byDay).toHaveLength(7);
    expect(summary.sales!.byDay.reduce((n, d) => n + d.orders, 0)).toBe(sold.length);
  });

  it('after login, home shows the figures of GET /stats/summary in its cards, with links to the inbox and stock', async () => {
    await loginThroughUi(page, DEMO_LOGIN.email, DEMO_LOGIN.password);
    const summary = await call<StatsSummary>(baseUrl, '/stats/summary', { session: owner });
    const { sales, conversations, stock, payments, currency } = summary;

    await page.getByRole('heading', { name: 'Pedidos de hoy', exact: true }).waitFor();
    await expect(cardValue('Pedidos de hoy')).resolves.toBe(count(sales!.today.orders));
    await expect(cardValue('Ventas de hoy')).resolves.toBe(money(sales!.today.revenue, currency));
    await expect(cardValue('Pedidos en 7 días')).resolves.toBe(count(sales!.last7Days.orders));
    await expect(cardValue('Ventas en 7 días')).resolves.toBe(money(sales!.last7Days.revenue, currency));
    await expect(cardValue('Conversaciones abiertas')).resolves.toBe(count(conversations!.open));
    await expect(cardValue('Derivaciones pendientes')).resolves.toBe(count(conversations!.pendingHandoffs));
    await expect(cardValue('Stock bajo')).resolves.toBe(count(stock!.lowStockVariants));
    await expect(cardValue('Pagos por verificar')).resolves.toBe(count(payments!.pendingVerification.count));

    await expect(page.getByRole('link', { name: 'Ver las que necesitan humano' }).getAttribute('href')).resolves.toBe(
      '/inbox?filter=human',
    );
    await expect(page.getByRole('link', { name: 'Ver stock bajo' }).getAttribute('href')).resolves.toBe(
      '/stock?low=true',
    );
    await page.getByRole('img', { name: 'Gráfico de ventas de los últimos 7 días' }).locator('svg').first().waitFor();
    await screenshot(page, 'home');
    expect(await horizontalOverflow(page)).toEqual([]);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('img', { name: 'Gráfico de ventas de los últimos 7 días' }).locator('svg').first().waitFor();
    await screenshot(page, 'home');
    expect(await horizontalOverflow(page), 'home at 390 px scrolls sideways').toEqual([]);
  });

  it('"Ver stock bajo" opens the stock screen filtered to low stock', async () => {
    await page.getByRole('link', { name: 'Ver stock bajo' }).click();
    await page.getByRole('heading', { level: 1, name: 'Stock' }).waitFor();
    await expect(page.getByLabel('Solo stock bajo').isChecked()).resolves.toBe(true);
  });
});
