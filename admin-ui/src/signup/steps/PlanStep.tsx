import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import { Card, CardActionArea, CardContent, FormHelperText, Grid, Stack, Typography } from '@mui/material';
import { required, useInput, useTranslate, ValidationError } from 'react-admin';
import { useFormContext } from 'react-hook-form';
import { PLAN_TIERS, PLANS } from '../../catalogue';
import { formatCents, formatCount } from '../../format';

/** The plans as cards, priced from the shared catalogue (domain/plans.ts). */
export function PlanStep() {
  const translate = useTranslate();
  const { field, fieldState } = useInput({ source: 'plan_tier', validate: required('kestrel.signup.validation.plan') });
  const { clearErrors } = useFormContext();
  // Choosing a plan answers "Choose a plan" at once, not at the next step.
  const choose = (tier: string) => {
    field.onChange(tier);
    clearErrors('plan_tier');
  };
  return (
    <Stack spacing={1}>
      <Grid container spacing={2} role="radiogroup" aria-label={translate('kestrel.signup.fields.plan_tier')}>
        {PLAN_TIERS.map((tier) => {
          const plan = PLANS[tier];
          const selected = field.value === tier;
          return (
            <Grid key={tier} size={{ xs: 12, sm: 6 }}>
              <Card variant="outlined" sx={{ borderColor: selected ? 'primary.main' : undefined, borderWidth: selected ? 2 : 1, height: '100%' }}>
                <CardActionArea
                  role="radio"
                  aria-checked={selected}
                  data-testid={`plan-${tier}`}
                  onClick={() => choose(tier)}
                  onBlur={field.onBlur}
                  sx={{ height: '100%' }}
                >
                  <CardContent>
                    <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'center' }}>
                      <Typography variant="h6">{translate(`kestrel.plans.${tier}`)}</Typography>
                      {selected && <CheckCircleIcon color="primary" />}
                    </Stack>
                    <Typography variant="h5" component="p" sx={{ mt: 1 }}>
                      {plan.priceCents === null ? translate('kestrel.signup.plan_custom_price') : translate('kestrel.signup.plan_price', { price: formatCents(plan.priceCents) })}
                    </Typography>
                    <Typography color="text.secondary">
                      {plan.callsPerMonth === null
                        ? translate('kestrel.signup.plan_custom_calls')
                        : translate('kestrel.signup.plan_calls', { calls: formatCount(plan.callsPerMonth) })}
                    </Typography>
                  </CardContent>
                </CardActionArea>
              </Card>
            </Grid>
          );
        })}
      </Grid>
      {/* react-admin hands its validators' messages over encoded; ValidationError reads and translates them. */}
      {fieldState.error?.message && (
        <FormHelperText error data-testid="plan-error">
          <ValidationError error={fieldState.error.message} />
        </FormHelperText>
      )}
    </Stack>
  );
}
