import { BaseModel } from './base';

/** One charge of an invoice tried, and how it went. */
export class PaymentAttempt extends BaseModel {
  static override tableName = 'payment_attempts';

  declare id: string;
  declare tenant_id: string;
  declare invoice_id: string;
  declare attempt_key: string;
  declare outcome: 'succeeded' | 'failed';
  declare amount_cents: number;
  declare currency: string;
  declare decline_code: string | null;
  declare reason: string | null;
  declare attempted_at: Date;
}
