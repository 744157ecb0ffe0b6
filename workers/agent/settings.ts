/**
 * The workspace settings the agent reads (documented in docs/agent.md). Settings are one JSON
 * object per workspace; these keys are optional and read defensively: a missing or malformed
 * value falls back to the default instead of failing a customer's turn.
 */
import type { z } from 'zod';
import type { WorkspaceSettings } from '../../db/schema';
import { AgentSettingsSchema, BusinessHoursSchema } from '../core/tenancy/settings';

export { AgentSettingsSchema, BusinessHoursSchema };
export type AgentSettings = z.infer<typeof AgentSettingsSchema>;

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
