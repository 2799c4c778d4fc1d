import { Chip } from '@mui/material';
import { useTranslate } from 'react-admin';

/** A flag's value: on in colour, off in outline. */
export function FlagValueChip({ enabled }: { enabled: boolean }) {
  const translate = useTranslate();
  return (
    <Chip
      size="small"
      color={enabled ? 'success' : 'default'}
      variant={enabled ? 'filled' : 'outlined'}
      label={translate(enabled ? 'kestrel.flags.on' : 'kestrel.flags.off')}
      data-testid="flag-value"
      data-enabled={enabled}
    />
  );
}
