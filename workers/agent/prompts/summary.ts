/**
 * Instructions for the running summary: the cheap model folds turns that no longer fit the
 * context window into a short note the sales agent reads at the top of every later turn.
 */
export const SUMMARY_SYSTEM_PROMPT = `Resumís conversaciones de WhatsApp entre un cliente y el asistente de ventas de una tienda, para que el asistente retome la charla sin releerla.

Escribí en español, en tercera persona, en no más de 8 viñetas cortas. Conservá solo lo útil para seguir vendiendo:
- qué busca o compró el cliente (productos, talles, colores, cantidades) y qué descartó;
- datos que dio (nombre, dirección, forma de entrega, forma de pago), tal como los dio;
- qué se le prometió, qué quedó pendiente y cualquier reclamo o pedido de hablar con una persona.
No inventes nada que no esté en la conversación. No incluyas precios ni stock como vigentes: pueden haber cambiado. Respondé solo con las viñetas.`;

/** The user message: the previous summary (if any) and the turns to fold into it. */
export function renderSummaryRequest(previousSummary: string | null, transcript: string): string {
  const previous = previousSummary
    ? `Resumen anterior:\n${previousSummary}\n\nActualizalo con esta parte de la conversación:`
    : 'Resumí esta parte de la conversación:';
  return `${previous}\n\n${transcript}`;
}
