import { Divider, LinearProgress, Stack, Typography } from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDataProvider, useNotify, useRecordContext, useTranslate } from 'react-admin';
import type { KestrelDataProvider } from '../../dataProvider';
import { LoadErrorAlert } from '../../feedback/LoadError';
import type { TenantRecord } from '../tenantRecord';
import { FlagOverrideControl } from './FlagOverrideControl';
import { FlagValueChip } from './FlagValueChip';
import type { TenantFlag } from './tenantFlag';

/** Why the tenant has the value: its override, its place in the rollout, or the default. */
function FlagReason({ flag }: { flag: TenantFlag }) {
  const translate = useTranslate();
  const args = { percent: flag.rollout_percentage, value: translate(flag.default ? 'kestrel.flags.on' : 'kestrel.flags.off') };
  const reason =
    flag.source === 'override'
      ? 'kestrel.flags.reason.override'
      : flag.source === 'rollout'
        ? 'kestrel.flags.reason.rollout'
        : flag.rollout_percentage > 0
          ? 'kestrel.flags.reason.outside_rollout'
          : 'kestrel.flags.reason.default';
  return (
    <Typography variant="body2" color="text.secondary" data-testid="flag-reason" data-source={flag.source}>
      {translate(reason, args)}
    </Typography>
  );
}

function FlagRow({ flag, disabled, onOverride }: { flag: TenantFlag; disabled: boolean; onOverride: (override: boolean | null) => void }) {
  return (
    <Stack direction={{ xs: 'column', md: 'row' }} spacing={{ xs: 1, md: 2 }} sx={{ alignItems: { md: 'center' } }} data-testid="tenant-flag" data-flag={flag.name}>
      <Stack spacing={0.25} sx={{ flex: 1, minWidth: 0 }}>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <Typography variant="subtitle2" sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }}>
            {flag.name}
          </Typography>
          <FlagValueChip enabled={flag.enabled} />
        </Stack>
        {flag.description && (
          <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>
            {flag.description}
          </Typography>
        )}
        <FlagReason flag={flag} />
      </Stack>
      <FlagOverrideControl name={flag.name} override={flag.override} disabled={disabled} onChange={onOverride} />
    </Stack>
  );
}

/**
 * Every feature flag as it applies to this tenant and why, with the tenant's override to
 * set or clear. An override wins over the rollout, which wins over the default.
 */
export function TenantFlagsTab() {
  const translate = useTranslate();
  const notify = useNotify();
  const record = useRecordContext<TenantRecord>();
  const dataProvider = useDataProvider<KestrelDataProvider>();
  const queryClient = useQueryClient();
  const key = ['tenants', 'feature-flags', String(record?.id)];
  const { data: flags, error, isPending, refetch } = useQuery({ queryKey: key, queryFn: () => dataProvider.tenantFlags(record!.id), enabled: record != null });
  const override = useMutation({
    mutationFn: ({ name, enabled }: { name: string; enabled: boolean | null }) => dataProvider.setTenantFlag(record!.id, name, enabled),
    onSuccess: (flag) => {
      queryClient.setQueryData<TenantFlag[]>(key, (all) => all?.map((f) => (f.name === flag.name ? flag : f)));
      notify(flag.override === null ? 'kestrel.flags.override_cleared' : 'kestrel.flags.override_set', {
        type: 'success',
        messageArgs: { name: flag.name, value: translate(flag.enabled ? 'kestrel.flags.on' : 'kestrel.flags.off') },
      });
    },
    onError: (e) => notify('kestrel.flags.override_failed', { type: 'error', messageArgs: { reason: (e as Error).message } }),
  });
  if (!record) return null;
  if (error) return <LoadErrorAlert error={error} retry={() => void refetch()} />;
  if (isPending) return <LinearProgress sx={{ my: 2 }} />;
  if (!flags?.length) return <Typography color="text.secondary" sx={{ py: 2 }}>{translate('kestrel.flags.none')}</Typography>;
  return (
    <Stack divider={<Divider flexItem />} spacing={1.5} sx={{ py: 1 }} data-testid="tenant-flags">
      {flags.map((flag) => (
        <FlagRow key={flag.name} flag={flag} disabled={override.isPending || Boolean(record.erased_at)} onOverride={(enabled) => override.mutate({ name: flag.name, enabled })} />
      ))}
    </Stack>
  );
}
