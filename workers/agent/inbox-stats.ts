/**
 * Conversation figures for the dashboard's home, read from the Postgres mirror of the
 * Conversation objects (`agent_sessions`) like the rest of the inbox (inbox.ts).
 */
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { agentSessions } from '../../db/schema';

export interface ConversationStats {
  /** Conversations in progress: every state but IDLE (nothing going on) and DONE (closed). */
  open: number;
  /** Handed to a human (state HANDOFF) and not yet taken by anyone. */
  pendingHandoffs: number;
}

export async function conversationStats(
  db: DbOrTx,
  { workspaceId }: { workspaceId: string },
): Promise<ConversationStats> {
  const [row] = await db
    .select({
      open: sql<number>`count(*) filter (where ${agentSessions.state} not in ('IDLE', 'DONE'))`.mapWith(Number),
      pendingHandoffs:
        sql<number>`count(*) filter (where ${agentSessions.state} = 'HANDOFF' and ${agentSessions.assignedUserId} is null)`.mapWith(
          Number,
        ),
    })
    .from(agentSessions)
    .where(eq(agentSessions.workspaceId, workspaceId));
  return { open: row?.open ?? 0, pendingHandoffs: row?.pendingHandoffs ?? 0 };
}
