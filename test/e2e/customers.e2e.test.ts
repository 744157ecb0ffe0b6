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

interface Customer {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  tags: string[];
  addresses: Array<{ street: string; city: string; isDefault: boolean }>;
}

describe.skipIf(!baseUrl)(`customers and errors in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
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

  for (const viewport of ['desktop', 'phone'] as const) {
    it(`edits a customer's profile and adds an address (${viewport})`, async () => {
      await page.setViewportSize(VIEWPORTS[viewport]);
      const phone = `+54911${String(Date.now()).slice(-8)}`;
      const created = await call<Customer>(baseUrl, '/customers', {
        session: owner,
        body: { name: `Cliente ${viewport}`, phone },
      });
      await page.goto(`/customers/${created.id}`);
      // The phone reads as Argentines write it.
      await page.getByText(`+54 9 11 ${phone.slice(6, 10)}-${phone.slice(10)}`).waitFor();

      await page.getByRole('button', { name: 'Editar', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Editar cliente' });
      await expect.poll(() => dialog.getByLabel('Nombre').evaluate((el) => el === document.activeElement)).toBe(true);
      await dialog.getByLabel('Nombre').fill(`Lucía ${viewport}`);
      await dialog.getByLabel('E-mail').fill('no es un mail');
      await dialog.getByRole('button', { name: 'Guardar cambios' }).click();
      await dialog.getByText('Ingresá un e-mail válido').waitFor();
      expect(await dialog.getByLabel('E-mail').getAttribute('aria-invalid')).toBe('true');
      await dialog.getByLabel('E-mail').fill(`lucia-${viewport}@example.com`);
      await dialog.getByLabel('Etiquetas').fill('mayorista, vip');
      await dialog.getByRole('button', { name: 'Guardar cambios' }).click();
      await page.getByRole('heading', { level: 1, name: `Lucía ${viewport}` }).waitFor();

      await page.getByRole('button', { name: 'Agregar dirección' }).click();
      const address = page.getByRole('dialog', { name: 'Nueva dirección' });
      await address.getByLabel('Calle').fill('Gurruchaga');
      await address.getByLabel('Número').fill('1850');
      await address.getByLabel('Localidad').fill('CABA');
      await address.getByRole('button', { name: 'Guardar dirección' }).click();
      await page.getByText('Gurruchaga 1850 — CABA').waitFor();
      await screenshot(page, 'customer-edit');
      expect(await horizontalOverflow(page), `customer page at ${viewport} scrolls sideways`).toEqual([]);

      const saved = await call<Customer>(baseUrl, `/customers/${created.id}`, { session: owner });
      expect(saved).toMatchObject({
        name: `Lucía ${viewport}`,
        email: `lucia-${viewport}@example.com`,
        tags: ['mayorista', 'vip'],
        addresses: [{ street: 'Gurruchaga', city: 'CABA', isDefault: true }],
      });

      await page.getByRole('button', { name: 'Eliminar dirección Gurruchaga 1850 — CABA' }).click();
      await page.getByText('Sin direcciones.').waitFor();
    });
  }

  it('a taken phone is refused in Spanish on the phone field', async () => {
    await page.setViewportSize(VIEWPORTS.desktop);
    const stamp = String(Date.now()).slice(-8);
    const taken = await call<Customer>(baseUrl, '/customers', {
      session: owner,
      body: { name: 'Primera', phone: `+54911${stamp}` },
    });
    const other = await call<Customer>(baseUrl, '/customers', { session: owner, body: { name: 'Segunda' } });
    await page.goto(`/customers/${other.id}`);
    await page.getByRole('button', { name: 'Editar', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Editar cliente' });
    await dialog.getByLabel('Teléfono').fill(taken.phone!);
    await dialog.getByRole('button', { name: 'Guardar cambios' }).click();
    await dialog.getByText('Ya hay otro cliente con este teléfono').waitFor();
    expect(await dialog.getByLabel('Teléfono').getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.textContent()).not.toMatch(/already/);
  });

  for (const viewport of ['desktop', 'phone'] as const) {
    it(`a duplicate SKU reads in Spanish and marks the SKU field (${viewport})`, async () => {
      await page.setViewportSize(VIEWPORTS[viewport]);
      const sku = `DUP-${viewport.toUpperCase()}-${String(Date.now()).slice(-6)}`;
      await call(baseUrl, '/products', {
        session: owner,
        body: { name: 'Remera existente', basePrice: 1_000_000, variants: [{ sku }] },
      });
      await page.goto('/products/new');
      await page.getByLabel('Nombre').first().fill('Remera nueva');
      await page.getByLabel('Precio base').fill('12000');
      const variant = page.getByRole('listitem', { name: 'Variante 1' });
      await variant.getByLabel('SKU').fill(sku);
      await page.getByRole('button', { name: 'Crear producto' }).click();
      await page.getByText(`Ya hay un producto con el SKU ${sku} en esta tienda. Elegí otro.`).waitFor();
      const field = variant.getByLabel('SKU');
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
      // In view below the sticky header.
      const box = await field.boundingBox();
      expect(box!.y).toBeGreaterThan(56);
      expect(await page.content()).not.toContain('already exists');
      await screenshot(page, 'product-duplicate-sku', { viewportOnly: true });
    });
  }
});
