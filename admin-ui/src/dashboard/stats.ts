/** What GET /api/admin/stats answers (api/admin/stats.ts). */
export interface Stats {
  tenants: { total: number; by_status: Partial<Record<string, number>> };
  mrr_cents: number;
  trials_ending: Array<{ id: string; company_name: string; trial_ends_at: string }>;
}
