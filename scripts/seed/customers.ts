/**
 * Demo customers of a Buenos Aires shop: three people with WhatsApp numbers in E.164 (+54 9 11 …),
 * e-mails and delivery addresses in CABA and the conurbano. Created through `createCustomer`, so
 * they carry audit rows like customers created through the API; that is why this file imports
 * from workers/, like the rest of scripts/seed/.
 */
import type { Actor } from '../../workers/core/audit/record';
import { createCustomer, getCustomerByPhone } from '../../workers/retail/customers/customers';
import { CustomerInputSchema, type CustomerInput } from '../../workers/retail/customers/schemas';
import type { Database } from '../../db/client';

const SEED_ACTOR: Actor = { type: 'system', id: null };

export const DEMO_CUSTOMERS: CustomerInput[] = [
  {
    name: 'Lucía Fernández',
    phone: '+5491123456701',
    waUserId: '5491123456701',
    email: 'lucia.fernandez@example.com.ar',
    tags: ['frecuente'],
    notes: 'Prefiere envíos por la tarde. Paga por transferencia.',
    addresses: [
      {
        label: 'Casa',
        street: 'Av. Corrientes',
        number: '4521',
        apartment: '3° B',
        city: 'Ciudad Autónoma de Buenos Aires',
        province: 'CABA',
        postalCode: 'C1195',
        country: 'AR',
        notes: 'Timbre 3B, portero eléctrico',
        isDefault: true,
      },
      {
        label: 'Trabajo',
        street: 'Reconquista',
        number: '336',
        apartment: 'Piso 7',
        city: 'Ciudad Autónoma de Buenos Aires',
        province: 'CABA',
        postalCode: 'C1003',
        country: 'AR',
      },
    ],
  },
  {
    name: 'Martín Gómez',
    phone: '+5491134567802',
    waUserId: '5491134567802',
    email: 'martin.gomez@example.com.ar',
    tags: ['mayorista'],
    notes: 'Compra por cantidad para su local en Ramos Mejía.',
    addresses: [
      {
        label: 'Local',
        street: 'Av. de Mayo',
        number: '620',
        city: 'Ramos Mejía',
        province: 'Buenos Aires',
        postalCode: 'B1704',
        country: 'AR',
        isDefault: true,
      },
    ],
  },
  {
    name: 'Sofía Rodríguez',
    phone: '+5491145678903',
    waUserId: '5491145678903',
    tags: [],
    addresses: [
      {
        label: 'Casa',
        street: 'Av. Cabildo',
        number: '2150',
        apartment: '8° A',
        city: 'Ciudad Autónoma de Buenos Aires',
        province: 'CABA',
        postalCode: 'C1428',
        country: 'AR',
        isDefault: true,
      },
    ],
  },
];

export interface SeedCustomersResult {
  /** Customers created by this run; 0 when they were all there already. */
  created: number;
  customerIds: string[];
}

/** Idempotent by phone: a demo customer whose phone a live customer already has is left as it is. */
export async function seedCustomers(db: Database, workspaceId: string): Promise<SeedCustomersResult> {
  let created = 0;
  const customerIds: string[] = [];
  for (const demo of DEMO_CUSTOMERS) {
    const existing = await getCustomerByPhone({ db }, { workspaceId, phone: demo.phone! });
    if (existing.ok) {
      customerIds.push(existing.value.id);
      continue;
    }
    const input = CustomerInputSchema.parse(demo);
    const result = await createCustomer({ db }, { ...input, workspaceId, actor: SEED_ACTOR });
    if (result.ok) {
      created++;
      customerIds.push(result.value.id);
      continue;
    }
    // A concurrent seed created it between the look-up and the insert.
    const raced = await getCustomerByPhone({ db }, { workspaceId, phone: demo.phone! });
    if (!raced.ok)
      throw new Error(`seed: demo customer ${demo.name} was refused: ${result.error} ${result.message ?? ''}`);
    customerIds.push(raced.value.id);
  }
  return { created, customerIds };
}
