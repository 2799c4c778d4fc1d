import { Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, LinearProgress, Stack, Typography } from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNotify, useTranslate } from 'react-admin';
import { formatMoney } from '../../format';
import type { PlanOffer } from '../../tenants/billing/billingRecord';
import { useBillingDates } from '../../tenants/billing/billingFormat';
import { PORTAL_RESOURCES } from '../tenantDataProvider';
import { BILLING_QUERY_KEY, changePlan, previewPlanChange } from './billingApi';

/**
 * Before a plan changes, what the change does, in the API's own sentence (an upgrade's
 * prorated charge now, or a downgrade's day), and what is charged at once; then the
 * change. A refusal (409, 422) is shown in the dialog, in the API's words.
 */
export function ChangePlanDialog({ plan, onClose }: { plan: PlanOffer; onClose: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const dates = useBillingDates();
  const preview = useQuery({ queryKey: [...BILLING_QUERY_KEY, 'plan-change', plan.tier], queryFn: () => previewPlanChange(plan.tier), staleTime: 0, gcTime: 0 });
  const change = useMutation({
    mutationFn: () => changePlan(plan.tier),
    onSuccess: (view) => {
      queryClient.setQueryData(BILLING_QUERY_KEY, view);
      const scheduled = view.scheduled_plan?.tier === plan.tier ? view.scheduled_plan : null;
      notify(scheduled ? (scheduled.applies_at ? 'kestrel.billing.plan_scheduled' : 'kestrel.billing.plan_scheduled_next') : 'kestrel.billing.plan_changed', {
        type: 'success',
        messageArgs: { plan: plan.name, at: dates.date(scheduled?.applies_at) },
      });
      // An upgrade's charge is a new invoice. (Not react-admin's refresh: it would ask for this
      // dialog's preview again, which the API now refuses as the plan it already is.)
      void queryClient.invalidateQueries({ queryKey: [PORTAL_RESOURCES.invoices] });
      onClose();
    },
  });
  const downgrade = preview.data?.direction === 'downgrade';
  return (
    <Dialog open onClose={change.isPending ? undefined : onClose} fullWidth maxWidth="xs" aria-labelledby="change-plan-title" data-testid="change-plan-dialog">
      <DialogTitle id="change-plan-title">{translate('kestrel.billing.change_plan_title', { plan: plan.name })}</DialogTitle>
      <DialogContent>
        <Stack spacing={1.5}>
          {preview.isPending ? (
            <LinearProgress />
          ) : preview.error ? (
            <Alert severity="warning">{(preview.error as Error).message}</Alert>
          ) : (
            <>
              <DialogContentText data-testid="plan-change-explanation">{preview.data.explanation}</DialogContentText>
              <Typography variant="body1" data-testid="plan-change-charge">
                {preview.data.charge_now_cents > 0
                  ? translate('kestrel.billing.charge_now', { amount: formatMoney(preview.data.charge_now_cents, preview.data.currency) })
                  : translate('kestrel.billing.nothing_now', { at: dates.date(preview.data.applies_at) })}
              </Typography>
            </>
          )}
          {change.error && (
            <Alert severity="warning" data-testid="change-plan-refused">
              {(change.error as Error).message}
            </Alert>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={change.isPending}>
          {translate('ra.action.cancel')}
        </Button>
        <Button variant="contained" onClick={() => change.mutate()} disabled={!preview.data || change.isPending} data-testid="confirm-change-plan">
          {translate(change.isPending ? 'kestrel.actions.running' : downgrade ? 'kestrel.billing.confirm_downgrade' : 'kestrel.billing.confirm_upgrade')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
