import { Chip, Stack } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { useCompanyDateTime } from '../fields/companyTimeZone';
import type { ContactRecord } from './messageRecord';

type Channel = 'sms' | 'whatsapp';

/** Whether the contact may be texted on one channel: opted out (STOP, and when), without consent, or yes. */
function ChannelState({ contact, channel }: { contact: ContactRecord; channel: Channel }) {
  const translate = useTranslate();
  const companyTime = useCompanyDateTime();
  const optedOutAt = channel === 'sms' ? contact.sms_opted_out_at : contact.whatsapp_opted_out_at;
  const consent = channel === 'sms' ? contact.sms_consent : contact.whatsapp_consent;
  const name = translate(`kestrel.message_channels.${channel}`);
  const state = optedOutAt ? 'opted_out' : consent ? 'allowed' : 'no_consent';
  return (
    <Chip
      size="small"
      variant={state === 'allowed' ? 'outlined' : 'filled'}
      color={state === 'opted_out' ? 'error' : state === 'allowed' ? 'success' : 'default'}
      label={translate(`kestrel.contacts.channel_${state}`, { channel: name })}
      title={optedOutAt ? translate('kestrel.contacts.opted_out_at', { at: companyTime(optedOutAt, contact) }) : undefined}
      data-testid={`opt-out-${channel}`}
      data-state={state}
    />
  );
}

/** The contact's standing on each channel, as every send checks it. */
export function OptOutState({ contact }: { contact: ContactRecord }) {
  return (
    <Stack direction="row" spacing={0.5} sx={{ flexWrap: 'wrap', rowGap: 0.5 }}>
      <ChannelState contact={contact} channel="sms" />
      <ChannelState contact={contact} channel="whatsapp" />
    </Stack>
  );
}

export function OptOutField(_props: { source?: string; label?: string }) {
  const record = useRecordContext<ContactRecord>();
  return record ? <OptOutState contact={record} /> : null;
}
