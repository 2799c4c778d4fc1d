import { useTheme } from '@mui/material';
import { useTranslate } from 'react-admin';
import { Bar, BarChart, CartesianGrid, Cell, Tooltip, XAxis, YAxis } from 'recharts';
import { PLAN_TIERS } from '../catalogue';
import { formatCents } from '../format';
import { ChartCard, useChartLook } from './ChartCard';
import type { Stats } from './stats';

const HEIGHT = 300;
const compactDollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 1 });
/** With no revenue the axis still reads as money, up to $1K, rather than five ticks of $0. */
const EMPTY_SCALE_CENTS = 100_000;

/** Monthly revenue of paying tenants by the plan they are billed for. */
export function MrrByPlanChart({ mrr }: { mrr?: Stats['mrr_by_plan'] }) {
  const translate = useTranslate();
  const theme = useTheme();
  const look = useChartLook();
  const shades = [theme.palette.primary.light, theme.palette.primary.main, theme.palette.primary.dark, theme.palette.secondary.main];
  const data = mrr && PLAN_TIERS.map((tier) => ({ tier, plan: translate(`kestrel.plans.${tier}`), cents: mrr[tier] ?? 0 }));
  const empty = data?.every((d) => d.cents === 0);
  return (
    <ChartCard
      title={translate('kestrel.dashboard.mrr_by_plan')}
      subheader={translate('kestrel.dashboard.mrr_by_plan_hint')}
      height={HEIGHT}
      testId="mrr-by-plan-chart"
      loaded={data !== undefined}
      emptyText={empty ? 'kestrel.dashboard.no_revenue' : undefined}
      emptySx={{ pl: 12, pb: 4 }}
    >
      <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke={look.grid} />
        <XAxis type="number" domain={empty ? [0, EMPTY_SCALE_CENTS] : [0, 'auto']} tickFormatter={(cents: number) => compactDollars.format(cents / 100)} tick={look.tick} />
        <YAxis type="category" dataKey="plan" width={96} tick={look.tick} />
        <Tooltip formatter={(cents) => [formatCents(Number(cents)), translate('kestrel.dashboard.mrr')]} cursor={look.hover} contentStyle={look.tooltip} />
        <Bar dataKey="cents" isAnimationActive={false} radius={[0, 4, 4, 0]}>
          {data?.map((d, i) => (
            <Cell key={d.tier} fill={shades[i % shades.length]} />
          ))}
        </Bar>
      </BarChart>
    </ChartCard>
  );
}
