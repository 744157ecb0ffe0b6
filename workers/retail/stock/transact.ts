import type { Database, Tx } from '../../../db/client';
import type { Result } from '../../core/result';

/** Carries a failed `Result` out of a transaction so the transaction rolls back. */
class Rollback extends Error {
  constructor(readonly result: { ok: false }) {
    super('rollback');
  }
}

/** Postgres detected a deadlock (40P01) or a serialization failure (40001): safe to run again. */
function isRetryable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === '40P01' || code === '40001') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Runs `work` in one transaction that commits only if it returns `ok`: a failure rolls back
 * everything written so far, so nothing is ever half-written. A deadlock (possible when a
 * confirm and the expiry sweep lock the same stock rows) is retried a few times.
 */
export async function transact<R extends Result<unknown, string>>(
  db: Database,
  work: (tx: Tx) => Promise<R>,
): Promise<R> {
  return retryOnConflict(async () => {
    try {
      return await db.transaction(async (tx) => {
        const result = await work(tx);
        if (!result.ok) throw new Rollback(result);
        return result;
      });
    } catch (error) {
      if (error instanceof Rollback) return error.result as R;
      throw error;
    }
  });
}

/**
 * Runs `attempt` again, up to four times in all, when PostgreSQL aborts it for a deadlock or a
 * serialization failure — both mean "nothing was written, try again".
 */
export async function retryOnConflict<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (n < 4 && isRetryable(error)) continue;
      throw error;
    }
  }
}
