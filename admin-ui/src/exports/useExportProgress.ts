import { useGetOne } from 'react-admin';
import { inProgress, type ExportRecord } from './exportRecord';

/** Often enough for a bar that moves, rarely enough for a long export not to load the API. */
const POLL_MS = 1_500;

/**
 * One export, asked again every second and a half while it is pending or running (its
 * progress is live on the server), and left alone once it has settled. `resource` is
 * `exports` for operators and `my-exports` in the tenant portal.
 */
export function useExportProgress(resource: string, id: string | undefined) {
  return useGetOne<ExportRecord>(
    resource,
    { id: id ?? '' },
    { enabled: id != null, refetchInterval: (query) => (inProgress(query.state.data?.status) ? POLL_MS : false) },
  );
}
