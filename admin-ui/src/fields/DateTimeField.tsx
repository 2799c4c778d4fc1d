import { Box } from '@mui/material';
import { DataTable, useRecordContext, useTranslate, type DataTableColumnProps } from 'react-admin';
import { formatDate, formatDateTime } from '../format';
import { useCompanyZone, type ZonedRecord } from './companyTimeZone';
import { valueAt } from './valueAt';

/**
 * A record's date and time, read the same way on every page: "Dec 7, 2026, 9:00 AM". Times
 * that belong to a company (`inCompanyZone`: a call, a visit) are shown in the company's
 * zone, named: "Dec 7, 2026, 9:00 AM EST"; the operator's own (a dead letter, an e-mail
 * sent) in the viewer's. `dateOnly` leaves the time out.
 */
export function DateTimeField({
  source,
  inCompanyZone = false,
  dateOnly = false,
  emptyText = '—',
}: {
  source: string;
  /** For react-admin's column and Labeled headers. */
  label?: string;
  inCompanyZone?: boolean;
  dateOnly?: boolean;
  emptyText?: string;
}) {
  const translate = useTranslate();
  const record = useRecordContext<ZonedRecord & Record<string, unknown>>();
  const zoneOf = useCompanyZone();
  if (!record) return null;
  const value = valueAt(record, source) as string | null | undefined;
  const zone = inCompanyZone ? zoneOf(record) : undefined;
  // A company's zone still being read: nothing rather than a time in the wrong zone.
  if (inCompanyZone && !zone) return null;
  const text = dateOnly ? formatDate(value, zone) : formatDateTime(value, zone);
  return (
    <Box component="span" sx={{ whiteSpace: 'nowrap' }} data-testid={`time-${source}`}>
      {text || (emptyText && translate(emptyText, { _: emptyText }))}
    </Box>
  );
}

/** A table column of times that belong to a company (a call's start, a visit's), each in its company's zone. */
export function CompanyTimeColumn({ source, ...column }: DataTableColumnProps & { source: string }) {
  return (
    <DataTable.Col source={source} {...column}>
      <DateTimeField source={source} inCompanyZone />
    </DataTable.Col>
  );
}
