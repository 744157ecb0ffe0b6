import { z } from 'zod';
import type { WorkspaceSettings } from '../../../db/schema';

/**
 * Workspace settings: one JSON object, validated key by key. Later issues add keys (business
 * hours, agent persona) to `SETTINGS_SHAPE`; unknown keys are refused so a typo never lands in
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
