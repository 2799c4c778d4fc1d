import { BaseModel } from './base';

/** A webhook event from Stripe, kept so that a redelivery changes nothing. */
export class StripeEvent extends BaseModel {
  static override tableName = 'stripe_events';

  declare id: string;
  declare type: string;
  declare tenant_id: string | null;
  declare received_at: Date;
  declare handed_over_at: Date | null;
}
