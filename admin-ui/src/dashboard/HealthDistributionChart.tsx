import { Chip, Stack, useTheme } from '@mui/material';
import { useTranslate } from 'react-admin';
import { Link, useNavigate } from 'react-router-dom';
import { Bar, BarChart, CartesianGrid, Cell, Tooltip, XAxis, YAxis } from 'recharts';
import { HEALTH_BANDS, type HealthBand } from '../catalogue';
import { formatCount } from '../format';
import { BAND_COLOURS } from '../tenants/health/HealthChip';
import { ChartCard, useChartLook } from './ChartCard';
import type { Stats } from './stats';

const HEIGHT = 260;
type Column = HealthBand | 'unscored';
const COLUMNS: readonly Column[] = [...HEALTH_BANDS, 'unscored'];

/** The tenant list's filter for a band; unscored tenants have no band to filter by. */
const listOf = (band: Column) => (band === 'unscored' ? null : `/tenants?filter=${encodeURIComponent(JSON.stringify({ health_band: band }))}`);

/** Each band's count as a chip in its colour, opening the list of its tenants: the chart's figures, to read and to click. */
function BandLinks({ data }: { data: Array<{ band: Column; label: string; tenants: number }> }) {
  return (
    <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', rowGap: 1, pt: 1 }} data-testid="health-bands">
      {data.map((d) => {
        const to = listOf(d.band);
        const chip = {
          size: 'small' as const,
          label: `${d.label}: ${formatCount(d.tenants)}`,
          color: d.band === 'unscored' ? ('default' as const) : BAND_COLOURS[d.band],
          variant: d.band === 'unscored' ? ('outlined' as const) : ('filled' as const),
          'data-testid': `health-band-${d.band}`,
          'data-count': d.tenants,
        };
        return to ? <Chip key={d.band} {...chip} component={Link} to={to} clickable /> : <Chip key={d.band} {...chip} />;
      })}
    </Stack>
  );
}

/**
 * Live tenants by the band of their latest health score, in the health chips' colours;
 * a bar, or its chip, opens the tenant list filtered to its band.
 */
export function HealthDistributionChart({ distribution }: { distribution?: Stats['health_distribution'] }) {
  const translate = useTranslate();
  const theme = useTheme();
  const look = useChartLook();
  const navigate = useNavigate();
  const colours: Record<Column, string> = {
    healthy: theme.palette.success.main,
    at_risk: theme.palette.warning.main,
    critical: theme.palette.error.main,
    unscored: theme.palette.grey[500],
  };
  const data = distribution && COLUMNS.map((band) => ({ band, label: translate(band === 'unscored' ? 'kestrel.health.unscored' : `kestrel.health.bands.${band}`), tenants: distribution[band] ?? 0 }));
  const total = data?.reduce((sum, d) => sum + d.tenants, 0);
  return (
    <ChartCard
      title={translate('kestrel.dashboard.health_distribution')}
      subheader={translate('kestrel.dashboard.health_distribution_hint')}
      height={HEIGHT}
      testId="health-distribution-chart"
      loaded={data !== undefined}
      emptyText={total === 0 ? 'kestrel.dashboard.no_health' : undefined}
      footer={data && <BandLinks data={data} />}
    >
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke={look.grid} />
        <XAxis dataKey="label" interval={0} tick={look.tick} />
        <YAxis allowDecimals={false} tick={look.tick} />
        <Tooltip formatter={(n) => [formatCount(Number(n)), translate('kestrel.dashboard.total')]} cursor={look.hover} contentStyle={look.tooltip} />
        <Bar
          dataKey="tenants"
          isAnimationActive={false}
          radius={[4, 4, 0, 0]}
          onClick={(entry: { payload?: { band?: Column } }) => {
            const to = entry.payload?.band && listOf(entry.payload.band);
            if (to) navigate(to);
          }}
          cursor="pointer"
        >
          {data?.map((d) => (
            <Cell key={d.band} fill={colours[d.band]} />
          ))}
        </Bar>
      </BarChart>
    </ChartCard>
  );
}
