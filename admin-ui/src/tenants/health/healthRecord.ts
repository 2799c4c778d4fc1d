import type { HealthBand, HealthBreakdown, HealthScoreInputs } from '../../catalogue';

/** One day's score (GET /api/admin/tenants/:id/health, api/admin/health.ts). */
export interface HealthScoreDay {
  /** YYYY-MM-DD, UTC. */
  day: string;
  computed_at: string;
  score: number;
  band: HealthBand;
  breakdown: HealthBreakdown;
}

/** The figures the latest score was computed from. */
export type HealthInputs = HealthScoreInputs;

export interface TenantHealth {
  tenant_id: string;
  latest: (HealthScoreDay & { inputs: HealthInputs }) | null;
  /** Oldest first. */
  history: HealthScoreDay[];
}

/** What scoring one tenant now answers: its health (200), or the run still going (202). */
export type HealthRecompute = (TenantHealth & { alerted: boolean }) | { workflow_id: string };
