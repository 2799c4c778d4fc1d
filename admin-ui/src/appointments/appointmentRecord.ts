/** Where the visit is: as the caller gave it, or as the company put it right. */
export interface ServiceAddress {
  street: string;
  city: string;
  postal_code: string | null;
}

/** A row of `GET /api/admin/appointments`. */
export interface AppointmentRecord {
  id: string;
  tenant_id: string;
  company_name: string;
  /** The company's time zone (IANA), where the visit happens. */
  tenant_timezone?: string;
  call_sid: string | null;
  customer_name: string;
  callback_number: string | null;
  service_type: string | null;
  service_address?: ServiceAddress | null;
  starts_at: string;
  duration_minutes: number;
  notes: string | null;
  status: string;
  created_at: string;
  updated_at: string;
}
