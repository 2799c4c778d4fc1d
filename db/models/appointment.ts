import { TimestampedModel } from './base';

/** The values the appointments_status_check constraint allows. */
export const APPOINTMENT_STATUSES = ['scheduled', 'confirmed', 'completed', 'cancelled'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export class Appointment extends TimestampedModel {
  static override tableName = 'appointments';

  declare id: string;
  declare tenant_id: string;
  declare call_sid: string | null;
  declare customer_name: string;
  declare callback_number: string | null;
  declare service_type: string | null;
  declare starts_at: Date;
  declare duration_minutes: number;
  declare notes: string | null;
  /** Where the visit is; null for a visit without an address (at the company's own shop). */
  declare service_street: string | null;
  declare service_city: string | null;
  declare service_postal_code: string | null;
  declare status: AppointmentStatus;
  /** The customer answered a reminder with R: the office is to call about another time. */
  declare reschedule_requested_at: Date | null;
  /** Sandbox data: booked in test mode or through a test API key. */
  declare is_test: boolean;
}
