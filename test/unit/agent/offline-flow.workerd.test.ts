import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../db/ids';
import { agentMessages, attachments, orders, payments } from '../../../db/schema';
import { testDb } from '../../harness/db';
import { OfflineChat } from './offline-driver';
import { Chat, openShop, stockOfSku, type Shop } from './tools/fixture';

let shop: Shop;
beforeAll(async () => {
  shop = await openShop();
});

const newChat = async () => new OfflineChat(await Chat.open(shop.workspaceId, 'Juan Pérez'));

describe('offline agent: "quiero 2 remeras negras talle M", step by step through the real tools', () => {
  it('searches, picks the black M from the result, adds 2 and summarises the draft', async () => {
    const agent = await newChat();
    const before = await stockOfSku(shop.workspaceId, 'REM-BAS-NEG-M');
    const reply = await agent.say('quiero 2 remeras negras talle M');

    expect(reply.tools).toEqual(['list_products', 'add_item_to_draft']);
    const [search, add, final] = agent.responses;
    expect(search!.content).toEqual([
      {
        type: 'tool_use',
        id: expect.stringMatching(/^toolu_offline_/),
        name: 'list_products',
        input: { query: 'remeras', limit: 5 },
      },
    ]);
    expect(search!.stopReason).toBe('tool_use');
    expect(add!.content[0]).toMatchObject({
      type: 'tool_use',
      name: 'add_item_to_draft',
      input: { sku: 'REM-BAS-NEG-M', quantity: 2 },
    });
    expect(final!.stopReason).toBe('end_turn');
    expect(reply.understood).toBe(true);
    expect(reply.text).toContain('2 × Remera básica de algodón (Negro, talle M) — $ 45.800');
    expect(reply.text).toContain('*Total: $ 45.800*');
    expect(reply.text).toMatch(/envío a domicilio o retiro en el local\?$/);
    expect(agent.chat.ctx.state).toBe('COLLECTING_ORDER');
    expect((await stockOfSku(shop.workspaceId, 'REM-BAS-NEG-M')).reserved).toBe(before.reserved + 2);
  });

  it('is deterministic: the same conversation gives the same responses, ids included', async () => {
    const one = await newChat();
    const two = await newChat();
    // Same messages and snapshot shape → same ids (the snapshot's customer id differs, so compare the planned steps).
    await one.say('quiero 2 remeras negras talle M');
    await two.say('quiero 2 remeras negras talle M');
    const strip = (c: OfflineChat) =>
      c.responses.map((r) => r.content.map((b) => (b.type === 'tool_use' ? { ...b, id: '' } : b)));
    expect(strip(two)).toEqual(strip(one));
    // Two identical requests (built separately) get identical responses, tool_use ids included.
    const request = () => ({
      tier: 'primary' as const,
      system: '',
      messages: structuredClone(one.messages.slice(0, 1)),
      tools: [],
      maxTokens: 100,
      snapshot: {
        state: 'IDLE' as const,
        storeName: 'X',
        currency: 'ARS',
        customer: { id: 'c', name: null, returning: false },
        draft: null,
        consecutiveFailures: 0,
      },
    });
    const again = await one.provider.complete(request());
    const repeat = await new OfflineChat(one.chat).provider.complete(request());
    expect(again.content[0]).toMatchObject({
      type: 'tool_use',
      id: expect.stringMatching(/^toolu_offline_[0-9a-f]{16}$/),
    });
    expect(repeat).toEqual(again);
  });
});

describe('offline agent: a whole order, from hello to receipt', () => {
  it('greets, shows remeras, adds, changes the talle, removes, takes delivery, confirms on "dale", registers the payment', async () => {
    const agent = await newChat();

    const hello = await agent.say('hola');
    expect(hello.tools).toEqual([]);
    expect(hello.text).toMatch(/^¡Hola, Juan! 👋 Bienvenido\/a a Tienda Demo\./);

    const browse = await agent.say('¿qué remeras tenés?');
    expect(browse.tools).toEqual(['list_products']);
    expect(browse.text).toContain('Remera básica de algodón — desde $ 22.900');
    expect(browse.text).toContain('Remera oversize estampada — $ 27.500');

    const add = await agent.say('quiero una remera básica blanca talle M y dos buzos canguro negros talle L');
    expect(add.tools).toEqual(['list_products', 'add_item_to_draft', 'list_products', 'add_item_to_draft']);
    expect(add.text).toContain('1 × Remera básica de algodón (Blanco, talle M)');
    expect(add.text).toContain('2 × Buzo canguro con capucha (Negro, talle L)');

    const changed = await agent.say('cambiame la remera a talle L');
    expect(changed.tools).toEqual(['list_products', 'add_item_to_draft', 'update_draft_item']);
    expect(changed.text).toContain(
      'Cambié Remera básica de algodón (Blanco, talle M) por Remera básica de algodón (Blanco, talle L)',
    );

    const removed = await agent.say('sacá el buzo');
    expect(removed.tools).toEqual(['update_draft_item']);
    expect(removed.text).toContain('Saqué Buzo canguro con capucha (Negro, talle L) del pedido');
    const snap = await agent.snapshot();
    expect(snap.draft!.items.map((i) => [i.sku, i.quantity])).toEqual([['REM-BAS-BLA-L', 1]]);

    const delivery = await agent.say('envío a Av. Corrientes 1234, CABA, a nombre de Juan Pérez');
    expect(delivery.tools).toEqual(['set_delivery_details', 'request_confirmation']);
    expect(agent.chat.ctx.state).toBe('AWAITING_CONFIRMATION');
    const summary = delivery.outbound.find((m) => m.type === 'buttons');
    expect(summary && summary.type === 'buttons' && summary.text).toContain(
      'Envío a Av. Corrientes 1234, CABA — a nombre de Juan Pérez',
    );
    expect(delivery.text).toContain('respondé «sí, confirmo»');

    const yes = await agent.say('dale');
    expect(yes.tools).toEqual(['confirm_order']);
    expect(agent.chat.ctx.state).toBe('DONE');
    const [order] = await testDb().select().from(orders).where(eq(orders.id, agent.chat.ctx.draftOrderId!));
    expect(order!.status).toBe('CONFIRMED');
    expect(yes.text).toContain(`Tu pedido #${order!.number} quedó confirmado`);
    expect(yes.text).toContain('Total: $ 22.900');

    const paid = await agent.say('te pagué por transferencia 22900');
    expect(paid.tools).toEqual(['register_payment']);
    expect(paid.text).toContain('Registré tu pago de $ 22.900 por transferencia');
    const [payment] = await testDb().select().from(payments).where(eq(payments.orderId, order!.id));
    expect(payment).toMatchObject({ amount: 22_900_00, method: 'TRANSFER', status: 'PENDING' });
  });

  it('"no, esperá" at the summary does not confirm; a change then goes back to collecting', async () => {
    const agent = await newChat();
    await agent.say('quiero 1 gorra negra');
    await agent.say('retiro en el local');
    expect(agent.chat.ctx.state).toBe('AWAITING_CONFIRMATION');
    const no = await agent.say('no, esperá');
    expect(no.tools).toEqual([]);
    expect(no.text).toMatch(/^Dale, sin problema\. ¿Qué querés cambiar\?/);
    const [order] = await testDb().select().from(orders).where(eq(orders.id, agent.chat.ctx.draftOrderId!));
    expect(order!.status).toBe('PENDING');
    await agent.say('que sean 2');
    expect(agent.chat.ctx.state).toBe('COLLECTING_ORDER');
  });

  it('asks for the talle when it is missing and takes "M" as the answer', async () => {
    const agent = await newChat();
    const ask = await agent.say('quiero una remera oversize');
    expect(ask.tools).toEqual(['list_products']);
    expect(ask.text).toContain('¿En qué talle querés Remera oversize estampada? Tengo M, L o XL.');
    const answer = await agent.say('M');
    expect(answer.tools).toEqual(['list_products', 'add_item_to_draft']);
    expect(answer.text).toContain('1 × Remera oversize estampada (Gris topo, talle M)');
  });

  it('offers other talles and colours of the same product when the one asked for is sold out', async () => {
    const agent = await newChat();
    const reply = await agent.say('quiero una campera puffer beige talle S');
    expect(reply.tools).toEqual(['list_products']);
    expect(reply.text).toContain('No me queda Campera puffer en beige, talle S');
    expect(reply.text).toContain('Beige, talle M');
    expect(reply.text).toContain('Negro, talle S');
    expect(reply.text).toContain('¿Te sirve alguna?');
    const taken = await agent.say('dale, en M');
    expect(taken.tools).toEqual(['list_products', 'add_item_to_draft']);
    expect(taken.text).toContain('Campera puffer (Beige, talle M)');
  });

  it('hands off on "quiero hablar con una persona"', async () => {
    const agent = await newChat();
    const reply = await agent.say('quiero hablar con una persona');
    expect(reply.tools).toEqual(['request_human_handoff']);
    expect(agent.chat.ctx.state).toBe('HANDOFF');
    expect(reply.text).toContain('te paso con una persona');
  });

  it('answers gibberish with a polite "no te entendí", marked not understood', async () => {
    const agent = await newChat();
    const reply = await agent.say('asdfgh qwerty');
    expect(reply.understood).toBe(false);
    expect(reply.text).toMatch(/^Perdón, no te entendí/);
    expect(agent.failures).toBe(1);
    const hello = await agent.say('hola');
    expect(hello.understood).toBe(true);
    expect(agent.failures).toBe(0);
  });

  it('sends the catalogue on "mostrame el catálogo"', async () => {
    const agent = await newChat();
    const reply = await agent.say('mostrame el catálogo');
    expect(reply.tools).toEqual(['send_catalog']);
    expect(reply.outbound[0]!.type).toBe('list');
    expect(reply.text).toContain('Ahí te mandé el catálogo');
  });
});

/** A valid 1×1 PNG, salted so each test stores distinct bytes. */
function png(salt: string): Uint8Array<ArrayBuffer> {
  const base = Uint8Array.from(
    atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='),
    (c) => c.charCodeAt(0),
  );
  const out = new Uint8Array(base.length + salt.length);
  out.set(base);
  out.set(new TextEncoder().encode(salt), base.length);
  return out;
}

describe('offline agent: more of a real conversation', () => {
  it('takes a receipt image after confirmation: registers the payment from the caption and attaches the file', async () => {
    const agent = await newChat();
    await agent.say('quiero 1 gorra azul marino');
    await agent.say('retiro en el local');
    await agent.say('sí, confirmo');
    expect(agent.chat.ctx.state).toBe('DONE');
    const orderId = agent.chat.ctx.draftOrderId!;

    // The webhook stored the image and recorded the message; the model sees it as "[image] <caption>".
    const messageId = newId('msg');
    const r2Key = `ws/${shop.workspaceId}/inbound/${messageId}`;
    await env.FILES.put(r2Key, png(messageId));
    await testDb()
      .insert(agentMessages)
      .values({
        id: messageId,
        workspaceId: shop.workspaceId,
        sessionId: agent.chat.sessionId,
        direction: 'inbound',
        role: 'customer',
        type: 'image',
        content: 'te transferí 18500',
        media: { r2Key, contentType: 'image/png' },
        status: 'RECEIVED',
      });
    // As the context builder renders it.
    const reply = await agent.say(`[El cliente envió una imagen (mensaje ${messageId})] te transferí 18500`);
    expect(reply.tools).toEqual(['register_payment', 'attach_receipt']);
    const attach = agent.responses
      .flatMap((r) => r.content)
      .find((b) => b.type === 'tool_use' && b.name === 'attach_receipt');
    expect(attach).toMatchObject({ input: { messageId } });
    expect(reply.text).toContain('Registré tu pago de $ 18.500 por transferencia');
    expect(reply.text).toContain('¡Recibí el comprobante, gracias!');
    const [payment] = await testDb().select().from(payments).where(eq(payments.orderId, orderId));
    const [file] = await testDb().select().from(attachments).where(eq(attachments.orderId, orderId));
    expect(file).toMatchObject({ paymentId: payment!.id, contentType: 'image/png' });
  });

  it('asks for the name of a pickup when the customer has none on file, then asks for confirmation', async () => {
    const agent = new OfflineChat(await Chat.open(shop.workspaceId), { name: null, returning: false });
    await agent.say('quiero 2 medias talle 41-45');
    const ask = await agent.say('lo retiro por el local');
    expect(ask.tools).toEqual([]);
    expect(ask.text).toBe('¿A nombre de quién va el pedido?');
    const named = await agent.say('Carla Ruiz');
    expect(named.tools).toEqual(['set_delivery_details', 'request_confirmation']);
    expect(named.text).toContain('Retiro en el local — a nombre de Carla Ruiz');
    expect(agent.chat.ctx.state).toBe('AWAITING_CONFIRMATION');
  });

  it('takes a shared location as the delivery address', async () => {
    const agent = await newChat();
    await agent.say('quiero un buzo cuello redondo talle M');
    const reply = await agent.say(
      '[El cliente compartió una ubicación: Oficina, Av. Santa Fe 3200, Recoleta (-34.5889, -58.4105)]',
    );
    expect(reply.tools).toEqual(['set_delivery_details', 'request_confirmation']);
    expect(reply.text).toContain('Envío a Av. Santa Fe 3200, Recoleta — a nombre de Juan Pérez');
  });

  it('asks for the written address when a location comes without one', async () => {
    const agent = await newChat();
    await agent.say('quiero un buzo cuello redondo talle L');
    const reply = await agent.say('[location] (-34.5889, -58.4105)');
    expect(reply.tools).toEqual([]);
    expect(reply.text).toMatch(/^Recibí tu ubicación 📍/);
  });

  it('offers the units left when fewer are in stock, and adds them on "sí"', async () => {
    const agent = await newChat();
    const short = await agent.say('quiero 3 zapatillas running talle 43');
    expect(short.tools).toEqual(['list_products', 'add_item_to_draft']);
    expect(short.text).toContain('solo me quedan 1. ¿Querés que te agregue 1?');
    const yes = await agent.say('sí');
    expect(yes.tools).toEqual(['list_products', 'add_item_to_draft']);
    expect(yes.text).toContain('1 × Zapatillas running (Negro, talle 43)');
  });

  it('asks which product when several match, and takes the answer', async () => {
    const agent = await newChat();
    const ask = await agent.say('quiero un buzo negro talle M');
    // Only the canguro comes in black: no question needed.
    expect(ask.text).toContain('1 × Buzo canguro con capucha (Negro, talle M)');
    const which = await agent.say('quiero un jean');
    expect(which.text).toContain('Jean recto clásico');
    expect(which.text).toContain('Jean mom tiro alto');
    expect(which.text).toContain('¿Cuál querés?');
    const answer = await agent.say('el mom talle 38');
    expect(answer.text).toContain('1 × Jean mom tiro alto (Celeste, talle 38)');
  });

  it('asks for delivery details on "eso es todo", and what is missing of an address', async () => {
    const agent = await newChat();
    await agent.say('quiero 1 vestido corto talle S');
    const done = await agent.say('eso es todo');
    expect(done.text).toMatch(/^¿Cómo preferís recibirlo\?/);
    const partial = await agent.say('envío a Thames 1500');
    expect(partial.text).toBe('¿En qué localidad o barrio es la dirección?');
    const city = await agent.say('Palermo');
    expect(city.tools).toEqual(['set_delivery_details', 'request_confirmation']);
    expect(city.text).toContain('Envío a Thames 1500, Palermo');
  });

  it('asks to write instead of an audio, as a failure', async () => {
    const agent = await newChat();
    const reply = await agent.say('[El cliente envió un audio, que no podés ver ni escuchar]');
    expect(reply.understood).toBe(false);
    expect(reply.text).toContain('no puedo escuchar audios');
  });

  it('counts three misunderstandings in a row as three failures', async () => {
    const agent = await newChat();
    for (const text of ['asdf', 'qwerty', 'zxcv']) expect((await agent.say(text)).understood).toBe(false);
    expect(agent.failures).toBe(3);
  });

  it('greets a returning customer as such', async () => {
    const agent = new OfflineChat(await Chat.open(shop.workspaceId), { name: 'Marta Díaz', returning: true });
    expect((await agent.say('buenas')).text).toBe('¡Hola de nuevo, Marta! 👋 ¿En qué te ayudo hoy?');
  });

  it('asks for the amount of a payment that does not say it', async () => {
    const agent = await newChat();
    const ask = await agent.say('ya te transferí');
    expect(ask.text).toBe('¿Por qué monto fue el pago?');
    const noOrder = await agent.say('25.000');
    expect(noOrder.tools).toEqual(['register_payment']);
    expect(noOrder.text).toContain('Todavía no tenés un pedido confirmado');
  });
});

describe('offline provider: the interface around the rules', () => {
  const snapshot = {
    state: 'IDLE' as const,
    storeName: 'Tienda Demo',
    currency: 'ARS',
    customer: { id: null, name: null, returning: false },
    draft: null,
    consecutiveFailures: 0,
  };

  it('answers the cheap tier (running summaries) with the customer messages, without tools', async () => {
    const provider = new OfflineChat(await Chat.open(shop.workspaceId)).provider;
    const response = await provider.complete({
      tier: 'cheap',
      system: 'resumí',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'hola' }] },
        { role: 'assistant', content: [{ type: 'text', text: '¡Hola!' }] },
        { role: 'user', content: [{ type: 'text', text: 'quiero una gorra' }] },
      ],
      tools: [],
      maxTokens: 200,
    });
    expect(response.content).toEqual([{ type: 'text', text: 'El cliente escribió: hola / quiero una gorra' }]);
    expect(response.stopReason).toBe('end_turn');
    expect(response.usage).toEqual({ inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 });
  });

  it('never calls a tool the request does not offer: it says it cannot instead', async () => {
    const provider = new OfflineChat(await Chat.open(shop.workspaceId)).provider;
    const response = await provider.complete({
      tier: 'primary',
      system: '',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'mostrame el catálogo' }] }],
      tools: [{ name: 'list_products', description: 'x', inputSchema: { type: 'object' } }],
      maxTokens: 200,
      snapshot,
    });
    expect(response.stopReason).toBe('end_turn');
    expect(response.content[0]).toMatchObject({ type: 'text' });
  });

  it('works without a snapshot, as a shop with no facts', async () => {
    const provider = new OfflineChat(await Chat.open(shop.workspaceId)).provider;
    const response = await provider.complete({
      tier: 'primary',
      system: '',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hola' }] }],
      tools: [],
      maxTokens: 200,
    });
    expect(response.content).toEqual([{ type: 'text', text: expect.stringContaining('Bienvenido/a a la tienda') }]);
    expect(response.understood).toBe(true);
  });
});
