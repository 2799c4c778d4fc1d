import { useRecordContext } from 'react-admin';
import type { CampaignStatus, EnrollmentStatus } from '../../../../domain/campaigns';
import { ValueChip, type ChipColour } from '../../fields/ValueChip';
import type { CampaignRecord } from './campaignsApi';

const CAMPAIGN_COLOURS: Record<CampaignStatus, ChipColour> = { draft: 'default', active: 'success', paused: 'warning', archived: 'default' };
const ENROLLMENT_COLOURS: Record<EnrollmentStatus, ChipColour> = { active: 'info', paused: 'warning', completed: 'success', exited: 'default', cancelled: 'default' };

export function CampaignStatusChip({ status }: { status: CampaignStatus }) {
  return <ValueChip value={status} prefix="kestrel.campaign_status" colours={CAMPAIGN_COLOURS} outlined={['draft', 'archived']} testId="campaign-status" />;
}

export function CampaignStatusField(_props: { source?: string; label?: string }) {
  const record = useRecordContext<CampaignRecord>();
  return record ? <CampaignStatusChip status={record.status} /> : null;
}

export function EnrollmentStatusChip({ status }: { status: EnrollmentStatus }) {
  return <ValueChip value={status} prefix="kestrel.enrollment_status" colours={ENROLLMENT_COLOURS} outlined={['exited', 'cancelled']} testId="enrollment-status" />;
}
