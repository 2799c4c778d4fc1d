import CallReceivedIcon from '@mui/icons-material/CallReceived';
import { Box, Button, Card, LinearProgress, List, ListItemButton, ListItemText, Stack, Typography } from '@mui/material';
import { Link, Title, useCreatePath, useGetMany, useTranslate } from 'react-admin';
import { EmptyList } from '../../../feedback/EmptyList';
import { LoadErrorAlert } from '../../../feedback/LoadError';
import { useCompanyDateTime } from '../../../fields/companyTimeZone';
import { PhoneNumber } from '../../../fields/PhoneField';
import type { ContactRecord } from '../../../messaging/messageRecord';
import { MessageStatusChip } from '../../../messaging/MessageStatusChip';
import { PortalTimeZone } from '../../companyTimeZone';
import { PORTAL_RESOURCES } from '../../tenantDataProvider';
import { threadsOf, type Thread } from './threads';
import { useMessagePages } from './useMessagePages';

/** Messages read a page at a time to make the conversations. */
const PER_PAGE = 100;

function ThreadLine({ thread, contact }: { thread: Thread; contact?: ContactRecord }) {
  const translate = useTranslate();
  const companyTime = useCompanyDateTime();
  const createPath = useCreatePath();
  const who = contact?.name ? contact.name : <PhoneNumber value={thread.number} />;
  const text = (
    <ListItemText
      primary={
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <Box component="span" sx={{ fontWeight: thread.awaitingReply ? 600 : 400 }}>
            {who}
          </Box>
          {thread.awaitingReply && <CallReceivedIcon fontSize="inherit" color="primary" aria-label={translate('kestrel.conversations.awaiting_reply')} />}
        </Stack>
      }
      secondary={
        <>
          <Box component="span" sx={{ display: '-webkit-box', WebkitLineClamp: 1, WebkitBoxOrient: 'vertical', overflow: 'hidden', overflowWrap: 'anywhere' }}>
            {thread.latest.direction === 'outbound' ? translate('kestrel.conversations.you', { text: thread.latest.body }) : thread.latest.body}
          </Box>
          <Box component="span">{companyTime(thread.latest.created_at)}</Box>
        </>
      }
      slotProps={{ secondary: { component: 'span', sx: { display: 'flex', flexDirection: 'column' } } }}
      sx={{ minWidth: 0 }}
    />
  );
  const chip = <MessageStatusChip status={thread.latest.status} />;
  return thread.contactId ? (
    <ListItemButton component={Link} to={createPath({ resource: PORTAL_RESOURCES.conversations, id: thread.contactId, type: 'show' })} sx={{ gap: 1 }} data-testid="thread">
      {text}
      {chip}
    </ListItemButton>
  ) : (
    // A text to a number the company has no contact for: there is no conversation page to open.
    <Stack direction="row" sx={{ gap: 1, px: 2, py: 1, alignItems: 'center' }} data-testid="thread" title={translate('kestrel.conversations.not_a_contact')}>
      {text}
      {chip}
    </Stack>
  );
}

function Threads() {
  const translate = useTranslate();
  const { messages, isPending, error, refetch, hasNextPage, fetchNextPage, isFetchingNextPage } = useMessagePages({ perPage: PER_PAGE });
  const threads = threadsOf(messages);
  const contactIds = threads.flatMap((t) => (t.contactId ? [t.contactId] : []));
  const { data: contacts } = useGetMany<ContactRecord>(PORTAL_RESOURCES.contacts, { ids: contactIds }, { enabled: contactIds.length > 0 });
  const byId = new Map((contacts ?? []).map((c) => [c.id, c]));
  if (error) return <LoadErrorAlert error={error} retry={() => void refetch()} />;
  if (isPending) return <LinearProgress sx={{ m: 2 }} />;
  if (threads.length === 0) return <EmptyList title="kestrel.conversations.empty" hint="kestrel.conversations.empty_hint" testId="no-conversations" />;
  return (
    <>
      <List disablePadding data-testid="threads">
        {threads.map((thread) => (
          <ThreadLine key={thread.key} thread={thread} contact={thread.contactId ? byId.get(thread.contactId) : undefined} />
        ))}
      </List>
      {hasNextPage && (
        <Box sx={{ p: 1, textAlign: 'center' }}>
          <Button onClick={() => void fetchNextPage()} disabled={isFetchingNextPage}>
            {translate('kestrel.conversations.older')}
          </Button>
        </Box>
      )}
    </>
  );
}

/**
 * The company's conversations with its customers, the one with the newest message first:
 * what Kestrel sent (confirmations, reminders, text-backs), what the company wrote, and
 * what the customers answered. A conversation opens the thread with a reply box.
 */
export function PortalConversations() {
  const translate = useTranslate();
  return (
    <PortalTimeZone>
      <Stack spacing={2} sx={{ mt: 2, mb: 4 }}>
        <Title title={translate('kestrel.conversations.title')} />
        <Typography variant="body2" color="text.secondary">
          {translate('kestrel.conversations.hint')}
        </Typography>
        <Card>
          <Threads />
        </Card>
      </Stack>
    </PortalTimeZone>
  );
}
