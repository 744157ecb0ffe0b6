import { AsyncLocalStorage } from 'node:async_hooks';

/** Who and what a unit of work (request, queue message, alarm) is about; read by logs and audit. */
export interface RequestContext {
  requestId: string;
  workspaceId?: string;
  userId?: string;
  ip?: string;
  userAgent?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The current context, if any. Never the only source of a tenant filter: queries take `workspaceId` explicitly. */
export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}
