import ArchiveIcon from '@mui/icons-material/Archive';
import { Alert, Button, Stack, Typography } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useGetList, useNotify, useTranslate } from 'react-admin';
import { inProgress, type ExportRecord } from './exportRecord';
import { ExportHistory } from './ExportHistory';
import { ExportProgress } from './ExportProgress';
import { useExportProgress } from './useExportProgress';

const NEWEST_FIRST = { field: 'created_at', order: 'DESC' } as const;
const LAST_TEN = { page: 1, perPage: 10 };

export interface DataExportPanelProps {
  /** `exports` (admin API) or `my-exports` (tenant API). */
  resource: string;
  /** Which exports are this tenant's (the tenant API knows it from the session). */
  filter: Record<string, unknown>;
  /** Starts an export and answers its record. */
  start: () => Promise<ExportRecord>;
  startLabel: string;
  /** Why this person may not start one, if they may not. */
  refusal?: string;
}

/**
 * A tenant's data export (GDPR article 20): a button that starts one, the one under way
 * as a progress bar (its record is asked again until it settles), then its download
 * link, and the exports before it. Operators and the company's own people share it.
 */
export function DataExportPanel({ resource, filter, start, startLabel, refusal }: DataExportPanelProps) {
  const translate = useTranslate();
  const notify = useNotify();
  const [startedId, setStartedId] = useState<string>();
  const history = useGetList<ExportRecord>(resource, { filter, sort: NEWEST_FIRST, pagination: LAST_TEN });
  // An export started before the page opened (or by someone else) is followed as well.
  const followedId = startedId ?? history.data?.find((r) => inProgress(r.status))?.id;
  const { data: followed } = useExportProgress(resource, followedId);
  const running = inProgress(followed?.status);

  const { refetch } = history;
  const settled = followed && !running ? followed.status : undefined;
  useEffect(() => {
    if (settled) void refetch();
  }, [settled, refetch]);

  const { mutate, isPending } = useMutation({
    mutationFn: start,
    onSuccess: (record) => {
      setStartedId(record.id);
      void refetch();
    },
    onError: (error) => notify('kestrel.exports.start_failed', { type: 'error', messageArgs: { reason: (error as Error).message } }),
  });

  return (
    <Stack spacing={3} sx={{ py: 1, maxWidth: 760 }} data-testid="data-export">
      <Stack spacing={1}>
        <Typography variant="body2" color="text.secondary">
          {translate('kestrel.exports.intro')}
        </Typography>
        {refusal ? (
          <Alert severity="info">{refusal}</Alert>
        ) : (
          <Stack direction="row">
            <Button variant="contained" startIcon={<ArchiveIcon />} onClick={() => mutate()} disabled={isPending || running} data-testid="start-export">
              {translate(running ? 'kestrel.exports.under_way' : startLabel)}
            </Button>
          </Stack>
        )}
      </Stack>
      {followedId && <ExportProgress record={followed} />}
      <Stack spacing={1}>
        <Typography variant="subtitle1">{translate('kestrel.exports.history')}</Typography>
        <ExportHistory exports={history.data} isPending={history.isPending} />
      </Stack>
    </Stack>
  );
}
