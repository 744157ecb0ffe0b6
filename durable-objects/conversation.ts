import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../workers/env';

/**
 * One object per (workspace, WhatsApp contact). The binding and class are declared by the
 * foundation so the deployment shape is fixed; the agent runtime (issue "Agent runtime") gives
 * it its state machine, tools and RPC methods.
 */
export class Conversation extends DurableObject<Env> {}
