/**
 * The workspace settings the agent reads (documented in docs/agent.md). Settings are one JSON
 * object per workspace; these keys are optional and read defensively: a missing or malformed
 * value falls back to the default instead of failing a customer's turn.
 */
import { z } from 'zod';
import type { WorkspaceSettings } from '../../db/schema';

const text = (max: number) => z.string().trim().min(1).max(max);

export const AgentSettingsSchema = z.object({
  /** Model id for conversation turns (e.g. `claude-sonnet-5-5`); overrides ANTHROPIC_MODEL. */
  model: text(100).optional(),
  /** How the agent presents itself and talks, in the shop's words. */
  persona: text(2_000).optional(),
  /** Shop policies the agent may quote: shipping, returns, payment methods… */
  policies: z.union([text(4_000), z.array(text(1_000)).max(30)]).optional(),
});
export type AgentSettings = z.infer<typeof AgentSettingsSchema>;

/** Business hours: free text ("Lun a vie 9 a 18") or one line per day (`{ lunes: "9-18" }`). */
export const BusinessHoursSchema = z.union([text(1_000), z.record(z.string().max(40), text(200))]);
export type BusinessHours = z.infer<typeof BusinessHoursSchema>;

export interface AgentProfile {
  agent: AgentSettings;
  businessHours: BusinessHours | null;
  currency: string;
  timezone: string;
}

/** Reads `settings.agent.{model,persona,policies}`, `settings.businessHours`, currency and timezone. */
export function agentProfile(settings: Partial<WorkspaceSettings> | null | undefined): AgentProfile {
  const raw = (settings?.agent ?? {}) as Record<string, unknown>;
  const agent: AgentSettings = {};
  // Field by field: one malformed key must not discard the others.
  for (const key of Object.keys(AgentSettingsSchema.shape) as Array<keyof AgentSettings>) {
    const field = AgentSettingsSchema.shape[key].safeParse(raw[key]);
    if (field.success && field.data !== undefined) Object.assign(agent, { [key]: field.data });
  }
  const hours = BusinessHoursSchema.safeParse(settings?.businessHours);
  return {
    agent,
    businessHours: hours.success ? hours.data : null,
    currency: typeof settings?.currency === 'string' ? settings.currency : 'ARS',
    timezone: typeof settings?.timezone === 'string' ? settings.timezone : 'America/Argentina/Buenos_Aires',
  };
}
