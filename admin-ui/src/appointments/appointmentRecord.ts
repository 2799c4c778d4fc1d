/** A row of `GET /api/admin/appointments`. */
export interface AppointmentRecord {
  id: string;
  tenant_id: string;
  company_name: string;
  call_sid: string | null;
  customer_name: string;
  callback_number: string | null;
  service_type: string | null;
  starts_at: string;
  duration_minutes: number;
  notes: string | null;
  status: string;
  created_at: string;
  updated_at: string;
}
