import { Box, Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { useCompanyDateTime } from '../../../fields/companyTimeZone';
import type { MessageRecord } from '../../../messaging/messageRecord';
import { MessageStatusChip } from '../../../messaging/MessageStatusChip';

/** Who wrote an outbound text: Kestrel (a confirmation, a reminder…) or the company's people by hand. */
function authorOf(message: MessageRecord, translate: ReturnType<typeof useTranslate>): string {
  if (message.direction === 'inbound') return translate('kestrel.conversations.customer');
  if (message.kind === 'reply') return translate('kestrel.conversations.your_team');
  return translate(`kestrel.message_kinds.${message.kind}`);
}

/**
 * One text of a conversation: the customer's on the left, the company's on the right, with
 * when it was written (the company's time), its delivery status, and why it did not arrive
 * when it did not.
 */
export function MessageBubble({ message }: { message: MessageRecord }) {
  const translate = useTranslate();
  const companyTime = useCompanyDateTime();
  const ours = message.direction === 'outbound';
  return (
    <Stack sx={{ alignItems: ours ? 'flex-end' : 'flex-start' }} data-testid="message" data-direction={message.direction} data-status={message.status}>
      <Typography variant="caption" color="text.secondary" sx={{ px: 1 }}>
        {[authorOf(message, translate), companyTime(message.created_at), message.channel === 'whatsapp' ? translate('kestrel.message_channels.whatsapp') : null].filter(Boolean).join(' · ')}
      </Typography>
      <Box
        sx={{
          maxWidth: { xs: '88%', sm: '70%' },
          px: 1.75,
          py: 1,
          borderRadius: 2.5,
          borderTopLeftRadius: ours ? undefined : 4,
          borderTopRightRadius: ours ? 4 : undefined,
          bgcolor: ours ? 'primary.main' : (theme) => theme.palette.grey[theme.palette.mode === 'dark' ? 800 : 200],
          color: ours ? 'primary.contrastText' : 'text.primary',
          whiteSpace: 'pre-wrap',
          overflowWrap: 'anywhere',
        }}
        data-testid="message-body"
      >
        {message.body}
      </Box>
      {ours && (
        <Stack spacing={0.25} sx={{ alignItems: 'flex-end', px: 1, pt: 0.5, maxWidth: { xs: '88%', sm: '70%' } }}>
          <MessageStatusChip status={message.status} />
          {message.status === 'held' && message.send_after && (
            <Typography variant="caption" color="text.secondary" data-testid="message-held-until">
              {translate('kestrel.conversations.held_until', { at: companyTime(message.send_after) })}
            </Typography>
          )}
          {message.error_meaning && (
            <Typography variant="caption" color="error" sx={{ textAlign: 'right' }} data-testid="message-error">
              {message.error_code ? translate('kestrel.conversations.error_with_code', { meaning: message.error_meaning, code: message.error_code }) : message.error_meaning}
            </Typography>
          )}
        </Stack>
      )}
    </Stack>
  );
}
