import EditIcon from '@mui/icons-material/Edit';
import LogoutIcon from '@mui/icons-material/Logout';
import { Alert, Button, Stack } from '@mui/material';
import { useEffect, useState } from 'react';
import { useNotify, useTranslate } from 'react-admin';
import { tenantPagePath } from './supportApi';
import { useEndSupportSession, useGrantSupportWrite, useSupportSession } from './useSupportSession';

function timeLeft(expiresAt: string, now: number): string {
  const seconds = Math.max(0, Math.round((Date.parse(expiresAt) - now) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * While an operator acts within a tenant, every page says so, and keeps saying so however
 * far it is scrolled (the banner stays under the app bar): whose pages these are, whether
 * changes are allowed, the time left, and the ways on: a super_admin grants the session
 * write here, and ending it returns to the tenant's page in the operator console. When the
 * time is up the console goes there by itself.
 */
export function SupportBanner() {
  const translate = useTranslate();
  const notify = useNotify();
  const { session, readOnly, mayGrantWrite, company } = useSupportSession();
  const { end, ending } = useEndSupportSession(session);
  const { grant, granting } = useGrantSupportWrite(session);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (!session) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [session]);
  const expired = !!session && Date.parse(session.expires_at) <= now;
  useEffect(() => {
    // The server has closed it already; the console follows.
    if (expired && session) window.location.assign(tenantPagePath(session.tenant_id));
  }, [expired, session]);

  if (!session) return null;
  const grantWrite = () => grant().catch((error: Error) => notify('kestrel.support.grant_failed', { type: 'error', messageArgs: { reason: error.message } }));
  return (
    <Alert
      severity={readOnly ? 'info' : 'warning'}
      role="status"
      data-testid="support-banner"
      sx={{
        borderRadius: 0,
        // Under the app bar (which stays in a session), above the page scrolling beneath.
        position: 'sticky',
        top: (theme) => theme.spacing(6),
        zIndex: (theme) => theme.zIndex.appBar - 1,
        mx: -1,
        alignItems: 'center',
        // On a phone the buttons go under the words, which keep the line beside the icon.
        flexWrap: { xs: 'wrap', md: 'nowrap' },
        '& .MuiAlert-message': { flex: 1, minWidth: 0 },
        '& .MuiAlert-action': { pt: 0, pl: { xs: 0, md: 2 }, ml: { xs: 0, md: 'auto' }, width: { xs: '100%', md: 'auto' } },
      }}
      action={
        <Stack direction="row" spacing={1} sx={{ flexWrap: 'nowrap', alignItems: 'center' }}>
          {readOnly && mayGrantWrite && (
            <Button color="inherit" variant="outlined" size="small" startIcon={<EditIcon />} onClick={grantWrite} disabled={granting || ending} sx={{ whiteSpace: 'nowrap' }}>
              {translate('kestrel.support.grant_write')}
            </Button>
          )}
          <Button color="inherit" size="small" startIcon={<LogoutIcon />} onClick={end} disabled={ending} sx={{ whiteSpace: 'nowrap' }}>
            {translate('kestrel.support.stop')}
          </Button>
        </Stack>
      }
    >
      {translate(readOnly ? 'kestrel.support.banner_read' : 'kestrel.support.banner_write', {
        company: company ?? '…',
        left: timeLeft(session.expires_at, now),
      })}
    </Alert>
  );
}
