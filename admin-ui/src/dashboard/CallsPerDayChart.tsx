import { useTheme } from '@mui/material';
import { useTranslate } from 'react-admin';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { CALL_OUTCOMES } from '../calls/choices';
import { formatCount } from '../format';
import { ChartCard, useChartLook } from './ChartCard';
import { outcomeColours } from './chartColours';
import type { Stats } from './stats';

const HEIGHT = 300;
/** Days are UTC dates, as the API counts them. */
const dayLabel = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const formatDay = (day: string) => dayLabel.format(new Date(`${day}T00:00:00Z`));

/** Thirty days of calls, one bar a day, stacked by outcome: how much the agents answer, and how it ends. */
export function CallsPerDayChart({ days }: { days?: Stats['calls_per_day'] }) {
  const translate = useTranslate();
  const theme = useTheme();
  const look = useChartLook();
  const colours = outcomeColours(theme);
  const total = days?.reduce((sum, d) => sum + CALL_OUTCOMES.reduce((n, o) => n + (d[o] ?? 0), 0), 0);
  return (
    <ChartCard
      title={translate('kestrel.dashboard.calls_per_day')}
      subheader={total ? translate('kestrel.dashboard.calls_in_30_days', { smart_count: total, count: formatCount(total) }) : translate('kestrel.dashboard.last_30_days')}
      height={HEIGHT}
      testId="calls-per-day-chart"
      loaded={days !== undefined}
      emptyText={total === 0 ? 'kestrel.dashboard.no_calls' : undefined}
    >
      <BarChart data={days} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke={look.grid} />
        <XAxis dataKey="day" tickFormatter={formatDay} tick={look.tick} minTickGap={16} />
        <YAxis allowDecimals={false} tick={look.tick} />
        <Tooltip labelFormatter={(day) => formatDay(String(day))} contentStyle={look.tooltip} />
        {/* In the outcomes' own order, named in the text colour: the swatch carries the colour. */}
        <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} formatter={(name) => <span style={{ color: theme.palette.text.primary }}>{name}</span>} />
        {CALL_OUTCOMES.map((outcome) => (
          <Bar key={outcome} dataKey={outcome} name={translate(`kestrel.outcomes.${outcome}`)} stackId="calls" fill={colours[outcome]} isAnimationActive={false} />
        ))}
      </BarChart>
    </ChartCard>
  );
}
