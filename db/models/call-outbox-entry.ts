import { BaseModel } from './base';

/** A call that arrived while Temporal could not be reached, kept until its workflow is started. */
export class CallOutboxEntry extends BaseModel {
  static override tableName = 'call_outbox';
  static override jsonAttributes = ['webhook'];

  declare id: string;
  declare tenant_id: string;
  declare call_sid: string;
  declare webhook: Record<string, string>;
  declare attempts: number;
  declare last_error: string | null;
  declare received_at: Date;
  declare replayed_at: Date | null;
}
