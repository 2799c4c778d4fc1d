import { LIFECYCLE_ACTIONS, allowedActions, refusal, refusedActions, type LifecycleFacts } from '../../domain/lifecycle';
import { TENANT_STATUSES } from '../../domain/tenant-status';

const facts = (overrides: Partial<LifecycleFacts> = {}): LifecycleFacts => ({ status: 'pending', hasNumber: false, billingConfirmed: false, provisioning: false, ...overrides });

describe('lifecycle rules', () => {
  it('gives every action either a place among the allowed ones or a reason, never both', () => {
    for (const status of TENANT_STATUSES) {
      for (const hasNumber of [false, true]) {
        for (const billingConfirmed of [false, true]) {
          const f = facts({ status, hasNumber, billingConfirmed });
          const allowed = allowedActions(f);
          const refused = refusedActions(f);
          expect([...allowed, ...Object.keys(refused)].sort()).toEqual([...LIFECYCLE_ACTIONS].sort());
          for (const action of allowed) expect(refused[action]).toBeUndefined();
        }
      }
    }
  });

  it('says why in words an operator reads: statuses as people say them, a sentence each', () => {
    expect(refusal('suspend', facts())).toBe('Only a tenant that is on trial, active or past due can be suspended; this one is pending.');
    expect(refusal('extendTrial', facts({ status: 'past_due' }))).toBe('Only a tenant that is on trial can have its trial extended; this one is past due.');
    expect(refusal('activate', facts())).toBe('Provision a phone number before activating.');
    expect(refusal('reactivate', facts({ status: 'suspended' }))).toBe('Confirm billing before reactivating.');
    expect(refusal('reactivate', facts({ status: 'suspended', billingConfirmed: true }))).toBeUndefined();
    for (const reason of Object.values(refusedActions(facts({ status: 'deleted' })))) {
      expect(reason).toMatch(/^[A-Z].*\.$/);
      expect(reason).not.toMatch(/_/);
    }
  });
});
