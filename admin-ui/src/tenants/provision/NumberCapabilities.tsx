import CallIcon from '@mui/icons-material/Call';
import MmsIcon from '@mui/icons-material/Mms';
import SmsIcon from '@mui/icons-material/Sms';
import { Stack, Tooltip } from '@mui/material';
import type { ReactElement } from 'react';
import { useTranslate } from 'react-admin';
import type { AvailableNumber } from './availableNumber';

const ICONS: Record<keyof AvailableNumber['capabilities'], ReactElement<{ color?: string }>> = {
  voice: <CallIcon fontSize="small" />,
  sms: <SmsIcon fontSize="small" />,
  mms: <MmsIcon fontSize="small" />,
};

/** What a number can do, as icons: lit when it can, greyed when it cannot, each named for screen readers. */
export function NumberCapabilities({ capabilities }: { capabilities: AvailableNumber['capabilities'] }) {
  const translate = useTranslate();
  return (
    <Stack direction="row" spacing={1} data-testid="capabilities">
      {(Object.keys(ICONS) as Array<keyof typeof ICONS>).map((capability) => {
        const label = translate(`kestrel.provision.capabilities.${capability}`);
        const has = capabilities[capability];
        const title = translate(has ? 'kestrel.provision.capable' : 'kestrel.provision.not_capable', { capability: label });
        return (
          <Tooltip key={capability} title={title}>
            <Stack component="span" role="img" aria-label={title} data-capability={capability} data-capable={has} sx={{ color: has ? 'success.main' : 'action.disabled', display: 'inline-flex' }}>
              {ICONS[capability]}
            </Stack>
          </Tooltip>
        );
      })}
    </Stack>
  );
}
