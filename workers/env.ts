import type { Conversation } from '../durable-objects/conversation';
import type { OutboxPublisher } from '../durable-objects/outbox-publisher';
import type { RateLimiter } from '../durable-objects/rate-limiter';
import type { WorkspaceHub } from '../durable-objects/workspace-hub';
import type { Bindings } from './core/bindings';

export type { Environment } from './core/bindings';

/** Bindings, vars and secrets of the `nexova` Worker (see wrangler.toml and .env.example): the entry layer's view. */
export interface Env extends Bindings {
  CONVERSATION: DurableObjectNamespace<Conversation>;
  WORKSPACE_HUB: DurableObjectNamespace<WorkspaceHub>;
  RATE_LIMITER: DurableObjectNamespace<RateLimiter>;
  OUTBOX_PUBLISHER: DurableObjectNamespace<OutboxPublisher>;
}
