import { TimestampedModel } from './base';

export interface TranscriptTurn {
  role: 'caller' | 'agent';
  text: string;
  at: string;
}

export class CallLog extends TimestampedModel {
  static override tableName = 'call_logs';
  static override jsonAttributes = ['transcript', 'details'];

  declare id: string;
  declare tenant_id: string;
  declare call_sid: string;
  declare from_number: string | null;
  declare to_number: string | null;
  declare direction: string;
  declare status: string;
  declare started_at: Date;
  declare ended_at: Date | null;
  declare duration_seconds: number | null;
  declare transcript: TranscriptTurn[];
  declare summary: string | null;
  declare outcome: string | null;
  declare details: Record<string, unknown>;
  declare appointment_id: string | null;
  declare transferred_to: string | null;
  declare over_limit: boolean;
  declare is_test: boolean;
}
