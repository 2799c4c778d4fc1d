import type { MessageKind } from '../../domain/messaging';
import { TimestampedModel } from './base';

/** A company's own wording of one kind of message (absent: the default of domain/messaging.ts). */
export class MessageTemplate extends TimestampedModel {
  static override tableName = 'message_templates';

  declare id: string;
  declare tenant_id: string;
  declare kind: MessageKind;
  declare body: string;
  declare updated_by: string | null;
}
