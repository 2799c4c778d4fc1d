import { Tenant, TenantUser } from '../../db/models';
import { withTenant } from '../../db/tenant-context';
import { maskPhone } from '../../lib/one-time-codes';
import type { TenantUserPrincipal } from './sessions';

/**
 * Whether the portal should ask this user to verify the company's owner phone: they are
 * the owner the company named (`owner_email`), and `owner_phone` is set and not verified.
 * Other owners are not asked: the code goes to a number that may not be theirs.
 */
export function needsPhoneVerification(user: TenantUser, tenant: Tenant): boolean {
  return user.role === 'owner' && !!tenant.owner_phone && !tenant.owner_phone_verified_at && user.email.toLowerCase() === tenant.owner_email.toLowerCase();
}

/** A tenant user's account and company, read together in the company's scope. */
export async function accountOf(principal: TenantUserPrincipal): Promise<{ user: TenantUser; tenant: Tenant }> {
  return withTenant(principal.tenantId, async () => {
    const [user, tenant] = [await TenantUser.query().findById(principal.id), await Tenant.query().findById(principal.tenantId)];
    if (!user || !tenant) throw new Error(`the account ${principal.id} of a live session is gone`);
    return { user, tenant };
  });
}

/** What `GET /api/auth/me` adds for a tenant user: how their sign-in is secured, never the full number. */
export async function securityFacts(principal: TenantUserPrincipal) {
  const { user, tenant } = await accountOf(principal);
  return {
    email_verified: !!user.email_verified_at,
    phone: user.phone ? maskPhone(user.phone) : null,
    phone_verified: !!user.phone_verified_at,
    two_step: user.two_step_enabled,
    needs_phone_verification: needsPhoneVerification(user, tenant),
  };
}
