import { Box, Card, CardContent, CardHeader, Skeleton, Typography, useTheme } from '@mui/material';
import { useTranslate } from 'react-admin';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { CALL_OUTCOMES } from '../calls/choices';
import { formatCount } from '../format';
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
  const colours = outcomeColours(theme);
  const total = days?.reduce((sum, d) => sum + CALL_OUTCOMES.reduce((n, o) => n + (d[o] ?? 0), 0), 0);
  return (
    <Card sx={{ height: '100%' }}>
      <CardHeader
        title={translate('kestrel.dashboard.calls_per_day')}
        subheader={total ? translate('kestrel.dashboard.calls_in_30_days', { smart_count: total, count: formatCount(total) }) : translate('kestrel.dashboard.last_30_days')}
      />
      <CardContent>
        {!days ? (
          <Skeleton variant="rectangular" height={HEIGHT} />
        ) : (
          <Box sx={{ position: 'relative', height: HEIGHT }} data-testid="calls-per-day-chart">
            <ResponsiveContainer width="100%" height={HEIGHT} minWidth={0}>
              <BarChart data={days} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} stroke={theme.palette.divider} />
                <XAxis dataKey="day" tickFormatter={formatDay} tick={{ fontSize: 12, fill: theme.palette.text.secondary }} minTickGap={16} />
                <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: theme.palette.text.secondary }} />
                <Tooltip labelFormatter={(day) => formatDay(String(day))} contentStyle={{ background: theme.palette.background.paper, borderColor: theme.palette.divider }} />
                {/* In the outcomes' own order, named in the text colour: the swatch carries the colour. */}
                <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} formatter={(name) => <span style={{ color: theme.palette.text.primary }}>{name}</span>} />
                {CALL_OUTCOMES.map((outcome) => (
                  <Bar key={outcome} dataKey={outcome} name={translate(`kestrel.outcomes.${outcome}`)} stackId="calls" fill={colours[outcome]} isAnimationActive={false} />
                ))}
              </BarChart>
            </ResponsiveContainer>
            {total === 0 && (
              <Typography color="text.secondary" sx={{ position: 'absolute', inset: 0, display: 'flex', alignItems: 'center', justifyContent: 'center', pb: 6, pointerEvents: 'none' }}>
                {translate('kestrel.dashboard.no_calls')}
              </Typography>
            )}
          </Box>
        )}
      </CardContent>
    </Card>
  );
}
