import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_LOGIN } from '../../scripts/seed/index';
import { apiLogin, call, type Session } from './api';
import {
  horizontalOverflow,
  launchBrowser,
  loginThroughUi,
  newContext,
  screenshot,
  VIEWPORTS,
  type Browser,
  type Page,
} from './browser';

const baseUrl = inject('baseUrl');
const skipReason = inject('skipReason');

interface Order {
  id: string;
  number: number;
  status: string;
  paymentStatus: string;
  total: number;
  shipping: number;
  discount: number;
  customer: { name: string | null; phone: string | null } | null;
  delivery: { method: string; address?: { street: string; city: string }; trackingNumber?: string } | null;
  history: Array<{ to: string; actor: { type: string; name: string | null } }>;
}

describe.skipIf(!baseUrl)(`manual orders in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let browser: Browser;
  let owner: Session;
  let page: Page;

  beforeAll(async () => {
    owner = await apiLogin(baseUrl, DEMO_LOGIN.email, DEMO_LOGIN.password);
    browser = await launchBrowser();
    page = await (await newContext(browser, baseUrl)).newPage();
    await loginThroughUi(page, DEMO_LOGIN.email, DEMO_LOGIN.password);
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** A product of its own with 5 units, so the test does not depend on the demo catalogue's stock. */
  async function productWithStock(tag: string) {
    const sku = `MAN-${tag}-${String(Date.now()).slice(-6)}`;
    await call(baseUrl, '/products', {
      session: owner,
      body: { name: `Campera ${tag}`, basePrice: 5_000_000, variants: [{ sku, initialStock: 5 }] },
    });
    return sku;
  }

  async function addLine(sku: string) {
    await page.getByLabel('Buscar producto o SKU').fill(sku);
    await page.getByRole('list', { name: 'Variantes' }).getByText(sku).click();
    await page.getByRole('list', { name: 'Productos del pedido' }).getByText(sku).waitFor();
  }

  const orderIdFromUrl = () => new URL(page.url()).pathname.split('/').pop()!;

  it('a phone order from a new customer, shipped with a tracking number, delivered, with a printed remito', async () => {
    await page.setViewportSize(VIEWPORTS.desktop);
    const sku = await productWithStock('ENV');
    const phone = `11 6625 ${String(Date.now()).slice(-4)}`;
    await page.goto('/orders');
    await page.getByRole('link', { name: 'Nuevo pedido' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nuevo pedido' }).waitFor();

    // Sending it empty marks what is missing, in Spanish.
    await page.getByRole('button', { name: 'Crear pedido' }).click();
    await page.getByText('Elegí un cliente o cargá uno nuevo.').waitFor();
    await page.getByText('Agregá al menos un producto.').waitFor();

    await page.getByLabel('Buscar cliente').fill('Mariana Test');
    await page.getByRole('button', { name: '+ Nuevo cliente "Mariana Test"' }).click();
    await page.getByLabel('Teléfono').fill(phone);
    await addLine(sku);
    await page.getByRole('button', { name: `Uno más de ${sku}` }).click();
    await page.getByLabel('Envío a domicilio').check();
    await page.getByLabel('Calle').fill('Thames');
    await page.getByLabel('Número').fill('1500');
    await page.getByLabel('Localidad').fill('CABA');
    await page.getByLabel('Costo de envío').fill('3000');
    await page.getByLabel('Descuento').fill('1000');
    await page.getByLabel('Notas del pedido (opcional)').fill('Llamar antes de ir');
    await page.getByLabel('Ya está pagado').check();
    await page.getByLabel('Medio de pago').selectOption('TRANSFER');
    await screenshot(page, 'order-new');
    expect(await horizontalOverflow(page)).toEqual([]);
    await page.getByRole('button', { name: 'Crear pedido' }).click();

    await page.getByRole('heading', { level: 1, name: /^Pedido #\d+$/ }).waitFor();
    const id = orderIdFromUrl();
    let order = await call<Order>(baseUrl, `/orders/${id}`, { session: owner });
    expect(order).toMatchObject({
      status: 'CONFIRMED',
      paymentStatus: 'PAID',
      shipping: 300_000,
      discount: 100_000,
      total: 2 * 5_000_000 + 300_000 - 100_000,
      customer: { name: 'Mariana Test' },
      delivery: { method: 'DELIVERY', address: { street: 'Thames', city: 'CABA' } },
    });
    // History names the person, not "Operador".
    await page.getByText('Demo Owner').first().waitFor();
    expect(await page.getByText('Operador').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Entregado' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Marcar enviado' }).click();
    const ship = page.getByRole('dialog', { name: `Enviar pedido #${order.number}` });
    await ship.getByLabel('Número de seguimiento (opcional)').fill('AR000111222');
    await ship.getByRole('button', { name: 'Marcar enviado' }).click();
    await page.getByText('N.º de seguimiento:').waitFor();
    expect(await page.getByText('N.º de seguimiento:').textContent()).toContain('AR000111222');
    await page.getByRole('button', { name: 'Marcar entregado' }).click();
    await page.getByText('Entregado', { exact: true }).first().waitFor();
    order = await call<Order>(baseUrl, `/orders/${id}`, { session: owner });
    expect(order.status).toBe('DELIVERED');
    expect(order.delivery?.trackingNumber).toBe('AR000111222');
    expect(order.history.filter((h) => h.actor.type === 'user').map((h) => h.actor.name)).toContain('Demo Owner');

    // The remito is what prints: the slip, not the dashboard around it.
    await page.emulateMedia({ media: 'print' });
    const remito = page.getByRole('article', { name: 'Remito' });
    await remito.getByText(`Remito · Pedido #${order.number}`).waitFor();
    expect(await remito.isVisible()).toBe(true);
    expect(await remito.textContent()).toContain('Thames 1500 — CABA');
    expect(await page.getByRole('button', { name: 'Imprimir remito' }).isVisible()).toBe(false);
    await screenshot(page, 'order-remito');
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.emulateMedia({ media: 'screen' });
  });

  it('a pickup order on a phone offers "Entregado", never "Marcar enviado", and shows what is left to collect', async () => {
    await page.setViewportSize(VIEWPORTS.phone);
    const sku = await productWithStock('RET');
    await page.goto('/orders/new');
    await page.getByLabel('Buscar cliente').fill('Ret');
    await page.getByRole('button', { name: /^\+ Nuevo cliente/ }).click();
    await page.getByLabel('Nombre del cliente').fill('Retira Test');
    await addLine(sku);
    await screenshot(page, 'order-new');
    expect(await horizontalOverflow(page)).toEqual([]);
    await page.getByRole('button', { name: 'Crear pedido' }).click();
    await page.getByRole('heading', { level: 1, name: /^Pedido #\d+$/ }).waitFor();
    await page.getByText('Falta cobrar:').waitFor();
    expect(await page.getByRole('button', { name: 'Marcar enviado' }).count()).toBe(0);
    await screenshot(page, 'order-pickup');
    expect(await horizontalOverflow(page)).toEqual([]);
    await page.getByRole('button', { name: 'Entregado' }).click();
    await expect
      .poll(async () => (await call<Order>(baseUrl, `/orders/${orderIdFromUrl()}`, { session: owner })).status)
      .toBe('DELIVERED');
  });

  it('a draft keeps its lines editable: a line added and a quantity changed', async () => {
    await page.setViewportSize(VIEWPORTS.desktop);
    const first = await productWithStock('BOR');
    const second = await productWithStock('BOS');
    await page.goto('/orders/new');
    await page.getByLabel('Buscar cliente').fill('Borrador Test');
    await page.getByRole('button', { name: '+ Nuevo cliente "Borrador Test"' }).click();
    await addLine(first);
    await page.getByRole('button', { name: 'Guardar borrador' }).click();
    await page.getByRole('heading', { level: 1, name: /^Pedido #\d+$/ }).waitFor();
    await page.getByRole('button', { name: 'Editar productos' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Buscar producto o SKU').fill(second);
    await dialog.getByRole('list', { name: 'Variantes' }).getByText(second).click();
    await dialog.getByRole('list', { name: 'Productos del pedido' }).getByText(second).waitFor();
    await dialog.getByLabel(`Cantidad de ${first}`).fill('3');
    await dialog.getByLabel(`Cantidad de ${first}`).blur();
    await expect
      .poll(async () => {
        const order = await call<Order & { items: Array<{ sku: string; quantity: number }> }>(
          baseUrl,
          `/orders/${orderIdFromUrl()}`,
          { session: owner },
        );
        return order.items.map((i) => `${i.sku}×${i.quantity}`).sort();
      })
      .toEqual([`${first}×3`, `${second}×1`].sort());
  });
});
