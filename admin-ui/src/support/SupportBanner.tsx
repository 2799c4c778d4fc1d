import { Alert, Button } from '@mui/material';
import { useEffect, useState } from 'react';
import { usePermissions, useTranslate } from 'react-admin';
import { useQuery } from '@tanstack/react-query';
import type { Permissions } from '../auth/authProvider';
import { httpClient } from '../http/httpClient';
import { endSupportSession } from './supportApi';

function timeLeft(expiresAt: string, now: number): string {
  const seconds = Math.max(0, Math.round((Date.parse(expiresAt) - now) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * While an operator acts within a tenant, every page says so: whose pages these are,
 * whether changes are allowed, the time left, and a way out. When the time is up the
 * console returns to the operator's own pages.
 */
export function SupportBanner() {
  const translate = useTranslate();
  const { permissions } = usePermissions<Permissions>();
  const support = permissions?.kind === 'operator' ? permissions.support_session : null;
  const [now, setNow] = useState(() => Date.now());
  const [ending, setEnding] = useState(false);
  const company = useQuery({
    queryKey: ['support-banner', support?.tenant_id],
    queryFn: async () => ((await httpClient('/api/v1/settings')).json as { company_name: string }).company_name,
    enabled: !!support,
    staleTime: Infinity,
  });

  useEffect(() => {
    if (!support) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [support]);
  const expired = !!support && Date.parse(support.expires_at) <= now;
  useEffect(() => {
    // The server has ended it already; the console follows.
    if (expired) window.location.assign(`${import.meta.env.BASE_URL}`);
  }, [expired]);

  if (!support) return null;
  const stop = async () => {
    setEnding(true);
    await endSupportSession(support.id).catch(() => undefined);
    window.location.assign(`${import.meta.env.BASE_URL}`);
  };
  return (
    <Alert
      severity={support.can_write ? 'warning' : 'info'}
      role="status"
      data-testid="support-banner"
      sx={{ borderRadius: 0 }}
      action={
        <Button color="inherit" size="small" onClick={stop} disabled={ending}>
          {translate('kestrel.support.stop')}
        </Button>
      }
    >
      {translate(support.can_write ? 'kestrel.support.banner_write' : 'kestrel.support.banner_read', {
        company: company.data ?? '…',
        left: timeLeft(support.expires_at, now),
      })}
    </Alert>
  );
}
