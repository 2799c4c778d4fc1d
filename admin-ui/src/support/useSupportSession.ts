import { useQuery } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { usePermissions, useTranslate } from 'react-admin';
import type { Permissions } from '../auth/authProvider';
import { operatorHolds, type SupportSession } from '../auth/session';
import { useRefreshMe } from '../auth/useRefreshMe';
import { companyName, endSupportSession, grantSupportWrite, tenantPagePath } from './supportApi';

export interface SupportSessionStanding {
  /** The signed-in operator's open support session; null for anyone else, or outside one. */
  session: SupportSession | null;
  /** In a session that may change nothing yet: the company's pages are shown read-only. */
  readOnly: boolean;
  /** The operator may grant the session write (a super_admin). */
  mayGrantWrite: boolean;
  /** The company the session is on, once known. */
  company: string | undefined;
}

/**
 * Whether the console is showing a company's pages to an operator in a support session,
 * as `GET /api/auth/me` says (react-admin's permissions): the one place pages ask before
 * offering a change.
 */
export function useSupportSession(): SupportSessionStanding {
  const { permissions } = usePermissions<Permissions>();
  const session = permissions?.kind === 'operator' ? permissions.support_session : null;
  const company = useQuery({
    queryKey: ['support-session', 'company', session?.tenant_id],
    queryFn: () => companyName(session!.tenant_id),
    enabled: !!session,
    staleTime: Infinity,
  });
  return {
    session,
    readOnly: !!session && !session.can_write,
    mayGrantWrite: !!session && operatorHolds(permissions, 'support-sessions:grant-write'),
    company: company.data,
  };
}

/** Why a company's page changes nothing in a read-only support session; undefined when it may. */
export function useSupportReadOnlyReason(): string | undefined {
  const translate = useTranslate();
  const { readOnly, mayGrantWrite } = useSupportSession();
  if (!readOnly) return undefined;
  // A super_admin grants it from the banner; anyone else asks one.
  return translate(mayGrantWrite ? 'kestrel.support.read_only_grant' : 'kestrel.support.read_only');
}

/**
 * Ends the support session and returns to the tenant's page in the operator console. The
 * page is loaded afresh: the operator's own pages replace the company's.
 */
export function useEndSupportSession(session: SupportSession | null): { end: () => Promise<void>; ending: boolean } {
  const [ending, setEnding] = useState(false);
  const end = useCallback(async () => {
    if (!session) return;
    setEnding(true);
    // Ended already (its time ran out, or another tab): the tenant's page is where to go either way.
    await endSupportSession(session.id).catch(() => undefined);
    window.location.assign(tenantPagePath(session.tenant_id));
  }, [session]);
  return { end, ending };
}

/** Grants the session write; the pages follow once the signed-in person is asked again. */
export function useGrantSupportWrite(session: SupportSession | null): { grant: () => Promise<void>; granting: boolean } {
  const refreshMe = useRefreshMe();
  const [granting, setGranting] = useState(false);
  const grant = useCallback(async () => {
    if (!session) return;
    setGranting(true);
    try {
      await grantSupportWrite(session.id);
      await refreshMe();
    } finally {
      setGranting(false);
    }
  }, [session, refreshMe]);
  return { grant, granting };
}
