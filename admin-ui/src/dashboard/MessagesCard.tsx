import { useQuery } from '@tanstack/react-query';
import { useAuthState, useDataProvider, useTranslate } from 'react-admin';
import { MessageCountsCard, type MessageCounts } from '../messaging/MessageCountsCard';
import { FAILED_STATUSES, SENT_STATUSES } from '../messaging/outboundStatuses';

/** Midnight today where the operator is: the dashboard's day is the viewer's. */
function startOfToday(): string {
  const midnight = new Date();
  midnight.setHours(0, 0, 0, 0);
  return midnight.toISOString();
}

/** Every company's texts today (sent, delivered, failed) and the contacts opted out, counted by the admin API. */
export function MessagesCard() {
  const translate = useTranslate();
  const dataProvider = useDataProvider();
  const { authenticated } = useAuthState();
  const total = async (resource: string, filter: Record<string, unknown>) =>
    (await dataProvider.getList(resource, { filter, pagination: { page: 1, perPage: 1 }, sort: { field: 'created_at', order: 'DESC' } })).total ?? 0;
  const { data, error, refetch } = useQuery({
    queryKey: ['stats', 'messages-today'],
    queryFn: async (): Promise<MessageCounts> => {
      const today = { direction: 'outbound', created_after: startOfToday() };
      const [sent, delivered, failed, optedOut] = await Promise.all([
        total('messages', { ...today, status: SENT_STATUSES }),
        total('messages', { ...today, status: 'delivered' }),
        total('messages', { ...today, status: FAILED_STATUSES }),
        total('contacts', { opted_out: true }),
      ]);
      return { sent: { n: sent }, delivered: { n: delivered }, failed: { n: failed }, optedOut: { n: optedOut } };
    },
    refetchInterval: 30_000,
    enabled: authenticated === true,
  });
  return (
    <MessageCountsCard
      testId="messages-card"
      subheader={translate('kestrel.messages_card.operator_hint')}
      counts={data}
      error={error}
      retry={() => void refetch()}
      to="/messages"
    />
  );
}
