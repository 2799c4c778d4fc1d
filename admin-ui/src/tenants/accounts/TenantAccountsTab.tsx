import { Box, Typography } from '@mui/material';
import type { ComponentType } from 'react';
import { usePermissions, useRecordContext, useTranslate } from 'react-admin';
import type { Permissions } from '../../auth/authProvider';
import { managesCompany } from '../../auth/session';
import type { TenantRecord } from '../tenantRecord';

/** A panel of a company's accounts (its people, its API keys): the same on the operator's tenant page and in the portal. */
export type AccountsPanel = ComponentType<{ tenantId: string; canManage: boolean; readOnlyReason?: string; intro?: string }>;

interface TenantAccountsTabProps {
  panel: AccountsPanel;
  /** A message key: what the tab says once the tenant's data is erased. */
  erased: string;
  /** A message key: the panel's opening words, for operators. */
  intro: string;
}

/** A company's accounts, as its owners see them in the portal: operators whose role may change the tenant manage them. */
export function TenantAccountsTab({ panel: Panel, erased, intro }: TenantAccountsTabProps) {
  const translate = useTranslate();
  const record = useRecordContext<TenantRecord>();
  const { permissions: me } = usePermissions<Permissions>();
  if (!record) return null;
  if (record.erased_at) return <Typography color="text.secondary" sx={{ py: 2 }}>{translate(erased)}</Typography>;
  return (
    <Box sx={{ py: 1 }}>
      <Panel tenantId={record.id} canManage={managesCompany(me, record.id) && record.status !== 'deleted'} intro={intro} />
    </Box>
  );
}
