import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_LOGIN } from '../../scripts/seed/index';
import { apiLogin, call, openRealtime, type HubFrame, type Session } from './api';
import { launchBrowser, loginThroughUi, newContext, screenshot, type Browser, type Page } from './browser';

const baseUrl = inject('baseUrl');
const skipReason = inject('skipReason');

interface Product {
  variants: Array<{ id: string; stock: { available: number } }>;
}

/** What the page's realtime sockets carried, seen from between the page and the server. */
interface RoutedSocket {
  url: URL;
  fromServer: HubFrame[];
  drop(): void;
}

/** Skipped only when the global setup found no Chromium outside CI (it printed why). */
describe.skipIf(!baseUrl)(`dashboard realtime in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let browser: Browser;
  let owner: Session;
  let page: Page;
  let connectionId: string;
  const sockets: RoutedSocket[] = [];
  /** While true, the page cannot get a realtime ticket (the server looks unreachable to it). */
  let ticketsBlocked = false;
  let loads = 0;
  /** The customer of the conversation the first test creates. */
  let customerName = '';

  const indicator = () => page.locator('header [role="status"]');
  const lastSocket = () => sockets.at(-1)!;

  beforeAll(async () => {
    owner = await apiLogin(baseUrl, DEMO_LOGIN.email, DEMO_LOGIN.password);
    const connection = await call<{ id: string }>(baseUrl, '/connections', {
      session: owner,
      body: { name: 'Realtime e2e', sender: `+54911${randomDigits(8)}`, webhookAuth: 'HMAC' },
    });
    connectionId = connection.id;
    browser = await launchBrowser();
    const context = await newContext(browser, baseUrl);
    page = await context.newPage();
    page.on('load', () => loads++);
    // Browser notifications are recorded instead of shown (headless Chromium has no notification
    // centre); the permission is granted as if the operator had clicked the bell.
    await page.addInitScript(() => {
      const shown: Array<{ title: string; body?: string; tag?: string }> = [];
      (window as unknown as { __notifications: typeof shown }).__notifications = shown;
      class RecordedNotification {
        static permission = 'granted';
        static requestPermission = async () => 'granted';
        onclick: (() => void) | null = null;
        constructor(title: string, options: NotificationOptions = {}) {
          shown.push({ title, body: options.body, tag: options.tag });
        }
      }
      (window as unknown as { Notification: unknown }).Notification = RecordedNotification;
    });
    // Every realtime socket of the page goes through here: frames are recorded and forwarded,
    // and the test can cut it as a network failure would.
    await page.routeWebSocket(/\/api\/v1\/realtime\?/, (ws) => {
      const server = ws.connectToServer();
      const socket: RoutedSocket = {
        url: new URL(ws.url()),
        fromServer: [],
        drop: () => {
          ws.close({ code: 4000, reason: 'dropped by the test' });
          server.close();
        },
      };
      sockets.push(socket);
      server.onMessage((message) => {
        socket.fromServer.push(JSON.parse(String(message)) as HubFrame);
        ws.send(message);
      });
    });
    await page.route('**/api/v1/realtime/token', (route) =>
      ticketsBlocked ? route.fulfill({ status: 503, body: 'unreachable' }) : route.continue(),
    );
  });

  afterEach(() => {
    ticketsBlocked = false;
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('a simulator message makes its conversation appear in the open inbox, pushed through the socket', async () => {
    await loginThroughUi(page, DEMO_LOGIN.email, DEMO_LOGIN.password);
    await page.goto('/inbox');
    await indicator().filter({ hasText: 'En vivo' }).waitFor();
    await screenshot(page, 'realtime-live', { viewportOnly: true });
    const loadsBefore = loads;
    const socket = lastSocket();

    const name = (customerName = `Realtime ${randomDigits(6)}`);
    await call(baseUrl, '/dev/simulator/inbound', {
      session: owner,
      body: { connectionId, from: `+54911${randomDigits(8)}`, name, text: 'Hola, ¿tienen buzos?' },
    });

    await page.getByRole('list', { name: 'Conversaciones' }).getByText(name).waitFor();
    expect(loads).toBe(loadsBefore);
    // The socket that was open all along is the one that carried the news.
    expect(lastSocket()).toBe(socket);
    expect(socket.fromServer.some((f) => f.type === 'event' && f.event?.type === 'message:new')).toBe(true);
    await expect(indicator().textContent()).resolves.toBe('En vivo');
  });

  it('after the socket drops it shows Reconectando…, reconnects with since/epoch and applies the order change it missed', async () => {
    const { items } = await call<{ items: Product[] }>(baseUrl, '/products?inStock=true&limit=50', {
      session: owner,
    });
    const variant = items.flatMap((p) => p.variants).find((v) => v.stock.available >= 2)!;
    const order = await call<{ id: string; number: number; status: string }>(baseUrl, '/orders', {
      session: owner,
      body: { items: [{ variantId: variant.id, quantity: 1 }] },
    });
    expect(order.status).toBe('DRAFT');
    await page.goto(`/orders/${order.id}`);
    await page.getByRole('heading', { name: `Pedido #${order.number}` }).waitFor();
    await page.getByText('Borrador', { exact: true }).first().waitFor();
    await indicator().filter({ hasText: 'En vivo' }).waitFor();
    const loadsBefore = loads;
    const dropped = lastSocket();
    const hello = dropped.fromServer.find((f) => f.type === 'hello')!;

    // The test's own client sees the event reach the hub while the page is disconnected.
    const observer = await openRealtime(baseUrl, owner);
    try {
      ticketsBlocked = true;
      dropped.drop();
      await indicator().filter({ hasText: 'Reconectando…' }).waitFor();
      await screenshot(page, 'realtime-reconnecting', { viewportOnly: true });

      await call(baseUrl, `/orders/${order.id}/confirm`, { method: 'POST', session: owner });
      const missed = await observer
        .next((f) => f.type === 'event' && f.event?.data.orderId === order.id && f.event.data.status === 'CONFIRMED')
        .catch(async (error: Error) => {
          // Name where the event stopped: still in the outbox, dead-lettered, or lost after the queue.
          const queues = await call(baseUrl, '/ops/queues', { session: owner });
          throw new Error(`${error.message}\n/ops/queues: ${JSON.stringify(queues)}`);
        });
      expect(missed.event?.type).toBe('order:updated');
      await expect(page.getByText('Borrador', { exact: true }).first().isVisible()).resolves.toBe(true);
      await expect(page.getByText('Confirmado', { exact: true }).count()).resolves.toBe(0);

      // Back online: the page reconnects at once instead of waiting out its backoff.
      ticketsBlocked = false;
      await page.evaluate(() => window.dispatchEvent(new Event('online')));
      await page.getByText('Confirmado', { exact: true }).first().waitFor();
      await indicator().filter({ hasText: 'En vivo' }).waitFor();
      await screenshot(page, 'realtime-resumed', { viewportOnly: true });

      const resumed = lastSocket();
      expect(resumed).not.toBe(dropped);
      const since = Number(resumed.url.searchParams.get('since'));
      expect(since).toBeGreaterThanOrEqual(hello.seq!);
      expect(since).toBeLessThan(missed.seq!);
      expect(resumed.url.searchParams.get('epoch')).toBe(hello.epoch);
      // The hub replayed the missed event after a resumed hello; the page was never reloaded.
      expect(resumed.fromServer[0]).toMatchObject({ type: 'hello', resumed: true, reset: false });
      expect(resumed.fromServer.some((f) => f.type === 'event' && f.event?.id === missed.event!.id)).toBe(true);
      expect(loads).toBe(loadsBefore);
    } finally {
      ticketsBlocked = false;
      observer.close();
    }
  });

  it('a handoff lights the bell badge and raises a browser notification, without reload', async () => {
    const { items } = await call<{ items: Array<{ id: string }> }>(
      baseUrl,
      `/conversations?q=${encodeURIComponent(customerName)}`,
      { session: owner },
    );
    expect(items).toHaveLength(1);
    await page.goto('/orders');
    await indicator().filter({ hasText: 'En vivo' }).waitFor();
    const bell = page.getByRole('button', { name: /^Avisos activados\. \d+ conversaciones esperan a una persona$/ });
    const waiting = async () => Number((await bell.getAttribute('aria-label'))!.match(/\d+/)![0]);
    const before = await waiting();
    const loadsBefore = loads;

    await call(baseUrl, `/conversations/${items[0]!.id}/handoff`, {
      session: owner,
      body: { reason: 'Pide hablar con una persona' },
    });

    await page
      .getByRole('button', { name: `Avisos activados. ${before + 1} conversaciones esperan a una persona` })
      .waitFor();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __notifications: unknown[] }).__notifications))
      .toContainEqual({
        title: 'Nexova: un cliente necesita atención',
        body: `${customerName} — Pide hablar con una persona`,
        tag: `handoff-${items[0]!.id}`,
      });
    expect(loads).toBe(loadsBefore);
    await screenshot(page, 'realtime-handoff-badge', { viewportOnly: true });
  });

  it('stock falling to its threshold shows a "Stock bajo" toast and refreshes the stock screen, without reload', async () => {
    interface StockLevel {
      variantId: string;
      sku: string;
      onHand: number;
      reserved: number;
      available: number;
      lowStockThreshold: number;
      low: boolean;
    }
    const { items } = await call<{ items: StockLevel[] }>(baseUrl, '/stock?limit=100', { session: owner });
    const level = items.find((l) => !l.low && l.lowStockThreshold > 0)!;
    // The low-stock filter: the variant is not listed until the event refreshes the list.
    await page.goto('/stock?low=true');
    await indicator().filter({ hasText: 'En vivo' }).waitFor();
    const row = page.getByRole('main').getByText(level.sku, { exact: true });
    // The seed has a low and a sold-out variant, so the list renders rows once loaded.
    await page.getByRole('main').locator('span.font-mono').first().waitFor();
    await expect(row.count()).resolves.toBe(0);
    const loadsBefore = loads;

    // On hand such that exactly the threshold stays available: it crosses into "low".
    await call(baseUrl, '/stock/adjust', {
      session: owner,
      body: { variantId: level.variantId, set: level.reserved + level.lowStockThreshold, reason: 'CORRECTION' },
    });

    await page.getByText(`Stock bajo: ${level.sku} (quedan ${level.lowStockThreshold})`).first().waitFor();
    await row.first().waitFor();
    await screenshot(page, 'realtime-stock-low', { viewportOnly: true });
    expect(loads).toBe(loadsBefore);
  });

  it('fits the indicator in the header of a phone (390 px) in every state it showed', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await indicator().filter({ hasText: 'En vivo' }).waitFor();
    const box = await indicator().boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await screenshot(page, 'realtime-live', { viewportOnly: true });
    ticketsBlocked = true;
    lastSocket().drop();
    await indicator().filter({ hasText: 'Reconectando…' }).waitFor();
    const reconnecting = await indicator().boundingBox();
    expect(reconnecting!.x + reconnecting!.width).toBeLessThanOrEqual(390);
    await screenshot(page, 'realtime-reconnecting', { viewportOnly: true });
    ticketsBlocked = false;
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await indicator().filter({ hasText: 'En vivo' }).waitFor();
  });
});

function randomDigits(length: number): string {
  return Array.from({ length }, () => Math.floor(Math.random() * 10)).join('');
}
