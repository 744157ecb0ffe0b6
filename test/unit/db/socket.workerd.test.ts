import { describe, expect, it } from 'vitest';
import { workersSocket } from '../../../db/socket';
import { sql } from 'drizzle-orm';
import { testDb } from '../../harness/db';

/** The socket with its Workers writer replaced by one that records what reaches the wire. */
function recordingSocket() {
  if (!workersSocket) throw new Error('workersSocket is only defined inside workerd');
  const socket = workersSocket({ ssl: false }) as unknown as {
    _cfWriter: { write(data: Uint8Array): Promise<void> };
    writable: boolean;
    cork(): void;
    uncork(): void;
    write(data: Uint8Array | string, callback?: (error?: unknown) => void): unknown;
  };
  const wire: string[] = [];
  socket._cfWriter = {
    write: async (data) => {
      wire.push(new TextDecoder().decode(data));
    },
  };
  socket.writable = true;
  return { socket, wire };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('workersSocket (pg over Workers sockets)', () => {
  it('sends the writes made while corked as one, and calls every callback after it', async () => {
    const { socket, wire } = recordingSocket();
    const done: string[] = [];
    socket.cork();
    socket.write(new TextEncoder().encode('P'), () => done.push('parse'));
    socket.write('B', () => done.push('bind'));
    socket.write(new TextEncoder().encode('E'), () => done.push('execute'));
    await settle();
    expect(wire).toEqual([]);
    expect(done).toEqual([]);

    socket.uncork();
    await settle();
    expect(wire).toEqual(['PBE']);
    expect(done).toEqual(['parse', 'bind', 'execute']);
  });

  it('writes straight through when not corked, and only the outermost uncork flushes', async () => {
    const { socket, wire } = recordingSocket();
    socket.write('Q');
    await settle();
    expect(wire).toEqual(['Q']);

    socket.cork();
    socket.cork();
    socket.write('a');
    socket.uncork();
    await settle();
    expect(wire).toEqual(['Q']);
    socket.write('b');
    socket.uncork();
    await settle();
    expect(wire).toEqual(['Q', 'ab']);

    // An uncork without a cork is a no-op, as on Node's sockets.
    socket.uncork();
    socket.write('c');
    await settle();
    expect(wire).toEqual(['Q', 'ab', 'c']);
  });

  it('carries parameterised queries and transactions to PostgreSQL intact', async () => {
    const db = testDb();
    const rows = await db.execute<{ n: number; s: string }>(sql`select ${41}::int + 1 as n, ${'ñandú €'}::text as s`);
    expect(rows.rows).toEqual([{ n: 42, s: 'ñandú €' }]);
    const inTx = await db.transaction(async (tx) => {
      const a = await tx.execute<{ v: string }>(sql`select ${'x'.repeat(70_000)}::text as v`);
      return a.rows[0]!.v.length;
    });
    expect(inTx).toBe(70_000);
  });
});
