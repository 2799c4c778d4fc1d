import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import { Alert, Box, CircularProgress, Link, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { useRecordContext, useTranslate } from 'react-admin';
import { formatDateTime } from '../../format';
import { StatusChip } from '../StatusChip';
import { Countdown } from './Countdown';
import { TransitionsTable } from './TransitionsTable';
import { temporalWorkflowUrl } from './temporalUi';
import { useTenantWorkflow } from './useTenantWorkflow';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack direction="row" spacing={2} sx={{ alignItems: 'center', minHeight: 32 }}>
      <Typography variant="body2" color="text.secondary" sx={{ width: 160, flexShrink: 0 }}>
        {label}
      </Typography>
      <Box>{children}</Box>
    </Stack>
  );
}

/** What the lifecycle workflow says about the tenant right now: its query, not the database row. */
export function WorkflowPanel() {
  const translate = useTranslate();
  const record = useRecordContext<{ id: string }>();
  const { data: state, error, isPending } = useTenantWorkflow(record?.id);
  if (!record) return null;

  const link = (
    <Link href={temporalWorkflowUrl(record.id)} target="_blank" rel="noopener noreferrer" data-testid="temporal-link">
      {translate('kestrel.workflow.open_in_temporal')} <OpenInNewIcon fontSize="inherit" sx={{ verticalAlign: 'middle' }} />
    </Link>
  );
  if (isPending) return <CircularProgress size={24} />;
  if (error || !state) {
    return (
      <Stack spacing={2}>
        <Alert severity="warning">{(error as Error | null)?.message ?? translate('kestrel.workflow.unavailable')}</Alert>
        {link}
      </Stack>
    );
  }
  return (
    <Stack spacing={1} data-testid="workflow-panel">
      <Row label={translate('kestrel.workflow.status')}>
        <StatusChip status={state.status} />
      </Row>
      <Row label={translate('kestrel.workflow.next_timer')}>
        {state.nextTimer ? (
          <Stack direction="row" spacing={1} sx={{ alignItems: 'baseline' }}>
            <Typography component="span">{translate(`kestrel.timers.${state.nextTimer.kind}`, { _: state.nextTimer.kind })}</Typography>
            <Countdown at={state.nextTimer.at} />
            <Typography component="span" variant="body2" color="text.secondary">
              ({formatDateTime(state.nextTimer.at)})
            </Typography>
          </Stack>
        ) : (
          <Typography component="span" color="text.secondary">
            {translate('kestrel.workflow.no_timer')}
          </Typography>
        )}
      </Row>
      <Row label={translate('kestrel.workflow.billing')}>
        {translate(state.billingConfirmed ? 'kestrel.workflow.billing_confirmed' : 'kestrel.workflow.billing_unconfirmed')}
      </Row>
      <Row label={translate('kestrel.workflow.temporal')}>{link}</Row>
      <Typography variant="subtitle2" sx={{ pt: 2 }}>
        {translate('kestrel.workflow.transitions')}
      </Typography>
      <TransitionsTable transitions={state.transitions} />
    </Stack>
  );
}
