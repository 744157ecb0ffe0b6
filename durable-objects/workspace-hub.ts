import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../workers/env';

/**
 * One object per workspace, broadcasting realtime events to dashboard WebSockets (hibernation
 * API). Declared by the foundation; the realtime issue fills it.
 */
export class WorkspaceHub extends DurableObject<Env> {}
