import { z } from 'zod';
import { formatMoney } from '../money';
import { TALKING_STATES } from './draft';
import { findProducts, type ListedProduct } from './list-products';
import type { AgentTool, OutboundMessage } from './types';

const Input = z.strictObject({
  category: z.string().trim().min(1).max(100).optional().describe('Only this category, e.g. "Remeras"'),
  query: z.string().trim().min(1).max(200).optional().describe('Only products matching these words, e.g. "buzos"'),
});
type Input = z.output<typeof Input>;

/** WhatsApp's limits for an interactive list: 10 rows, titles of 24 and descriptions of 72 characters. */
const MAX_ROWS = 10;
const TITLE_CHARS = 24;
const DESCRIPTION_CHARS = 72;

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`);

/** "Desde $ 22.900 · S, M, L · Negro, Blanco": price and the talles and colours in stock. */
function rowDescription(product: ListedProduct): string {
  const values = (key: string) => [...new Set(product.variants.map((v) => v.attributes[key]).filter(Boolean))];
  const prices = new Set(product.variants.map((v) => v.price));
  const parts = [`${prices.size > 1 ? 'Desde ' : ''}${formatMoney(product.price, product.currency)}`];
  const talles = values('talle');
  const colors = values('color');
  if (talles.length) parts.push(talles.join(', '));
  if (colors.length) parts.push(colors.join(', '));
  return clip(parts.join(' · '), DESCRIPTION_CHARS);
}

/** The products grouped by category (in first-seen order), as the sections of a WhatsApp list. */
export function catalogMessage(products: ListedProduct[], heading: string): OutboundMessage {
  const sections = new Map<string, Array<{ id: string; title: string; description: string }>>();
  for (const product of products) {
    const title = product.category ?? 'Productos';
    if (!sections.has(title)) sections.set(title, []);
    sections.get(title)!.push({
      id: `product:${product.productId}`,
      title: clip(product.name, TITLE_CHARS),
      description: rowDescription(product),
    });
  }
  return {
    type: 'list',
    text: heading,
    button: 'Ver productos',
    sections: [...sections].map(([title, rows]) => ({ title: clip(title, TITLE_CHARS), rows })),
  };
}

export const sendCatalog: AgentTool<Input, { sent: number; products: Array<{ productId: string; name: string }> }> = {
  name: 'send_catalog',
  description:
    'Send the customer the catalogue as a WhatsApp list: up to 10 active products with units in stock, each with its price and the talles/colores available. ' +
    'Use it when the customer asks to see the catalogue or what the shop sells ("mostrame el catálogo", "¿qué tenés?"), optionally narrowed by category or words. ' +
    'The list is sent by the tool; reply with a short line, without repeating it.',
  input: Input,
  allowedStates: TALKING_STATES,
  async run(deps, ctx, input) {
    const products = await findProducts(deps.db, ctx.workspaceId, {
      ...input,
      inStockOnly: true,
      limit: MAX_ROWS,
    });
    const data = { sent: products.length, products: products.map((p) => ({ productId: p.productId, name: p.name })) };
    if (products.length === 0) return { ok: true, data };
    const heading = input.category || input.query ? 'Esto es lo que tenemos 👇' : 'Este es nuestro catálogo 👇';
    return { ok: true, data, outbound: [catalogMessage(products, `${heading}\nElegí un producto para ver más.`)] };
  },
};
