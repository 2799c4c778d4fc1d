import { Alert, LinearProgress, Skeleton, Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { formatCount, formatDateTime } from '../format';
import { DownloadExportLink } from './DownloadExportLink';
import { inProgress, type ExportRecord } from './exportRecord';
import { ExportStatusChip } from './ExportStatusChip';

/** How far the export is: rows written of the rows counted, and the table being written. */
function ProgressLine({ record }: { record: ExportRecord }) {
  const translate = useTranslate();
  const rows =
    record.rows_total != null
      ? translate('kestrel.exports.rows_of', { written: formatCount(record.rows_written), total: formatCount(record.rows_total) })
      : translate('kestrel.exports.rows', { smart_count: record.rows_written, written: formatCount(record.rows_written) });
  return (
    <Typography variant="body2" color="text.secondary" sx={{ fontVariantNumeric: 'tabular-nums', overflowWrap: 'anywhere' }}>
      {record.current_table ? `${rows} · ${translate('kestrel.exports.writing', { table: record.current_table })}` : rows}
    </Typography>
  );
}

/** The export being followed: a bar while it runs, then the link (or what went wrong). */
export function ExportProgress({ record }: { record: ExportRecord | undefined }) {
  const translate = useTranslate();
  if (!record) return <Skeleton variant="rectangular" height={56} />;
  const running = inProgress(record.status);
  const percent = Math.max(0, Math.min(100, record.progress_percent));
  return (
    <Stack spacing={1} data-testid="export-progress" data-status={record.status} data-percent={percent}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
        <ExportStatusChip status={record.status} />
        <Typography variant="body2" sx={{ fontVariantNumeric: 'tabular-nums' }} data-testid="export-percent">
          {translate('kestrel.exports.percent', { percent })}
        </Typography>
        {record.status === 'completed' && <DownloadExportLink record={record} variant="contained" />}
      </Stack>
      <LinearProgress
        variant={record.status === 'pending' ? 'indeterminate' : 'determinate'}
        value={percent}
        color={record.status === 'failed' ? 'error' : record.status === 'completed' ? 'success' : 'primary'}
        aria-label={translate('kestrel.exports.progress_label', { percent })}
        sx={{ height: 8, borderRadius: 4 }}
      />
      {(running || record.status === 'completed') && <ProgressLine record={record} />}
      {record.status === 'completed' && record.expires_at && (
        <Typography variant="caption" color="text.secondary">
          {translate('kestrel.exports.link_expires', { at: formatDateTime(record.expires_at) })}
        </Typography>
      )}
      {record.status === 'failed' && <Alert severity="error">{translate('kestrel.exports.failed', { reason: record.error ?? '' })}</Alert>}
    </Stack>
  );
}
