import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import EditIcon from '@mui/icons-material/Edit';
import { Alert, Box, Button, Card, CardContent, Divider, IconButton, LinearProgress, Stack, Typography } from '@mui/material';
import { useEffect, useRef, useState } from 'react';
import { Link, Title, useCreatePath, useGetOne, useTranslate } from 'react-admin';
import { useParams } from 'react-router-dom';
import { LoadErrorAlert } from '../../../feedback/LoadError';
import { PhoneNumber } from '../../../fields/PhoneField';
import type { ContactRecord } from '../../../messaging/messageRecord';
import { PortalTimeZone } from '../../companyTimeZone';
import { PORTAL_RESOURCES } from '../../tenantDataProvider';
import { ContactDialog } from '../contacts/ContactDialog';
import { OptOutState } from '../../../messaging/OptOutState';
import { useMessagingWriter } from '../messagingApi';
import { MessageBubble } from './MessageBubble';
import { ReplyBox } from './ReplyBox';
import { useMessagePages } from './useMessagePages';

const PER_PAGE = 50;

function ContactHeader({ contact }: { contact: ContactRecord }) {
  const translate = useTranslate();
  const writer = useMessagingWriter();
  const [editing, setEditing] = useState(false);
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start', justifyContent: 'space-between' }} data-testid="conversation-contact">
      <Stack spacing={0.5} sx={{ minWidth: 0 }}>
        <Typography variant="h6" sx={{ overflowWrap: 'anywhere' }}>
          {contact.name ?? <PhoneNumber value={contact.phone} />}
        </Typography>
        {contact.name && (
          <Typography variant="body2" color="text.secondary">
            <PhoneNumber value={contact.phone} />
          </Typography>
        )}
        <OptOutState contact={contact} />
      </Stack>
      {writer && (
        <IconButton aria-label={translate('kestrel.contacts.edit_title')} onClick={() => setEditing(true)} data-testid="edit-contact">
          <EditIcon />
        </IconButton>
      )}
      {editing && <ContactDialog contact={contact} onClose={() => setEditing(false)} />}
    </Stack>
  );
}

/** The thread, oldest at the top as a phone shows it; earlier messages on demand. */
function Thread({ contactId }: { contactId: string }) {
  const translate = useTranslate();
  const { messages, isPending, error, refetch, hasNextPage, fetchNextPage, isFetchingNextPage } = useMessagePages({ contactId, perPage: PER_PAGE });
  const end = useRef<HTMLDivElement>(null);
  const newest = messages[0]?.id;
  // A new message (sent or received) brings the thread to its end.
  useEffect(() => {
    if (newest) end.current?.scrollIntoView?.({ block: 'nearest' });
  }, [newest]);
  if (error) return <LoadErrorAlert error={error} retry={() => void refetch()} />;
  if (isPending) return <LinearProgress />;
  return (
    <Stack spacing={1.5} data-testid="conversation-thread" aria-live="polite">
      {hasNextPage && (
        <Box sx={{ textAlign: 'center' }}>
          <Button size="small" onClick={() => void fetchNextPage()} disabled={isFetchingNextPage}>
            {translate('kestrel.conversations.earlier')}
          </Button>
        </Box>
      )}
      {messages.length === 0 && <Typography color="text.secondary">{translate('kestrel.conversations.no_messages')}</Typography>}
      {[...messages].reverse().map((message) => (
        <MessageBubble key={message.id} message={message} />
      ))}
      <div ref={end} />
    </Stack>
  );
}

/**
 * A conversation with one contact: every text either way, with its delivery status, and a
 * box to reply from the company's number. Members read it; owners and admins write.
 */
export function ConversationPage() {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const { id } = useParams<{ id: string }>();
  const writer = useMessagingWriter();
  const { data: contact, isPending, error, refetch } = useGetOne<ContactRecord>(PORTAL_RESOURCES.contacts, { id: id! }, { enabled: !!id });
  return (
    <PortalTimeZone>
      <Stack spacing={2} sx={{ mt: 2, mb: 4 }}>
        <Title title={translate('kestrel.conversations.title')} />
        <Box>
          <Button component={Link} to={createPath({ resource: PORTAL_RESOURCES.conversations, type: 'list' })} startIcon={<ArrowBackIcon />} size="small">
            {translate('kestrel.conversations.all')}
          </Button>
        </Box>
        <Card>
          <CardContent>
            {error ? (
              <LoadErrorAlert error={error} retry={() => void refetch()} />
            ) : isPending || !contact ? (
              <LinearProgress />
            ) : (
              <Stack spacing={2}>
                <ContactHeader contact={contact} />
                <Divider />
                <Thread contactId={contact.id} />
                <Divider />
                {writer ? (
                  <ReplyBox contact={contact} />
                ) : (
                  <Alert severity="info" data-testid="reply-read-only">
                    {translate('kestrel.conversations.read_only')}
                  </Alert>
                )}
              </Stack>
            )}
          </CardContent>
        </Card>
      </Stack>
    </PortalTimeZone>
  );
}
