import { fetchUtils } from 'react-admin';
import { operatorToken } from '../auth/operatorToken';
import { problemError } from './problem';

/** fetchJson with the operator token, and problem+json errors turned into readable HttpErrors. */
export async function httpClient(url: string, options: fetchUtils.Options = {}) {
  const token = operatorToken.get();
  try {
    return await fetchUtils.fetchJson(url, { ...options, user: token ? { authenticated: true, token: `Bearer ${token}` } : undefined });
  } catch (error) {
    throw problemError(error);
  }
}

/** The same without the token, for the public onboarding API. */
export async function publicClient(url: string, options: fetchUtils.Options = {}) {
  try {
    return await fetchUtils.fetchJson(url, options);
  } catch (error) {
    throw problemError(error);
  }
}
