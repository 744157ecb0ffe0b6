import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ArrowLeft, Bot, UserRoundCheck, UserRoundPlus } from 'lucide-react';
import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { api, ApiError } from '../../lib/api';
import type { Conversation, ConversationMessage, Page } from '../../lib/types';
import { useWorkspace } from '../../lib/workspace';
import { useAuth } from '../../stores/auth';
import { notify } from '../toast';
import { Badge, Button, Card, EmptyState, ErrorState, LoadingState } from '../ui';
import { HandoffHistory } from './handoff-history';
import { detailKey, useMarkRead, useMemberNames, useOperatorSends } from './hooks';
import { CONTROL_DONE, controlErrorMessage, customerLabel, STATE_LABELS, type ControlVerb } from './labels';
import { MessageBubble, PendingBubble } from './message-bubble';
import { ReplyBox } from './reply-box';
import { isWindowOpen, windowExpiry } from './reply-rules';
import { useNow, WindowCountdown } from './reply-window';
import { formatPhone } from '../../lib/phone';

/** One conversation: transcript, operator actions, reply box and the customer panel. Key it by `id`. */
export function ConversationView({ id, onBack }: { id: string; onBack: () => void }) {
  const { can, workspace } = useWorkspace();
  const timezone = workspace.settings.timezone;
  const userId = useAuth((s) => s.user?.id);
  const queryClient = useQueryClient();
  const nameOf = useMemberNames();
  const now = useNow();
  const [showTools, setShowTools] = useState(true);
  const [busy, setBusy] = useState<ControlVerb | null>(null);
  const conversation = useQuery({
    queryKey: detailKey(id),
    queryFn: () => api<Conversation>(`/conversations/${id}`),
  });
  const messages = useQuery({
    queryKey: ['conversations', 'messages', id, showTools],
    queryFn: () =>
      api<Page<ConversationMessage>>(`/conversations/${id}/messages`, { query: { limit: 100, internal: showTools } }),
  });
  useMarkRead(conversation.data);

  // A 409 means the conversation changed under us (taken by someone else, window closed): reload it.
  const onRefused = useCallback(
    (error: unknown) => {
      if (error instanceof ApiError && error.status === 409)
        void queryClient.invalidateQueries({ queryKey: detailKey(id) });
    },
    [queryClient, id],
  );
  const sends = useOperatorSends(id, onRefused);

  const transcript = [...(messages.data?.items ?? [])].reverse();
  const pending = sends.visible(transcript);
  const scroller = useStickToBottom(`${transcript.at(-1)?.id ?? ''}:${pending.length}`);

  if (conversation.isPending) return <LoadingState />;
  if (conversation.isError)
    return <ErrorState error={conversation.error} onRetry={() => void conversation.refetch()} />;
  const c = conversation.data;

  const control = async (verb: ControlVerb) => {
    setBusy(verb);
    try {
      await api(`/conversations/${id}/${verb}`, { method: 'POST', body: {} });
      notify(CONTROL_DONE[verb]);
    } catch (e) {
      notify(controlErrorMessage(verb, e), 'error');
    } finally {
      setBusy(null);
      await queryClient.invalidateQueries({ queryKey: ['conversations'] });
    }
  };

  const mine = c.owner === 'human' && c.assignedUserId === userId;
  const heldByOther = c.owner === 'human' && c.assignedUserId !== null && c.assignedUserId !== userId;
  const expiry = windowExpiry(c);
  const context = {
    userId,
    canReply: can('conversations:reply'),
    canAssign: can('conversations:assign'),
    windowOpen: isWindowOpen(expiry, now),
    nameOf,
  };

  return (
    <div className="grid grid-cols-1 gap-4 2xl:grid-cols-[minmax(0,1fr)_17rem]">
      <Card className="flex h-[calc(100dvh-12rem)] min-h-[28rem] flex-col">
        <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-4 py-3">
          <div className="flex min-w-0 flex-1 basis-48 items-center gap-2">
            <button
              type="button"
              onClick={onBack}
              className="rounded p-1 text-slate-600 hover:bg-slate-100 lg:hidden"
              aria-label="Volver a la lista"
            >
              <ArrowLeft className="size-4" aria-hidden />
            </button>
            <h2 className="min-w-0 truncate font-semibold">{customerLabel(c)}</h2>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            {c.owner === 'human' ? <Badge tone="red">Handoff</Badge> : <Badge tone="blue">Agente</Badge>}
            {mine && <Badge tone="amber">Asignada a vos</Badge>}
            {heldByOther && <Badge tone="amber">Atiende {nameOf(c.assignedUserId) ?? 'otro operador'}</Badge>}
            {can('conversations:assign') && !mine && !heldByOther && (
              <Button variant="secondary" loading={busy === 'assign'} onClick={() => void control('assign')}>
                <UserRoundPlus className="size-4" aria-hidden />
                Tomar
              </Button>
            )}
            {can('conversations:handoff') && c.owner === 'human' && !heldByOther && (
              <Button variant="secondary" loading={busy === 'release'} onClick={() => void control('release')}>
                <Bot className="size-4" aria-hidden />
                Devolver al agente
              </Button>
            )}
            {can('conversations:handoff') && c.owner === 'agent' && (
              <Button variant="ghost" loading={busy === 'handoff'} onClick={() => void control('handoff')}>
                <UserRoundCheck className="size-4" aria-hidden />
                Derivar a persona
              </Button>
            )}
          </div>
        </div>
        {c.handoffReason && c.owner === 'human' && (
          <p className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-800">
            Motivo: {c.handoffReason}
          </p>
        )}
        <div className="flex flex-wrap items-center justify-between gap-2 px-4 pt-3 text-xs">
          <WindowCountdown expiry={expiry} now={now} />
          <label className="flex items-center gap-1.5 text-slate-500">
            <input
              type="checkbox"
              className="size-3.5"
              checked={showTools}
              onChange={(e) => setShowTools(e.target.checked)}
            />
            Acciones del agente
          </label>
        </div>
        <ol
          ref={scroller.ref}
          onScroll={scroller.onScroll}
          className="min-h-0 flex-1 space-y-2 overflow-y-auto p-4"
          aria-label="Mensajes"
        >
          {messages.isPending ? (
            <LoadingState />
          ) : messages.isError ? (
            <ErrorState error={messages.error} onRetry={() => void messages.refetch()} />
          ) : transcript.length === 0 && pending.length === 0 ? (
            <EmptyState title="Sin mensajes" />
          ) : (
            <>
              {transcript.map((m) => (
                <MessageBubble key={m.id} message={m} timezone={timezone} authorName={nameOf} />
              ))}
              {pending.map((s) => (
                <PendingBubble
                  key={s.key}
                  send={s}
                  timezone={timezone}
                  authorName={nameOf}
                  onRetry={() => sends.retry(s.key)}
                  onDiscard={() => sends.discard(s.key)}
                />
              ))}
            </>
          )}
        </ol>
        <ReplyBox
          conversation={c}
          context={context}
          workspaceId={workspace.id}
          taking={busy === 'assign'}
          onTake={() => void control('assign')}
          onSend={sends.send}
        />
      </Card>
      <Card className="space-y-4 p-4 text-sm">
        <div className="space-y-2">
          <h3 className="font-semibold">Cliente</h3>
          {c.customer ? (
            <Link to={`/customers/${c.customer.id}`} className="block font-medium text-brand-700 hover:underline">
              {c.customer.name ?? 'Sin nombre'}
            </Link>
          ) : (
            <p className="text-slate-600">Todavía sin ficha de cliente.</p>
          )}
          <p className="text-slate-600">{formatPhone(c.customer?.phone ?? c.contact)}</p>
          <p>
            <span className="text-slate-500">Estado:</span> {STATE_LABELS[c.state] ?? c.state}
          </p>
          {c.draftOrderId && (
            <Link to={`/orders/${c.draftOrderId}`} className="block text-brand-700 hover:underline">
              Ver el pedido en curso
            </Link>
          )}
        </div>
        <HandoffHistory conversationId={id} timezone={timezone} nameOf={nameOf} />
      </Card>
    </div>
  );
}

/**
 * Keeps a scrolling list at its bottom when `lastKey` changes (a new message), unless the reader
 * scrolled up to read older ones.
 */
function useStickToBottom(lastKey: string) {
  const ref = useRef<HTMLOListElement>(null);
  const stick = useRef(true);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [lastKey]);
  const onScroll = useCallback(() => {
    const el = ref.current;
    if (el) stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
  }, []);
  return { ref, onScroll };
}
