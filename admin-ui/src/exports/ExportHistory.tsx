import { Divider, LinearProgress, Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { formatBytes, formatCount, formatDateTime } from '../format';
import { DownloadExportLink } from './DownloadExportLink';
import type { ExportRecord } from './exportRecord';
import { ExportStatusChip } from './ExportStatusChip';
import { useRequester } from './RequestedBy';

/** What one past export holds, in a line: rows and size once it is written. */
function Figures({ record }: { record: ExportRecord }) {
  const translate = useTranslate();
  const parts = [
    record.status === 'completed' ? translate('kestrel.exports.rows', { smart_count: record.rows_written, written: formatCount(record.rows_written) }) : null,
    record.size_bytes != null ? formatBytes(record.size_bytes) : null,
    record.status === 'completed' && record.expires_at ? translate('kestrel.exports.link_expires', { at: formatDateTime(record.expires_at) }) : null,
    record.status === 'failed' && record.error ? record.error : null,
  ].filter(Boolean);
  return parts.length > 0 ? (
    <Typography variant="caption" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
      {parts.join(' · ')}
    </Typography>
  ) : null;
}

/**
 * Earlier exports, newest first, each with its link while the file may still be
 * downloaded. One line each on a desk; on a phone the link wraps under the rest.
 */
export function ExportHistory({ exports, isPending }: { exports: ExportRecord[] | undefined; isPending: boolean }) {
  const translate = useTranslate();
  const requester = useRequester();
  if (isPending) return <LinearProgress />;
  if (!exports?.length) return <Typography color="text.secondary">{translate('kestrel.exports.none')}</Typography>;
  return (
    <Stack divider={<Divider flexItem />} spacing={1} data-testid="export-history">
      {exports.map((record) => (
        <Stack
          key={record.id}
          direction={{ xs: 'column', sm: 'row' }}
          spacing={{ xs: 0.5, sm: 2 }}
          sx={{ alignItems: { sm: 'center' }, justifyContent: 'space-between' }}
          data-testid="export-row"
          data-status={record.status}
        >
          <Stack spacing={0.25} sx={{ minWidth: 0 }}>
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 0.5 }}>
              <ExportStatusChip status={record.status} />
              <Typography variant="body2">{formatDateTime(record.created_at)}</Typography>
              <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
                {translate('kestrel.exports.requested_by', { who: requester(record.requested_by) })}
              </Typography>
            </Stack>
            <Figures record={record} />
          </Stack>
          <DownloadExportLink record={record} />
        </Stack>
      ))}
    </Stack>
  );
}
