import DownloadIcon from '@mui/icons-material/Download';
import { useMutation } from '@tanstack/react-query';
import { Button, useDataProvider, useListContext, useNotify } from 'react-admin';
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
 * Downloads the calls the list shows (its filter and sort, every page) as CSV. The admin
 * API wants the operator token, which a plain link cannot send, so the file is fetched
 * and handed to the browser as a blob.
 */
export function ExportCallsButton() {
  const { filterValues, sort, total } = useListContext();
  const dataProvider = useDataProvider<KestrelDataProvider>();
  const notify = useNotify();
  const { mutate, isPending } = useMutation({
    mutationFn: () => dataProvider.exportCalls({ filter: filterValues, sort }),
    onSuccess: saveFile,
    onError: (error: Error) => notify('kestrel.calls.export_failed', { type: 'error', messageArgs: { reason: error.message } }),
  });
  return (
    <Button label="ra.action.export" onClick={() => mutate()} disabled={isPending || total === 0} data-testid="export-calls">
      <DownloadIcon />
    </Button>
  );
}
