import { Stack, Typography } from '@mui/material';
import { useRecordContext } from 'react-admin';
import { ValueChip, type ChipColour } from '../fields/ValueChip';
import type { MessageRecord } from './messageRecord';

/** Delivered is done; failed, undelivered and suppressed never reached the person; held waits for quiet hours to end. */
const STATUS_COLOURS: Record<string, ChipColour> = {
  held: 'warning',
  queued: 'default',
  sent: 'info',
  delivered: 'success',
  undelivered: 'error',
  failed: 'error',
  suppressed: 'error',
  received: 'primary',
};

export function MessageStatusChip({ status }: { status: MessageRecord['status'] }) {
  return <ValueChip value={status} prefix="kestrel.message_status" colours={STATUS_COLOURS} outlined={['queued', 'held', 'received']} testId="message-status" />;
}

/** A message's status, and why it did not arrive when it did not (Twilio's error, in words). */
export function MessageStatusField(_props: { source?: string; label?: string }) {
  const record = useRecordContext<MessageRecord>();
  if (!record) return null;
  return (
    <Stack spacing={0.5} sx={{ alignItems: 'flex-start' }}>
      <MessageStatusChip status={record.status} />
      {record.error_meaning && (
        <Typography variant="caption" color="error" data-testid="message-error">
          {record.error_meaning}
        </Typography>
      )}
    </Stack>
  );
}

export function MessageKindField(_props: { source?: string; label?: string }) {
  const record = useRecordContext<MessageRecord>();
  return record ? <ValueChip value={record.kind} prefix="kestrel.message_kinds" colours={{}} outlined={[record.kind]} /> : null;
}
