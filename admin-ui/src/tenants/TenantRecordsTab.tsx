import { Box, Divider, LinearProgress, Stack, Typography, useMediaQuery, type Theme } from '@mui/material';
import type { ReactElement, ReactNode } from 'react';
import { Pagination, ReferenceManyField, useListContext, useTranslate, type RaRecord } from 'react-admin';

interface TenantRecordsTabProps {
  /** The admin API's resource, filtered by the tenant's id. */
  reference: string;
  /** The time the records are listed by, newest first. */
  newestBy: string;
  /** A message key: what the tab says when there is nothing to list. */
  empty: string;
  table: ReactElement;
  /** What a phone shows instead of the table, where its columns would not fit. */
  narrowList: ReactElement;
}

/**
 * A tab of a tenant's page that lists one kind of its records, newest first, 25 a page:
 * a table, or on a phone a list that reads top to bottom.
 */
export function TenantRecordsTab({ reference, newestBy, empty, table, narrowList }: TenantRecordsTabProps) {
  const translate = useTranslate();
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  return (
    <ReferenceManyField
      reference={reference}
      target="tenant_id"
      sort={{ field: newestBy, order: 'DESC' }}
      perPage={25}
      pagination={<Pagination rowsPerPageOptions={[25, 50, 100]} />}
      empty={<Typography color="text.secondary" sx={{ py: 2 }}>{translate(empty)}</Typography>}
    >
      {narrow ? (
        narrowList
      ) : (
        // A table wider than the tab scrolls within it, not the page.
        <Box sx={{ overflowX: 'auto' }}>{table}</Box>
      )}
    </ReferenceManyField>
  );
}

/** The records of the list around it, one entry each, divided by lines. */
export function RecordEntries<T extends RaRecord>({ testId, entryTestId, children }: { testId: string; entryTestId?: string; children: (record: T) => ReactNode }) {
  const { data, isPending } = useListContext<T>();
  if (isPending) return <LinearProgress sx={{ my: 2 }} />;
  return (
    <Stack divider={<Divider flexItem />} spacing={1.5} sx={{ py: 1 }} data-testid={testId}>
      {(data ?? []).map((record) => (
        <Stack key={record.id} spacing={0.5} data-testid={entryTestId}>
          {children(record)}
        </Stack>
      ))}
    </Stack>
  );
}
