import { useQueryClient } from '@tanstack/react-query';
import { Bot, Send, Smartphone } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Card, cx, FormError, Input, PageHeader } from '../components/ui';
import { api } from '../lib/api';
import type { OutboundMessage, SimulateResult } from '../lib/types';
import { useWorkspace } from '../lib/workspace';

export const meta = () => [{ title: 'Simulador · Nexova' }];

interface Line {
  id: string;
  from: 'customer' | 'agent';
  message: OutboundMessage;
}

/**
 * Development only: writes to the agent as a WhatsApp customer (`POST /conversations/simulate`,
 * which answers 404 in production) and shows its replies, so the whole flow can be tried offline.
 */
export default function SimulatorPage() {
  const { can } = useWorkspace();
  const queryClient = useQueryClient();
  const [phone, setPhone] = useState('+5491155550000');
  const [text, setText] = useState('');
  const [lines, setLines] = useState<Line[]>([]);
  const [session, setSession] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (!can('conversations:simulate'))
    return <Card className="p-5 text-sm text-slate-600">Tu rol no puede usar el simulador.</Card>;

  const send = async (body: { text?: string; buttonId?: string }, shown: string) => {
    setBusy(true);
    setError(null);
    setLines((l) => [...l, { id: `local-${l.length}`, from: 'customer', message: { type: 'text', text: shown } }]);
    try {
      const result = await api<SimulateResult>('/conversations/simulate', {
        body: { customerPhone: phone, profileName: 'Cliente de prueba', ...body },
      });
      setSession(result.sessionId);
      setLines((l) => [...l, ...result.replies.map((r) => ({ id: r.id, from: 'agent' as const, message: r.message }))]);
      await queryClient.invalidateQueries({ queryKey: ['conversations'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader
        title="Simulador de cliente"
        description="Solo en desarrollo: escribile al agente como si fueras un cliente de WhatsApp."
      />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[24rem_minmax(0,1fr)]">
        <Card className="mx-auto flex h-[70vh] w-full max-w-sm flex-col overflow-hidden rounded-3xl border-4 border-slate-800">
          <div className="flex items-center gap-2 bg-emerald-700 px-4 py-3 text-white">
            <Bot className="size-5" aria-hidden />
            <span className="font-medium">Tienda (agente)</span>
          </div>
          <ol className="flex-1 space-y-2 overflow-y-auto bg-[#efeae2] p-3" aria-label="Chat simulado">
            {lines.map((line) => (
              <li key={line.id} className={cx('flex', line.from === 'customer' ? 'justify-end' : 'justify-start')}>
                <div
                  className={cx(
                    'max-w-[85%] rounded-lg px-3 py-2 text-sm shadow-sm',
                    line.from === 'customer' ? 'bg-[#d9fdd3]' : 'bg-white',
                  )}
                >
                  <Outbound
                    message={line.message}
                    onButton={(id, title) => void send({ buttonId: id }, title)}
                    disabled={busy}
                  />
                </div>
              </li>
            ))}
          </ol>
          <form
            className="flex gap-2 border-t border-slate-200 bg-white p-2"
            onSubmit={(event) => {
              event.preventDefault();
              if (!text.trim()) return;
              const value = text.trim();
              setText('');
              void send({ text: value }, value);
            }}
          >
            <Input
              aria-label="Mensaje"
              placeholder="Escribí un mensaje"
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
            <Button type="submit" loading={busy} aria-label="Enviar">
              <Send className="size-4" aria-hidden />
            </Button>
          </form>
        </Card>
        <Card className="h-fit space-y-3 p-5 text-sm">
          <h2 className="flex items-center gap-2 font-semibold">
            <Smartphone className="size-4" aria-hidden />
            Cliente simulado
          </h2>
          <label className="block space-y-1">
            <span className="font-medium text-slate-700">Teléfono del cliente</span>
            <Input value={phone} onChange={(e) => setPhone(e.target.value)} />
          </label>
          <p className="text-slate-600">
            Cada teléfono es una conversación distinta. Los mensajes pasan por el mismo camino que los de WhatsApp.
          </p>
          <FormError error={error} />
          {session && (
            <Link to={`/inbox?c=${session}`} className="text-brand-700 hover:underline">
              Ver esta conversación en el inbox
            </Link>
          )}
        </Card>
      </div>
    </>
  );
}

function Outbound({
  message,
  onButton,
  disabled,
}: {
  message: OutboundMessage;
  onButton: (id: string, title: string) => void;
  disabled: boolean;
}) {
  switch (message.type) {
    case 'text':
      return <span className="whitespace-pre-wrap">{message.text}</span>;
    case 'image':
      return <span>[Imagen] {message.caption}</span>;
    case 'document':
      return (
        <span>
          [Documento] {message.filename} {message.caption}
        </span>
      );
    case 'buttons':
      return (
        <span className="space-y-2">
          <span className="block whitespace-pre-wrap">{message.text}</span>
          <span className="flex flex-col gap-1">
            {message.buttons.map((b) => (
              <button
                key={b.id}
                type="button"
                disabled={disabled}
                onClick={() => onButton(b.id, b.title)}
                className="rounded border border-slate-200 px-2 py-1 text-sky-700 hover:bg-slate-50 disabled:opacity-50"
              >
                {b.title}
              </button>
            ))}
          </span>
        </span>
      );
    case 'list':
      return (
        <span className="space-y-2">
          <span className="block whitespace-pre-wrap">{message.text}</span>
          {message.sections.map((section) => (
            <span key={section.title} className="block">
              <span className="block text-xs font-medium text-slate-500">{section.title}</span>
              {section.rows.map((row) => (
                <button
                  key={row.id}
                  type="button"
                  disabled={disabled}
                  onClick={() => onButton(row.id, row.title)}
                  className="block w-full rounded px-1 py-0.5 text-left text-sky-700 hover:bg-slate-50"
                >
                  {row.title}
                  {row.description && <span className="block text-xs text-slate-500">{row.description}</span>}
                </button>
              ))}
            </span>
          ))}
        </span>
      );
  }
}
