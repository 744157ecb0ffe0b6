import { FileText, Lock, Send } from 'lucide-react';
import { useState, type KeyboardEvent } from 'react';
import type { Conversation, OperatorReply } from '../../lib/types';
import { Button, Textarea } from '../ui';
import { blockedText, replyBlock, type ReplyContext } from './reply-rules';
import { TemplatePicker } from './template-picker';

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
          placeholder={blocked ? undefined : 'Escribí una respuesta…'}
          rows={2}
          className="resize-none"
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
      {blocked === null && (
        <p className="mt-1 hidden text-[11px] text-slate-500 sm:block">Enter envía · Shift+Enter agrega una línea</p>
      )}
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
