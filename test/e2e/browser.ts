import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { withLoginRateLimit } from './api';

/** Debian's Chromium (`apt-get install chromium`); playwright-core downloads no browser of its own. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const SCREENSHOT_DIR = fileURLToPath(new URL('./screenshots', import.meta.url));

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

/** Headless Chromium with a fresh profile (playwright makes a temporary user-data dir per launch). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

/** What the pages of this file's contexts reported as Content-Security-Policy violations. */
const cspViolations: string[] = [];

/** The violations reported since the last call (and forgets them): for tests that cause one on purpose. */
export const takeCspViolations = () => cspViolations.splice(0);

/**
 * The dashboard runs under the Worker's real CSP: any violation fails the test it happened in
 * (or, for pages of a `beforeAll`, the file). Run after each test by test/e2e/setup.ts.
 */
export function failOnCspViolations() {
  const found = takeCspViolations();
  if (found.length > 0) throw new Error(`Content-Security-Policy violations:\n${found.join('\n')}`);
}

/** A browser context whose pages report every CSP violation (see `failOnCspViolations`). */
export async function newContext(browser: Browser, baseURL: string, viewport: keyof typeof VIEWPORTS = 'desktop') {
  const context = await browser.newContext({
    baseURL,
    viewport: VIEWPORTS[viewport],
    locale: 'es-AR',
    timezoneId: 'America/Argentina/Buenos_Aires',
  });
  // Init scripts are injected by the browser, not the page, so the CSP does not stop this one.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
    });
  });
  context.on('console', (message) => {
    if (message.type() === 'error' && /CSP violation|Content Security Policy/i.test(message.text())) {
      cspViolations.push(`${message.location().url}: ${message.text()}`);
    }
  });
  return context;
}

/**
 * Submits the login form and returns the status the API answered. A 429 from the login rate limit
 * (the e2e files all log in from one IP) is waited out and the form submitted again.
 */
export async function submitLogin(page: Page): Promise<number> {
  return withLoginRateLimit<number>(async () => {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login') && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Ingresar' }).click(),
    ]);
    if (response.status() === 429) return { retryAfter: Number((await response.headerValue('retry-after')) ?? 5) };
    return { done: response.status() };
  });
}

/** Logs in through the login screen and waits for the home page. */
export async function loginThroughUi(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Contraseña').fill(password);
  await submitLogin(page);
  await page.getByRole('heading', { level: 1, name: /^Hola, / }).waitFor();
}

/** Screenshot (full page unless `viewportOnly`) under test/e2e/screenshots/<name>-<viewport>.png. */
export async function screenshot(page: Page, name: string, options: { viewportOnly?: boolean } = {}) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const size = page.viewportSize();
  const suffix = size && size.width < 500 ? 'phone' : 'desktop';
  // From the top, so the sticky header is where a person sees it in a full-page capture.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.move(0, 0);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${suffix}.png`), fullPage: !options.viewportOnly });
}

/** Elements that stick out of the viewport on the right (the page then scrolls sideways); empty when none. */
export function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width + 1) return [];
    return [...document.querySelectorAll('body *')]
      .filter((element) => element.getBoundingClientRect().right > width + 1)
      .slice(0, 5)
      .map((element) => `<${element.tagName.toLowerCase()} class="${element.getAttribute('class') ?? ''}">`);
  });
}

export type { Browser, BrowserContext, Page };
