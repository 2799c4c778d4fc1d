import { Box } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { formatPhone } from '../format';
import { valueAt } from './valueAt';

/**
 * A phone number as people write it: "(617) 466-8365" for a US number, "+44 20 7183 8750"
 * for another country's. It is stored, typed and exported in E.164 (+16174668365), which
 * the number's title keeps at hand.
 */
export function PhoneNumber({ value, emptyText = '—', testId }: { value: string | null | undefined; emptyText?: string; testId?: string }) {
  const translate = useTranslate();
  if (!value) return <>{emptyText && translate(emptyText, { _: emptyText })}</>;
  return (
    <Box component="span" title={value} sx={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }} data-testid={testId} data-e164={value}>
      {formatPhone(value)}
    </Box>
  );
}

/** The record's number at `source`, written as people write it. */
export function PhoneField({ source, emptyText = '—' }: { source: string; label?: string; emptyText?: string; sortable?: boolean }) {
  const record = useRecordContext();
  if (!record) return null;
  return <PhoneNumber value={valueAt(record, source) as string | null | undefined} emptyText={emptyText} />;
}
