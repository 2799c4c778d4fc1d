import type { MessageChannel, MessageDirection, MessageKind, MessageStatus } from '../../domain/messaging';
import { BaseModel } from './base';

/** A text to or from one of a company's customers (the one message log, both directions). */
export class Message extends BaseModel {
  static override tableName = 'messages';

  declare id: string;
  declare tenant_id: string;
  declare direction: MessageDirection;
  declare channel: MessageChannel;
  declare kind: MessageKind;
  declare contact_id: string | null;
  declare from_number: string;
  declare to_number: string;
  declare body: string;
  /** stop | start | help, when an inbound text was one. */
  declare keyword: string | null;
  declare segments: number | null;
  declare status: MessageStatus;
  declare twilio_sid: string | null;
  declare error_code: number | null;
  declare error_meaning: string | null;
  /** Unique per tenant: the same key never sends twice. Null for inbound texts. */
  declare idempotency_key: string | null;
  /** Held for quiet hours: not before this. */
  declare send_after: Date | null;
  declare appointment_id: string | null;
  declare sent_by: string | null;
  declare attempted_at: Date | null;
  declare sent_at: Date | null;
  declare status_changed_at: Date | null;
  declare created_at: Date;
  declare updated_at: Date;
}
