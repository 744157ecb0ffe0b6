import { describe, expect, it } from 'vitest';
import {
  buildContext,
  estimateTokens,
  toMessage,
  type ContextInput,
  type TranscriptRow,
} from '../../../workers/agent/context';
import type { ConversationSnapshot, LlmMessage, ToolSpec } from '../../../workers/agent/llm/provider';
import type { CustomerContext } from '../../../workers/retail/customers/detail';

const TOOLS: ToolSpec[] = [
  { name: 'list_products', description: 'Busca productos.', inputSchema: { type: 'object', properties: {} } },
];

const IDLE: ConversationSnapshot = {
  state: 'IDLE',
  storeName: 'Demo Store',
  currency: 'ARS',
  customer: { id: 'cus_1', name: 'Juan', returning: false },
  draft: null,
  consecutiveFailures: 0,
};

const WITH_DRAFT: ConversationSnapshot = {
  ...IDLE,
  state: 'NEEDS_DETAILS',
  customer: { id: 'cus_1', name: 'Juan', returning: true },
  draft: {
    orderId: 'ord_1',
    items: [
      {
        itemId: 'oit_1',
        variantId: 'var_1',
        sku: 'REM-NEG-M',
        name: 'Remera Básica',
        attributes: { color: 'negro', talle: 'M' },
        quantity: 2,
        unitPrice: 1_250_000,
      },
      {
        itemId: 'oit_2',
        variantId: 'var_2',
        sku: 'BUZ-GRI-L',
        name: 'Buzo Canguro',
        attributes: {},
        quantity: 1,
        unitPrice: 3_499_050,
      },
    ],
    total: 5_999_050,
    deliveryComplete: false,
  },
};

const NOW = new Date('2026-11-30T17:05:00Z'); // 14:05 in Buenos Aires

let seq = 0;
const id = () => `msg_${String(++seq).padStart(6, '0')}`;
const row = (over: Partial<TranscriptRow> & Pick<TranscriptRow, 'role' | 'type'>): TranscriptRow => ({
  id: id(),
  direction: over.role === 'customer' ? 'inbound' : over.role === 'agent' ? 'outbound' : 'internal',
  content: null,
  media: null,
  toolCalls: null,
  ...over,
});
const customer = (text: string) => row({ role: 'customer', type: 'text', content: text });
const agent = (text: string) => row({ role: 'agent', type: 'text', content: text });
const toolCall = (toolUseId: string, name = 'list_products', input: unknown = { query: 'remera' }) =>
  row({ role: 'agent', type: 'tool_call', toolCalls: [{ type: 'tool_use', id: toolUseId, name, input }] });
const toolResult = (toolUseId: string, content = '{"products":[]}') =>
  row({ role: 'tool', type: 'tool_result', toolCalls: [{ type: 'tool_result', toolUseId, content }] });

function input(over: Partial<ContextInput> = {}): ContextInput {
  return {
    storeName: 'Demo Store',
    settings: { currency: 'ARS', timezone: 'America/Argentina/Buenos_Aires', language: 'es-AR' },
    snapshot: IDLE,
    transcript: [customer('hola')],
    summary: null,
    tools: TOOLS,
    now: NOW,
    ...over,
  };
}

/** Every tool_use has its tool_result in the next message, and every tool_result its tool_use in the previous one. */
function expectToolPairsIntact(messages: LlmMessage[]) {
  messages.forEach((message, i) => {
    for (const block of message.content) {
      if (block.type === 'tool_use') {
        const next = messages[i + 1];
        expect(next?.role).toBe('user');
        expect(next!.content.some((b) => b.type === 'tool_result' && b.toolUseId === block.id)).toBe(true);
      }
      if (block.type === 'tool_result') {
        const prev = messages[i - 1];
        expect(prev?.role).toBe('assistant');
        expect(prev!.content.some((b) => b.type === 'tool_use' && b.id === block.toolUseId)).toBe(true);
      }
    }
  });
}

describe('buildContext: the system prompt', () => {
  it('names the store, currency, hours, policies and persona from the workspace settings', () => {
    const { request } = buildContext(
      input({
        settings: {
          currency: 'ARS',
          timezone: 'America/Argentina/Buenos_Aires',
          language: 'es-AR',
          agent: {
            persona: 'Sos Lola, la vendedora de Demo Store. Tuteás con voseo y usás algún emoji.',
            policies: ['Envíos a todo el país por Correo Argentino.', 'Cambios dentro de los 30 días con ticket.'],
          },
          businessHours: { 'lunes a viernes': '9 a 18', sábados: '10 a 14' },
        },
      }),
    );
    expect(request.system).toContain('Sos Lola, la vendedora de Demo Store.');
    expect(request.system).toContain('Tienda: Demo Store. Moneda: ARS.');
    expect(request.system).toContain('- lunes a viernes: 9 a 18\n- sábados: 10 a 14');
    expect(request.system).toContain('- Envíos a todo el país por Correo Argentino.');
    expect(request.system).toContain('- Cambios dentro de los 30 días con ticket.');
  });

  it('encodes the sales rules: tools as the only source, explicit confirmation, delivery details, alternatives, handoff, short ARS messages', () => {
    const { system } = buildContext(input()).request;
    expect(system).toMatch(/No inventes productos, precios, talles, colores ni stock/);
    expect(system).toMatch(/list_products/);
    expect(system).toMatch(/request_confirmation y haber recibido un sí explícito/);
    expect(system).toMatch(/confirm_order/);
    expect(system).toMatch(/Si falta algún dato de entrega/);
    expect(system).toMatch(/ofrecé alternativas reales en stock/);
    expect(system).toMatch(/request_human_handoff/);
    expect(system).toMatch(/Mensajes cortos, como en WhatsApp/);
    expect(system).toMatch(/"\$ 12\.500"/);
    expect(system).toMatch(/voseo/);
  });

  it('uses a default persona and skips hours and policies when the workspace has none, ignoring malformed keys', () => {
    const { system } = buildContext(
      input({
        settings: { currency: 'ARS', timezone: 'UTC', language: 'es-AR', agent: { persona: 42 }, businessHours: [] },
      }),
    ).request;
    expect(system).toMatch(/^Sos el asistente de ventas de la tienda por WhatsApp/);
    expect(system).not.toContain('Horario de atención');
    expect(system).not.toContain('Políticas de la tienda');
  });

  it('is byte-identical whatever the conversation, so its prompt cache hits across turns and customers', () => {
    const a = buildContext(input()).request.system;
    const b = buildContext(
      input({ snapshot: WITH_DRAFT, transcript: [customer('otra cosa')], now: new Date('2027-01-01T00:00:00Z') }),
    ).request.system;
    expect(a).toBe(b);
  });
});

describe('buildContext: the turn context', () => {
  it('states the local time, the FSM state with what to do in it, the customer and the draft with ARS amounts', () => {
    const customerContext = {
      customer: { name: 'Juan Pérez' },
      addresses: [
        {
          street: 'Av. Corrientes',
          number: '1234',
          apartment: '5° B',
          city: 'CABA',
          province: 'Buenos Aires',
          isDefault: true,
        },
      ],
      lastOrders: [{ number: 1042, status: 'DELIVERED', total: 2_500_000, currency: 'ARS' }],
      openDraft: null,
    } as unknown as CustomerContext;
    const { request } = buildContext(input({ snapshot: WITH_DRAFT, customer: customerContext }));
    const context = request.turnContext!;
    expect(context).toMatch(/Ahora: .*14:05/);
    expect(context).toContain(
      'Estado de la conversación: NEEDS_DETAILS. Faltan o se están cargando los datos de entrega.',
    );
    expect(context).toContain('Cliente: Juan Pérez (ya compró antes).');
    expect(context).toContain('- Av. Corrientes 1234, 5° B, CABA, Buenos Aires (principal)');
    expect(context).toContain('- #1042: DELIVERED, $ 25.000');
    expect(context).toContain('- 2 × Remera Básica (negro, M) [SKU REM-NEG-M] a $ 12.500 c/u');
    expect(context).toContain('- 1 × Buzo Canguro [SKU BUZ-GRI-L] a $ 34.990,50 c/u');
    expect(context).toContain('Total: $ 59.990,50.');
    expect(context).toContain('Datos de entrega: faltan.');
    expect(request.snapshot).toBe(WITH_DRAFT);
  });

  it('says when there is no draft, and asks to offer a person after repeated misunderstandings', () => {
    const context = buildContext(input({ snapshot: { ...IDLE, consecutiveFailures: 2 } })).request.turnContext!;
    expect(context).toContain('Pedido en curso: ninguno.');
    expect(context).toContain('No lograste resolver los últimos 2 mensajes');
    expect(context).toContain('Cliente: Juan.');
  });

  it('guides confirmation: confirm_order only after an explicit yes', () => {
    const context = buildContext(input({ snapshot: { ...WITH_DRAFT, state: 'AWAITING_CONFIRMATION' } })).request
      .turnContext!;
    expect(context).toMatch(/Solo si responde con un sí explícito .* usá confirm_order/);
  });
});

describe('buildContext: transcript to messages', () => {
  it('maps customer, agent, operator, system and tool rows to alternating user/assistant messages', () => {
    const rows = [
      customer('hola'),
      customer('¿tenés remeras negras?'),
      toolCall('toolu_1'),
      toolResult('toolu_1'),
      agent('Tengo la Remera Básica negra.'),
      row({ role: 'system', type: 'event', content: 'Una persona del equipo tomó la conversación.' }),
      row({ role: 'operator', type: 'text', content: 'Hola Juan, soy Caro.' }),
      row({ role: 'system', type: 'event', content: 'La conversación volvió al asistente.' }),
      customer('gracias'),
    ];
    const { request } = buildContext(input({ transcript: rows }));
    expect(request.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'hola' },
          { type: 'text', text: '¿tenés remeras negras?' },
        ],
      },
      {
        role: 'assistant',
        content: [{ type: 'tool_use', id: 'toolu_1', name: 'list_products', input: { query: 'remera' } }],
      },
      {
        role: 'user',
        content: [{ type: 'tool_result', toolUseId: 'toolu_1', content: '{"products":[]}' }],
      },
      { role: 'assistant', content: [{ type: 'text', text: 'Tengo la Remera Básica negra.' }] },
      {
        role: 'user',
        content: [{ type: 'text', text: '[Aviso del sistema] Una persona del equipo tomó la conversación.' }],
      },
      {
        role: 'assistant',
        content: [{ type: 'text', text: '[Mensaje de una persona del equipo] Hola Juan, soy Caro.' }],
      },
      {
        role: 'user',
        content: [
          { type: 'text', text: '[Aviso del sistema] La conversación volvió al asistente.' },
          { type: 'text', text: 'gracias' },
        ],
      },
    ]);
  });

  it('describes media the model cannot see: images and documents with their message id, locations, audio', () => {
    const image = row({ role: 'customer', type: 'image', media: { r2Key: 'k', caption: 'comprobante' } });
    expect(toMessage(image)!.content).toEqual([
      { type: 'text', text: `[El cliente envió una imagen (mensaje ${image.id}): "comprobante"]` },
    ]);
    const pdf = row({ role: 'customer', type: 'document', media: { filename: 'transferencia.pdf' } });
    expect(toMessage(pdf)!.content[0]).toEqual({
      type: 'text',
      text: `[El cliente envió un documento "transferencia.pdf" (mensaje ${pdf.id})]`,
    });
    const place = row({
      role: 'customer',
      type: 'location',
      media: { latitude: -34.6037, longitude: -58.3816, name: 'Obelisco', address: 'Av. 9 de Julio s/n' },
    });
    expect(toMessage(place)!.content[0]).toEqual({
      type: 'text',
      text: '[El cliente compartió una ubicación: Obelisco, Av. 9 de Julio s/n (-34.6037, -58.3816)]',
    });
    expect(toMessage(row({ role: 'customer', type: 'audio' }))!.content[0]).toEqual({
      type: 'text',
      text: '[El cliente envió un audio, que no podés ver ni escuchar]',
    });
    expect(toMessage(row({ role: 'customer', type: 'sticker' }))!.content[0]).toEqual({
      type: 'text',
      text: '[El cliente envió un sticker, que no podés ver ni escuchar]',
    });
    expect(toMessage(row({ role: 'customer', type: 'contact', content: 'Ana 11 5555-0000' }))!.content[0]).toEqual({
      type: 'text',
      text: '[El cliente compartió un contacto: Ana 11 5555-0000]',
    });
    expect(toMessage(row({ role: 'customer', type: 'unsupported' }))!.content[0]).toEqual({
      type: 'text',
      text: '[El cliente envió un mensaje que no se puede mostrar]',
    });
    expect(toMessage(row({ role: 'agent', type: 'text', content: '  ' }))).toBeNull();
    // Stored tool rows with blocks of the wrong shape carry nothing to the model.
    expect(
      toMessage(row({ role: 'agent', type: 'tool_call', toolCalls: [{ type: 'tool_use', id: 1 }, 'x'] })),
    ).toBeNull();
    expect(toMessage(row({ role: 'tool', type: 'tool_result', toolCalls: { not: 'an array' } }))).toBeNull();
  });

  it('opens with a user message even when the window starts with the agent', () => {
    const { request } = buildContext(input({ transcript: [agent('¡Hola! ¿Qué buscás?'), customer('remeras')] }));
    expect(request.messages[0]).toEqual({
      role: 'user',
      content: [{ type: 'text', text: '[Continúa una conversación anterior]' }],
    });
    expect(request.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
  });

  it('drops a tool_use left without its result (a turn cut short) and a result without its call', () => {
    const { request } = buildContext(
      input({
        transcript: [customer('hola'), toolCall('toolu_lost'), customer('¿seguís ahí?'), toolResult('toolu_orphan')],
      }),
    );
    const blocks = request.messages.flatMap((m) => m.content);
    expect(blocks.some((b) => b.type === 'tool_use' || b.type === 'tool_result')).toBe(false);
    expect(request.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'hola' },
          { type: 'text', text: '¿seguís ahí?' },
        ],
      },
    ]);
  });

  it('keeps reasoning only in a turn still in flight: completed turns lose it (it is bound to an older prompt)', () => {
    const reasoning = { type: 'thinking', thinking: 'busco', signature: 'sig', model: 'claude-sonnet-5-5' };
    const callWithReasoning = (toolUseId: string) =>
      row({
        role: 'agent',
        type: 'tool_call',
        toolCalls: [reasoning, { type: 'tool_use', id: toolUseId, name: 'list_products', input: {} }],
      });
    const completed = [customer('remeras'), callWithReasoning('toolu_a'), toolResult('toolu_a'), agent('Tengo estas.')];
    const inFlight = [customer('y buzos?'), callWithReasoning('toolu_b'), toolResult('toolu_b')];
    const { request } = buildContext(input({ transcript: [...completed, ...inFlight] }));
    const assistants = request.messages.filter((m) => m.role === 'assistant');
    expect(assistants[0]!.content.map((b) => b.type)).toEqual(['tool_use']);
    expect(assistants.at(-1)!.content).toEqual([
      reasoning,
      { type: 'tool_use', id: 'toolu_b', name: 'list_products', input: {} },
    ]);
  });
});

describe('buildContext: token budget', () => {
  const long = (n: number) => `mensaje ${n} `.padEnd(600, 'x');
  /** 20 turns of: customer, tool call, tool result, agent reply. */
  const conversation = () =>
    Array.from({ length: 20 }, (_, n) => [
      customer(`${long(n)} cliente`),
      toolCall(`toolu_${n}`, 'list_products', { query: `q${n}` }),
      toolResult(`toolu_${n}`, long(n)),
      agent(`${long(n)} agente`),
    ]).flat();

  it('keeps the newest turns that fit, drops the oldest, and never splits a tool_use from its tool_result', () => {
    const transcript = conversation();
    const built = buildContext(input({ transcript, budgetTokens: 2_000 }));
    const texts = built.request.messages.flatMap((m) => m.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])));

    expect(built.transcriptTokens).toBeLessThanOrEqual(2_000);
    expect(built.dropped.length).toBeGreaterThan(0);
    const keptTurns = built.request.messages.filter((m) =>
      m.content.some((b) => b.type === 'text' && b.text.endsWith('cliente')),
    ).length;
    expect(built.dropped.length + keptTurns).toBe(20);
    // The newest turn is there, the oldest is not.
    expect(texts.at(-1)).toMatch(/^mensaje 19 .*agente$/);
    expect(texts.some((t) => t.startsWith('mensaje 0 '))).toBe(false);
    // Dropped turns are the oldest ones, oldest first, with their rows.
    expect(built.dropped[0]!.rowIds).toEqual(transcript.slice(0, 4).map((r) => r.id));
    expect(built.request.messages[0]!.role).toBe('user');
    expectToolPairsIntact(built.request.messages);
  });

  it('always keeps the newest turn, even when it alone is over budget', () => {
    const transcript = conversation();
    const built = buildContext(input({ transcript, budgetTokens: 10 }));
    expect(built.dropped).toHaveLength(19);
    expect(built.request.messages).toHaveLength(4);
    expectToolPairsIntact(built.request.messages);
  });

  it('sends everything when the transcript fits', () => {
    const built = buildContext(input({ transcript: conversation(), budgetTokens: 50_000 }));
    expect(built.dropped).toEqual([]);
    expect(built.request.messages).toHaveLength(80);
  });

  it('leaves out the turns the running summary already covers and shows the summary instead', () => {
    const transcript = conversation();
    const summary = { text: '- Juan busca remeras negras talle M.', throughMessageId: transcript[39]!.id };
    const built = buildContext(input({ transcript, summary }));
    expect(built.dropped).toEqual([]);
    expect(built.request.messages).toHaveLength(40);
    expect(built.request.messages[0]!.content[0]).toEqual({ type: 'text', text: `${long(10)} cliente` });
    expect(built.request.turnContext).toContain(
      'Resumen de la conversación anterior:\n- Juan busca remeras negras talle M.',
    );
  });

  it('compares ids by time when the summarised message is no longer in the loaded window', () => {
    const transcript = conversation();
    const summary = { text: 'resumen', throughMessageId: transcript[39]!.id };
    const built = buildContext(input({ transcript: transcript.slice(30), summary }));
    expect(built.request.messages).toHaveLength(40);
  });
});

describe('estimateTokens', () => {
  it('counts about one token per three characters, rounding up', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('hola')).toBe(2);
    expect(estimateTokens('x'.repeat(300))).toBe(100);
  });
});
