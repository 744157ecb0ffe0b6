import { Bot, Check, CheckCheck, Clock, FileText, MapPin, RotateCcw, UserRound, Wrench, X } from 'lucide-react';
import type { ReactNode } from 'react';
import { formatDateTime } from '../../lib/format';
import type { ConversationMessage, OperatorReply } from '../../lib/types';
import { cx } from '../ui';
import type { PendingSend } from './hooks';

const TICKS: Partial<Record<ConversationMessage['status'], ReactNode>> = {
  QUEUED: <Clock className="size-3.5" aria-label="En cola" role="img" />,
  HELD: <Clock className="size-3.5 text-amber-600" aria-label="Retenido: ventana de 24 h cerrada" role="img" />,
  SENT: <Check className="size-3.5" aria-label="Enviado" role="img" />,
  DELIVERED: <CheckCheck className="size-3.5" aria-label="Entregado" role="img" />,
  READ: <CheckCheck className="size-3.5 text-sky-500" aria-label="Leído" role="img" />,
};

type AuthorName = (userId: string | null | undefined) => string | null;

export function MessageBubble({
  message: m,
  timezone,
  authorName,
}: {
  message: ConversationMessage;
  timezone: string;
  authorName: AuthorName;
}) {
  if (m.type === 'tool_call' || m.type === 'tool_result' || m.role === 'tool') {
    return (
      <li className="flex items-start gap-2 rounded-md bg-slate-50 px-3 py-1.5 text-xs text-slate-600">
        <Wrench className="mt-0.5 size-3.5 shrink-0" aria-hidden />
        <span className="min-w-0 break-words">{toolSummary(m)}</span>
      </li>
    );
  }
  if (m.type === 'event' || m.role === 'system') {
    return <li className="text-center text-xs text-slate-500">{m.content ?? 'Evento'}</li>;
  }
  const inbound = m.direction === 'inbound';
  return (
    <Bubble
      side={inbound ? 'customer' : m.role === 'operator' ? 'operator' : 'agent'}
      author={inbound ? 'Cliente' : m.role === 'agent' ? 'Agente' : operatorLabel(authorName(m.authorUserId))}
      footer={
        <>
          {formatDateTime(m.createdAt, timezone)}
          {!inbound &&
            (m.status === 'FAILED' ? (
              <span className="text-red-600">No enviado{m.error ? `: ${m.error}` : ''}</span>
            ) : (
              TICKS[m.status]
            ))}
        </>
      }
    >
      <MessageBody message={m} />
    </Bubble>
  );
}

/** An operator reply the transcript does not list yet: sending, refused (with retry), or just accepted. */
export function PendingBubble({
  send,
  timezone,
  authorName,
  onRetry,
  onDiscard,
}: {
  send: PendingSend;
  timezone: string;
  authorName: AuthorName;
  onRetry: () => void;
  onDiscard: () => void;
}) {
  if (send.stored) return <MessageBubble message={send.stored} timezone={timezone} authorName={authorName} />;
  return (
    <Bubble
      side="operator"
      author={operatorLabel('vos')}
      footer={
        send.state === 'failed' ? (
          <span className="flex flex-wrap items-center justify-end gap-2 text-red-600" role="alert">
            No enviado: {send.error}
            <button type="button" onClick={onRetry} className="inline-flex items-center gap-0.5 underline">
              <RotateCcw className="size-3" aria-hidden />
              Reintentar
            </button>
            <button type="button" onClick={onDiscard} className="inline-flex items-center gap-0.5 underline">
              <X className="size-3" aria-hidden />
              Descartar
            </button>
          </span>
        ) : (
          <>
            {formatDateTime(send.createdAt, timezone)}
            <Clock className="size-3.5" aria-label="Enviando" role="img" />
          </>
        )
      }
    >
      <ReplyPreview reply={send.reply} />
    </Bubble>
  );
}

function operatorLabel(name: string | null): string {
  return name === 'vos' ? 'Vos' : name ? `Operador · ${name}` : 'Operador';
}

function Bubble({
  side,
  author,
  footer,
  children,
}: {
  side: 'customer' | 'agent' | 'operator';
  author: string;
  footer: ReactNode;
  children: ReactNode;
}) {
  return (
    <li className={cx('flex', side === 'customer' ? 'justify-start' : 'justify-end')}>
      <div
        className={cx(
          'max-w-[85%] min-w-0 rounded-lg px-3 py-2 text-sm break-words shadow-sm',
          side === 'customer'
            ? 'bg-white ring-1 ring-slate-200'
            : side === 'operator'
              ? 'bg-amber-50 ring-1 ring-amber-200'
              : 'bg-emerald-50 ring-1 ring-emerald-200',
        )}
      >
        <span className="mb-0.5 flex items-center gap-1 text-[11px] font-medium text-slate-500">
          {side === 'agent' ? <Bot className="size-3" aria-hidden /> : <UserRound className="size-3" aria-hidden />}
          {author}
        </span>
        {children}
        <span className="mt-1 flex items-center justify-end gap-1 text-[11px] text-slate-500">{footer}</span>
      </div>
    </li>
  );
}

function ReplyPreview({ reply }: { reply: OperatorReply }) {
  if (reply.type === 'text') return <span className="whitespace-pre-wrap">{reply.text}</span>;
  return <TemplateLine name={reply.templateName} placeholders={reply.placeholders} />;
}

function TemplateLine({ name, placeholders }: { name: string; placeholders: string[] }) {
  return (
    <span className="flex items-start gap-2">
      <FileText className="mt-0.5 size-4 shrink-0 text-slate-500" aria-hidden />
      <span>
        Plantilla <span className="font-mono text-xs">{name}</span>
        {placeholders.length > 0 && <span className="block text-xs text-slate-600">{placeholders.join(' · ')}</span>}
      </span>
    </span>
  );
}

function MessageBody({ message: m }: { message: ConversationMessage }) {
  const media = m.media ?? {};
  switch (m.type) {
    case 'image':
    case 'document':
      return (
        <span className="flex items-center gap-2">
          <FileText className="size-4 text-slate-500" aria-hidden />
          {m.type === 'image' ? 'Imagen' : 'Documento'}
          {typeof media.filename === 'string' ? ` · ${media.filename}` : ''}
          {m.content ? ` — ${m.content}` : ''}
        </span>
      );
    case 'location':
      return (
        <span className="flex items-center gap-2">
          <MapPin className="size-4 text-slate-500" aria-hidden />
          {m.content ?? 'Ubicación'}
        </span>
      );
    case 'button':
      return <span>Tocó el botón: {m.content}</span>;
    case 'interactive':
      return (
        <span className="space-y-1">
          <span className="block whitespace-pre-wrap">{m.content}</span>
          {interactiveButtons(m.toolCalls).map((title) => (
            <span
              key={title}
              className="mr-1 inline-block rounded border border-emerald-300 bg-white px-2 py-0.5 text-xs"
            >
              {title}
            </span>
          ))}
        </span>
      );
    case 'template': {
      const template = templateOf(m);
      if (template) return <TemplateLine name={template.name} placeholders={template.placeholders} />;
      return <span className="whitespace-pre-wrap">{m.content ?? '[plantilla]'}</span>;
    }
    default:
      return <span className="whitespace-pre-wrap">{m.content ?? `[${m.type}]`}</span>;
  }
}

/** A stored template message keeps what was sent (`templateName`, `placeholders`) in `toolCalls` or `media`. */
function templateOf(m: ConversationMessage): { name: string; placeholders: string[] } | null {
  for (const source of [m.toolCalls, m.media]) {
    if (source && typeof source === 'object' && 'templateName' in source) {
      const t = source as { templateName: unknown; placeholders?: unknown };
      const placeholders = Array.isArray(t.placeholders) ? t.placeholders.map(String) : [];
      return { name: String(t.templateName), placeholders };
    }
  }
  return null;
}

function interactiveButtons(payload: unknown): string[] {
  if (!payload || typeof payload !== 'object') return [];
  const buttons = (payload as { buttons?: Array<{ title?: string }> }).buttons;
  return Array.isArray(buttons) ? buttons.map((b) => b.title ?? '').filter(Boolean) : [];
}

function toolSummary(m: ConversationMessage): string {
  const calls = Array.isArray(m.toolCalls) ? m.toolCalls : m.toolCalls ? [m.toolCalls] : [];
  const names = calls
    .map((call) =>
      call && typeof call === 'object' && 'name' in call ? String((call as { name: unknown }).name) : null,
    )
    .filter(Boolean);
  const label = m.type === 'tool_result' ? 'Resultado' : 'El agente usó';
  return `${label}${names.length ? ` ${names.join(', ')}` : ''}${m.content ? `: ${m.content.slice(0, 200)}` : ''}`;
}
