import DownloadIcon from '@mui/icons-material/Download';
import { Button } from '@mui/material';
import { useTranslate } from 'react-admin';
import { formatBytes } from '../format';
import type { ExportRecord } from './exportRecord';

/**
 * The signed link to the zip. It is the credential (no session needed) and it expires,
 * so it is only shown while the API offers it.
 */
export function DownloadExportLink({ record, variant = 'text' }: { record: ExportRecord; variant?: 'text' | 'contained' }) {
  const translate = useTranslate();
  if (!record.download_url) return null;
  return (
    <Button
      href={record.download_url}
      download
      size="small"
      variant={variant}
      startIcon={<DownloadIcon />}
      data-testid="export-download"
      sx={{ whiteSpace: 'nowrap' }}
    >
      {record.size_bytes != null ? translate('kestrel.exports.download_size', { size: formatBytes(record.size_bytes) }) : translate('kestrel.exports.download')}
    </Button>
  );
}
