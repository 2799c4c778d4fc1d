import DownloadIcon from '@mui/icons-material/Download';
import { useMutation } from '@tanstack/react-query';
import { Button, useDataProvider, useListContext, useNotify, useResourceContext } from 'react-admin';
import type { KestrelDataProvider } from '../dataProvider';

function saveFile({ blob, filename }: { blob: Blob; filename: string }) {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  // The browser reads the object URL when the download starts, after this task.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Downloads the calls the list shows (its filter and sort, every page) as CSV: the
 * operator's list from the admin API, a company's own in the portal from the tenant API.
 * Either wants the session, which a plain link cannot send, so the file is fetched and
 * handed to the browser as a blob.
 */
export function ExportCallsButton() {
  const resource = useResourceContext() ?? 'calls';
  const { filterValues, sort, total, data, isPending } = useListContext();
  const dataProvider = useDataProvider<KestrelDataProvider>();
  const notify = useNotify();
  const { mutate, isPending: exporting } = useMutation({
    mutationFn: () => dataProvider.exportCalls({ resource, filter: filterValues, sort }),
    onSuccess: saveFile,
    onError: (error: Error) => notify('kestrel.calls.export_failed', { type: 'error', messageArgs: { reason: error.message } }),
  });
  return (
    // A cursor-paged list (the portal's) has no total: an empty first page says there is nothing.
    <Button label="ra.action.export" onClick={() => mutate()} disabled={exporting || isPending || total === 0 || data?.length === 0} data-testid="export-calls">
      <DownloadIcon />
    </Button>
  );
}
