import { and, desc, eq, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Database, DbOrTx } from '../../../db/client';
import { isUniqueViolation } from '../../../db/errors';
import { newId } from '../../../db/ids';
import { customerAddresses, customers } from '../../../db/schema';
import { recordAudit, type Actor } from '../../core/audit/record';
import { decodeCursor, toPage, type Page } from '../../core/pagination';
import { fail, ok, type Result } from '../../core/result';
import { normalisePhone } from './phone';
import type { AddressInput, CustomerInput, CustomerPatch } from './schemas';
import { toAddress, toCustomer, type Customer, type CustomerAddress } from './view';

export type CustomerRow = typeof customers.$inferSelect;
export type UniqueFailure = 'DUPLICATE_PHONE' | 'DUPLICATE_WA_USER';

/** A customer that can be read and written: in the workspace, not deleted, not merged away. */
export const isLiveCustomer = (workspaceId: string): SQL =>
  and(eq(customers.workspaceId, workspaceId), isNull(customers.deletedAt), isNull(customers.mergedInto))!;

/** The live customer `customerId` of `workspaceId`, optionally row-locked for the transaction. */
export async function findLiveCustomer(
  db: DbOrTx,
  workspaceId: string,
  customerId: string,
  options: { forUpdate?: boolean } = {},
): Promise<CustomerRow | undefined> {
  const query = db
    .select()
    .from(customers)
    .where(and(eq(customers.id, customerId), isLiveCustomer(workspaceId)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

/** Maps the partial unique indexes of `customers` to domain failures; rethrows anything else. */
export function uniqueFailure(error: unknown): { error: UniqueFailure; message: string } {
  if (isUniqueViolation(error, 'customers_workspace_phone_key')) {
    return { error: 'DUPLICATE_PHONE', message: 'Another customer already has this phone number' };
  }
  if (isUniqueViolation(error, 'customers_workspace_wa_user_key')) {
    return { error: 'DUPLICATE_WA_USER', message: 'Another customer already has this WhatsApp identity' };
  }
  throw error;
}

/** `phone` as E.164, `null` for none, `undefined` for invalid. */
function phoneOrNull(phone: string | null | undefined): string | null | undefined {
  return phone ? normalisePhone(phone) : null;
}

export const addressValues = (workspaceId: string, customerId: string, a: AddressInput, isDefault: boolean) => ({
  id: newId('adr'),
  workspaceId,
  customerId,
  label: a.label ?? null,
  street: a.street,
  number: a.number ?? null,
  apartment: a.apartment ?? null,
  city: a.city,
  province: a.province ?? null,
  postalCode: a.postalCode ?? null,
  country: a.country,
  notes: a.notes ?? null,
  isDefault,
});

export interface CustomerWithAddresses extends Customer {
  addresses: CustomerAddress[];
}

/**
 * Creates a customer with its addresses (the one flagged default, else the first, is the
 * default). The phone is stored as E.164; a phone or WhatsApp id already used by a live
 * customer of the workspace fails with DUPLICATE_* and nothing is written.
 */
export async function createCustomer(
  { db }: { db: Database },
  input: CustomerInput & { workspaceId: string; actor: Actor },
): Promise<Result<CustomerWithAddresses, 'INVALID_PHONE' | UniqueFailure>> {
  const phone = phoneOrNull(input.phone);
  if (phone === undefined) return fail('INVALID_PHONE', `Not a valid phone number: ${input.phone}`);
  const { workspaceId, actor } = input;
  const addresses = input.addresses ?? [];
  const defaultIndex = Math.max(
    0,
    addresses.findIndex((a) => a.isDefault),
  );
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(customers)
        .values({
          id: newId('cus'),
          workspaceId,
          name: input.name ?? null,
          phone,
          email: input.email ?? null,
          waUserId: input.waUserId ?? null,
          notes: input.notes ?? null,
          tags: input.tags ?? [],
        })
        .returning();
      const customer = toCustomer(row!);
      // Ids a millisecond apart keep the addresses in the order they were sent.
      const addressRows = addresses.length
        ? await tx
            .insert(customerAddresses)
            .values(
              addresses.map((a, i) => ({
                ...addressValues(workspaceId, customer.id, a, i === defaultIndex),
                id: newId('adr', Date.now() + i),
              })),
            )
            .returning()
        : [];
      const created = { ...customer, addresses: addressRows.map(toAddress).sort((a, b) => a.id.localeCompare(b.id)) };
      await recordAudit(tx, {
        workspaceId,
        actor,
        action: 'customer.create',
        entityType: 'customer',
        entityId: customer.id,
        after: created,
      });
      return ok(created);
    });
  } catch (error) {
    const f = uniqueFailure(error);
    return fail(f.error, f.message);
  }
}

/** Changes the fields sent (`null` clears one); the change and its audit row commit together. */
export async function updateCustomer(
  { db }: { db: Database },
  input: CustomerPatch & { workspaceId: string; customerId: string; actor: Actor },
): Promise<Result<Customer, 'NOT_FOUND' | 'INVALID_PHONE' | UniqueFailure>> {
  const { workspaceId, customerId, actor } = input;
  const phone = input.phone === undefined ? undefined : phoneOrNull(input.phone);
  if (input.phone !== undefined && phone === undefined)
    return fail('INVALID_PHONE', `Not a valid phone number: ${input.phone}`);
  try {
    return await db.transaction(async (tx) => {
      const current = await findLiveCustomer(tx, workspaceId, customerId, { forUpdate: true });
      if (!current) return fail('NOT_FOUND', 'Customer not found');
      const [row] = await tx
        .update(customers)
        .set({
          name: input.name === undefined ? current.name : input.name,
          phone: phone === undefined ? current.phone : phone,
          email: input.email === undefined ? current.email : input.email,
          waUserId: input.waUserId === undefined ? current.waUserId : input.waUserId,
          notes: input.notes === undefined ? current.notes : input.notes,
          tags: input.tags ?? current.tags,
          updatedAt: new Date(),
        })
        .where(eq(customers.id, customerId))
        .returning();
      const before = toCustomer(current);
      const after = toCustomer(row!);
      await recordAudit(tx, {
        workspaceId,
        actor,
        action: 'customer.update',
        entityType: 'customer',
        entityId: customerId,
        before,
        after,
      });
      return ok(after);
    });
  } catch (error) {
    const f = uniqueFailure(error);
    return fail(f.error, f.message);
  }
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Live customers, newest first, a page at a time. `q` matches a part of the name or e-mail
 * (case-insensitive), the phone written any common way, or a run of the phone's digits.
 */
export async function listCustomers(
  { db }: { db: DbOrTx },
  input: { workspaceId: string; q?: string; limit: number; cursor?: string },
): Promise<Page<Customer>> {
  const conditions: SQL[] = [isLiveCustomer(input.workspaceId)];
  const after = decodeCursor(input.cursor);
  if (after) conditions.push(lt(customers.id, after));
  const q = input.q?.trim();
  if (q) {
    const contains = `%${escapeLike(q.toLowerCase())}%`;
    const matches: SQL[] = [
      sql`lower(${customers.name}) like ${contains}`,
      sql`lower(${customers.email}) like ${contains}`,
    ];
    const phone = normalisePhone(q);
    if (phone) matches.push(eq(customers.phone, phone));
    const digits = q.replace(/\D/g, '');
    if (digits.length >= 4 && /^[\d\s()+.-]+$/.test(q)) matches.push(sql`${customers.phone} like ${`%${digits}%`}`);
    conditions.push(or(...matches)!);
  }
  const rows = await db
    .select()
    .from(customers)
    .where(and(...conditions))
    .orderBy(desc(customers.id))
    .limit(input.limit + 1);
  return toPage(rows.map(toCustomer), input.limit);
}

/** The live customer with this phone (written any common way) in the workspace. */
export async function getCustomerByPhone(
  { db }: { db: DbOrTx },
  input: { workspaceId: string; phone: string },
): Promise<Result<Customer, 'INVALID_PHONE' | 'NOT_FOUND'>> {
  const phone = normalisePhone(input.phone);
  if (!phone) return fail('INVALID_PHONE', `Not a valid phone number: ${input.phone}`);
  const [row] = await db
    .select()
    .from(customers)
    .where(and(isLiveCustomer(input.workspaceId), eq(customers.phone, phone)))
    .limit(1);
  return row ? ok(toCustomer(row)) : fail('NOT_FOUND', 'No customer with this phone');
}
