import { Chip, type ChipProps } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import type { TenantStatus } from '../catalogue';

/** Colours say whether a tenant needs the operator: green serves calls, orange and red need attention. */
const COLOURS: Record<TenantStatus, ChipProps['color']> = {
  pending: 'default',
  provisioning: 'info',
  trial: 'primary',
  active: 'success',
  past_due: 'warning',
  suspended: 'error',
  cancelled: 'default',
  deleted: 'default',
};

export function StatusChip({ status, size = 'small' }: { status: TenantStatus | string; size?: ChipProps['size'] }) {
  const translate = useTranslate();
  return (
    <Chip
      size={size}
      label={translate(`kestrel.status.${status}`, { _: status })}
      color={COLOURS[status as TenantStatus] ?? 'default'}
      variant={status === 'cancelled' || status === 'deleted' ? 'outlined' : 'filled'}
      data-testid="status-chip"
    />
  );
}

/** The record's status, for lists and show pages. */
export function StatusField(_props: { source?: string; label?: string }) {
  const record = useRecordContext<{ status?: string }>();
  return record?.status ? <StatusChip status={record.status} /> : null;
}
