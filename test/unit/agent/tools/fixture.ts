/**
 * A shop for tool tests: workspace A of `seedTenants()` with the demo clothing catalogue seeded
 * through the catalogue's own functions (`seedCatalog` → `createProduct`), and one conversation
 * per test (an `agent_sessions` row and its WhatsApp customer), so tests never share a draft.
 * `call` runs a tool through the real executor, as the Conversation object does.
 */
import { env } from 'cloudflare:workers';
import { and, eq } from 'drizzle-orm';
import { newId } from '../../../../db/ids';
import { agentSessions, productVariants, stockItems, toolExecutions, type SESSION_STATES } from '../../../../db/schema';
import { seedCatalog } from '../../../../scripts/seed/catalog';
import { executeTool, type ExecuteToolInput } from '../../../../workers/agent/tools/executor';
import type { ToolContext, ToolOutcome } from '../../../../workers/agent/tools/types';
import { findOrCreateCustomerByWhatsApp } from '../../../../workers/retail/customers/whatsapp';
import { testDb } from '../../../harness/db';
import { seedTenants, type Tenants } from '../../../harness/tenants';

export type State = (typeof SESSION_STATES)[number];

export interface Shop {
  tenants: Tenants;
  workspaceId: string;
}

/** Two tenants; workspace A gets the demo catalogue. */
export async function openShop(): Promise<Shop> {
  const tenants = await seedTenants();
  await seedCatalog(testDb(), tenants.a.id);
  return { tenants, workspaceId: tenants.a.id };
}

/** A conversation with a new WhatsApp customer, and the context its tools run with. */
export class Chat {
  private constructor(
    readonly workspaceId: string,
    readonly sessionId: string,
    readonly customerId: string,
    public ctx: ToolContext,
  ) {}

  static async open(workspaceId: string, name = 'Juan Pérez'): Promise<Chat> {
    const phone = `+54911${Math.floor(10_000_000 + Math.random() * 89_999_999)}`;
    const customer = await findOrCreateCustomerByWhatsApp(
      { db: testDb() },
      { workspaceId, waUserId: phone.slice(1), phone, profileName: name },
    );
    if (!customer.ok) throw new Error('customer');
    const sessionId = newId('ses');
    await testDb()
      .insert(agentSessions)
      .values({
        id: sessionId,
        workspaceId,
        channel: 'whatsapp',
        contact: phone.slice(1),
        customerId: customer.value.customer.id,
      });
    return new Chat(workspaceId, sessionId, customer.value.customer.id, {
      workspaceId,
      sessionId,
      customerId: customer.value.customer.id,
      draftOrderId: null,
      state: 'IDLE',
      now: new Date(),
      lastCustomerMessage: { text: null, buttonId: null },
    });
  }

  /** Runs a tool through the executor and remembers the draft it opened, as the Conversation would. */
  async call(name: string, input: unknown, options: Partial<ExecuteToolInput> & { toolUseId?: string } = {}) {
    const result = await executeTool({
      deps: { db: testDb(), files: env.FILES },
      ctx: this.ctx,
      toolUse: { id: options.toolUseId ?? `toolu_${crypto.randomUUID()}`, name, input },
      llmRequestId: 'req_test',
      turnId: null,
      ...options,
    });
    const draftOrderId = result.outcome.effects?.draftOrderId;
    if (draftOrderId !== undefined) this.ctx = { ...this.ctx, draftOrderId };
    return result;
  }

  in(state: State): this {
    this.ctx = { ...this.ctx, state };
    return this;
  }

  says(text: string | null, buttonId: string | null = null): this {
    this.ctx = { ...this.ctx, lastCustomerMessage: { text, buttonId } };
    return this;
  }

  /** The recorded executions of this conversation. */
  executions() {
    return testDb().select().from(toolExecutions).where(eq(toolExecutions.sessionId, this.sessionId));
  }
}

/** On hand, reserved and available of a catalogue SKU in the workspace. */
export async function stockOfSku(workspaceId: string, sku: string) {
  const [row] = await testDb()
    .select({ onHand: stockItems.onHand, reserved: stockItems.reserved })
    .from(stockItems)
    .innerJoin(productVariants, eq(productVariants.id, stockItems.variantId))
    .where(and(eq(productVariants.workspaceId, workspaceId), eq(productVariants.sku, sku)));
  if (!row) throw new Error(`no stock for ${sku}`);
  return { ...row, available: row.onHand - row.reserved };
}

/** The data of a successful outcome (fails the test with the error otherwise). */
export function dataOf<T = Record<string, unknown>>(outcome: ToolOutcome): T {
  if (!outcome.ok) throw new Error(`expected ok, got ${outcome.error.code}: ${outcome.error.message}`);
  return outcome.data as T;
}

/** The error of a failed outcome. */
export function errorOf(outcome: ToolOutcome) {
  if (outcome.ok) throw new Error(`expected a failure, got ${JSON.stringify(outcome.data)}`);
  return outcome.error as { code: string; message: string; details?: Record<string, unknown> };
}
