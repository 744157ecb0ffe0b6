import { useSearchParams } from 'react-router';
import { ConversationList } from '../components/inbox/conversation-list';
import { ConversationView } from '../components/inbox/conversation-view';
import { Card, cx, EmptyState, PageHeader } from '../components/ui';

export const meta = () => [{ title: 'Conversaciones · Nexova' }];

/**
 * The inbox: conversations on the left, the open one (`?c=<id>`, the link the handoff
 * notification opens) on the right; one at a time on a phone. The list's `?filter=` stays put
 * while conversations are opened and closed.
 */
export default function InboxPage() {
  const [params, setParams] = useSearchParams();
  const selected = params.get('c');
  // A new history entry per opened conversation, so the browser's back button closes it.
  const open = (id: string | null) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (id) next.set('c', id);
      else next.delete('c');
      return next;
    });
  return (
    <>
      <PageHeader
        title="Conversaciones"
        description="Lo que el agente habla por WhatsApp; tomá una conversación cuando haga falta."
      />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-[20rem_minmax(0,1fr)]">
        <div className={cx('min-w-0', selected && 'hidden lg:block')}>
          <ConversationList selected={selected} onSelect={open} />
        </div>
        <div className={cx('min-w-0', !selected && 'hidden lg:block')}>
          {selected ? (
            <ConversationView key={selected} id={selected} onBack={() => open(null)} />
          ) : (
            <Card>
              <EmptyState
                title="Elegí una conversación"
                description="Los mensajes nuevos aparecen solos, sin recargar."
              />
            </Card>
          )}
        </div>
      </div>
    </>
  );
}
