import { Alert, Button } from '@mui/material';
import { usePermissions, useTranslate } from 'react-admin';
import { Link as RouterLink } from 'react-router-dom';
import type { Permissions } from './authProvider';

/** Until their phone is verified, a company's person is reminded on every page, with the way to do it. */
export function PhoneVerificationBanner() {
  const translate = useTranslate();
  const { permissions: me } = usePermissions<Permissions>();
  if (me?.kind !== 'tenant_user' || !me.needs_phone_verification) return null;
  return (
    <Alert
      severity="info"
      role="status"
      data-testid="verify-phone-banner"
      sx={{ borderRadius: 0 }}
      action={
        <Button color="inherit" size="small" component={RouterLink} to="/verify-phone">
          {translate('kestrel.account.verify_now')}
        </Button>
      }
    >
      {translate('kestrel.account.verify_phone_banner', { phone: me.phone ?? '' })}
    </Alert>
  );
}
