import { LinearProgress, Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { formatCount } from '../format';
import type { Usage } from './tenantRecord';

/**
 * The share of the plan's calls used this cycle; orange from 80% (when the warning e-mail
 * goes), red at the limit. Built of spans, so it may sit in a list item's text.
 */
export function UsageBar({ usage, minWidth = 120 }: { usage: Usage; minWidth?: number }) {
  const translate = useTranslate();
  if (usage.included == null) {
    return (
      <Typography variant="body2" component="span" data-testid="usage-bar" data-used={usage.used}>
        {translate('kestrel.usage.unlimited', { used: formatCount(usage.used) })}
      </Typography>
    );
  }
  const ratio = usage.included > 0 ? usage.used / usage.included : 1;
  const label = translate('kestrel.usage.of', { used: formatCount(usage.used), included: formatCount(usage.included) });
  return (
    <Stack component="span" spacing={0.5} sx={{ minWidth }} data-testid="usage-bar" data-used={usage.used} data-included={usage.included}>
      <LinearProgress
        variant="determinate"
        value={Math.min(100, ratio * 100)}
        color={ratio >= 1 ? 'error' : ratio >= 0.8 ? 'warning' : 'primary'}
        aria-label={label}
        sx={{ height: 6, borderRadius: 3 }}
      />
      <Typography variant="caption" color="text.secondary" sx={{ fontVariantNumeric: 'tabular-nums' }}>
        {label}
      </Typography>
    </Stack>
  );
}
