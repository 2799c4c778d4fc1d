import { useQuery } from '@tanstack/react-query';
import { useCreatePath, useTranslate } from 'react-admin';
import { dayIn, instantOfWallTime } from '../../format';
import type { ContactRecord, MessageRecord } from '../../messaging/messageRecord';
import { MessageCountsCard, type Count, type MessageCounts } from '../../messaging/MessageCountsCard';
import { FAILED_STATUSES, SENT_STATUSES } from '../../messaging/outboundStatuses';
import { usePortalTimeZone } from '../companyTimeZone';
import { PORTAL_RESOURCES } from '../tenantDataProvider';
import { fetchPage } from './messagingApi';

const PER_PAGE = 100;
/** The tenant API does not count: a busy day's figures stop at this many pages, and say "+". */
const MAX_PAGES = 10;

/** Every row of a list up to MAX_PAGES pages, and whether there were more. */
async function readAll<T>(path: string, params: Record<string, string>): Promise<{ rows: T[]; more: boolean }> {
  const rows: T[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result: { data: T[]; next_cursor: string | null } = await fetchPage<T>(path, { ...params, limit: String(PER_PAGE) }, cursor);
    rows.push(...result.data);
    cursor = result.next_cursor;
    if (!cursor) return { rows, more: false };
  }
  return { rows, more: true };
}

async function countsSince(since: string): Promise<MessageCounts> {
  const [messages, optedOut] = await Promise.all([
    readAll<MessageRecord>('messages', { direction: 'outbound', created_after: since }),
    readAll<ContactRecord>('contacts', { opted_out: 'true' }),
  ]);
  const count = (statuses: readonly string[]): Count => ({ n: messages.rows.filter((m) => statuses.includes(m.status)).length, atLeast: messages.more });
  return { sent: count(SENT_STATUSES), delivered: count(['delivered']), failed: count(FAILED_STATUSES), optedOut: { n: optedOut.rows.length, atLeast: optedOut.more } };
}

/** The company's texts today, on its own clock (sent, delivered, failed), and its contacts who opted out. */
export function MessagesTodayCard() {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const { timeZone } = usePortalTimeZone();
  const since = timeZone ? instantOfWallTime(`${dayIn(new Date(), timeZone)}T00:00`, timeZone) : undefined;
  const { data, error, refetch } = useQuery({
    queryKey: [PORTAL_RESOURCES.messages, 'today', since],
    queryFn: () => countsSince(since!),
    enabled: !!since,
    refetchInterval: 30_000,
  });
  return (
    <MessageCountsCard
      testId="portal-messages-card"
      subheader={translate('kestrel.messages_card.portal_hint')}
      counts={data}
      error={error}
      retry={() => void refetch()}
      to={createPath({ resource: PORTAL_RESOURCES.conversations, type: 'list' })}
    />
  );
}
