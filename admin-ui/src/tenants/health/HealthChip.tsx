import { Chip, type ChipProps } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import type { HealthBand } from '../../catalogue';

/** The same colours as the dashboard's distribution: green healthy, orange at risk, red critical. */
export const BAND_COLOURS: Record<HealthBand, ChipProps['color']> = { healthy: 'success', at_risk: 'warning', critical: 'error' };

/**
 * A score with its band, e.g. "80 · Healthy" (the band alone beside a score already
 * shown large); a tenant not scored yet says so, in grey.
 */
export function HealthChip({
  score,
  band,
  size = 'small',
  withScore = true,
}: {
  score: number | null | undefined;
  band: HealthBand | null | undefined;
  size?: ChipProps['size'];
  withScore?: boolean;
}) {
  const translate = useTranslate();
  if (score == null || !band) {
    return <Chip size={size} variant="outlined" label={translate('kestrel.health.unscored')} data-testid="health-chip" data-band="unscored" />;
  }
  return (
    <Chip
      size={size}
      color={BAND_COLOURS[band]}
      label={withScore ? translate('kestrel.health.chip', { score, band: translate(`kestrel.health.bands.${band}`) }) : translate(`kestrel.health.bands.${band}`)}
      data-testid="health-chip"
      data-band={band}
      data-score={score}
      sx={{ fontVariantNumeric: 'tabular-nums' }}
    />
  );
}

/** The list row's latest score. */
export function HealthField(_props: { source?: string; label?: string }) {
  const record = useRecordContext<{ health_score?: number | null; health_band?: HealthBand | null }>();
  return record ? <HealthChip score={record.health_score} band={record.health_band} /> : null;
}
