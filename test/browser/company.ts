import { signUpOwner, verifyPhone, type Owner } from '../support/accounts';
import { eventually, type TestPlatform } from '../support/platform';

/** A live company whose owner can sign in to its portal. */
export interface CompanyWithNumber {
  owner: Owner;
  /** The number the operator bought it (what its texts come from), E.164. */
  phoneNumber: string;
}

/**
 * A company with a number, made the way people make one: it signs up (`signup` overrides the
 * onboarding body), its owner sets `password` from the welcome e-mail and verifies their
 * phone with the texted code (so the portal does not ask at sign-in); then the operator buys
 * it a number in `areaCode` (one the test file claimed) and activates it, as the console's
 * actions do. It is on trial when this returns.
 */
export async function companyWithNumber(
  platform: TestPlatform,
  { areaCode, password, signup }: { areaCode: string; password: string; signup: Record<string, unknown> },
): Promise<CompanyWithNumber> {
  const owner = await signUpOwner(platform, signup, { password });
  await verifyPhone(platform, owner);
  const action = async (name: 'provision-number' | 'activate', body: Record<string, unknown>) => {
    const res = await platform.admin(`/api/admin/tenants/${owner.tenantId}/actions/${name}`, { body });
    if (res.status !== 200 && res.status !== 202) throw new Error(`${name} ${signup.company_name as string}: ${res.status} ${await res.text()}`);
  };
  const lifecycle = async () => (await (await platform.admin(`/api/admin/tenants/${owner.tenantId}/workflow`)).json()) as { status: string; phoneNumber: string | null };

  await action('provision-number', { areaCode });
  const phoneNumber = await eventually(async () => (await lifecycle()).phoneNumber, 60_000, `a number in ${areaCode}`);
  await action('activate', {});
  await eventually(async () => (await lifecycle()).status === 'trial', 30_000, 'the trial');
  return { owner, phoneNumber };
}
