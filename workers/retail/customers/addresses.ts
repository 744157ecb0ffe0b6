import { and, asc, eq, ne } from 'drizzle-orm';
import type { Database, Tx } from '../../../db/client';
import { customerAddresses } from '../../../db/schema';
import { recordAudit, type Actor } from '../../core/audit/record';
import { fail, ok, type Result } from '../../core/result';
import { addressValues, findLiveCustomer } from './customers';
import type { AddressInput, AddressPatch } from './schemas';
import { toAddress, type CustomerAddress } from './view';

interface AddressTarget {
  workspaceId: string;
  customerId: string;
  actor: Actor;
}

const ofCustomer = (workspaceId: string, customerId: string) =>
  and(eq(customerAddresses.workspaceId, workspaceId), eq(customerAddresses.customerId, customerId));

/** Clears the default flag on every other address of the customer. */
async function clearOtherDefaults(tx: Tx, workspaceId: string, customerId: string, keepId: string) {
  await tx
    .update(customerAddresses)
    .set({ isDefault: false, updatedAt: new Date() })
    .where(
      and(ofCustomer(workspaceId, customerId), ne(customerAddresses.id, keepId), eq(customerAddresses.isDefault, true)),
    );
}

/**
 * Adds an address. It becomes the default when asked, or when the customer has none yet; a new
 * default clears the old one. The customer row is locked, so two writers never leave two defaults.
 */
export async function addAddress(
  { db }: { db: Database },
  input: AddressTarget & { address: AddressInput },
): Promise<Result<CustomerAddress, 'NOT_FOUND'>> {
  const { workspaceId, customerId, actor } = input;
  return db.transaction(async (tx) => {
    if (!(await findLiveCustomer(tx, workspaceId, customerId, { forUpdate: true })))
      return fail('NOT_FOUND', 'Customer not found');
    const [existingDefault] = await tx
      .select({ id: customerAddresses.id })
      .from(customerAddresses)
      .where(and(ofCustomer(workspaceId, customerId), eq(customerAddresses.isDefault, true)))
      .limit(1);
    const isDefault = input.address.isDefault ?? !existingDefault;
    const [row] = await tx
      .insert(customerAddresses)
      .values(addressValues(workspaceId, customerId, input.address, isDefault))
      .returning();
    if (isDefault) await clearOtherDefaults(tx, workspaceId, customerId, row!.id);
    const address = toAddress(row!);
    await recordAudit(tx, {
      workspaceId,
      actor,
      action: 'customer_address.create',
      entityType: 'customer_address',
      entityId: address.id,
      after: address,
    });
    return ok(address);
  });
}

/** Changes the fields sent; `isDefault: true` makes it the only default. */
export async function updateAddress(
  { db }: { db: Database },
  input: AddressTarget & { addressId: string; patch: AddressPatch },
): Promise<Result<CustomerAddress, 'NOT_FOUND'>> {
  const { workspaceId, customerId, addressId, actor, patch } = input;
  return db.transaction(async (tx) => {
    if (!(await findLiveCustomer(tx, workspaceId, customerId, { forUpdate: true })))
      return fail('NOT_FOUND', 'Customer not found');
    const [current] = await tx
      .select()
      .from(customerAddresses)
      .where(and(ofCustomer(workspaceId, customerId), eq(customerAddresses.id, addressId)));
    if (!current) return fail('NOT_FOUND', 'Address not found');
    const [row] = await tx
      .update(customerAddresses)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(customerAddresses.id, addressId))
      .returning();
    if (patch.isDefault) await clearOtherDefaults(tx, workspaceId, customerId, addressId);
    const before = toAddress(current);
    const after = toAddress(row!);
    await recordAudit(tx, {
      workspaceId,
      actor,
      action: 'customer_address.update',
      entityType: 'customer_address',
      entityId: addressId,
      before,
      after,
    });
    return ok(after);
  });
}

/** Deletes an address; if it was the default, the oldest remaining address becomes the default. */
export async function deleteAddress(
  { db }: { db: Database },
  input: AddressTarget & { addressId: string },
): Promise<Result<void, 'NOT_FOUND'>> {
  const { workspaceId, customerId, addressId, actor } = input;
  return db.transaction(async (tx) => {
    if (!(await findLiveCustomer(tx, workspaceId, customerId, { forUpdate: true })))
      return fail('NOT_FOUND', 'Customer not found');
    const [deleted] = await tx
      .delete(customerAddresses)
      .where(and(ofCustomer(workspaceId, customerId), eq(customerAddresses.id, addressId)))
      .returning();
    if (!deleted) return fail('NOT_FOUND', 'Address not found');
    if (deleted.isDefault) {
      const [next] = await tx
        .select({ id: customerAddresses.id })
        .from(customerAddresses)
        .where(ofCustomer(workspaceId, customerId))
        .orderBy(asc(customerAddresses.id))
        .limit(1);
      if (next)
        await tx
          .update(customerAddresses)
          .set({ isDefault: true, updatedAt: new Date() })
          .where(eq(customerAddresses.id, next.id));
    }
    await recordAudit(tx, {
      workspaceId,
      actor,
      action: 'customer_address.delete',
      entityType: 'customer_address',
      entityId: addressId,
      before: toAddress(deleted),
    });
    return ok(undefined);
  });
}
