import { asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../../db/schema';
import { seedCatalog } from '../../../scripts/seed/catalog';
import type { DecideApprovalResponse } from '../../../workers/http/routes/approvals/decide';
import type { ListApprovalsResponse } from '../../../workers/http/routes/approvals/list';
import { api } from '../../harness/api';
import { stockOf } from '../../harness/catalog';
import {
  claudeMessage,
  conversationStub,
  fakeClaude,
  inbound,
  randomPhone,
  toolUse,
  useClaude,
  variantIdOf,
} from '../../harness/conversation';
import { testDb } from '../../harness/db';
import { seedTenants, type Tenants } from '../../harness/tenants';

let t: Tenants;
// Bodies as sent (timestamps are ISO strings in JSON).
const pageOf = (raw: unknown) => raw as ListApprovalsResponse;
const approvalOf = (raw: unknown) => raw as DecideApprovalResponse;

beforeAll(async () => {
  t = await seedTenants();
  await seedCatalog(testDb(), t.a.id);
});

/** The agent proposes a stock adjustment in a conversation; returns the approval id it created. */
async function agentProposes(sku: string, delta: number, reason: string): Promise<string> {
  const stub = conversationStub(t.a.id, randomPhone());
  await useClaude(
    stub,
    fakeClaude(
      claudeMessage([toolUse('adjust_stock', { sku, delta, reason })]),
      claudeMessage([{ type: 'text', text: 'Listo, una persona del equipo lo va a revisar.' }]),
    ).fetch,
  );
  const result = await stub.receive(inbound('te devuelvo una remera que no usé'));
  expect(result.replies).toHaveLength(1);
  const page = pageOf(
    (await api('/api/v1/approvals?status=PENDING', { token: t.a.operator.token, workspaceId: t.a.id })).body,
  );
  const mine = page.items.find((a) => a.sessionId === result.sessionId);
  expect(mine).toMatchObject({ tool: 'adjust_stock', status: 'PENDING', input: { sku, delta, reason } });
  return mine!.id;
}

const as = (token: string, workspaceId: string) => ({ token, workspaceId });

describe('approvals', () => {
  it('leaves the stock alone until an operator approves, then runs the tool with the stored input', async () => {
    const variantId = await variantIdOf(t.a.id, 'REM-OVS-GRI-L');
    const before = await stockOf(variantId);
    const approvalId = await agentProposes('REM-OVS-GRI-L', 1, 'Devolución de una remera sin uso');
    expect(await stockOf(variantId)).toEqual(before);

    const res = await api(`/api/v1/approvals/${approvalId}/approve`, {
      ...as(t.a.operator.token, t.a.id),
      body: { note: 'Revisada en el local' },
    });

    expect(res.status).toBe(200);
    const approval = approvalOf(res.body);
    expect(approval).toMatchObject({ status: 'APPROVED', decidedBy: t.a.operator.id });
    expect(approval.result).toMatchObject({ sku: 'REM-OVS-GRI-L' });
    expect((await stockOf(variantId)).onHand).toBe(before.onHand + 1);
    const audits = await testDb()
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, approvalId))
      .orderBy(asc(auditLog.createdAt), asc(auditLog.id));
    expect(audits.map((a) => a.action)).toEqual(['approval.approve']);

    const again = await api(`/api/v1/approvals/${approvalId}/approve`, {
      ...as(t.a.operator.token, t.a.id),
      method: 'POST',
    });
    expect(again.status).toBe(409);
    expect((await stockOf(variantId)).onHand).toBe(before.onHand + 1);
  });

  it('rejecting runs nothing and records the decision', async () => {
    const variantId = await variantIdOf(t.a.id, 'JEA-REC-AZU-40');
    const before = await stockOf(variantId);
    const approvalId = await agentProposes('JEA-REC-AZU-40', -2, 'Dos jeans con fallas');

    const res = await api(`/api/v1/approvals/${approvalId}/reject`, {
      ...as(t.a.admin.token, t.a.id),
      body: { note: 'Los revisé y están bien' },
    });

    expect(approvalOf(res.body)).toMatchObject({
      status: 'REJECTED',
      decidedBy: t.a.admin.id,
      result: { note: 'Los revisé y están bien' },
    });
    expect(await stockOf(variantId)).toEqual(before);
    const approve = await api(`/api/v1/approvals/${approvalId}/approve`, {
      ...as(t.a.admin.token, t.a.id),
      method: 'POST',
    });
    expect(approve.status).toBe(409);
  });

  it('keeps a request pending when its tool fails, answering the tool’s error', async () => {
    const variantId = await variantIdOf(t.a.id, 'ZAP-RUN-NEG-43');
    const before = await stockOf(variantId);
    const approvalId = await agentProposes('ZAP-RUN-NEG-43', -5, 'Pares dañados');

    const res = await api(`/api/v1/approvals/${approvalId}/approve`, {
      ...as(t.a.owner.token, t.a.id),
      method: 'POST',
    });

    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('INSUFFICIENT_STOCK');
    expect(await stockOf(variantId)).toEqual(before);
    const pending = pageOf((await api('/api/v1/approvals?status=PENDING', as(t.a.owner.token, t.a.id))).body);
    expect(pending.items.map((a) => a.id)).toContain(approvalId);
  });

  it('hides requests from other workspaces and refuses members without approvals:decide', async () => {
    const approvalId = await agentProposes('GOR-TRU-AZM-U', 3, 'Llegó un bulto');
    const other = await api('/api/v1/approvals', as(t.b.owner.token, t.b.id));
    expect(pageOf(other.body).items).toEqual([]);
    expect(
      (await api(`/api/v1/approvals/${approvalId}/approve`, { ...as(t.b.owner.token, t.b.id), method: 'POST' })).status,
    ).toBe(404);
    const viewer = await api(`/api/v1/approvals/${approvalId}/approve`, {
      ...as(t.a.viewer.token, t.a.id),
      method: 'POST',
    });
    expect(viewer.status).toBe(403);
    expect((await api('/api/v1/approvals', as(t.a.viewer.token, t.a.id))).status).toBe(200);
  });
});
