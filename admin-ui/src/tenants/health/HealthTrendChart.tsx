import { Box, Typography, useTheme } from '@mui/material';
import { useTranslate } from 'react-admin';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { HEALTH_ALERT_BELOW, HEALTH_BAND_RANGES } from '../../catalogue';
import type { HealthScoreDay } from './healthRecord';

const HEIGHT = 240;
/** Days are UTC dates, as the scores are kept. */
const dayLabel = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const formatDay = (day: string) => dayLabel.format(new Date(`${day}T00:00:00Z`));

/** The daily scores, with the lines where a tenant turns at risk (70) and critical (50, when customer success is told). */
export function HealthTrendChart({ history }: { history: HealthScoreDay[] }) {
  const translate = useTranslate();
  const theme = useTheme();
  const tick = { fontSize: 12, fill: theme.palette.text.secondary };
  if (history.length === 0) {
    return (
      <Typography color="text.secondary" sx={{ height: HEIGHT, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
        {translate('kestrel.health.no_history')}
      </Typography>
    );
  }
  return (
    <Box sx={{ height: HEIGHT }} data-testid="health-trend-chart">
      <ResponsiveContainer width="100%" height={HEIGHT} minWidth={0}>
        <LineChart data={history} margin={{ top: 8, right: 16, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke={theme.palette.divider} />
          <XAxis dataKey="day" tickFormatter={formatDay} tick={tick} minTickGap={16} />
          <YAxis domain={[0, 100]} ticks={[0, 25, HEALTH_ALERT_BELOW, HEALTH_BAND_RANGES.healthy[0], 100]} tick={tick} />
          <ReferenceLine y={HEALTH_BAND_RANGES.healthy[0]} stroke={theme.palette.warning.main} strokeDasharray="4 4" />
          <ReferenceLine y={HEALTH_ALERT_BELOW} stroke={theme.palette.error.main} strokeDasharray="4 4" />
          <Tooltip
            labelFormatter={(day) => formatDay(String(day))}
            formatter={(score) => [score, translate('kestrel.health.score')]}
            contentStyle={{ background: theme.palette.background.paper, borderColor: theme.palette.divider }}
          />
          <Line type="linear" dataKey="score" stroke={theme.palette.primary.main} strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </Box>
  );
}
