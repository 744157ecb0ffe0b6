/**
 * The offline agent's next step in a turn: a tool to call, or the final reply. Each intent has
 * a script that looks at what this turn already did (the tool results so far) and the
 * conversation's facts (the snapshot), and decides the next step; called again with one more
 * result, it moves one step further. Decisions never depend on facts a step of this turn
 * changed (a line it removed, the state it moved), so the script follows one path to its reply.
 */
import type { SessionState } from '../../fsm';
import type { DraftView } from '../../tools/draft';
import type { ConversationSnapshot } from '../provider';
import { classify, type Intent } from './intents';
import * as say from './phrasing';
import type { DraftText, Line, ProductOption } from './phrasing';
import type { ShopFacts } from './shop';
import { colorMatches, extractDelivery, withoutCoordinates, type DeliverySlots, type ItemSlots } from './slots';
import { fold, stemsOf } from './text';
import type { Step, TurnView } from './turn';

export type Action =
  { type: 'tool'; name: string; input: Record<string, unknown> } | { type: 'reply'; text: string; understood: boolean };

/** More tool calls than this in one turn and the agent stops and apologises. */
const MAX_TOOL_STEPS = 7;

const tool = (name: string, input: Record<string, unknown> = {}): Action => ({ type: 'tool', name, input });
const reply = (text: string, understood = true): Action => ({ type: 'reply', text, understood });

interface Plan {
  view: TurnView;
  snapshot: ConversationSnapshot;
  state: SessionState;
  shop: ShopFacts;
}

/** The latest call of `name` in this turn whose input satisfies `match`. */
function step(
  plan: Plan,
  name: string,
  match: (input: Record<string, unknown>) => boolean = () => true,
): Step | undefined {
  return plan.view.steps.findLast((s) => s.name === name && match(s.input));
}

/**
 * The state the turn began in. Tools of this turn may have moved it (the snapshot is refreshed
 * between steps), and the intent of "dale" depends on it: a turn that confirmed began in
 * AWAITING_CONFIRMATION; one that asked for confirmation began before it.
 */
export function turnState(view: TurnView, snapshot: ConversationSnapshot): SessionState {
  if (view.steps.some((s) => s.name === 'confirm_order')) return 'AWAITING_CONFIRMATION';
  if (view.steps.some((s) => s.name === 'request_confirmation') && snapshot.state === 'AWAITING_CONFIRMATION') {
    return 'COLLECTING_ORDER';
  }
  return snapshot.state;
}

/** The draft as it is now: from the latest tool result that carried it, else the snapshot. */
function currentDraft(plan: Plan): DraftText | null {
  for (const s of [...plan.view.steps].reverse()) {
    const draft = s.ok ? (s.data?.draft as DraftView | undefined) : undefined;
    if (draft) {
      return {
        number: draft.number,
        currency: draft.currency,
        items: draft.items,
        total: draft.total,
        delivery: draft.delivery,
        deliveryComplete: draft.deliveryComplete,
      };
    }
  }
  const draft = plan.snapshot.draft;
  if (!draft) return null;
  return {
    currency: plan.snapshot.currency,
    items: draft.items.map((i) => ({ ...i, lineTotal: i.unitPrice * i.quantity })),
    total: draft.total,
    deliveryComplete: draft.deliveryComplete,
  };
}

// ─── Choosing a product and a variant ───────────────────────────────────────────────────────

type Choice =
  | { kind: 'none' }
  | { kind: 'ask_product'; options: ProductOption[] }
  | { kind: 'ask_attribute'; product: ProductOption; key: string; values: string[] }
  | { kind: 'unavailable'; product: ProductOption; alternatives: ProductOption['variants'] }
  | { kind: 'variant'; product: ProductOption; variant: ProductOption['variants'][number] };

type Wanted = Pick<ItemSlots, 'talle' | 'color' | 'notColor'>;

const matchesSlots = (v: ProductOption['variants'][number], item: Wanted) =>
  (!item.talle || fold(v.attributes.talle ?? '') === fold(item.talle)) &&
  (!item.color || colorMatches(item.color, v.attributes.color)) &&
  (!item.notColor || !colorMatches(item.notColor, v.attributes.color));

/** Variants sharing the talle or the colour asked for first: the closest alternatives. */
function alternativesFor(product: ProductOption, item: Wanted) {
  const shares = (v: ProductOption['variants'][number]) =>
    (item.color && colorMatches(item.color, v.attributes.color) ? 1 : 0) +
    (item.talle && fold(v.attributes.talle ?? '') === fold(item.talle) ? 1 : 0);
  return [...product.variants].filter((v) => v.available > 0).sort((a, b) => shares(b) - shares(a));
}

/** The products whose names share the most words with what the customer named. */
function bestProducts(products: ProductOption[], words: string[]): ProductOption[] {
  const wanted = words.flatMap(stemsOf);
  const score = (p: ProductOption) => {
    const name = new Set(stemsOf(p.name));
    return wanted.filter((w) => name.has(w)).length;
  };
  const best = Math.max(0, ...products.map(score));
  return best === 0 ? products : products.filter((p) => score(p) === best);
}

export function pickVariant(products: ProductOption[], item: ItemSlots): Choice {
  if (products.length === 0) return { kind: 'none' };
  let candidates = bestProducts(products, item.productWords);
  if (item.talle || item.color || item.notColor) {
    const fitting = candidates.filter((p) => p.variants.some((v) => matchesSlots(v, item)));
    if (fitting.length === 0) {
      const product = candidates[0]!;
      return { kind: 'unavailable', product, alternatives: alternativesFor(product, item) };
    }
    candidates = fitting;
  }
  if (candidates.length > 1) return { kind: 'ask_product', options: candidates };
  const product = candidates[0]!;
  let matching = product.variants.filter((v) => matchesSlots(v, item));
  // "azul" is both Azul and Azul marino: the exact colour wins.
  const exact = item.color ? matching.filter((v) => fold(v.attributes.color ?? '') === fold(item.color!)) : [];
  if (exact.length) matching = exact;
  if (matching.length === 1) return { kind: 'variant', product, variant: matching[0]! };
  const keys = ['color', 'talle', ...new Set(matching.flatMap((v) => Object.keys(v.attributes)))];
  for (const key of keys) {
    const values = say.valuesOf(matching, key);
    if (values.length > 1) return { kind: 'ask_attribute', product, key, values };
  }
  return matching[0] ? { kind: 'variant', product, variant: matching[0] } : { kind: 'none' };
}

const productsOf = (s: Step | undefined): ProductOption[] =>
  s?.ok ? ((s.data?.products as ProductOption[]) ?? []) : [];

// ─── Draft lines ────────────────────────────────────────────────────────────────────────────

/** The draft line the customer means ("la remera", "el buzo gris"); the only line when they name none. */
function resolveLine(lines: Line[], item: ItemSlots, useAttributes: boolean): Line | null {
  if (lines.length === 0) return null;
  const wanted = item.productWords.flatMap(stemsOf).filter((w) => w.length > 2);
  const score = (l: Line) => {
    const words = new Set([...stemsOf(l.name), ...(useAttributes ? Object.values(l.attributes).flatMap(stemsOf) : [])]);
    let s = wanted.filter((w) => words.has(w)).length * 2;
    if (useAttributes && item.color && colorMatches(item.color, l.attributes.color)) s += 1;
    if (useAttributes && item.talle && fold(l.attributes.talle ?? '') === fold(item.talle)) s += 1;
    return s;
  };
  // Nothing named ("cambiala a talle S", "sacá una"): the line the conversation is on, the last one added.
  if (wanted.length === 0 && !(useAttributes && (item.color || item.talle))) return lines.at(-1)!;
  const best = Math.max(...lines.map(score));
  if (best === 0) return null;
  const top = lines.filter((l) => score(l) === best);
  return top.length === 1 || wanted.length ? top[0]! : null;
}

const lineName = (l: Pick<Line, 'name' | 'attributes'>) => say.itemName(l.name, l.attributes);

// ─── Scripts ────────────────────────────────────────────────────────────────────────────────

function addItems(plan: Plan, items: ItemSlots[]): Action {
  const changes: string[] = [];
  const problems: string[] = [];
  for (const item of items) {
    const query = item.productWords.join(' ');
    const search = step(plan, 'list_products', (i) => i.query === query);
    if (!search) return tool('list_products', { query, limit: 5 });
    if (!search.ok) {
      problems.push(say.toolTrouble());
      continue;
    }
    const pick = pickVariant(productsOf(search), item);
    if (pick.kind === 'none') problems.push(say.notFound(query));
    else if (pick.kind === 'ask_product') problems.push(say.askProduct(pick.options));
    else if (pick.kind === 'ask_attribute') problems.push(say.askAttribute(pick.key, pick.product, pick.values));
    else if (pick.kind === 'unavailable') problems.push(say.notAvailable(pick.product, item, pick.alternatives));
    else {
      const sku = pick.variant.sku;
      const quantity = item.quantity ?? 1;
      const added = step(plan, 'add_item_to_draft', (i) => i.sku === sku);
      if (!added) return tool('add_item_to_draft', { sku, quantity });
      if (added.ok) {
        const line = (added.data?.draft as DraftView).items.find((l) => l.sku === sku)!;
        const quantityAdded = Number(added.input.quantity);
        changes.push(
          say.added(
            { ...line, quantity: quantityAdded, lineTotal: line.unitPrice * quantityAdded },
            currentDraft(plan)!.currency,
          ),
        );
      } else if (added.error?.code === 'INSUFFICIENT_STOCK') {
        const details = added.error.details ?? {};
        const available = Number(details.available ?? 0);
        const name = lineName({ name: pick.product.name, attributes: pick.variant.attributes });
        if (available > 0) problems.push(say.shortStock(name, available));
        else {
          const alternatives = (details.alternatives as ProductOption['variants'] | undefined) ?? [];
          problems.push(
            say.notAvailable(
              pick.product,
              { talle: pick.variant.attributes.talle ?? null, color: pick.variant.attributes.color ?? null },
              alternatives,
            ),
          );
        }
      } else problems.push(say.toolTrouble());
    }
  }
  // One question at a time: the first problem is asked; the items that were clear are in.
  const draft = currentDraft(plan);
  if (problems.length === 0 && draft?.items.length && (!draft.deliveryComplete || step(plan, 'set_delivery_details'))) {
    const details = deliveryGivenEarlier(plan);
    if (details) {
      const next = withDelivery(plan, details);
      if (next.type === 'tool') return next;
      return reply(`${say.afterItems(changes, [], null)}${changes.length ? '\n\n' : ''}${next.text}`);
    }
  }
  return reply(say.afterItems(changes, problems.slice(0, 1), draft));
}

function browse(plan: Plan, item: ItemSlots, cue: boolean): Action {
  const query = item.productWords.join(' ');
  const search = step(plan, 'list_products');
  if (!search) return tool('list_products', { query, limit: 5 });
  if (!search.ok) return reply(say.toolTrouble());
  const products = productsOf(search);
  // A lone word that finds nothing ("asdf") was not a product question.
  if (products.length === 0 && !cue) return reply(say.notUnderstood(false), false);
  const shown = products.map((p) => {
    const variants = p.variants.filter((v) => matchesSlots(v, item));
    return variants.length ? { ...p, variants } : p;
  });
  return reply(`${say.browseResult(query, bestProducts(shown, item.productWords))}${resume(plan)}`);
}

/** After a question mid-order, where the order stands, so the customer picks up from there. */
function resume(plan: Plan): string {
  const draft = currentDraft(plan);
  if (!draft || draft.items.length === 0) return '';
  if (plan.state === 'AWAITING_CONFIRMATION') return `\n\n${say.stillAwaiting(draft)}`;
  return `\n\n${say.orderKept(draft)}`;
}

function info(plan: Plan, topic: Extract<Intent, { kind: 'info' }>['topic']): Action {
  return reply(`${say.shopInfo(topic, plan.shop)}${resume(plan)}`);
}

function quantity(plan: Plan, value: number): Action {
  const draft = currentDraft(plan);
  if (!draft || draft.items.length === 0) return reply(say.askWhichProduct());
  return change(plan, { quantity: value, talle: null, color: null, productWords: [] });
}

/** Replaces the line the customer points at (the last one) with another product, same talle and quantity when there is one. */
function swap(plan: Plan, item: ItemSlots): Action {
  const draft = currentDraft(plan);
  const added = step(plan, 'add_item_to_draft');
  const removed = step(plan, 'update_draft_item');
  const lines = (draft?.items ?? []).filter((l) => !added || l.sku !== added.input.sku);
  const old = removed ? null : (lines.at(-1) ?? null);
  if (added?.ok && old) return tool('update_draft_item', { sku: old.sku, quantity: 0 });
  if (added?.ok) {
    const from = removed?.ok ? (removed.data?.line as Line) : null;
    const fresh = (added.data?.draft as DraftView).items.find((l) => l.sku === added.input.sku);
    const text = fresh && from ? say.changed(lineName(from), lineName(fresh)) : say.toolTrouble();
    return reply(say.afterItems([text], [], currentDraft(plan)));
  }
  if (added) return reply(stockProblem(added) ?? say.toolTrouble());
  if (!old) return addItems(plan, [item]);
  const query = item.productWords.join(' ');
  const search = step(plan, 'list_products');
  if (!search) return tool('list_products', { query, limit: 5 });
  const products = productsOf(search);
  const sameTalle = { ...item, talle: item.talle ?? old.attributes.talle ?? null };
  let pick = pickVariant(products, sameTalle);
  if (pick.kind !== 'variant') pick = pickVariant(products, item);
  if (pick.kind === 'variant') return tool('add_item_to_draft', { sku: pick.variant.sku, quantity: old.quantity });
  if (pick.kind === 'none') return reply(say.notFound(query));
  if (pick.kind === 'ask_product') return reply(say.askProduct(pick.options));
  if (pick.kind === 'ask_attribute') return reply(say.askAttribute(pick.key, pick.product, pick.values));
  return reply(say.notAvailable(pick.product, item, pick.alternatives));
}

/** Delivery details the customer gave before there was an order to put them on. */
function deliveryGivenEarlier(plan: Plan): DeliverySlots | null {
  const merged: DeliverySlots = {};
  for (const message of [...plan.view.history, plan.view.message].reverse()) {
    const d =
      message.media === 'location'
        ? extractDelivery(withoutCoordinates(message.text), { assumeAddress: true })
        : extractDelivery(message.text);
    Object.assign(merged, d, d.address ? { address: { ...merged.address, ...d.address } } : {});
  }
  return merged.address || merged.method ? merged : null;
}

/** Saves delivery details and asks for the confirmation, one step at a time. */
function withDelivery(plan: Plan, delivery: DeliverySlots): Action {
  const saved = step(plan, 'set_delivery_details');
  if (!saved) {
    const next = deliveryInput(plan, delivery, false);
    return 'ask' in next ? next.ask : tool('set_delivery_details', next.input);
  }
  if (!saved.ok) return reply(say.toolTrouble());
  const draft = saved.data?.draft as DraftView;
  const noted = say.deliverySaved(draft.delivery);
  if (!draft.deliveryComplete) return reply(`${noted} ${say.askDelivery('recipient')}`);
  const asked = step(plan, 'request_confirmation');
  if (!asked) return tool('request_confirmation');
  return reply(asked.ok ? `${noted} ${say.confirmationAsked()}` : noted);
}

function catalog(plan: Plan, query: string | null): Action {
  const sent = step(plan, 'send_catalog');
  if (!sent) return tool('send_catalog', query ? { query } : {});
  if (!sent.ok) return reply(say.toolTrouble());
  return reply(say.catalogSent(Number(sent.data?.sent ?? 0)));
}

function change(plan: Plan, item: ItemSlots): Action {
  const draft = currentDraft(plan);
  const addedThisTurn = new Set(
    plan.view.steps.filter((s) => s.name === 'add_item_to_draft').map((s) => String(s.input.sku)),
  );
  const lines = (draft?.items ?? []).filter((l) => !addedThisTurn.has(l.sku));
  const words = item.productWords.join(' ');

  if (item.quantity !== null && !item.talle && !item.color) {
    const done = step(plan, 'update_draft_item');
    if (done) {
      if (!done.ok) return reply(stockProblem(done) ?? say.toolTrouble());
      const line = (done.data?.draft as DraftView).items.find((l) => l.sku === done.input.sku);
      return reply(say.afterItems(line ? [say.quantitySet(line, draft!.currency)] : [], [], draft));
    }
    const target = resolveLine(lines, item, true);
    if (!target) return reply(say.lineNotFound(words, draft));
    return tool('update_draft_item', { sku: target.sku, quantity: item.quantity });
  }

  const removedOld = step(plan, 'update_draft_item');
  const addedNew = step(plan, 'add_item_to_draft');
  if (removedOld || addedNew?.ok) {
    const old = lines.length ? resolveLine(lines, item, false) : null;
    if (!removedOld && old) return tool('update_draft_item', { sku: old.sku, quantity: 0 });
    const fresh = (addedNew?.data?.draft as DraftView | undefined)?.items.find((l) => l.sku === addedNew!.input.sku);
    const from = removedOld?.ok ? (removedOld.data?.line as Line) : null;
    const text = fresh && from ? say.changed(lineName(from), lineName(fresh)) : say.toolTrouble();
    return reply(say.afterItems([text], [], currentDraft(plan)));
  }
  if (addedNew) return reply(stockProblem(addedNew) ?? say.toolTrouble());

  const target = resolveLine(lines, item, false);
  if (!target) return reply(say.lineNotFound(words, draft));
  const search = step(plan, 'list_products');
  if (!search) return tool('list_products', { query: target.name, inStockOnly: false, limit: 5 });
  const product = productsOf(search).find((p) => fold(p.name) === fold(target.name));
  if (!product) return reply(say.notFound(target.name));
  const wanted = {
    talle: item.talle ?? target.attributes.talle ?? null,
    color: item.color ?? target.attributes.color ?? null,
  };
  const variant = product.variants.find((v) => matchesSlots(v, wanted) && v.available > 0);
  if (!variant) return reply(say.notAvailable(product, wanted, alternativesFor(product, wanted)));
  if (variant.sku === target.sku) return reply(say.alreadyThatWay(lineName(target)));
  return tool('add_item_to_draft', { sku: variant.sku, quantity: target.quantity });
}

/** A stock failure of a line tool, said to the customer; null for other failures. */
function stockProblem(s: Step): string | null {
  if (s.error?.code !== 'INSUFFICIENT_STOCK') return null;
  const details = s.error.details ?? {};
  const name = details.name
    ? lineName({ name: String(details.name), attributes: (details.attributes as Record<string, string>) ?? {} })
    : String(s.input.sku);
  return say.shortStock(name, Number(details.available ?? 0));
}

function remove(plan: Plan, item: ItemSlots): Action {
  const done = step(plan, 'update_draft_item');
  if (done) {
    if (!done.ok) return reply(say.toolTrouble());
    const left = Number(done.input.quantity);
    const after = currentDraft(plan);
    const line = after?.items.find((l) => l.sku === done.input.sku);
    const text =
      left > 0 && line ? say.quantitySet(line, after!.currency) : say.removed(lineName(done.data?.line as Line));
    return reply(say.afterItems([text], [], after));
  }
  const draft = currentDraft(plan);
  const target = resolveLine(draft?.items ?? [], item, true);
  if (!target) return reply(say.lineNotFound(item.productWords.join(' '), draft));
  // "sacá una": one unit less, not the whole line.
  const left = item.quantity !== null && item.quantity < target.quantity ? target.quantity - item.quantity : 0;
  return tool('update_draft_item', { sku: target.sku, quantity: left });
}

/** The tool input for the delivery details, or the question for what is still missing. */
function deliveryInput(
  plan: Plan,
  delivery: DeliverySlots,
  location: boolean,
): { input: Record<string, unknown> } | { ask: Action } {
  const method = delivery.method ?? (delivery.address ? 'DELIVERY' : undefined);
  if (!method) return { ask: reply(say.askDelivery('method')) };
  const recipientName = delivery.recipientName ?? plan.snapshot.customer.name ?? undefined;
  const address = delivery.address;
  if (method === 'DELIVERY') {
    if (!address?.street) return { ask: reply(location ? say.locationWithoutAddress() : say.askDelivery('address')) };
    if (!address.city) return { ask: reply(say.askDelivery('city')) };
  }
  if (!recipientName) return { ask: reply(say.askDelivery('recipient')) };
  const defined = (o: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ''));
  return {
    input: defined({
      method,
      recipientName,
      phone: delivery.phone,
      schedule: delivery.schedule,
      address: method === 'DELIVERY' ? defined({ ...address }) : undefined,
    }),
  };
}

function deliver(plan: Plan, delivery: DeliverySlots, location: boolean): Action {
  const saved = step(plan, 'set_delivery_details');
  if (saved) {
    if (!saved.ok) return reply(saved.error?.code === 'NO_DRAFT' ? say.noItemsYet() : say.toolTrouble());
    const draft = saved.data?.draft as DraftView;
    const noted = say.deliverySaved(draft.delivery);
    if (!draft.deliveryComplete) return reply(`${noted} ${say.askDelivery('recipient')}`);
    if (draft.itemCount === 0) return reply(`${noted} ${say.noItemsYet()}`);
    const asked = step(plan, 'request_confirmation');
    if (!asked) return tool('request_confirmation');
    return reply(asked.ok ? `${noted} ${say.confirmationAsked()}` : noted);
  }
  const draft = currentDraft(plan);
  if (!draft || draft.items.length === 0) return reply(say.deliveryBeforeItems(delivery));
  const next = deliveryInput(plan, delivery, location);
  return 'ask' in next ? next.ask : tool('set_delivery_details', next.input);
}

function finish(plan: Plan): Action {
  const draft = currentDraft(plan);
  const asked = step(plan, 'request_confirmation');
  if (asked) {
    if (asked.ok) return reply(say.confirmationAsked());
    return reply(asked.error?.code === 'NOT_READY' ? say.askDelivery('method') : say.toolTrouble());
  }
  if (!draft || draft.items.length === 0) return reply(say.noItemsYet());
  if (!draft.deliveryComplete) return reply(say.askDelivery('method'));
  return tool('request_confirmation');
}

function confirm(plan: Plan): Action {
  const done = step(plan, 'confirm_order');
  if (!done) return tool('confirm_order');
  if (done.ok) {
    const d = done.data ?? {};
    return reply(say.confirmed(Number(d.number), Number(d.total), String(d.currency ?? plan.snapshot.currency)));
  }
  switch (done.error?.code) {
    case 'INSUFFICIENT_STOCK':
      return reply(say.confirmFailed());
    case 'SUMMARY_OUTDATED': {
      const again = step(plan, 'request_confirmation');
      if (!again) return tool('request_confirmation');
      return reply(say.confirmOutdated());
    }
    case 'NOT_CONFIRMED_BY_CUSTOMER':
      return reply(say.notUnderstood(true), false);
    default:
      return reply(say.toolTrouble());
  }
}

function pay(plan: Plan, payment: Extract<Intent, { kind: 'payment' }>['payment']): Action {
  const done = step(plan, 'register_payment');
  if (done) {
    if (done.ok) {
      const d = done.data ?? {};
      const order = d.order as { number?: number } | undefined;
      return reply(
        say.paymentRegistered(Number(d.amount), String(d.currency), String(d.method), order?.number ?? null),
      );
    }
    return reply(done.error?.code === 'NO_CONFIRMED_ORDER' ? say.noConfirmedOrder() : say.toolTrouble());
  }
  if (payment.amount === undefined) return reply(say.askAmount());
  return tool('register_payment', {
    method: payment.method ?? 'OTHER',
    amount: payment.amount,
    ...(payment.reference ? { reference: payment.reference } : {}),
  });
}

function receipt(plan: Plan, { payment, messageId }: Extract<Intent, { kind: 'receipt' }>): Action {
  let paid = '';
  if (payment?.amount !== undefined) {
    const registered = step(plan, 'register_payment');
    if (!registered) return tool('register_payment', { method: payment.method ?? 'OTHER', amount: payment.amount });
    if (registered.ok) {
      const d = registered.data ?? {};
      paid = `${say.paymentRegistered(Number(d.amount), String(d.currency), String(d.method), (d.order as { number?: number })?.number ?? null)}\n\n`;
    }
  }
  const attached = step(plan, 'attach_receipt');
  if (!attached) return tool('attach_receipt', messageId ? { messageId } : {});
  if (attached.ok) return reply(`${paid}${say.receiptAttached(Number(attached.data?.orderNumber) || null)}`);
  switch (attached.error?.code) {
    case 'NO_ORDER':
      return reply(say.receiptWithoutOrder());
    case 'UNSUPPORTED_TYPE':
    case 'TOO_LARGE':
      return reply(say.receiptRefused());
    default:
      return reply(say.toolTrouble());
  }
}

function handoff(plan: Plan): Action {
  const done = step(plan, 'request_human_handoff');
  if (!done) return tool('request_human_handoff', { reason: 'El cliente pidió hablar con una persona.' });
  return reply(say.handoff());
}

function run(plan: Plan, intent: Intent): Action {
  const { snapshot } = plan;
  switch (intent.kind) {
    case 'greeting':
      return reply(say.greeting(snapshot.customer.name, snapshot.storeName, snapshot.customer.returning));
    case 'thanks':
      return reply(say.thanks());
    case 'handoff':
      return handoff(plan);
    case 'catalog':
      return catalog(plan, intent.query);
    case 'browse':
      return browse(plan, intent.item, intent.cue);
    case 'add':
      return addItems(plan, intent.items);
    case 'which_product':
      return reply(say.askWhichProduct());
    case 'change':
      return change(plan, intent.item);
    case 'remove':
      return remove(plan, intent.item);
    case 'delivery':
      return deliver(plan, intent.delivery, intent.location);
    case 'finish':
      return finish(plan);
    case 'confirm':
      return confirm(plan);
    case 'decline':
      return reply(say.declined());
    case 'payment':
      return pay(plan, intent.payment);
    case 'receipt':
      return receipt(plan, intent);
    case 'unsupported_media':
      return reply(say.unsupportedMedia(), false);
    case 'info':
      return info(plan, intent.topic);
    case 'hold':
      return reply(say.holding());
    case 'unsure':
      return reply(say.unsure());
    case 'quantity':
      return quantity(plan, intent.quantity);
    case 'swap':
      return swap(plan, intent.item);
    case 'affirm':
      return reply(say.affirm());
    case 'negate':
      return currentDraft(plan)?.items.length ? finish(plan) : reply(say.negateIdle());
    case 'unknown':
      return reply(say.notUnderstood(plan.state === 'AWAITING_CONFIRMATION'), false);
  }
}

const NO_FACTS: ShopFacts = { hours: null, paymentMethods: [], shipping: null };

/** The next step of the turn (see the file comment). */
export function plan(view: TurnView, snapshot: ConversationSnapshot, shop: ShopFacts = NO_FACTS): Action {
  const state = turnState(view, snapshot);
  const { intent, greeted } = classify(view, state);
  const p: Plan = { view, snapshot, state, shop };
  if (view.steps.length >= MAX_TOOL_STEPS) return reply(say.toolTrouble());
  const action = run(p, intent);
  if (action.type === 'tool') {
    const last = view.steps.at(-1);
    // Never ask for the very call just answered: a script that would loop apologises instead.
    if (last && last.name === action.name && JSON.stringify(last.input) === JSON.stringify(action.input)) {
      return reply(say.toolTrouble());
    }
    return action;
  }
  if (greeted && intent.kind !== 'greeting')
    return { ...action, text: `${say.greetingPrefix(snapshot.customer.name)}${action.text}` };
  return action;
}
