import { publicClient } from '../http/httpClient';

/** The public onboarding API (api/onboarding.ts): no operator token. */

export interface SignupBody {
  company_name: string;
  industry: string;
  timezone: string;
  owner_name: string;
  owner_email: string;
  owner_phone?: string;
  slug?: string;
  plan_tier: string;
  forward_to_number: string;
  emergency_phone?: string;
  business_hours?: Record<string, { open: string; close: string } | null>;
}

export interface SignupResult {
  tenant: { id: string; slug: string; status: string };
  workflow_id: string;
}

export async function suggestSlug(name: string, signal?: AbortSignal): Promise<string> {
  const { json } = await publicClient(`/api/onboarding/slug?${new URLSearchParams({ name })}`, { signal });
  return (json as { slug: string }).slug;
}

export async function submitSignup(body: SignupBody): Promise<SignupResult> {
  const { json } = await publicClient('/api/onboarding', { method: 'POST', body: JSON.stringify(body) });
  return json as SignupResult;
}
