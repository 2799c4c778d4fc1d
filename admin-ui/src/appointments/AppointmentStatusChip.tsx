import { useRecordContext } from 'react-admin';
import { ValueChip, type ChipColour } from '../fields/ValueChip';
import type { AppointmentRecord } from './appointmentRecord';

/** Blue: booked by the agent, not yet confirmed with the customer; green: confirmed. */
export const APPOINTMENT_COLOURS: Record<string, ChipColour> = {
  scheduled: 'info',
  confirmed: 'success',
  completed: 'default',
  cancelled: 'default',
};

export function AppointmentStatusChip({ status }: { status: string }) {
  return <ValueChip value={status} prefix="kestrel.appointment_status" colours={APPOINTMENT_COLOURS} outlined={['cancelled']} testId="appointment-status" />;
}

export function AppointmentStatusField(_props: { source?: string; label?: string }) {
  const record = useRecordContext<AppointmentRecord>();
  return record?.status ? <AppointmentStatusChip status={record.status} /> : null;
}
