import { useQuery } from '@tanstack/react-query';
import { MessageCircle } from 'lucide-react';
import { LinkButton } from '../ui';
import { api } from '../../lib/api';
import type { Conversation, Page } from '../../lib/types';

/** "Abrir chat": the customer's WhatsApp conversation in the inbox (found by phone), if they ever wrote. */
export function OpenChat({ phone }: { phone: string | null }) {
  const conversation = useQuery({
    queryKey: ['conversations', 'by-phone', phone],
    queryFn: () =>
      api<Page<Conversation>>('/conversations', { query: { q: phone!.replace(/^\+/, ''), limit: 1 } }).then(
        (r) => r.items[0] ?? null,
      ),
    enabled: Boolean(phone),
  });
  if (!conversation.data) return null;
  return (
    <LinkButton variant="secondary" to={`/inbox?c=${conversation.data.id}`}>
      <MessageCircle className="size-4" aria-hidden />
      Abrir chat
    </LinkButton>
  );
}
