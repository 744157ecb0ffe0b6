import { useQuery, useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../../lib/api';
import type {
  Conversation,
  ConversationHandoff,
  ConversationMessage,
  Member,
  OperatorReply,
  Page,
} from '../../lib/types';
import { useWorkspace } from '../../lib/workspace';
import { useAuth } from '../../stores/auth';
import { isInFlight, sendErrorMessage } from './labels';

/*
 * Query keys (app/lib/realtime-events.ts invalidates them when events arrive):
 *   ['conversations', { filter, search }]             the list (infinite)
 *   ['conversations', 'detail', id]                    one conversation
 *   ['conversations', 'messages', id, showTools]       its transcript, newest first
 *   ['conversations', 'handoffs', id]                  its human stretches
 */
export const detailKey = (id: string) => ['conversations', 'detail', id] as const;
export const messagesKey = (id: string) => ['conversations', 'messages', id] as const;
export const handoffsKey = (id: string) => ['conversations', 'handoffs', id] as const;

/** Sets a conversation's unread count to 0 in every cached list page. */
function clearUnreadInCaches(queryClient: QueryClient, id: string) {
  queryClient.setQueriesData<InfiniteData<Page<Conversation>>>(
    { queryKey: ['conversations'], predicate: (q) => typeof q.queryKey[1] === 'object' && q.queryKey[1] !== null },
    (data) =>
      data && {
        ...data,
        pages: data.pages.map((page) => ({
          ...page,
          items: page.items.map((c) => (c.id === id && c.unreadCount ? { ...c, unreadCount: 0 } : c)),
        })),
      },
  );
}

function useDocumentVisible(): boolean {
  const [visible, setVisible] = useState(() => typeof document === 'undefined' || !document.hidden);
  useEffect(() => {
    const update = () => setVisible(!document.hidden);
    document.addEventListener('visibilitychange', update);
    return () => document.removeEventListener('visibilitychange', update);
  }, []);
  return visible;
}

/**
 * Marks the open conversation read (`POST …/read`) when it is opened and whenever it shows
 * unread messages again while open and the tab is visible; the list badge clears at once.
 * Each (conversation, last message) pair is posted once, so a refusal (a role without the
 * permission) does not loop.
 */
export function useMarkRead(conversation: Conversation | undefined) {
  const queryClient = useQueryClient();
  const visible = useDocumentVisible();
  const posted = useRef<string | null>(null);
  const id = conversation?.id;
  const unread = conversation?.unreadCount ?? 0;
  const token = conversation ? `${conversation.id}:${conversation.lastMessageAt ?? ''}:${unread}` : null;
  useEffect(() => {
    if (!id || !token || unread === 0 || !visible || posted.current === token) return;
    posted.current = token;
    api<Conversation>(`/conversations/${id}/read`, { method: 'POST' })
      .then((read) => {
        queryClient.setQueryData(detailKey(id), read);
        clearUnreadInCaches(queryClient, id);
      })
      .catch(() => undefined);
  }, [id, token, unread, visible, queryClient]);
}

/** The workspace's members by user id, for "who took it"; empty for roles without `members:read`. */
export function useMemberNames(): (userId: string | null | undefined) => string | null {
  const { workspace, can } = useWorkspace();
  const me = useAuth((s) => s.user?.id);
  // Same key and shape as the settings screen's members list, so they share the cache.
  const members = useQuery({
    queryKey: ['members', workspace.id],
    queryFn: () =>
      api<{ data: Member[] }>(`/workspaces/${workspace.id}/members`, { tenant: false }).then((r) => r.data),
    enabled: can('members:read'),
    staleTime: 5 * 60_000,
  });
  return useCallback(
    (userId) => {
      if (!userId) return null;
      if (userId === me) return 'vos';
      const member = members.data?.find((m) => m.userId === userId);
      return member ? `${member.firstName} ${member.lastName}`.trim() || member.email : null;
    },
    [me, members.data],
  );
}

export function useHandoffs(id: string) {
  return useQuery({
    queryKey: handoffsKey(id),
    queryFn: () => api<{ items: ConversationHandoff[] }>(`/conversations/${id}/handoffs`).then((r) => r.items),
  });
}

/** A send that the server has not listed yet: in flight, refused, or accepted (with the stored message). */
export interface PendingSend {
  key: string;
  reply: OperatorReply;
  createdAt: string;
  state: 'sending' | 'failed' | 'accepted';
  error?: string;
  /** The server refused it for good (a kept 4xx): a retry needs a new key, or it would replay the refusal. */
  refused?: boolean;
  stored?: ConversationMessage;
}

/** A uuid for `Idempotency-Key` (`randomUUID` needs a secure context; plain-http LAN dev may lack it). */
function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Operator replies with optimistic display. Each send carries its own `Idempotency-Key`.
 * "Reintentar" after a lost answer (network error, 5xx) reuses it, so the customer never gets the
 * message twice; after a definite refusal (4xx, which the server keeps and would replay) it takes
 * a new one.
 * An accepted send stays shown until the transcript lists its stored message. Mount one per
 * conversation (key the view by its id).
 */
export function useOperatorSends(id: string, onRefused: (error: unknown) => void) {
  const queryClient = useQueryClient();
  const [sends, setSends] = useState<PendingSend[]>([]);
  const inFlight = useRef(new Set<string>());

  const post = useCallback(
    async (key: string, reply: OperatorReply) => {
      if (inFlight.current.has(key)) return;
      inFlight.current.add(key);
      setSends((all) => all.map((s) => (s.key === key ? { ...s, state: 'sending', error: undefined } : s)));
      try {
        const stored = await api<ConversationMessage>(`/conversations/${id}/messages`, {
          method: 'POST',
          body: reply,
          headers: { 'Idempotency-Key': key },
        });
        setSends((all) => all.map((s) => (s.key === key ? { ...s, state: 'accepted', stored } : s)));
        void queryClient.invalidateQueries({ queryKey: messagesKey(id) });
        void queryClient.invalidateQueries({ queryKey: detailKey(id) });
      } catch (error) {
        const refused = error instanceof ApiError && error.status >= 400 && error.status < 500 && !isInFlight(error);
        setSends((all) =>
          all.map((s) => (s.key === key ? { ...s, state: 'failed', error: sendErrorMessage(error), refused } : s)),
        );
        onRefused(error);
      } finally {
        inFlight.current.delete(key);
      }
    },
    [id, queryClient, onRefused],
  );

  const send = useCallback(
    (reply: OperatorReply) => {
      const key = newKey();
      setSends((all) => [...all, { key, reply, createdAt: new Date().toISOString(), state: 'sending' }]);
      void post(key, reply);
    },
    [post],
  );

  const retry = useCallback(
    (key: string) => {
      const found = sends.find((s) => s.key === key);
      if (!found) return;
      if (!found.refused) return void post(key, found.reply);
      const fresh = newKey();
      setSends((all) => all.map((s) => (s.key === key ? { ...s, key: fresh, refused: false } : s)));
      void post(fresh, found.reply);
    },
    [sends, post],
  );

  const discard = useCallback((key: string) => setSends((all) => all.filter((s) => s.key !== key)), []);

  /** The sends to show after the transcript: those whose stored message it does not list yet. */
  const visible = useCallback(
    (listed: readonly ConversationMessage[]) => {
      const ids = new Set(listed.map((m) => m.id));
      return sends.filter((s) => !s.stored || !ids.has(s.stored.id));
    },
    [sends],
  );

  return { send, retry, discard, visible, sending: sends.some((s) => s.state === 'sending') };
}
