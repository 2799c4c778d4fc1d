import {
  isTenantPermission,
  OPERATOR_PERMISSION_NAMES,
  operatorMay,
  ROLE_PERMISSIONS,
  type OperatorPermission,
  type OperatorStanding,
} from '../../domain/operator-permissions';

const PLUMBER = '11111111-1111-4111-8111-111111111111';
const ELECTRICIAN = '22222222-2222-4222-8222-222222222222';

const superAdmin: OperatorStanding = { role: 'super_admin', support: null };
const support: OperatorStanding = { role: 'support', support: null };
const inSession = (canWrite: boolean, tenantId = PLUMBER): OperatorStanding => ({ role: 'support', support: { id: 'session-1', tenantId, canWrite } });

/** Everything support may never do, whatever session it holds. */
const SUPER_ADMIN_ONLY: OperatorPermission[] = [
  'tenants:create',
  'tenants:erase',
  'support-sessions:grant-write',
  'operators:manage',
  'feature-flags:define',
  'dead-letters:replay',
  'health-scores:run',
  'simulator:call',
  'billing:terms',
];

describe('operator permissions', () => {
  it('let a super_admin do everything, on any tenant or none, by role', () => {
    for (const permission of OPERATOR_PERMISSION_NAMES) {
      expect(operatorMay(superAdmin, permission)).toEqual({ allowed: true, via: 'role' });
      expect(operatorMay(superAdmin, permission, PLUMBER)).toEqual({ allowed: true, via: 'role' });
    }
  });

  it('let a super_admin in a read-only support session still change other tenants by role', () => {
    const watching: OperatorStanding = { role: 'super_admin', support: { id: 'session-9', tenantId: PLUMBER, canWrite: false } };
    expect(operatorMay(watching, 'tenants:write', ELECTRICIAN)).toEqual({ allowed: true, via: 'role' });
    expect(operatorMay(watching, 'tenants:write', PLUMBER)).toEqual({ allowed: true, via: 'role' });
  });

  it('let support read every tenant and open support sessions, without any session', () => {
    expect(operatorMay(support, 'tenants:read')).toEqual({ allowed: true, via: 'role' });
    expect(operatorMay(support, 'tenants:read', ELECTRICIAN)).toEqual({ allowed: true, via: 'role' });
    expect(operatorMay(support, 'support-sessions:open', PLUMBER)).toEqual({ allowed: true, via: 'role' });
  });

  it('refuse support a change to a tenant without a support session, saying how to get one', () => {
    const decision = operatorMay(support, 'tenants:write', PLUMBER);
    expect(decision.allowed).toBe(false);
    expect(decision).toHaveProperty('reason', expect.stringContaining('only in a support session on it with write granted'));
  });

  it('let support change the tenant of its write-granted session, naming the session for the audit log', () => {
    expect(operatorMay(inSession(true), 'tenants:write', PLUMBER)).toEqual({ allowed: true, via: 'support_session', supportSessionId: 'session-1' });
  });

  it('refuse support a change to another tenant than its session’s', () => {
    expect(operatorMay(inSession(true), 'tenants:write', ELECTRICIAN)).toEqual({
      allowed: false,
      reason: 'Your support session is on another tenant; a change here needs a write-granted support session on this one.',
    });
  });

  it('refuse support a change where the route names no tenant, session or not', () => {
    expect(operatorMay(inSession(true), 'tenants:write').allowed).toBe(false);
    expect(operatorMay(inSession(true), 'tenants:write', null).allowed).toBe(false);
  });

  it('refuse support a change in a read-only session, while it still reads', () => {
    expect(operatorMay(inSession(false), 'tenants:write', PLUMBER)).toEqual({
      allowed: false,
      reason: 'This support session is read-only (tenants:write needs write, which a super_admin grants).',
    });
    expect(operatorMay(inSession(false), 'tenants:read', PLUMBER)).toEqual({ allowed: true, via: 'role' });
  });

  it('never lend support a super_admin’s permission, even in a write-granted session on the tenant', () => {
    for (const permission of SUPER_ADMIN_ONLY) {
      for (const who of [support, inSession(true), inSession(false)]) {
        expect(operatorMay(who, permission, PLUMBER)).toEqual({
          allowed: false,
          reason: `This needs the ${permission} permission, which only a super_admin holds (your role: support).`,
        });
      }
    }
  });

  it('lend only tenants:write through a support session', () => {
    expect(OPERATOR_PERMISSION_NAMES.filter(isTenantPermission)).toEqual(['tenants:write']);
  });

  it('give support exactly reading and opening sessions, and the super_admin every permission there is', () => {
    expect([...ROLE_PERMISSIONS.support].sort()).toEqual(['support-sessions:open', 'tenants:read']);
    expect([...ROLE_PERMISSIONS.super_admin].sort()).toEqual([...OPERATOR_PERMISSION_NAMES].sort());
    // Every permission is either support's, lent by a session, or a super_admin's alone.
    const accounted = [...ROLE_PERMISSIONS.support, 'tenants:write', ...SUPER_ADMIN_ONLY];
    expect(accounted.sort()).toEqual([...OPERATOR_PERMISSION_NAMES].sort());
  });
});
