import { Divider, Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { HEALTH_RULES, type HealthBreakdown as Breakdown } from '../../catalogue';
import { formatCount, formatDateTime } from '../../format';
import type { HealthInputs } from './healthRecord';

type Rule = keyof Breakdown;
const RULES: readonly Rule[] = ['usage', 'engagement', 'support', 'payment'];

/** Each rule's thresholds and deduction, from the domain's table, for its sentence. */
const RULE_ARGS: Record<Rule, Record<string, number>> = {
  usage: { share: HEALTH_RULES.usage.belowShare * 100, deduction: -HEALTH_RULES.usage.deduction },
  engagement: { days: HEALTH_RULES.engagement.days, deduction: -HEALTH_RULES.engagement.deduction },
  support: { more_than: HEALTH_RULES.support.moreThan, deduction: -HEALTH_RULES.support.deduction },
  payment: { deduction: -HEALTH_RULES.payment.deduction },
};

/** What each rule read, in words, from the figures the score was computed from. */
function useFigures() {
  const translate = useTranslate();
  return (rule: Rule, inputs: HealthInputs): string => {
    switch (rule) {
      case 'usage':
        return inputs.monthly_call_limit == null
          ? translate('kestrel.health.figures.usage_unlimited', { calls: formatCount(inputs.calls_last_30_days) })
          : translate('kestrel.health.figures.usage', {
              calls: formatCount(inputs.calls_last_30_days),
              limit: formatCount(inputs.monthly_call_limit),
              threshold: formatCount(Math.ceil(inputs.monthly_call_limit * HEALTH_RULES.usage.belowShare)),
            });
      case 'engagement':
        return translate('kestrel.health.figures.engagement', {
          smart_count: inputs.calls_last_7_days,
          calls: formatCount(inputs.calls_last_7_days),
          last: inputs.last_call_at ? formatDateTime(inputs.last_call_at) : translate('kestrel.health.figures.never'),
        });
      case 'support':
        return translate('kestrel.health.figures.support', { smart_count: inputs.support_tickets_this_month, sessions: formatCount(inputs.support_tickets_this_month) });
      case 'payment':
        return translate('kestrel.health.figures.payment', { status: translate(`kestrel.status.${inputs.status}`, { _: inputs.status }) });
    }
  };
}

function Deduction({ points }: { points: number }) {
  const translate = useTranslate();
  return (
    <Typography
      variant="body1"
      color={points < 0 ? 'error' : 'text.secondary'}
      sx={{ fontVariantNumeric: 'tabular-nums', fontWeight: points < 0 ? 600 : undefined, minWidth: 48, textAlign: { sm: 'right' } }}
      data-testid="deduction"
    >
      {points < 0 ? `−${Math.abs(points)}` : translate('kestrel.health.no_deduction')}
    </Typography>
  );
}

/**
 * The score as 100 less what each rule took: for every rule, what it checks, the figures
 * it read and what it deducted.
 */
export function HealthBreakdown({ breakdown, inputs }: { breakdown: Breakdown; inputs: HealthInputs }) {
  const translate = useTranslate();
  const figures = useFigures();
  return (
    <Stack divider={<Divider flexItem />} spacing={1.5} data-testid="health-breakdown">
      {RULES.map((rule) => (
        <Stack key={rule} direction={{ xs: 'column', sm: 'row' }} spacing={{ xs: 0.5, sm: 2 }} sx={{ alignItems: { sm: 'center' } }} data-testid={`health-rule-${rule}`}>
          <Stack spacing={0.25} sx={{ flex: 1, minWidth: 0 }}>
            <Typography variant="subtitle2">{translate(`kestrel.health.rules.${rule}.name`)}</Typography>
            <Typography variant="caption" color="text.secondary">
              {translate(`kestrel.health.rules.${rule}.rule`, RULE_ARGS[rule])}
            </Typography>
            <Typography variant="body2" data-testid="health-figures">
              {figures(rule, inputs)}
            </Typography>
          </Stack>
          <Deduction points={breakdown[rule]} />
        </Stack>
      ))}
    </Stack>
  );
}
