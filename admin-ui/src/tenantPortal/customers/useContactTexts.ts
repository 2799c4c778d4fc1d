import { useQuery } from '@tanstack/react-query';
import type { MessageKind, MessageStatus } from '../../../../domain/messaging';
import type { MessageRecord } from '../../messaging/messageRecord';
import { fetchPage } from '../messaging/messagingApi';
import { PORTAL_RESOURCES } from '../tenantDataProvider';

/** With Twilio and not yet delivered or refused: its delivery report is still to come. (A held text waits for quiet hours to end, which the page says.) */
const ON_ITS_WAY: readonly MessageStatus[] = ['queued', 'sent'];

/** Delivery reports arrive while the page is open: texts on their way are read again this often. */
export const TEXTS_POLL_MS = 5_000;

/**
 * The latest texts of one kind to a contact (`GET /api/v1/messages?contact_id&kind`),
 * newest first. They are read again while one is on its way, or while `expecting` says a
 * text should come (a status just changed): the tenant API's requests are counted by the
 * minute, and a page left open should not spend them. The query's key starts with the
 * portal's messages resource, so react-admin's refresh reads it again.
 */
export function useContactTexts(contactId: string | undefined, kind: MessageKind, expecting: (texts: MessageRecord[]) => boolean = () => false) {
  return useQuery({
    queryKey: [PORTAL_RESOURCES.messages, 'texts', contactId, kind],
    queryFn: async () => (await fetchPage<MessageRecord>('messages', { limit: '100', contact_id: contactId, kind, direction: 'outbound' }, null)).data,
    enabled: Boolean(contactId),
    refetchInterval: (query) => {
      const texts = query.state.data;
      return texts && !expecting(texts) && !texts.some((m) => ON_ITS_WAY.includes(m.status)) ? false : TEXTS_POLL_MS;
    },
  });
}
