import { Button, Divider, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { useTranslate } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { PLANS, WEEKDAYS, type PlanTier } from '../../catalogue';
import { formatCents } from '../../format';
import { STEPS, type SignupValues, type Step } from '../signupForm';

function ReviewSection({ step, onEdit, children }: { step: Step; onEdit: (index: number) => void; children: ReactNode }) {
  const translate = useTranslate();
  return (
    <Stack spacing={0.5} data-testid={`review-${step}`}>
      <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'center' }}>
        <Typography variant="subtitle1">{translate(`kestrel.signup.steps.${step}`)}</Typography>
        <Button size="small" onClick={() => onEdit(STEPS.indexOf(step))}>
          {translate('ra.action.edit')}
        </Button>
      </Stack>
      {children}
    </Stack>
  );
}

function Line({ label, value }: { label: string; value?: string }) {
  const translate = useTranslate();
  return (
    <Typography variant="body2">
      <Typography component="span" variant="body2" color="text.secondary">
        {translate(label)}:{' '}
      </Typography>
      {value || '—'}
    </Typography>
  );
}

/** Everything the wizard will send, one section per step, each with a way back to it. */
export function ReviewStep({ onEdit }: { onEdit: (index: number) => void }) {
  const translate = useTranslate();
  const v = useWatch() as SignupValues;
  const plan = v.plan_tier ? PLANS[v.plan_tier as PlanTier] : undefined;
  const hours = WEEKDAYS.flatMap((d) => {
    const day = v.business_hours?.[d];
    return day && typeof day === 'object' ? [`${translate(`kestrel.weekdays_short.${d}`)} ${day.open}–${day.close}`] : [];
  }).join(', ');
  return (
    <Stack spacing={2} divider={<Divider flexItem />}>
      <ReviewSection step="company" onEdit={onEdit}>
        <Line label="kestrel.signup.fields.company_name" value={v.company_name} />
        <Line label="kestrel.signup.fields.industry" value={v.industry && translate(`kestrel.industries.${v.industry}`)} />
        <Line label="kestrel.signup.fields.timezone" value={v.timezone && translate(`kestrel.timezones.${v.timezone}`, { _: v.timezone })} />
      </ReviewSection>
      <ReviewSection step="owner" onEdit={onEdit}>
        <Line label="kestrel.signup.fields.owner_name" value={v.owner_name} />
        <Line label="kestrel.signup.fields.owner_email" value={v.owner_email} />
        <Line label="kestrel.signup.fields.owner_phone" value={v.owner_phone} />
      </ReviewSection>
      <ReviewSection step="subdomain" onEdit={onEdit}>
        <Line label="kestrel.signup.fields.slug" value={v.slug} />
      </ReviewSection>
      <ReviewSection step="plan" onEdit={onEdit}>
        <Line
          label="kestrel.signup.fields.plan_tier"
          value={
            plan &&
            `${translate(`kestrel.plans.${plan.tier}`)} — ${
              plan.priceCents === null ? translate('kestrel.signup.plan_custom_price') : translate('kestrel.signup.plan_price', { price: formatCents(plan.priceCents) })
            }`
          }
        />
      </ReviewSection>
      <ReviewSection step="routing" onEdit={onEdit}>
        <Line label="kestrel.signup.fields.forward_to_number" value={v.forward_to_number} />
        <Line label="kestrel.signup.fields.emergency_phone" value={v.emergency_phone} />
        <Line label="kestrel.signup.business_hours" value={hours || translate('kestrel.hours.closed')} />
      </ReviewSection>
    </Stack>
  );
}
