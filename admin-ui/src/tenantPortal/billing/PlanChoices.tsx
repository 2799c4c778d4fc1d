import { Button, Card, CardContent, CardHeader, Chip, Grid, Paper, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { useTranslate } from 'react-admin';
import type { BillingView, PlanOffer } from '../../tenants/billing/billingRecord';
import { ChangePlanDialog } from './ChangePlanDialog';
import { usePlanTerms } from './PlanCard';

/**
 * The plans the company may choose, side by side, its own marked; an owner or admin picks
 * one and confirms what the change does. Enterprise is arranged with Kestrel, not here.
 */
export function PlanChoices({ billing, mayChange }: { billing: BillingView; mayChange: boolean }) {
  const translate = useTranslate();
  const terms = usePlanTerms();
  const [choosing, setChoosing] = useState<PlanOffer | null>(null);
  const { plan: current, scheduled_plan: scheduled } = billing;
  if (billing.plans.length === 0) return null;
  return (
    <Card variant="outlined" data-testid="billing-plans">
      <CardHeader title={translate('kestrel.billing.plans')} subheader={translate('kestrel.billing.plans_hint')} />
      <CardContent sx={{ pt: 0 }}>
        <Grid container spacing={2}>
          {billing.plans.map((plan) => {
            const isCurrent = plan.tier === current.tier;
            const isScheduled = plan.tier === scheduled?.tier;
            return (
              <Grid key={plan.tier} size={{ xs: 12, sm: 4 }}>
                <Paper variant="outlined" sx={{ p: 2, height: '100%', borderColor: isCurrent ? 'primary.main' : undefined }} data-testid="plan-choice" data-tier={plan.tier}>
                  <Stack spacing={1} sx={{ height: '100%', alignItems: 'flex-start' }}>
                    <Typography variant="h6" component="p">
                      {plan.name}
                    </Typography>
                    <Typography variant="body2" color="text.secondary" sx={{ flexGrow: 1 }}>
                      {terms(plan, current.currency)}
                    </Typography>
                    {isCurrent ? (
                      <Chip size="small" color="primary" label={translate('kestrel.billing.current_plan')} />
                    ) : isScheduled ? (
                      <Chip size="small" variant="outlined" label={translate('kestrel.billing.scheduled')} />
                    ) : (
                      mayChange && (
                        <Button size="small" variant="outlined" onClick={() => setChoosing(plan)}>
                          {translate(plan.price_cents > current.price_cents ? 'kestrel.billing.upgrade_to' : 'kestrel.billing.downgrade_to', { plan: plan.name })}
                        </Button>
                      )
                    )}
                  </Stack>
                </Paper>
              </Grid>
            );
          })}
        </Grid>
      </CardContent>
      {choosing && <ChangePlanDialog plan={choosing} onClose={() => setChoosing(null)} />}
    </Card>
  );
}
