import { Box } from '@mui/material';
import { Show, useShowContext, useTranslate } from 'react-admin';
import { CallPage } from '../../calls/CallPage';
import type { CallRecord } from '../../calls/callRecord';
import { RecordLoadError } from '../../feedback/LoadError';
import { formatPhone } from '../../format';
import { PortalTimeZone } from '../companyTimeZone';
import { PORTAL_RESOURCES } from '../tenantDataProvider';

function CallTitle() {
  const translate = useTranslate();
  const { record } = useShowContext<CallRecord>();
  if (!record) return null;
  return <>{translate('kestrel.portal.call_title', { from: record.from_number ? formatPhone(record.from_number) : translate('kestrel.calls.unknown_caller') })}</>;
}

/** One of the company's calls, at the company's time: the operator's call page without the operator's facts. */
export function PortalCallShow() {
  return (
    <PortalTimeZone>
      <Show<CallRecord> title={<CallTitle />} error={<RecordLoadError />} actions={false} component={Box}>
        <CallPage appointmentResource={PORTAL_RESOURCES.appointments} />
      </Show>
    </PortalTimeZone>
  );
}
