import { useTheme } from '@mui/material';
import { useTranslate } from 'react-admin';
import { Bar, BarChart, CartesianGrid, Cell, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartCard, useChartLook } from '../../dashboard/ChartCard';
import { formatCount } from '../../format';
import type { UsagePeriod } from './billingRecord';
import { useBillingDates } from './billingFormat';

const HEIGHT = 220;

/**
 * The calls of the last periods (the open one last) beside what each period's plan
 * included: the calls red where they went over. A period without a limit has no
 * allowance bar.
 */
export function UsageHistoryChart({ history }: { history?: UsagePeriod[] }) {
  const translate = useTranslate();
  const theme = useTheme();
  const look = useChartLook();
  const dates = useBillingDates();
  const data = history?.map((period) => ({
    label: dates.date(period.period_start),
    period: dates.period(period.period_start, period.period_end),
    used: period.calls_used,
    included: period.calls_included,
    over: period.calls_included !== null && period.calls_used > period.calls_included,
  }));
  return (
    <ChartCard
      title={translate('kestrel.billing.usage_history')}
      subheader={translate('kestrel.billing.usage_history_hint')}
      height={HEIGHT}
      testId="usage-history-chart"
      loaded={data !== undefined}
      emptyText={data?.length === 0 ? 'kestrel.billing.no_usage_history' : undefined}
      variant="outlined"
    >
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke={look.grid} />
        <XAxis dataKey="label" tick={look.tick} minTickGap={8} />
        <YAxis allowDecimals={false} tick={look.tick} />
        <Tooltip
          labelFormatter={(_label, payload) => String((payload?.[0]?.payload as { period?: string } | undefined)?.period ?? _label)}
          formatter={(value, name) => [formatCount(Number(value)), name]}
          cursor={look.hover}
          contentStyle={look.tooltip}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} formatter={(name) => <span style={{ color: theme.palette.text.primary }}>{name}</span>} />
        <Bar dataKey="included" name={translate('kestrel.billing.calls_included')} fill={theme.palette.action.disabled} isAnimationActive={false} radius={[4, 4, 0, 0]} />
        <Bar dataKey="used" name={translate('kestrel.billing.calls_used')} fill={theme.palette.primary.main} isAnimationActive={false} radius={[4, 4, 0, 0]}>
          {data?.map((d) => (
            <Cell key={d.period} fill={d.over ? theme.palette.error.main : theme.palette.primary.main} />
          ))}
        </Bar>
      </BarChart>
    </ChartCard>
  );
}
