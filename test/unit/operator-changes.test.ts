import { invitationRefusal, operatorChangeRefusal, operatorStatus, OPERATOR_CHANGE_REFUSALS, type OperatorFacts } from '../../domain/operator-changes';

const ADA = 'a0000000-0000-4000-8000-00000000000a';
const BO = 'b0000000-0000-4000-8000-00000000000b';
const CY = 'c0000000-0000-4000-8000-00000000000c';

const operator = (id: string, role: OperatorFacts['role'], { disabled = false, hasPassword = true } = {}): OperatorFacts => ({ id, role, disabled, hasPassword });

describe('who may change which operator', () => {
  it('lets a super_admin promote, demote, disable and enable someone else while another super_admin remains', () => {
    const superAdmins = [ADA, BO];
    expect(operatorChangeRefusal(ADA, operator(BO, 'super_admin'), { kind: 'role', role: 'support' }, superAdmins)).toBeNull();
    expect(operatorChangeRefusal(ADA, operator(BO, 'super_admin'), { kind: 'disable' }, superAdmins)).toBeNull();
    expect(operatorChangeRefusal(ADA, operator(CY, 'support'), { kind: 'role', role: 'super_admin' }, superAdmins)).toBeNull();
    expect(operatorChangeRefusal(ADA, operator(CY, 'support'), { kind: 'disable' }, superAdmins)).toBeNull();
    expect(operatorChangeRefusal(ADA, operator(CY, 'support', { disabled: true }), { kind: 'enable' }, superAdmins)).toBeNull();
  });

  it('never lets the last enabled super_admin be demoted or disabled, whoever asks', () => {
    // Bo is the only enabled super_admin (Ada's own role was taken away meanwhile, by a page out of date).
    const onlyBo = [BO];
    expect(operatorChangeRefusal(ADA, operator(BO, 'super_admin'), { kind: 'role', role: 'support' }, onlyBo)).toBe('last_super_admin');
    expect(operatorChangeRefusal(ADA, operator(BO, 'super_admin'), { kind: 'disable' }, onlyBo)).toBe('last_super_admin');
    // Alone, their own account too: the rule that keeps Kestrel manageable comes first.
    expect(operatorChangeRefusal(BO, operator(BO, 'super_admin'), { kind: 'disable' }, onlyBo)).toBe('last_super_admin');
    // What keeps them a super_admin is allowed.
    expect(operatorChangeRefusal(ADA, operator(BO, 'super_admin'), { kind: 'role', role: 'super_admin' }, onlyBo)).toBeNull();
    expect(operatorChangeRefusal(ADA, operator(BO, 'super_admin'), { kind: 'enable' }, onlyBo)).toBeNull();
  });

  it('counts only enabled super_admins: a disabled one is not the one kept', () => {
    // Cy is a disabled super_admin; Bo the one enabled. Cy may be demoted; Bo may not.
    expect(operatorChangeRefusal(ADA, operator(CY, 'super_admin', { disabled: true }), { kind: 'role', role: 'support' }, [BO])).toBeNull();
    expect(operatorChangeRefusal(ADA, operator(BO, 'super_admin'), { kind: 'role', role: 'support' }, [BO])).toBe('last_super_admin');
  });

  it('refuses anyone demoting or disabling themselves, even with other super_admins there', () => {
    const superAdmins = [ADA, BO, CY];
    expect(operatorChangeRefusal(ADA, operator(ADA, 'super_admin'), { kind: 'role', role: 'support' }, superAdmins)).toBe('yourself');
    expect(operatorChangeRefusal(ADA, operator(ADA, 'super_admin'), { kind: 'disable' }, superAdmins)).toBe('yourself');
    // Asking for what they already are changes nothing, and is not refused.
    expect(operatorChangeRefusal(ADA, operator(ADA, 'super_admin'), { kind: 'role', role: 'super_admin' }, superAdmins)).toBeNull();
    expect(operatorChangeRefusal(ADA, operator(ADA, 'super_admin'), { kind: 'enable' }, superAdmins)).toBeNull();
  });

  it('says each refusal in words', () => {
    for (const words of Object.values(OPERATOR_CHANGE_REFUSALS)) expect(words).toMatch(/^[A-Z].*[.)]$/);
  });
});

describe("an operator's status and invitation", () => {
  it('is invited until a password is chosen, then active; disabled whatever else', () => {
    expect(operatorStatus({ disabled: false, hasPassword: false })).toBe('invited');
    expect(operatorStatus({ disabled: false, hasPassword: true })).toBe('active');
    expect(operatorStatus({ disabled: true, hasPassword: false })).toBe('disabled');
    expect(operatorStatus({ disabled: true, hasPassword: true })).toBe('disabled');
  });

  it('sends an invitation again only to an enabled operator who has no password yet', () => {
    expect(invitationRefusal({ disabled: false, hasPassword: false })).toBeNull();
    expect(invitationRefusal({ disabled: false, hasPassword: true })).toBe('not_invited');
    expect(invitationRefusal({ disabled: true, hasPassword: false })).toBe('disabled_invitee');
  });
});
