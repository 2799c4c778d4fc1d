import type { AppointmentRecord } from '../appointments/appointmentRecord';

export interface CallDetails {
  customer_name?: string | null;
  callback_number?: string | null;
  service_type?: string | null;
  sentiment?: string | null;
}

export interface TranscriptTurn {
  role: 'caller' | 'agent';
  text: string;
  at?: string;
}

/** A row of `GET /api/admin/calls`; the transcript and the appointment come with one call only. */
export interface CallRecord {
  id: string;
  tenant_id: string;
  company_name: string;
  /** The company's time zone (IANA): the call's times are shown there. */
  tenant_timezone?: string;
  call_sid: string;
  from_number: string | null;
  to_number: string | null;
  status: string;
  started_at: string;
  ended_at: string | null;
  duration_seconds: number | null;
  summary: string | null;
  outcome: string | null;
  details: CallDetails | null;
  appointment_id: string | null;
  transferred_to: string | null;
  over_limit: boolean;
  is_test: boolean;
  transcript?: TranscriptTurn[];
  appointment?: AppointmentRecord | null;
}
