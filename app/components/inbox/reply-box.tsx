import { FileText, Lock, Send } from 'lucide-react';
import { useState, type KeyboardEvent } from 'react';
import type { Conversation, OperatorReply } from '../../lib/types';
import { Button, Textarea } from '../ui';
import { TemplatePicker } from './template-picker';

/** Why the operator cannot type a reply right now, and what they can do about it. */
type Blocked =
  | { reason: 'permission' }
  | { reason: 'unassigned'; canTake: boolean }
  | { reason: 'other-operator'; who: string | null }
  | { reason: 'window-closed' };

export function replyBlock(
  c: Conversation,
  { userId, canReply, canAssign, windowOpen, nameOf }: ReplyContext,
): Blocked | null {
  if (!canReply) return { reason: 'permission' };
  if (c.owner === 'human' && c.assignedUserId && c.assignedUserId !== userId)
    return { reason: 'other-operator', who: nameOf(c.assignedUserId) };
  if (c.owner !== 'human' || c.assignedUserId !== userId) return { reason: 'unassigned', canTake: canAssign };
  if (!windowOpen) return { reason: 'window-closed' };
  return null;
}

interface ReplyContext {
  userId: string | undefined;
  canReply: boolean;
  canAssign: boolean;
  windowOpen: boolean;
  nameOf: (userId: string | null | undefined) => string | null;
}

/**
 * The operator's reply box: Enter sends, Shift+Enter starts a new line. Disabled, with the reason,
 * when the role cannot reply, when the conversation is not assigned to this operator (with a
 * "Tomar conversación" call to action) or when WhatsApp's 24 h window is closed (then only a
 * template can go out).
 */
export function ReplyBox({
  conversation: c,
  context,
  workspaceId,
  taking,
  onTake,
  onSend,
}: {
  conversation: Conversation;
  context: ReplyContext;
  workspaceId: string;
  taking: boolean;
  onTake: () => void;
  onSend: (reply: OperatorReply) => void;
}) {
  const [text, setText] = useState('');
  const [picking, setPicking] = useState(false);
  const blocked = replyBlock(c, context);
  const canTemplate = blocked === null || blocked.reason === 'window-closed';

  const submit = () => {
    const body = text.trim();
    if (!body || blocked) return;
    onSend({ type: 'text', text: body });
    setText('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  const reasonId = `reply-reason-${c.id}`;
  return (
    <div className="border-t border-slate-200 p-3">
      {blocked && (
        <div
          id={reasonId}
          className="mb-2 flex flex-wrap items-center gap-x-3 gap-y-2 rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700"
        >
          <Lock className="size-4 shrink-0 text-slate-500" aria-hidden />
          <span className="min-w-0 flex-1">{blockedText(blocked)}</span>
          {blocked.reason === 'unassigned' && blocked.canTake && (
            <Button loading={taking} onClick={onTake}>
              Tomar conversación
            </Button>
          )}
          {blocked.reason === 'window-closed' && (
            <Button onClick={() => setPicking(true)}>
              <FileText className="size-4" aria-hidden />
              Enviar plantilla
            </Button>
          )}
        </div>
      )}
      <form
        className="flex items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Textarea
          aria-label="Respuesta"
          aria-describedby={blocked ? reasonId : undefined}
          placeholder={blocked ? undefined : 'Escribí una respuesta… (Enter envía, Shift+Enter agrega una línea)'}
          rows={2}
          className="min-h-0 resize-none"
          disabled={blocked !== null}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          maxLength={4096}
        />
        {canTemplate && blocked === null && (
          <Button
            variant="secondary"
            className="px-2.5"
            aria-label="Enviar plantilla"
            title="Enviar plantilla"
            onClick={() => setPicking(true)}
          >
            <FileText className="size-4" aria-hidden />
          </Button>
        )}
        <Button
          type="submit"
          className="px-3"
          disabled={blocked !== null || !text.trim()}
          aria-label="Enviar respuesta"
        >
          <Send className="size-4" aria-hidden />
          <span className="hidden sm:inline">Enviar</span>
        </Button>
      </form>
      {canTemplate && (
        <TemplatePicker
          open={picking}
          onOpenChange={setPicking}
          workspaceId={workspaceId}
          customerName={c.customer?.name ?? null}
          onSend={onSend}
        />
      )}
    </div>
  );
}

function blockedText(blocked: Blocked): string {
  switch (blocked.reason) {
    case 'permission':
      return 'Tu rol no puede responder conversaciones.';
    case 'other-operator':
      return `La está atendiendo ${blocked.who ?? 'otro operador'}: solo esa persona puede responder.`;
    case 'unassigned':
      return blocked.canTake
        ? 'Para responder, tomá la conversación: el agente deja de contestar mientras la tengas.'
        : 'Para responder tiene que estar asignada a vos, y tu rol no puede tomar conversaciones.';
    case 'window-closed':
      return 'Ventana de 24 h cerrada: WhatsApp solo acepta plantillas aprobadas hasta que el cliente vuelva a escribir.';
  }
}
