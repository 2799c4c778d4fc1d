/** A number the provider offers now (`GET /api/admin/tenants/:id/available-numbers`, Twilio's search). */
export interface AvailableNumber {
  phone_number: string;
  friendly_name: string;
  locality: string | null;
  region: string | null;
  capabilities: { voice: boolean; sms: boolean; mms: boolean };
}
