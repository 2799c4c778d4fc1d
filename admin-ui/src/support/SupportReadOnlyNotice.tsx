import LockIcon from '@mui/icons-material/Lock';
import { Alert, type SxProps, type Theme } from '@mui/material';
import { useSupportReadOnlyReason } from './useSupportSession';

/** The one line that says why a company's page is read-only in a support session; nothing outside one. */
export function SupportReadOnlyNotice({ sx }: { sx?: SxProps<Theme> }) {
  const reason = useSupportReadOnlyReason();
  if (!reason) return null;
  return (
    <Alert severity="info" icon={<LockIcon fontSize="inherit" />} data-testid="support-read-only" sx={sx}>
      {reason}
    </Alert>
  );
}
