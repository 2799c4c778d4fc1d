import { Box } from '@mui/material';
import { Show, useShowContext, useTranslate } from 'react-admin';
import { RecordLoadError } from '../feedback/LoadError';
import { formatPhone } from '../format';
import { CallPage } from './CallPage';
import type { CallRecord } from './callRecord';

function CallTitle() {
  const translate = useTranslate();
  const { record } = useShowContext<CallRecord>();
  if (!record) return null;
  return <>{translate('kestrel.calls.title', { from: record.from_number ? formatPhone(record.from_number) : translate('kestrel.calls.unknown_caller'), company: record.company_name })}</>;
}

/** One call of any company, in that company's time, with the operator's facts beside the company's. */
export function CallShow() {
  return (
    <Show<CallRecord> title={<CallTitle />} error={<RecordLoadError />} actions={false} component={Box}>
      <CallPage appointmentResource="appointments" operatorFacts />
    </Show>
  );
}
