import { and, asc, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { auditLog, orderItems, orders, toolExecutions } from '../../../../db/schema';
import { TOOLS, toolSpecs } from '../../../../workers/agent/tools/registry';
import type { AgentTool } from '../../../../workers/agent/tools/types';
import { testDb } from '../../../harness/db';
import { Chat, dataOf, errorOf, openShop, stockOfSku, type Shop } from './fixture';

let shop: Shop;
beforeAll(async () => {
  shop = await openShop();
});

describe('executeTool: exactly once per tool_use id', () => {
  it('a replayed tool_use answers the recorded outcome: one execution row, the retail write happened once', async () => {
    const chat = await Chat.open(shop.workspaceId);
    const before = await stockOfSku(shop.workspaceId, 'BUZ-CAN-GRM-L');
    const first = await chat.call(
      'add_item_to_draft',
      { sku: 'BUZ-CAN-GRM-L', quantity: 2 },
      { toolUseId: 'toolu_replay_1' },
    );
    // The Conversation was evicted before it applied the outcome: it asks again with the same id.
    chat.ctx = { ...chat.ctx, draftOrderId: null };
    const again = await chat.call(
      'add_item_to_draft',
      { sku: 'BUZ-CAN-GRM-L', quantity: 2 },
      { toolUseId: 'toolu_replay_1' },
    );

    expect(first.replayed).toBe(false);
    expect(again.replayed).toBe(true);
    expect(again.outcome).toEqual(first.outcome);
    expect(again.result).toEqual(first.result);
    expect(again.executionId).toBe(first.executionId);
    expect(await chat.executions()).toHaveLength(1);
    const drafts = await testDb().select().from(orders).where(eq(orders.customerId, chat.customerId));
    expect(drafts).toHaveLength(1);
    const lines = await testDb().select().from(orderItems).where(eq(orderItems.orderId, drafts[0]!.id));
    expect(lines.map((l) => l.quantity)).toEqual([2]);
    expect((await stockOfSku(shop.workspaceId, 'BUZ-CAN-GRM-L')).reserved).toBe(before.reserved + 2);
    const itemSets = await testDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, drafts[0]!.id), eq(auditLog.action, 'order.item_set')))
      .orderBy(asc(auditLog.createdAt), asc(auditLog.id));
    expect(itemSets).toHaveLength(1);
  });

  it('replays refusals too: an invalid input recorded once is answered again without validating anew', async () => {
    const chat = await Chat.open(shop.workspaceId);
    const first = await chat.call('add_item_to_draft', { sku: 'X', quantity: 0 }, { toolUseId: 'toolu_replay_2' });
    const again = await chat.call('add_item_to_draft', { sku: 'X', quantity: 0 }, { toolUseId: 'toolu_replay_2' });
    expect(again).toMatchObject({ replayed: true, status: 'INVALID_INPUT', failed: true });
    expect(again.outcome).toEqual(first.outcome);
    expect(await chat.executions()).toHaveLength(1);
  });

  it('records session, turn-less call, tool, input, output, status, duration and LLM request id', async () => {
    const chat = await Chat.open(shop.workspaceId);
    await chat.call('list_products', { query: 'gorra' }, { toolUseId: 'toolu_record_1' });
    const [row] = await chat.executions();
    expect(row).toMatchObject({
      workspaceId: shop.workspaceId,
      sessionId: chat.sessionId,
      turnId: null,
      toolUseId: 'toolu_record_1',
      tool: 'list_products',
      input: { query: 'gorra' },
      error: null,
      status: 'OK',
      llmRequestId: 'req_test',
    });
    expect((row!.output as { data: { products: unknown[] } }).data.products).toHaveLength(1);
    expect(row!.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('keeps tool_use ids per session: the same id in another conversation runs there', async () => {
    const one = await Chat.open(shop.workspaceId);
    const two = await Chat.open(shop.workspaceId);
    await one.call('list_products', { query: 'medias' }, { toolUseId: 'toolu_shared' });
    const other = await two.call('list_products', { query: 'medias' }, { toolUseId: 'toolu_shared' });
    expect(other.replayed).toBe(false);
  });
});

/** An order row a misbehaving test tool writes straight into the table. */
const strayOrder = (id: string, workspaceId: string) => ({
  id,
  workspaceId,
  number: 900_000 + Math.floor(Math.random() * 99_999),
  status: 'DRAFT' as const,
  currency: 'ARS',
  source: 'AGENT' as const,
  createdByType: 'agent' as const,
});

/** A logger that keeps the error messages it is given. */
const quiet = (errors: string[] = []) => ({
  debug() {},
  info() {},
  warn() {},
  error: (message: string) => void errors.push(message),
});

describe('executeTool: structured errors, never a throw', () => {
  it('answers UNKNOWN_TOOL for a name it does not know, recorded and counted as a failure', async () => {
    const chat = await Chat.open(shop.workspaceId);
    const { outcome, status, failed, result } = await chat.call('delete_everything', {});
    expect(errorOf(outcome).code).toBe('UNKNOWN_TOOL');
    expect(status).toBe('ERROR');
    expect(failed).toBe(true);
    expect(result).toMatchObject({ type: 'tool_result', isError: true });
    expect(JSON.parse(result.content)).toMatchObject({ error: { code: 'UNKNOWN_TOOL' } });
    expect(await chat.executions()).toHaveLength(1);
  });

  it('answers NOT_ALLOWED with the states the tool accepts, recorded', async () => {
    const chat = (await Chat.open(shop.workspaceId)).in('IDLE');
    const { outcome, failed } = await chat.says('sí').call('confirm_order', {});
    expect(errorOf(outcome)).toMatchObject({
      code: 'NOT_ALLOWED',
      details: { state: 'IDLE', allowedStates: ['AWAITING_CONFIRMATION'] },
    });
    expect(failed).toBe(true);
    const [row] = await chat.executions();
    expect(row).toMatchObject({ status: 'NOT_ALLOWED', tool: 'confirm_order' });
  });

  it('lists every zod issue of an invalid input with its path', async () => {
    const chat = await Chat.open(shop.workspaceId);
    const { outcome } = await chat.call('add_item_to_draft', { sku: '', quantity: 'dos', extra: true });
    const issues = errorOf(outcome).details!.issues as Array<{ path: string; message: string }>;
    expect(issues.map((i) => i.path).sort()).toEqual(['', 'quantity', 'sku']);
  });

  it('answers INVALID_INPUT for a missing input object', async () => {
    const chat = await Chat.open(shop.workspaceId);
    expect((await chat.call('add_item_to_draft', undefined)).status).toBe('INVALID_INPUT');
  });

  it('times a hanging tool out (TIMEOUT), rolling back what it wrote', async () => {
    const chat = await Chat.open(shop.workspaceId);
    let wrote = false;
    const hanging: AgentTool = {
      name: 'slow_tool',
      description: 'writes, then never finishes',
      input: z.strictObject({}),
      allowedStates: ['IDLE'],
      async run(deps, ctx) {
        await deps.db.insert(orders).values(strayOrder(`ord_slow_${ctx.sessionId}`, ctx.workspaceId));
        wrote = true;
        return new Promise(() => {});
      },
    };
    const { outcome, status, failed } = await chat.call(
      'slow_tool',
      {},
      { tools: [hanging], timeoutMs: 50, logger: quiet() },
    );
    expect(wrote).toBe(true);
    expect(status).toBe('TIMEOUT');
    expect(errorOf(outcome).code).toBe('TIMEOUT');
    expect(failed).toBe(true);
    expect((await chat.executions()).map((r) => r.status)).toEqual(['TIMEOUT']);
    expect(
      await testDb()
        .select()
        .from(orders)
        .where(eq(orders.id, `ord_slow_${chat.sessionId}`)),
    ).toEqual([]);
  });

  it('answers TIMEOUT even while the tool is stuck in a database query', async () => {
    const chat = await Chat.open(shop.workspaceId);
    const stuck: AgentTool = {
      name: 'stuck_tool',
      description: 'waits on the database',
      input: z.strictObject({}),
      allowedStates: ['IDLE'],
      async run(deps) {
        await deps.db.execute(sql`select pg_sleep(2)`);
        return { ok: true, data: null };
      },
    };
    const { status, outcome } = await chat.call('stuck_tool', {}, { tools: [stuck], timeoutMs: 50, logger: quiet() });
    expect(status).toBe('TIMEOUT');
    expect(errorOf(outcome).code).toBe('TIMEOUT');
    expect((await chat.executions()).map((r) => r.status)).toEqual(['TIMEOUT']);
  });

  it('turns a tool that throws into INTERNAL without leaking the cause, and rolls its writes back', async () => {
    const chat = await Chat.open(shop.workspaceId);
    const lines: string[] = [];
    const broken: AgentTool = {
      name: 'broken_tool',
      description: 'throws after writing',
      input: z.strictObject({}),
      allowedStates: ['IDLE'],
      async run(deps, ctx) {
        await deps.db.insert(orders).values(strayOrder(`ord_broken_${ctx.sessionId}`, ctx.workspaceId));
        throw new Error('secret connection string postgres://x');
      },
    };
    const { outcome, status, failed } = await chat.call(
      'broken_tool',
      {},
      {
        tools: [broken],
        logger: quiet(lines),
      },
    );
    expect(status).toBe('ERROR');
    expect(failed).toBe(true);
    expect(errorOf(outcome)).toEqual({
      code: 'INTERNAL',
      message: 'broken_tool failed unexpectedly; nothing was changed.',
    });
    expect(lines).toEqual(['tool failed']);
    expect(
      await testDb()
        .select()
        .from(orders)
        .where(eq(orders.id, `ord_broken_${chat.sessionId}`)),
    ).toEqual([]);
  });

  it('does not count a business refusal as a failure', async () => {
    const chat = await Chat.open(shop.workspaceId);
    const { failed, status } = await chat.call('add_item_to_draft', { sku: 'NOT-A-SKU', quantity: 1 });
    expect(status).toBe('ERROR');
    expect(failed).toBe(false);
  });
});

describe('tool specs for the model', () => {
  it('lists the thirteen tools with their JSON Schemas, strict and without a $schema header', () => {
    const specs = toolSpecs();
    expect(specs.map((s) => s.name)).toEqual([
      'list_products',
      'send_catalog',
      'get_customer_context',
      'create_order_draft',
      'add_item_to_draft',
      'update_draft_item',
      'set_delivery_details',
      'request_confirmation',
      'confirm_order',
      'adjust_stock',
      'register_payment',
      'attach_receipt',
      'request_human_handoff',
    ]);
    for (const spec of specs) {
      expect(spec.inputSchema).toMatchObject({ type: 'object', additionalProperties: false });
      expect(spec.inputSchema).not.toHaveProperty('$schema');
      expect(spec.description.length).toBeGreaterThan(40);
    }
    const add = specs.find((s) => s.name === 'add_item_to_draft')!.inputSchema;
    expect(add).toMatchObject({
      required: ['sku', 'quantity'],
      properties: { quantity: { type: 'integer', minimum: 1, maximum: 50 } },
    });
    // Defaults make fields optional for the model.
    expect(specs.find((s) => s.name === 'list_products')!.inputSchema.required).toBeUndefined();
  });

  it('declares adjust_stock as the only tool needing approval, and confirm_order only in AWAITING_CONFIRMATION', () => {
    expect(TOOLS.filter((t) => t.requiresApproval).map((t) => t.name)).toEqual(['adjust_stock']);
    expect(TOOLS.find((t) => t.name === 'confirm_order')!.allowedStates).toEqual(['AWAITING_CONFIRMATION']);
    for (const tool of TOOLS) expect(tool.allowedStates).not.toContain('HANDOFF');
  });

  it('writes what the executor records as JSON, identical fresh and replayed', async () => {
    const chat = await Chat.open(shop.workspaceId);
    const fresh = await chat.call(
      'add_item_to_draft',
      { sku: 'MED-ALG-SUR-41-45', quantity: 1 },
      { toolUseId: 'toolu_json' },
    );
    const [row] = await testDb().select().from(toolExecutions).where(eq(toolExecutions.toolUseId, 'toolu_json'));
    expect(row!.output).toEqual({ ...fresh.outcome, ok: undefined });
    expect(dataOf(fresh.outcome)).toHaveProperty('draft');
  });
});
