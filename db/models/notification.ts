import { TimestampedModel } from './base';

export class Notification extends TimestampedModel {
  static override tableName = 'notifications';
  static override jsonAttributes = ['payload'];

  declare id: string;
  declare tenant_id: string | null;
  declare channel: 'email' | 'sms';
  declare template: string;
  declare recipient: string;
  declare subject: string | null;
  declare idempotency_key: string;
  declare status: string;
  declare provider_id: string | null;
  declare error: string | null;
  declare payload: Record<string, unknown>;
  /** The e-mail this one sends again (an operator's re-send), if it is one. */
  declare resend_of: string | null;
  declare sent_at: Date | null;
}
