import { Chip, Tooltip } from '@mui/material';
import { useTranslate } from 'react-admin';
import { formatDateTime } from '../../format';

/** A tenant whose personal data is gone: what is left is a tombstone, with nothing left to do. */
export function ErasedChip({ erasedAt }: { erasedAt: string }) {
  const translate = useTranslate();
  return (
    <Tooltip title={translate('kestrel.erasure.erased_at', { at: formatDateTime(erasedAt) })}>
      <Chip size="small" color="error" variant="outlined" label={translate('kestrel.erasure.erased')} data-testid="erased-chip" />
    </Tooltip>
  );
}
