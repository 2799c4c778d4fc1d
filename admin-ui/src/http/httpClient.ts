import { fetchUtils, HttpError } from 'react-admin';
import { renewSession } from '../auth/session';
import { problemError } from './problem';

/**
 * fetchJson with the session (its cookies go with every same-origin request), and
 * problem+json errors turned into readable HttpErrors. An expired access token is renewed
 * once with the refresh cookie and the request sent again.
 */
export async function httpClient(url: string, options: fetchUtils.Options = {}) {
  try {
    return await fetchUtils.fetchJson(url, options);
  } catch (error) {
    if (error instanceof HttpError && error.status === 401 && (await renewSession())) {
      try {
        return await fetchUtils.fetchJson(url, options);
      } catch (retried) {
        throw problemError(retried);
      }
    }
    throw problemError(error);
  }
}

/** The same for the public onboarding API, which needs no session. */
export async function publicClient(url: string, options: fetchUtils.Options = {}) {
  try {
    return await fetchUtils.fetchJson(url, options);
  } catch (error) {
    throw problemError(error);
  }
}

/** A CSV the API streams as an attachment, fetched with the session and named as the API names it. */
export async function downloadCsv(url: string, what: string): Promise<{ blob: Blob; filename: string }> {
  const { body, headers } = await httpClient(url, { headers: new Headers({ Accept: 'text/csv' }) });
  const named = /filename="?([^";]+)"?/.exec(headers.get('Content-Disposition') ?? '')?.[1];
  return { blob: new Blob([body], { type: 'text/csv;charset=utf-8' }), filename: named ?? `${what}-${new Date().toISOString().slice(0, 10)}.csv` };
}
