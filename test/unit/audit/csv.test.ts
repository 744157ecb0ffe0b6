import { describe, expect, it } from 'vitest';
import { auditCsvStream, csvCell, truncatedNotice } from '../../../workers/core/audit/csv';
import type { AuditRecord } from '../../../workers/core/audit/query';

const record = (id: string, overrides: Partial<AuditRecord> = {}): AuditRecord => ({
  id,
  actorType: 'user',
  actorId: 'usr_1',
  actorEmail: 'ana@example.com',
  action: 'order.confirm',
  entityType: 'order',
  entityId: 'ord_1',
  before: { status: 'PENDING' },
  after: { status: 'CONFIRMED' },
  ip: '10.0.0.1',
  userAgent: 'Firefox',
  requestId: 'req_1',
  createdAt: new Date('2026-03-01T12:00:00Z'),
  ...overrides,
});

async function* batchesOf(...batches: AuditRecord[][]) {
  yield* batches;
}

/** Decoded keeping the BOM (a plain TextDecoder drops it). */
const read = async (stream: ReadableStream<Uint8Array>) =>
  new TextDecoder('utf-8', { ignoreBOM: true }).decode(await new Response(stream).arrayBuffer());

describe('csvCell', () => {
  it.each(['=1+1', '+54 11', '-2', '@SUM(A1)', '\tx', '\rx'])('prefixes %j with a quote so it stays text', (v) => {
    expect(csvCell(v)).toBe(`"'${v}"`);
  });
  it('quotes, doubles inner quotes and writes JSON for objects and ISO for dates', () => {
    expect(csvCell('dijo "hola"; chau')).toBe('"dijo ""hola""; chau"');
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
    expect(csvCell(new Date('2026-03-01T12:00:00Z'))).toBe('"2026-03-01T12:00:00.000Z"');
    expect(csvCell(null)).toBe('""');
  });
});

describe('auditCsvStream', () => {
  it('writes a BOM, the header and one line per row with the action’s Spanish label', async () => {
    const text = await read(
      auditCsvStream(batchesOf([record('aud_2')], [record('aud_1')]), {
        separator: ';',
        max: 10,
        hasMore: async () => true,
      }),
    );
    expect(text.startsWith('\uFEFF"fecha";')).toBe(true);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('"order.confirm";"Pedido confirmado"');
  });

  it('ends a cut export with a line that says so, and only when rows were left out', async () => {
    const rows = [record('aud_3'), record('aud_2')];
    const cut = await read(auditCsvStream(batchesOf(rows), { separator: ',', max: 2, hasMore: async () => true }));
    expect(cut.trimEnd().split('\r\n').at(-1)).toBe(`"${truncatedNotice(2)}"`);
    const whole = await read(auditCsvStream(batchesOf(rows), { separator: ',', max: 2, hasMore: async () => false }));
    expect(whole).not.toContain('cortada');
  });
});
