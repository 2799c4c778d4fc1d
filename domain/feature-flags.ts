import { createHash } from 'node:crypto';

/**
 * Feature flags: a global definition (a default and a rollout percentage) and, per
 * tenant, an optional override. A tenant's place in a rollout is a stable bucket from a
 * hash of the flag and the tenant, so a 10% rollout is the same 10% every time, and
 * raising it to 20% keeps those tenants and adds others.
 *
 * Uses node:crypto, so workflow code does not import this module: workflows receive
 * evaluated flags from an activity or in their input.
 */
export interface FlagDefinition {
  name: string;
  /** The value for tenants outside the rollout and without an override. */
  default: boolean;
  /** 0–100 (hundredths allowed): tenants whose bucket is below it get the flag on. */
  rollout_percentage: number;
}

/** Why a tenant has the value it has. */
export type FlagSource = 'override' | 'rollout' | 'default';

export interface FlagEvaluation {
  enabled: boolean;
  source: FlagSource;
}

/** A flag as it applies to one tenant, and why. */
export interface TenantFlag extends FlagEvaluation {
  name: string;
  description: string;
  /** The tenant's override; null when it follows the rollout and the default. */
  override: boolean | null;
  default: boolean;
  rollout_percentage: number;
}

export const FLAG_NAME = /^[a-z][a-z0-9_]{1,62}$/;

/** The flag the agent reads: conversation turns go to a more capable model. */
export const PREMIUM_MODEL_FLAG = 'premium_model';

/**
 * The tenant's bucket for a flag, 0.00–99.99: the first four bytes of SHA-256 of
 * `flag:tenant`, in ten thousand steps. Each flag has its own order of tenants, so the
 * tenants in one 10% rollout are not always the same as another's.
 */
export function bucket(tenantId: string, flagName: string): number {
  const digest = createHash('sha256').update(`${flagName}:${tenantId.toLowerCase()}`).digest();
  return (digest.readUInt32BE(0) % 10_000) / 100;
}

/** The tenant's value and its reason: an override wins, then the rollout, then the default. */
export function evaluate(flag: FlagDefinition, tenantId: string, override?: boolean | null): FlagEvaluation {
  if (override === true || override === false) return { enabled: override, source: 'override' };
  if (bucket(tenantId, flag.name) < flag.rollout_percentage) return { enabled: true, source: 'rollout' };
  return { enabled: flag.default, source: 'default' };
}

export function isEnabled(flag: FlagDefinition, tenantId: string, override?: boolean | null): boolean {
  return evaluate(flag, tenantId, override).enabled;
}
