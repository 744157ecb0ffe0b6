import { randomUUID } from 'node:crypto';
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

interface Conversation {
  id: string;
  contact: string;
  owner: 'agent' | 'human';
  assignedUserId: string | null;
  unreadCount: number;
}
interface SandboxMessage {
  messageId: string;
  kind: string;
  to: string;
  body: Record<string, unknown>;
}

/** A random Argentine mobile number, so reruns against one database never share a conversation. */
const randomPhone = () => `+54911${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

/**
 * The inbox against the real API: customer messages arrive through the real webhook path (the
 * development simulator posts signed Infobip webhooks to a sandbox connection), operator replies
 * leave through egress to the Infobip sandbox, and the page updates without reloads.
 */
describe.skipIf(!baseUrl)(`inbox in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let browser: Browser;
  let owner: Session;
  let page: Page;
  let connectionId: string;

  const customerWrites = (from: string, text: string, name?: string) =>
    call(baseUrl, '/dev/simulator/inbound', { session: owner, body: { connectionId, from, text, name } });
  const conversationOf = async (contact: string) => {
    const { items } = await call<{ items: Conversation[] }>(baseUrl, `/conversations?q=${contact.slice(-8)}`, {
      session: owner,
    });
    return items.find((c) => c.contact === contact);
  };
  /** The conversation the simulated customer's webhook created (the webhook answers before it is stored). */
  const waitForConversation = async (contact: string): Promise<Conversation> => {
    let found: Conversation | undefined;
    await expect
      .poll(async () => (found = await conversationOf(contact)) !== undefined, { timeout: 30_000 })
      .toBe(true);
    return found!;
  };
  const sandboxTo = async (contact: string) => {
    const { items } = await call<{ items: SandboxMessage[] }>(
      baseUrl,
      `/dev/sandbox/messages?connectionId=${connectionId}&limit=100`,
      { session: owner },
    );
    return items.filter((m) => m.to.replace(/^\+/, '') === contact.replace(/^\+/, ''));
  };
  /** Registers someone and adds them to the demo workspace with a default role. */
  const addMember = async (role: 'Operator' | 'Viewer', firstName: string, lastName: string) => {
    const email = `${role.toLowerCase()}-${randomUUID().slice(0, 8)}@nexova.local`;
    const password = `${role.toLowerCase()}-e2e-2026-mate`;
    await call(baseUrl, '/auth/register', { body: { email, password, firstName, lastName } });
    const { data: roles } = await call<{ data: Array<{ id: string; name: string }> }>(
      baseUrl,
      `/workspaces/${owner.workspaceId}/roles`,
      { session: owner },
    );
    await call(baseUrl, `/workspaces/${owner.workspaceId}/members`, {
      session: owner,
      body: { email, roleId: roles.find((r) => r.name === role)!.id },
    });
    const session: Session = { ...(await apiLogin(baseUrl, email, password)), workspaceId: owner.workspaceId };
    return { email, password, session };
  };
  let operator: Session | undefined;
  /** A second member with the Operator role ("Olga Operadora"), created once. */
  const otherOperator = async (): Promise<Session> => {
    operator ??= (await addMember('Operator', 'Olga', 'Operadora')).session;
    return operator;
  };
  const list = () => page.getByRole('list', { name: 'Conversaciones' });
  const transcript = () => page.getByRole('list', { name: 'Mensajes' });

  beforeAll(async () => {
    owner = await apiLogin(baseUrl, DEMO_LOGIN.email, DEMO_LOGIN.password);
    const connection = await call<{ id: string }>(baseUrl, '/connections', {
      session: owner,
      body: { name: 'Inbox E2E', sender: randomPhone(), webhookAuth: 'HMAC' },
    });
    connectionId = connection.id;
    browser = await launchBrowser();
    page = await (await newContext(browser, baseUrl)).newPage();
    await loginThroughUi(page, DEMO_LOGIN.email, DEMO_LOGIN.password);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('a customer message appears live with its unread badge; opening it clears the badge and shows the agent reply', async () => {
    const phone = randomPhone();
    await page.goto('/inbox');
    await page.getByRole('heading', { level: 1, name: 'Conversaciones' }).waitFor();
    await customerWrites(phone, 'Hola, ¿qué remeras tenés?', 'Lucía Inbox');

    // No reload: the realtime channel brings the new conversation into the list.
    const item = list().getByRole('button', { name: /Lucía Inbox/ });
    await item.waitFor();
    await item.getByText(/\d+ sin leer/).waitFor();
    await page.getByRole('button', { name: 'No leídas', exact: true }).click();
    await list()
      .getByRole('button', { name: /Lucía Inbox/ })
      .waitFor();
    await screenshot(page, 'inbox-unread');

    await list()
      .getByRole('button', { name: /Lucía Inbox/ })
      .click();
    await transcript().getByText('Hola, ¿qué remeras tenés?').waitFor();
    await transcript().getByText('Agente', { exact: true }).first().waitFor();
    await expect.poll(() => page.locator('[aria-current] [data-testid="unread-badge"]').count()).toBe(0);
    await expect.poll(async () => (await conversationOf(phone))?.unreadCount).toBe(0);
    await page.getByRole('button', { name: 'Todas', exact: true }).click();
  });

  it('the operator takes it, replies with Enter, the reply reaches the Infobip sandbox, and "Asignadas a mí" lists it', async () => {
    const phone = randomPhone();
    await customerWrites(phone, 'Hola, quiero hablar con alguien', 'Tomás Inbox');
    const conversation = await waitForConversation(phone);
    await page.goto(`/inbox?c=${conversation.id}`);
    await transcript().getByText('Hola, quiero hablar con alguien').waitFor();

    const reply = page.getByRole('textbox', { name: 'Respuesta' });
    await expect.poll(() => reply.isDisabled()).toBe(true);
    await page.getByText('Para responder, tomá la conversación').waitFor();
    await page.getByRole('button', { name: 'Tomar conversación' }).click();
    await page.getByText('Asignada a vos').waitFor();
    await expect.poll(() => reply.isEnabled()).toBe(true);
    await page.getByText(/^Ventana abierta: \d+ h \d+ min$/).waitFor();

    const text = `Hola Tomás, soy Demo del equipo (${randomUUID().slice(0, 6)}).`;
    await reply.fill(text);
    await reply.press('Shift+Enter');
    await reply.pressSequentially('¿En qué te ayudo?');
    await reply.press('Enter');
    await expect.poll(() => reply.inputValue()).toBe('');
    const bubble = transcript().getByRole('listitem').filter({ hasText: text });
    await bubble.getByText('Vos', { exact: true }).waitFor();
    await expect(bubble.textContent()).resolves.toContain('¿En qué te ayudo?');

    const sentWithText = async () =>
      (await sandboxTo(phone)).filter((m) => JSON.stringify(m.body).includes(text.slice(0, 20)));
    await expect.poll(async () => (await sentWithText()).length, { timeout: 30_000 }).toBe(1);
    expect((await sentWithText())[0]!.body).toMatchObject({ content: { text: `${text}\n¿En qué te ayudo?` } });
    // Delivery reports come back from the sandbox; the tick follows them without a reload.
    await bubble.getByRole('img', { name: /Entregado|Leído/ }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'inbox-chat');

    await page.getByRole('button', { name: 'Asignadas a mí', exact: true }).click();
    await list()
      .getByRole('button', { name: /Tomás Inbox/ })
      .waitFor();
    await page.getByRole('button', { name: 'Agente', exact: true }).click();
    // The list may still show the previous filter's rows for a moment: wait for the chip, for
    // the row to leave, and for the loading to end, then look once more.
    await expect
      .poll(() => page.getByRole('button', { name: 'Agente', exact: true }).getAttribute('aria-pressed'))
      .toBe('true');
    const tomas = () =>
      list()
        .getByRole('button', { name: /Tomás Inbox/ })
        .count();
    await expect.poll(tomas).toBe(0);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Cargando' }).count()).toBe(0);
    expect(await tomas()).toBe(0);
    await page.getByRole('button', { name: 'Todas', exact: true }).click();
  });

  it('sends an approved template from the picker; it reaches the sandbox as a template', async () => {
    const phone = randomPhone();
    await customerWrites(phone, 'Hola!', 'Plantilla Inbox');
    const conversation = await waitForConversation(phone);
    await call(baseUrl, `/conversations/${conversation.id}/assign`, { session: owner, body: {} });
    await page.goto(`/inbox?c=${conversation.id}`);
    await page.getByText('Asignada a vos').waitFor();

    await page.getByRole('button', { name: 'Enviar plantilla' }).click();
    const dialog = page.getByRole('dialog', { name: 'Enviar plantilla' });
    await dialog.getByLabel('Nombre de la plantilla').fill('retomar_conversacion');
    await expect(dialog.getByLabel('Idioma').inputValue()).resolves.toBe('es_AR');
    await dialog.getByRole('textbox', { name: 'Variable 1' }).fill('Plantilla');
    await dialog.getByRole('textbox', { name: 'Variable 2' }).fill('Demo Store');
    await screenshot(page, 'inbox-template-picker', { viewportOnly: true });
    await dialog.getByRole('button', { name: 'Enviar plantilla' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await expect
      .poll(async () => (await sandboxTo(phone)).some((m) => m.kind === 'template'), { timeout: 30_000 })
      .toBe(true);
    const template = (await sandboxTo(phone)).find((m) => m.kind === 'template')!;
    expect(JSON.stringify(template.body)).toContain('retomar_conversacion');
    expect(JSON.stringify(template.body)).toContain('Demo Store');

    // The picker remembers the last template for the next time.
    await page.getByRole('button', { name: 'Enviar plantilla' }).click();
    await expect(dialog.getByLabel('Nombre de la plantilla').inputValue()).resolves.toBe('retomar_conversacion');
    await expect(dialog.getByRole('textbox', { name: 'Variable 2' }).inputValue()).resolves.toBe('Demo Store');
    await page.keyboard.press('Escape');
  });

  it('returned to the agent, the next customer message gets an agent reply; the history lists the human stretch', async () => {
    const phone = randomPhone();
    await customerWrites(phone, 'Hola, ¿qué remeras tenés?', 'Valeria Inbox');
    const conversation = await waitForConversation(phone);
    await page.goto(`/inbox?c=${conversation.id}`);
    await page.getByRole('button', { name: 'Tomar', exact: true }).click();
    await page.getByText('Asignada a vos').waitFor();
    await page.getByRole('button', { name: 'Devolver al agente' }).click();
    await page.getByRole('button', { name: 'Tomar', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Tomar conversación' }).waitFor();

    const history = page.getByRole('list', { name: 'Historial de derivaciones' });
    await history.getByRole('listitem').first().waitFor();
    await expect(history.getByRole('listitem').first().textContent()).resolves.toMatch(/La tomaste vos/);

    const agentReplies = () => transcript().getByText('Agente', { exact: true }).count();
    const before = await agentReplies();
    await customerWrites(phone, 'Quiero la remera básica talle M');
    await transcript().getByText('Quiero la remera básica talle M').waitFor();
    await expect.poll(agentReplies, { timeout: 30_000 }).toBeGreaterThan(before);
  });

  it('a conversation another operator holds shows who has it and offers no take or reply', async () => {
    const operator = await otherOperator();
    const phone = randomPhone();
    await customerWrites(phone, 'Hola', 'Ernesto Inbox');
    const conversation = await waitForConversation(phone);
    await call(baseUrl, `/conversations/${conversation.id}/assign`, {
      session: operator,
      body: {},
    });

    await page.goto(`/inbox?c=${conversation.id}`);
    await page.getByText('Atiende Olga Operadora').waitFor();
    await page.getByText('La está atendiendo Olga Operadora').waitFor();
    expect(await page.getByRole('textbox', { name: 'Respuesta' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Tomar', exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Tomar conversación' }).count()).toBe(0);
  });

  it('taking a conversation another operator took meanwhile answers "Ya la tomó otro operador." and shows who has it', async () => {
    const operator = await otherOperator();
    const phone = randomPhone();
    await customerWrites(phone, 'Hola, ¿hay alguien?', 'Rita Inbox');
    const conversation = await waitForConversation(phone);
    // A page whose realtime socket never reaches the hub: its view goes stale, as when the connection drops.
    const staleContext = await newContext(browser, baseUrl);
    await staleContext.routeWebSocket(/\/api\/v1\/realtime/, () => undefined);
    const stale = await staleContext.newPage();
    await loginThroughUi(stale, DEMO_LOGIN.email, DEMO_LOGIN.password);
    await stale.goto(`/inbox?c=${conversation.id}`);
    const take = stale.getByRole('button', { name: 'Tomar', exact: true });
    await take.waitFor();

    await call(baseUrl, `/conversations/${conversation.id}/assign`, { session: operator, body: {} });
    await take.click();
    await stale.getByText('Ya la tomó otro operador.', { exact: true }).waitFor();
    await stale.getByText('Atiende Olga Operadora').waitFor();
    expect(await take.count()).toBe(0);
    expect((await conversationOf(phone))?.assignedUserId).not.toBeNull();
    await staleContext.close();
  });

  it('a Viewer reads the conversation but gets no actions and a disabled reply box that says why', async () => {
    const viewer = await addMember('Viewer', 'Vera', 'Lectora');
    const phone = randomPhone();
    await customerWrites(phone, 'Hola', 'Visto Inbox');
    const conversation = await waitForConversation(phone);
    const viewerContext = await newContext(browser, baseUrl);
    const viewerPage = await viewerContext.newPage();
    await loginThroughUi(viewerPage, viewer.email, viewer.password);
    await viewerPage.goto(`/inbox?c=${conversation.id}`);
    await viewerPage.getByRole('list', { name: 'Mensajes' }).getByText('Hola', { exact: true }).waitFor();
    await viewerPage.getByText('Tu rol no puede responder conversaciones.').waitFor();
    expect(await viewerPage.getByRole('textbox', { name: 'Respuesta' }).isDisabled()).toBe(true);
    for (const name of ['Tomar', 'Tomar conversación', 'Devolver al agente', 'Derivar a persona', 'Enviar plantilla']) {
      expect(await viewerPage.getByRole('button', { name, exact: true }).count(), name).toBe(0);
    }
    await viewerContext.close();
  });

  it('/inbox?filter=human (the home page link) selects "Necesita persona" and lists only conversations waiting for a person', async () => {
    const waiting = randomPhone();
    const withAgent = randomPhone();
    await customerWrites(waiting, 'Hola, necesito hablar con alguien', 'Espera Inbox');
    await customerWrites(withAgent, 'Hola, ¿tienen buzos?', 'Agente Inbox');
    const handedOff = await waitForConversation(waiting);
    await waitForConversation(withAgent);
    await call(baseUrl, `/conversations/${handedOff.id}/handoff`, { session: owner, body: {} });

    await page.goto('/inbox?filter=human');
    const chip = (name: string) => page.getByRole('button', { name, exact: true });
    await expect.poll(() => chip('Necesita persona').getAttribute('aria-pressed')).toBe('true');
    expect(await chip('Todas').getAttribute('aria-pressed')).toBe('false');
    await list()
      .getByRole('button', { name: /Espera Inbox/ })
      .waitFor();
    const items = list().getByRole('listitem');
    expect(await items.count()).toBeGreaterThan(0);
    // Every row carries the handoff badge; none is with the agent.
    expect(await items.filter({ hasText: 'Handoff' }).count()).toBe(await items.count());
    expect(await list().getByText('Agente', { exact: true }).count()).toBe(0);
    expect(
      await list()
        .getByRole('button', { name: /Agente Inbox/ })
        .count(),
    ).toBe(0);

    // Opening one keeps the filter; choosing another filter rewrites the URL.
    await list()
      .getByRole('button', { name: /Espera Inbox/ })
      .click();
    await transcript().getByText('Hola, necesito hablar con alguien').waitFor();
    expect(new URL(page.url()).searchParams.get('filter')).toBe('human');
    expect(await chip('Necesita persona').getAttribute('aria-pressed')).toBe('true');
    await chip('Todas').click();
    await expect.poll(() => new URL(page.url()).searchParams.has('filter')).toBe(false);
    expect(new URL(page.url()).searchParams.get('c')).toBe(handedOff.id);
  });

  it('fits 1280×800 and 390×844 without sideways scrolling', async () => {
    const { items } = await call<{ items: Conversation[] }>(baseUrl, '/conversations?assigned=me&limit=1', {
      session: owner,
    });
    for (const viewport of ['desktop', 'phone'] as const) {
      await page.setViewportSize(VIEWPORTS[viewport]);
      await page.goto(`/inbox?c=${items[0]!.id}`);
      await page.getByRole('textbox', { name: 'Respuesta' }).waitFor();
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Cargando' }).count()).toBe(0);
      await screenshot(page, 'inbox-conversation', { viewportOnly: true });
      await screenshot(page, 'inbox-conversation-full');
      expect(await horizontalOverflow(page), `conversation at ${viewport} scrolls sideways`).toEqual([]);
      if (viewport === 'phone') {
        await page.getByRole('button', { name: 'Volver a la lista' }).click();
        await list().waitFor();
        await screenshot(page, 'inbox-phone-list', { viewportOnly: true });
        expect(await horizontalOverflow(page), `list at ${viewport} scrolls sideways`).toEqual([]);
      }
    }
    await page.setViewportSize(VIEWPORTS.desktop);
  });
});
