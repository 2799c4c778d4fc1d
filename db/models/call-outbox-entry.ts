import type { CallEnded } from '../../domain/call-end';
import { BaseModel } from './base';

/**
 * A call that arrived while Temporal could not be reached, kept until its workflow is
 * started (`call`); or only its final status, for a workflow that must still be told (`status`).
 */
export class CallOutboxEntry extends BaseModel {
  static override tableName = 'call_outbox';
  static override jsonAttributes = ['webhook', 'ended'];

  declare id: string;
  declare tenant_id: string;
  declare call_sid: string;
  declare kind: 'call' | 'status';
  declare webhook: Record<string, string>;
  declare ended: CallEnded | null;
  declare task_queue: string | null;
  declare attempts: number;
  declare last_error: string | null;
  declare received_at: Date;
  declare replayed_at: Date | null;
}
