import { API_KEY_MODES, API_SCOPES } from '../catalogue';

/** What a key may do (domain/api-scopes.ts), each said in words. */
export const scopeChoices = API_SCOPES.map((id) => ({ id, name: `kestrel.api_keys.scopes.${id}` }));

/** Live keys see live calls; test keys the calls taken in test mode, and cannot read the activity log. */
export const modeChoices = API_KEY_MODES.map((id) => ({ id, name: `kestrel.api_keys.modes.${id}` }));

/** What a new key may do unless the form says otherwise: read, nothing more. */
export const DEFAULT_SCOPES = API_SCOPES.filter((scope) => scope.endsWith(':read') && scope !== 'exports:read');
