/** One entry of GET /api/admin/attention (api/admin/attention.ts): work still retrying, or running past its bound. */
export interface AttentionItem {
  kind: 'retrying_activity' | 'overdue_workflow';
  workflow_id: string;
  run_id: string | null;
  workflow_type: string;
  tenant_id: string | null;
  activity_type: string | null;
  attempt: number | null;
  error: string | null;
  /** The first failed attempt, or when the overdue workflow started. */
  since: string;
  /** The workflow's page in Temporal's Web UI, when the deployment says where it is. */
  temporal_ui: string | null;
}

export interface Attention {
  items: AttentionItem[];
  /** False when Temporal did not answer in time and the list may be short. */
  complete: boolean;
}
