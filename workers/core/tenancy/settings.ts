import { z } from 'zod';
import type { WorkspaceSettings } from '../../../db/schema';

/**
 * Workspace settings: one JSON object, validated key by key (currency, timezone, language, the
 * agent's persona/policies/model/timeout, business hours); unknown keys are refused so a typo never lands in
 * the database. A PATCH replaces the top-level keys it names and keeps the others.
 */
function isIsoCurrency(code: string): boolean {
  const supported = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : undefined;
  return supported ? supported.includes(code) : /^[A-Z]{3}$/.test(code);
}

function isIanaTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function isLanguageTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

const text = (max: number) => z.string().trim().min(1).max(max);

/** `settings.agent`: how the sales agent behaves in this shop (read by workers/agent/settings.ts). */
export const AgentSettingsSchema = z
  .object({
    /** Model id for conversation turns (e.g. `claude-sonnet-5-5`); overrides ANTHROPIC_MODEL. */
    model: text(100).optional(),
    /** How the agent presents itself and talks, in the shop's words. */
    persona: text(2_000).optional(),
    /** Shop policies the agent may quote: shipping, returns, payment methods… */
    policies: z.union([text(4_000), z.array(text(1_000)).max(30)]).optional(),
    /** Payment methods the shop takes, one per entry ("Transferencia bancaria", "Mercado Pago"). */
    paymentMethods: z.array(text(200)).min(1).max(10).optional(),
    /** What delivery costs and where, in the shop's words ("$ 4.500 en CABA, gratis desde $ 150.000"). */
    shipping: text(1_000).optional(),
    /** Minutes without activity before a conversation goes back to IDLE and releases its draft (1–1440). */
    sessionTimeoutMinutes: z.number().int().min(1).max(1_440).optional(),
  })
  .strict();

/** Business hours: free text ("Lun a vie 9 a 18") or one line per day (`{ lunes: "9-18" }`). */
export const BusinessHoursSchema = z.union([text(1_000), z.record(z.string().max(40), text(200))]);

/**
 * The settings keys and their rules. Exported so the HTTP layer can build its OpenAPI schemas
 * from the same rules (zod schemas made before `@hono/zod-openapi` loads have no `.openapi()`).
 */
export const SETTINGS_SHAPE = {
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'Expected an upper-case ISO 4217 code such as ARS')
    .refine(isIsoCurrency, 'Unknown ISO 4217 currency code'),
  timezone: z.string().min(1).max(64).refine(isIanaTimeZone, 'Unknown IANA time zone'),
  language: z.string().min(2).max(35).refine(isLanguageTag, 'Invalid BCP 47 language tag'),
  agent: AgentSettingsSchema.optional(),
  businessHours: BusinessHoursSchema.optional(),
  /** Days the audit trail is kept (30 days – 10 years; 365 when unset); the cron purges older rows. */
  auditRetentionDays: z.number().int().min(30).max(3_650).optional(),
};

export const DEFAULT_SETTINGS: WorkspaceSettings = {
  currency: 'ARS',
  timezone: 'America/Argentina/Buenos_Aires',
  language: 'es-AR',
};

/** A complete, valid settings object (what is stored). */
export const WorkspaceSettingsSchema = z.object(SETTINGS_SHAPE).strict();

/** Settings as a client sends them: any subset of the known keys. */
export const WorkspaceSettingsInputSchema = z.object(SETTINGS_SHAPE).partial().strict();

export type WorkspaceSettingsInput = z.infer<typeof WorkspaceSettingsInputSchema>;

export type SettingsResult = { ok: true; value: WorkspaceSettings } | { ok: false; message: string };

/**
 * Merges `patch` over `current` (top-level keys; `current` defaults to `DEFAULT_SETTINGS`) and
 * validates the result. Never throws.
 */
export function mergeSettings(current: WorkspaceSettings | undefined, patch: unknown = {}): SettingsResult {
  const input = WorkspaceSettingsInputSchema.safeParse(patch ?? {});
  if (!input.success) return { ok: false, message: describe(input.error) };
  const merged = WorkspaceSettingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...current, ...input.data });
  if (!merged.success) return { ok: false, message: describe(merged.error) };
  return { ok: true, value: merged.data };
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid settings';
  const path = issue.path.length ? `settings.${issue.path.join('.')}: ` : 'settings: ';
  return `${path}${issue.message}`;
}
