/**
 * The Worker's vars, secrets and plain bindings (see wrangler.toml and .env.example), without its
 * Durable Object namespaces. Domain modules type what they use as `Pick<Bindings, …>` (and a
 * structural type for an object they call), never the entry's whole `Env` (workers/env.ts), which
 * names the Durable Object classes — so no domain module sits in a type cycle with the entry.
 */
export type Environment = 'development' | 'test' | 'production';

export interface Bindings {
  ENVIRONMENT: Environment;
  APP_URL: string;
  CORS_ORIGINS?: string;
  HYPERDRIVE: Hyperdrive;
  EGRESS_QUEUE: Queue;
  EVENTS_QUEUE: Queue;
  /** Inbound media to copy to R2 (workers/whatsapp/media.ts `MediaJob`). */
  MEDIA_QUEUE: Queue;
  FILES: R2Bucket;
  METRICS?: AnalyticsEngineDataset;
  /** RS256 private key for access tokens: PKCS#8 PEM or a private JWK (JSON). */
  JWT_PRIVATE_KEY: string;
  /** Key id published in the JWKS and put in each token's header. */
  JWT_KEY_ID?: string;
  /** Extra public keys still accepted (JSON array of JWKs), for key rotation. */
  JWT_PREVIOUS_PUBLIC_KEYS?: string;
  SENTRY_DSN?: string;
  /** Mail API key (secret), bearer token of MAIL_API_URL. Required in production for password-reset mail. */
  MAIL_API_KEY?: string;
  /** Sender of transactional mail, e.g. "Nexova <no-reply@nexova.app>". Required in production. */
  MAIL_FROM?: string;
  /** HTTP mail API endpoint (JSON `{ from, to, subject, text, html }`); Resend's when unset. */
  MAIL_API_URL?: string;
  /** AES-256-GCM key for secrets stored in Postgres (Infobip API keys, webhook secrets): 32 bytes, base64. */
  ENCRYPTION_KEY?: string;
  /** Claude API key. Unset: the agent runs on the offline provider (no network). */
  ANTHROPIC_API_KEY?: string;
  /** Model for conversation turns (default in workers/agent/llm/anthropic.ts); a workspace's `agent.model` wins. */
  ANTHROPIC_MODEL?: string;
  /** Smaller model for summaries and for when the main model keeps failing. */
  ANTHROPIC_FALLBACK_MODEL?: string;
  /** Argon2 parameters of new password hashes in a test run ("m=64,t=1,p=1"); ignored unless ENVIRONMENT is "test". */
  ARGON2_TEST_PARAMS?: string;
  /** "true" logs every SQL query (development only). */
  LOG_QUERIES?: string;
}
