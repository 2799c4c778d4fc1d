import { useInfiniteQuery } from '@tanstack/react-query';
import type { MessageRecord } from '../../../messaging/messageRecord';
import { PORTAL_RESOURCES } from '../../tenantDataProvider';
import { fetchPage } from '../messagingApi';

/** New texts and delivery reports arrive while the page is open: it reads the newest messages again this often. */
export const MESSAGES_POLL_MS = 4_000;

/**
 * The company's messages, newest first, page after page (`GET /api/v1/messages`), for a
 * contact or for all of them. The query's key starts with the portal's messages resource,
 * so react-admin's refresh reads it again.
 */
export function useMessagePages({ contactId, perPage }: { contactId?: string; perPage: number }) {
  const query = useInfiniteQuery({
    queryKey: [PORTAL_RESOURCES.messages, 'pages', contactId ?? 'all', perPage],
    queryFn: ({ pageParam }) => fetchPage<MessageRecord>('messages', { limit: String(perPage), contact_id: contactId }, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    refetchInterval: MESSAGES_POLL_MS,
  });
  const messages = query.data?.pages.flatMap((page) => page.data) ?? [];
  return { ...query, messages };
}
