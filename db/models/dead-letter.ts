import { TimestampedModel } from './base';

export class DeadLetter extends TimestampedModel {
  static override tableName = 'dead_letters';
  static override jsonAttributes = ['input'];

  declare id: string;
  declare tenant_id: string | null;
  declare workflow_id: string;
  declare run_id: string | null;
  declare step: string;
  declare input: Record<string, unknown>;
  declare error: string;
  declare attempts: number;
  declare replayed_at: Date | null;
  declare resolved_at: Date | null;
  declare replay_error: string | null;
}
