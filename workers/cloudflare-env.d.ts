// Ties the ambient `Cloudflare.Env` (the `env` of `cloudflare:workers`) and `exports` to the
// Worker's declared bindings and main module.
import type { Env as WorkerEnv } from './env';
import type * as MainModule from './index';

declare global {
  namespace Cloudflare {
    interface GlobalProps {
      mainModule: typeof MainModule;
      durableNamespaces: 'Conversation' | 'WorkspaceHub' | 'RateLimiter' | 'OutboxPublisher';
    }
    interface Env extends WorkerEnv {}
  }
}
