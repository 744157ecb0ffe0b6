import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { launchBrowser, newContext, takeCspViolations, type Browser, type Page } from './browser';

const baseUrl = inject('baseUrl');
const skipReason = inject('skipReason');

/** Skipped only when the global setup found no Chromium outside CI (it printed why). */
describe.skipIf(!baseUrl)(`the dashboard under its CSP${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await (await newContext(browser, baseUrl)).newPage();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("the page's scripts carry the nonce of its response's CSP, and they run (the form hydrates)", async () => {
    const response = await page.goto('/login');
    const csp = (await response!.headerValue('content-security-policy')) ?? '';
    const nonce = /script-src 'self' 'nonce-([^']+)'/.exec(csp)?.[1];
    // A fresh random value per response (base64 of at least 12 bytes), never a fixed string.
    expect(nonce).toMatch(/^[A-Za-z0-9+/_-]{16,}={0,2}$/);
    const again = (await (await page.request.get('/login')).headers())['content-security-policy'] ?? '';
    expect(/'nonce-([^']+)'/.exec(again)?.[1]).not.toBe(nonce);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    const scripts = await page.evaluate(() => [...document.scripts].map((s) => ({ src: s.src, nonce: s.nonce })));
    expect(scripts.filter((s) => !s.src).length).toBeGreaterThan(0);
    expect(scripts.filter((s) => !s.src).every((s) => s.nonce === nonce)).toBe(true);
    await vi.waitFor(async () => expect(await page.evaluate(() => Boolean(window.__reactRouterContext))).toBe(true));
  });

  it('an injected inline script is refused and reported (what fails any other test)', async () => {
    await page.goto('/login');
    await page.addScriptTag({ content: 'window.__injected = true;' }).catch(() => undefined);
    const seen: string[] = [];
    await vi.waitFor(() => {
      seen.push(...takeCspViolations());
      expect(seen.join('\n')).toMatch(/script-src(-elem)? blocked inline/);
    });
    expect(await page.evaluate(() => (window as { __injected?: boolean }).__injected)).toBeUndefined();
  });
});

declare global {
  interface Window {
    __reactRouterContext?: unknown;
  }
}
