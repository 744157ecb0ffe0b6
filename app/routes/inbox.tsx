import { useSearchParams } from 'react-router';
import { ConversationList } from '../components/inbox/conversation-list';
import { ConversationView } from '../components/inbox/conversation-view';
import { Card, cx, EmptyState, PageHeader } from '../components/ui';

export const meta = () => [{ title: 'Conversaciones · Nexova' }];

/** The inbox: conversations on the left, the open one (`?c=<id>`) on the right; one at a time on a phone. */
export default function InboxPage() {
  const [params, setParams] = useSearchParams();
  const selected = params.get('c');
  return (
    <>
      <PageHeader
        title="Conversaciones"
        description="Lo que el agente habla por WhatsApp; tomá una conversación cuando haga falta."
      />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-[20rem_minmax(0,1fr)]">
        <div className={cx('min-w-0', selected && 'hidden lg:block')}>
          <ConversationList selected={selected} onSelect={(id) => setParams({ c: id })} />
        </div>
        <div className={cx('min-w-0', !selected && 'hidden lg:block')}>
          {selected ? (
            <ConversationView key={selected} id={selected} onBack={() => setParams({})} />
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
