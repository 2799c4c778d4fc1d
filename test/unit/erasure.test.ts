import { erasedCompanyName, ERASURE_STEP_PATCHES, ERASURE_STEPS, tombstone, type ErasureStep } from '../../domain/erasure';
import { slugProblem } from '../../domain/slug';

const TENANT = '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';

describe('erasure', () => {
  describe("the erased tenant's tombstone", () => {
    const stone = tombstone(TENANT);

    it('keeps no trace of the company, its owner or its numbers', () => {
      expect(stone).toEqual({
        company_name: 'Erased tenant 3f2a9c1e',
        slug: 'erased-3f2a9c1e5b7d4e8f9a0b1c2d3e4f5a6b',
        owner_name: 'Erased',
        owner_email: `erased-${TENANT}@erased.invalid`,
        owner_phone: null,
        phone_number: null,
        phone_number_sid: null,
        forward_to_number: null,
        emergency_phone: null,
        ai_settings: {},
        business_hours: {},
        status_reason: null,
      });
      expect(erasedCompanyName(TENANT)).toBe(stone.company_name);
    });

    it('has a slug that is still a valid one, unique to the tenant', () => {
      expect(slugProblem(stone.slug)).toBeUndefined();
      // Two tenants whose ids begin alike keep slugs apart.
      const neighbour = `${TENANT.slice(0, 9)}0000-0000-0000-000000000000`;
      expect(tombstone(neighbour).slug).not.toBe(stone.slug);
      expect(slugProblem(tombstone('ffffffff-ffff-ffff-ffff-ffffffffffff').slug)).toBeUndefined();
    });

    it('gives the owner an address no mail can reach', () => {
      expect(stone.owner_email.endsWith('.invalid')).toBe(true);
    });
  });

  describe('steps', () => {
    const before = (first: ErasureStep, then: ErasureStep) => {
      expect(ERASURE_STEPS).toContain(first);
      expect(ERASURE_STEPS).toContain(then);
      return ERASURE_STEPS.indexOf(first) < ERASURE_STEPS.indexOf(then);
    };

    it('take each table once', () => {
      expect(new Set(ERASURE_STEPS).size).toBe(ERASURE_STEPS.length);
    });

    it('delete call logs before the appointments they refer to', () => {
      expect(before('call_logs', 'appointments')).toBe(true);
    });

    it('delete rate-limit counters before the keys and users that name them', () => {
      expect(before('rate_limits', 'api_keys')).toBe(true);
      expect(before('rate_limits', 'tenant_users')).toBe(true);
    });

    it('keep the billed usage periods, needed for the accounts', () => {
      expect(ERASURE_STEPS as readonly string[]).not.toContain('usage_periods');
      expect(ERASURE_STEPS).toContain('usage_events');
    });

    it('gate every step added later behind a patch of its own, so older erasures still replay', () => {
      const patched = Object.entries(ERASURE_STEP_PATCHES);
      expect(patched.length).toBeGreaterThan(0);
      for (const [step, patch] of patched) {
        expect(ERASURE_STEPS as readonly string[]).toContain(step);
        expect(patch).toMatch(/^erasure-step-/);
      }
      expect(new Set(patched.map(([, patch]) => patch)).size).toBe(patched.length);
      expect(ERASURE_STEP_PATCHES.otp_codes).toBe('erasure-step-otp-codes');
    });
  });
});
